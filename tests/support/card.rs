//! A test card for the server tests and the load tool: a plain e-KTP layout (header, the
//! labelled rows, values after a colon column) drawn with the vendored Liberation Sans.
//! Not a realistic card; just one the engine reads so that a success can be asserted.
//! (Swap for `ktp_ocr::synth` once the synthetic generator lands.)

use ab_glyph::{FontRef, PxScale};
use image::{ImageFormat, Rgb, RgbImage};
use imageproc::drawing::draw_text_mut;
use std::io::Cursor;

/// NIK printed on the card.
pub const NIK: &str = "3171012509900003";
/// Name printed on the card.
pub const NAME: &str = "BUDI SANTOSO";

const REGULAR: &[u8] = include_bytes!("../../data/fonts/LiberationSans-Regular.ttf");
const BOLD: &[u8] = include_bytes!("../../data/fonts/LiberationSans-Bold.ttf");

/// The card as JPEG bytes.
pub fn card_jpeg() -> Vec<u8> {
    let regular = FontRef::try_from_slice(REGULAR).expect("vendored font");
    let bold = FontRef::try_from_slice(BOLD).expect("vendored font");
    let (w, h) = (1000u32, 630u32);
    let mut img = RgbImage::from_pixel(w, h, Rgb([214, 232, 246]));
    let ink = Rgb([20, 20, 20]);
    let centre = |text: &str, size: f32, font: &FontRef, y: i32, img: &mut RgbImage| {
        let (tw, _) = imageproc::drawing::text_size(PxScale::from(size), font, text);
        draw_text_mut(img, ink, (w as i32 - tw as i32) / 2, y, size, font, text);
    };
    centre("PROVINSI DKI JAKARTA", 34.0, &bold, 18, &mut img);
    centre("KOTA JAKARTA SELATAN", 34.0, &bold, 58, &mut img);
    let (label_x, colon_x, value_x) = (40, 300, 320);
    draw_text_mut(&mut img, ink, label_x, 112, 38.0, &bold, "NIK");
    draw_text_mut(&mut img, ink, colon_x, 112, 38.0, &bold, ":");
    draw_text_mut(&mut img, ink, value_x, 112, 38.0, &bold, NIK);
    let rows: [(&str, &str); 12] = [
        ("Nama", NAME),
        ("Tempat/Tgl Lahir", "JAKARTA, 25-09-1990"),
        ("Jenis Kelamin", "LAKI-LAKI"),
        ("Alamat", "JL. MELATI NO. 12"),
        ("    RT/RW", "003/005"),
        ("    Kel/Desa", "KEBAYORAN LAMA"),
        ("    Kecamatan", "KEBAYORAN LAMA"),
        ("Agama", "ISLAM"),
        ("Status Perkawinan", "KAWIN"),
        ("Pekerjaan", "KARYAWAN SWASTA"),
        ("Kewarganegaraan", "WNI"),
        ("Berlaku Hingga", "SEUMUR HIDUP"),
    ];
    for (i, (label, value)) in rows.iter().enumerate() {
        let y = 170 + i as i32 * 36;
        let indent = if label.starts_with(' ') { 20 } else { 0 };
        draw_text_mut(
            &mut img,
            ink,
            label_x + indent,
            y,
            26.0,
            &regular,
            label.trim(),
        );
        draw_text_mut(&mut img, ink, colon_x, y, 26.0, &regular, ":");
        draw_text_mut(&mut img, ink, value_x, y, 26.0, &regular, value);
    }
    let mut out = Vec::new();
    image::DynamicImage::ImageRgb8(img)
        .write_to(&mut Cursor::new(&mut out), ImageFormat::Jpeg)
        .expect("encode JPEG");
    out
}

/// A blank page: a valid image in which no card can be found.
pub fn blank_png() -> Vec<u8> {
    let img = RgbImage::from_pixel(640, 400, Rgb([250, 250, 250]));
    let mut out = Vec::new();
    image::DynamicImage::ImageRgb8(img)
        .write_to(&mut Cursor::new(&mut out), ImageFormat::Png)
        .expect("encode PNG");
    out
}

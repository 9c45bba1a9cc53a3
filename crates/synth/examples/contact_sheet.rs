//! Contact sheet of synthetic cards over the capture conditions, as displayed (EXIF applied).
//!
//! ```text
//! cargo run --release --example contact_sheet -- [--out docs/synthetic-cards.png] [--seed 21]
//!     [--count 8] [--columns 4] [--cell 380] [--condition NAME ...] [--upright DIR]
//!     [--cards DIR] [--displayed DIR]
//! ```
//! `--condition` (repeatable) shows these conditions in turn instead of the usual ten, e.g.
//! `--condition real_like` for the real-input mix (`docs/synthetic-real-like.png`:
//! `--condition real_like --count 24 --columns 6 --cell 300 --seed 7`). `--upright DIR` also
//! writes the upright card renders, `--cards DIR` the card files as generated and
//! `--displayed DIR` each image as displayed, in PNG, for close inspection.

use image::{DynamicImage, ImageDecoder, ImageReader, RgbImage};
use ktp_synth::{contact_sheet, generate_card, render_upright, Condition};
use std::io::Cursor;
use std::path::PathBuf;

/// The conditions shown, in order (the first eight cover the look of most inputs).
const SHOWN: [Condition; 10] = [
    Condition::FlatScan,
    Condition::PhonePhoto,
    Condition::Glare,
    Condition::ExifRotated,
    Condition::Photocopy,
    Condition::PhonePhoto,
    Condition::LowRes,
    Condition::HeavyBlur,
    Condition::Rotated180,
    Condition::Rotated90,
];

fn displayed(bytes: &[u8]) -> image::ImageResult<RgbImage> {
    let mut decoder = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()?
        .into_decoder()?;
    let orientation = decoder.orientation()?;
    let mut img = DynamicImage::from_decoder(decoder)?;
    img.apply_orientation(orientation);
    Ok(img.to_rgb8())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut out = PathBuf::from("docs/synthetic-cards.png");
    let mut seed = 21u64;
    let mut count = 8usize;
    let mut columns = 4u32;
    let mut cell = 380u32;
    let mut upright: Option<PathBuf> = None;
    let mut cards: Option<PathBuf> = None;
    let mut displayed_dir: Option<PathBuf> = None;
    let mut shown: Vec<Condition> = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut val = || args.next().ok_or(format!("{a} needs a value"));
        match a.as_str() {
            "--out" => out = val()?.into(),
            "--seed" => seed = val()?.parse()?,
            "--count" => count = val()?.parse()?,
            "--columns" => columns = val()?.parse()?,
            "--cell" => cell = val()?.parse()?,
            "--upright" => upright = Some(val()?.into()),
            "--cards" => cards = Some(val()?.into()),
            "--displayed" => displayed_dir = Some(val()?.into()),
            "--condition" => {
                let name = val()?;
                shown.push(Condition::from_name(&name).ok_or(format!("no condition {name}"))?);
            }
            other => return Err(format!("unknown argument {other}").into()),
        }
    }
    if shown.is_empty() {
        shown = SHOWN.to_vec();
    }
    let mut images = Vec::new();
    for i in 0..count {
        let condition = shown[i % shown.len()];
        let card = generate_card(seed, i, condition);
        let image = displayed(&card.bytes)?;
        if let Some(dir) = &displayed_dir {
            std::fs::create_dir_all(dir)?;
            image.save(dir.join(format!("shown_{i:04}.png")))?;
        }
        let (w, h) = image.dimensions();
        images.push(image);
        if let Some(dir) = &cards {
            std::fs::create_dir_all(dir)?;
            std::fs::write(dir.join(&card.truth.file), &card.bytes)?;
        }
        if let Some(dir) = &upright {
            std::fs::create_dir_all(dir)?;
            let (img, _) = render_upright(seed, i);
            img.save(dir.join(format!("upright_{i:04}.png")))?;
        }
        println!(
            "{:>2} {:<13} {}x{} {} {} [{}]",
            i,
            condition.name(),
            w,
            h,
            card.truth.fields.nik,
            card.truth.fields.nama,
            card.truth.tags.join(" ")
        );
    }
    let sheet = contact_sheet(&images, columns, cell);
    if let Some(parent) = out.parent() {
        std::fs::create_dir_all(parent)?;
    }
    sheet.save(&out)?;
    println!(
        "{} ({}x{}, {} bytes)",
        out.display(),
        sheet.width(),
        sheet.height(),
        std::fs::metadata(&out)?.len()
    );
    Ok(())
}

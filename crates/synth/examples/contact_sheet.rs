//! Contact sheet of synthetic cards over the capture conditions, as displayed (EXIF applied).
//!
//! ```text
//! cargo run --release --example contact_sheet -- [--out docs/synthetic-cards.png] [--seed 21]
//!     [--count 8] [--columns 4] [--cell 380] [--upright DIR] [--cards DIR]
//! ```
//! `--upright DIR` also writes the upright card renders, `--cards DIR` the card files as
//! generated, for close inspection.

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
            other => return Err(format!("unknown argument {other}").into()),
        }
    }
    let mut images = Vec::new();
    for i in 0..count {
        let condition = SHOWN[i % SHOWN.len()];
        let card = generate_card(seed, i, condition);
        images.push(displayed(&card.bytes)?);
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
            "{:>2} {:<13} {} {} {}",
            i,
            condition.name(),
            card.truth.fields.nik,
            card.truth.fields.nama,
            card.truth.fields.kabupaten_kota
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

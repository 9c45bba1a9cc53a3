//! Test images for the server tests and the load tool: a synthetic e-KTP from the
//! ktp-synth generator (flat scan, a fixed seed the engine reads exactly), and a blank page.

use image::{ImageFormat, Rgb, RgbImage};
use ktp_ocr::ktp::KtpFields;
use ktp_synth::{generate_card, Condition};
use std::io::Cursor;

/// Seed and index of the card: deterministic bytes, read field for field by the engine.
const SEED: u64 = 7;
const INDEX: usize = 0;

/// A card image and what is printed on it.
pub struct TestCard {
    /// JPEG or PNG bytes.
    pub bytes: Vec<u8>,
    pub fields: KtpFields,
}

pub fn card() -> TestCard {
    let c = generate_card(SEED, INDEX, Condition::FlatScan);
    TestCard {
        bytes: c.bytes,
        fields: c.truth.fields,
    }
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

//! Text laid over the stored image, as people and apps do before sharing a card: a
//! diagonal line like "HANYA UNTUK VERIFIKASI" in translucent red, grey or black.

use super::filters::{clamp_u8, lerp};
use super::text::fonts;
use super::values::one;
use image::{Luma, Rgb, RgbImage};
use imageproc::geometric_transformations::{rotate_about_center, Border, Interpolation};
use rand::Rng;
use rand_chacha::ChaCha8Rng;

const PHRASES: [&str; 6] = [
    "HANYA UNTUK VERIFIKASI",
    "UNTUK PENDAFTARAN",
    "COPY",
    "CONTOH",
    "DOKUMEN RAHASIA",
    "FOTOKOPI SESUAI ASLI",
];

/// Overlay one or two lines of translucent text across the image.
pub fn overlay_text(img: &mut RgbImage, rng: &mut ChaCha8Rng) {
    let (w, h) = img.dimensions();
    let face = &fonts().bold;
    let phrase = *one(rng, &PHRASES);
    let colour = *one(
        rng,
        &[[200.0, 30.0, 30.0], [90.0, 90.0, 90.0], [20.0, 20.0, 20.0]],
    );
    let alpha = rng.gen_range(0.25..0.5f32);
    let cap = w as f32 * rng.gen_range(0.04..0.08);
    let mut mask = image::GrayImage::new(w, h);
    let lines = if rng.gen_bool(0.5) { 1 } else { 2 };
    for i in 0..lines {
        let text_w = face.width(cap, phrase);
        let x = (w as f32 - text_w) / 2.0 + rng.gen_range(-0.1..0.1) * w as f32;
        let y = h as f32 * (0.3 + 0.35 * i as f32) + rng.gen_range(-0.08..0.08) * h as f32;
        let mut layer = RgbImage::new(w, h);
        face.draw(&mut layer, x, y, cap, phrase, Rgb([255, 255, 255]));
        for (m, p) in mask.pixels_mut().zip(layer.pixels()) {
            m.0[0] = m.0[0].max(p.0[0]);
        }
    }
    let angle = rng.gen_range(-0.5..0.5f32);
    let mask = rotate_about_center(
        &mask,
        angle,
        Interpolation::Bilinear,
        Border::Constant(Luma([0])),
    );
    for (p, m) in img.pixels_mut().zip(mask.pixels()) {
        let a = alpha * m.0[0] as f32 / 255.0;
        if a > 0.0 {
            for (v, c) in p.0.iter_mut().zip(colour) {
                *v = clamp_u8(lerp(*v as f32, c, a));
            }
        }
    }
}

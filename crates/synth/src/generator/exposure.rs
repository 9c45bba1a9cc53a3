//! Exposure faults of real captures: a dark, noisy photo; a washed-out one (a veil of light,
//! overexposure, or light falling on the top of the card over its header); greyscale.

use super::filters::{add_noise, clamp_u8, lerp, smoothstep};
use super::plan::Wash;
use super::render::{CARD_H, CARD_W};
use super::scene::{card_projection, Quad};
use image::RgbImage;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

/// Underexposed: levels times `gain` with a lifted, noisier shadow (a phone raises its gain
/// in the dark, so the noise grows as the light falls).
pub fn darken(img: &mut RgbImage, rng: &mut ChaCha8Rng, gain: f32) {
    let gamma = rng.gen_range(1.0..1.25f32);
    for p in img.pixels_mut() {
        for c in p.0.iter_mut() {
            let v = (*c as f32 / 255.0).powf(gamma) * gain * 255.0;
            *c = clamp_u8(v + 4.0);
        }
    }
    let sigma = rng.gen_range(2.5..6.0) * (0.6 / gain);
    add_noise(img, rng, sigma, sigma * 0.5);
}

/// Washed out as `wash` says; `q` is where the card lies (for light on its top).
pub fn wash_out(img: &mut RgbImage, wash: Wash, q: &Quad) {
    match wash {
        Wash::Haze(a) => {
            for p in img.pixels_mut() {
                for c in p.0.iter_mut() {
                    *c = clamp_u8(lerp(*c as f32, 250.0, a));
                }
            }
        }
        Wash::Overexposed(gain) => {
            for p in img.pixels_mut() {
                for c in p.0.iter_mut() {
                    *c = clamp_u8(*c as f32 * gain + 12.0);
                }
            }
        }
        Wash::Header(a) => {
            let (cw, ch) = (CARD_W as f32, CARD_H as f32);
            let Some(proj) = card_projection(cw, ch, q) else {
                return;
            };
            let inv = proj.invert();
            for (x, y, p) in img.enumerate_pixels_mut() {
                let (_, v) = inv * (x as f32 + 0.5, y as f32 + 0.5);
                // Strongest above the card's top edge, gone below the NIK.
                let k = a * (1.0 - smoothstep(0.05 * ch, 0.24 * ch, v));
                if k > 0.0 {
                    for c in p.0.iter_mut() {
                        *c = clamp_u8(lerp(*c as f32, 252.0, k));
                    }
                }
            }
        }
    }
}

/// The image in grey levels (kept as RGB so every later step applies).
pub fn greyscale(img: &mut RgbImage) {
    for p in img.pixels_mut() {
        let [r, g, b] = p.0.map(f32::from);
        let l = clamp_u8(0.299 * r + 0.587 * g + 0.114 * b);
        p.0 = [l, l, l];
    }
}

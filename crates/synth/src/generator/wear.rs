//! A worn card (the `worn` tag): years in a wallet fade the print, rub ink off in flecks and
//! patches, scratch the laminate and leave grime. Applied to the upright card before capture.

use super::filters::{clamp_u8, lerp, smoothstep, ValueNoise};
use image::RgbImage;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

/// The card's ground colour: the median of a sparse sample of its pixels (most of the card is
/// ground).
fn ground(img: &RgbImage) -> [f32; 3] {
    let mut chans: [Vec<u8>; 3] = Default::default();
    for p in img.pixels().step_by(97) {
        for (c, v) in chans.iter_mut().zip(p.0) {
            c.push(v);
        }
    }
    chans.map(|mut c| {
        c.sort_unstable();
        c.get(c.len() / 2).copied().unwrap_or(220) as f32
    })
}

/// Wear the card by `strength` (0.3 light to 1 heavy).
pub fn wear(img: &mut RgbImage, rng: &mut ChaCha8Rng, strength: f32) {
    let (w, h) = img.dimensions();
    let g = ground(img);
    let g_luma = (g[0] + g[1] + g[2]) / 3.0;
    let fade = rng.gen_range(0.2..0.55f32) * strength;
    // Flecks: fine noise thresholded, clustered by a coarse field where the card is rubbed.
    let (fine_cell, patch_cell) = (rng.gen_range(2.0..4.5), rng.gen_range(60.0..160.0));
    let fine = ValueNoise::new(rng, w, h, fine_cell);
    let patches = ValueNoise::new(rng, w, h, patch_cell);
    let fleck_cut = 1.0 - rng.gen_range(0.06..0.2f32) * strength;
    let grime_cell = rng.gen_range(90.0..250.0);
    let grime = ValueNoise::new(rng, w, h, grime_cell);
    let grime_amt = rng.gen_range(0.0..0.12f32) * strength;
    for (x, y, p) in img.enumerate_pixels_mut() {
        let (xf, yf) = (x as f32, y as f32);
        let c = p.0.map(f32::from);
        let luma = (c[0] + c[1] + c[2]) / 3.0;
        // How much of this pixel is ink (0 on the ground).
        let inkness = smoothstep(0.0, 90.0, g_luma - luma);
        let rub = smoothstep(0.35, 0.9, patches.at(xf, yf));
        let fleck = smoothstep(
            fleck_cut - 0.04,
            fleck_cut,
            fine.at(xf, yf) * (0.8 + 0.3 * rub),
        );
        let lost = (fade + (1.0 - fade) * fleck * 0.9).min(1.0) * inkness;
        let dirt = 1.0 - grime_amt * smoothstep(0.55, 1.0, grime.at(xf, yf));
        let tint = [1.0, 0.97, 0.9];
        p.0 = std::array::from_fn(|i| {
            clamp_u8(lerp(c[i], g[i], lost) * dirt * lerp(1.0, tint[i], 1.0 - dirt))
        });
    }
    // Scratches in the laminate: thin bright arcs, here and there across the text.
    let n = (rng.gen_range(3.0..14.0) * strength).round() as usize;
    for _ in 0..n {
        let (x0, y0) = (rng.gen_range(0.0..w as f32), rng.gen_range(0.0..h as f32));
        let len = rng.gen_range(0.1..0.6) * w as f32;
        let ang = rng.gen_range(0.0..std::f32::consts::PI);
        let bend = rng.gen_range(-0.6..0.6f32);
        let width = rng.gen_range(0.5..1.5f32);
        let bright = rng.gen_range(0.25..0.7f32);
        let steps = (len * 2.0) as usize;
        for s in 0..steps {
            let t = s as f32 / steps as f32;
            let a = ang + bend * (t - 0.5);
            let (x, y) = (
                x0 + (t - 0.5) * len * a.cos(),
                y0 + (t - 0.5) * len * a.sin(),
            );
            let r = width.ceil() as i32;
            for dy in -r..=r {
                for dx in -r..=r {
                    let (px, py) = (x.round() as i32 + dx, y.round() as i32 + dy);
                    if px < 0 || py < 0 || px >= w as i32 || py >= h as i32 {
                        continue;
                    }
                    let d = ((px as f32 + 0.5 - x).powi(2) + (py as f32 + 0.5 - y).powi(2)).sqrt();
                    let a = bright * (1.0 - smoothstep(width * 0.5, width, d));
                    if a > 0.0 {
                        let p = img.get_pixel_mut(px as u32, py as u32);
                        for v in p.0.iter_mut() {
                            // Keep the brightest pass over a pixel only once per scratch.
                            *v = (*v).max(clamp_u8(lerp(*v as f32, 250.0, a)));
                        }
                    }
                }
            }
        }
    }
}

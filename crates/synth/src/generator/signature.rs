//! A scribbled signature under the issue date: a looping cursive-like pen stroke.

use super::filters::{blend, lerp};
use image::{Rgb, RgbImage};
use rand::Rng;
use rand_chacha::ChaCha8Rng;

/// A scribbled signature: a looping pen stroke plus sometimes an underline flourish.
pub(super) fn draw_signature(
    img: &mut RgbImage,
    rng: &mut ChaCha8Rng,
    cx: f32,
    top: f32,
    bottom: f32,
    width: f32,
    ink: Rgb<u8>,
) {
    let hgt = bottom - top;
    let tau = std::f32::consts::TAU;
    let mut pts: Vec<(f32, f32)> = Vec::new();
    let n = 260;
    // A cursive-like stroke: a rotating pen whose radius and speed drift smoothly while the
    // hand moves right; where the circling outruns the hand the stroke loops back.
    let cycles = rng.gen_range(3.0..7.5f32);
    let loopiness = rng.gen_range(0.25..1.0f32);
    let phases: Vec<f32> = (0..4).map(|_| rng.gen_range(0.0..tau)).collect();
    let freqs: Vec<f32> = (0..4).map(|_| rng.gen_range(0.6..2.4f32)).collect();
    let slope = rng.gen_range(-0.35..0.15f32);
    let slant = rng.gen_range(-0.1..0.45f32);
    let first_big = rng.gen_bool(0.6);
    for i in 0..=n {
        let t = i as f32 / n as f32;
        let drift = |k: usize| (tau * freqs[k] * t + phases[k]).sin();
        let mut amp = 0.55 + 0.25 * drift(0) + 0.12 * drift(1);
        if first_big && t < 0.2 {
            amp += 0.45 * (1.0 - t / 0.2);
        }
        let amp = amp * hgt * 0.45;
        let phase = tau * cycles * (t + 0.06 * drift(2)) + phases[3];
        let dy = amp * phase.sin();
        let x = cx - width / 2.0 + t * width + loopiness * amp * phase.cos() - slant * dy;
        let y = top + hgt * 0.5 + dy * (0.75 + 0.25 * drift(3)) + slope * (t - 0.5) * hgt;
        pts.push((x, y));
    }
    if rng.gen_bool(0.5) {
        let y = top + hgt * rng.gen_range(0.65..0.95);
        let x0 = cx - width * rng.gen_range(0.5..0.7);
        let x1 = cx + width * rng.gen_range(0.3..0.6);
        let sag = rng.gen_range(-0.12..0.12) * hgt;
        let m = 40;
        for i in 0..=m {
            let t = i as f32 / m as f32;
            pts.push((lerp(x1, x0, t), y + sag * (t * std::f32::consts::PI).sin()));
        }
    }
    let thick = rng.gen_range(0.9..1.6f32);
    let col = [ink.0[0] as f32, ink.0[1] as f32, ink.0[2] as f32];
    // Accumulate coverage in a local buffer so overlaps do not darken twice.
    let bx0 = (cx - width).floor() as i32 - 4;
    let by0 = (top - hgt * 0.2).floor() as i32 - 4;
    let bw = (width * 2.0) as i32 + 8;
    let bh = (hgt * 1.5) as i32 + 8;
    let mut cov = vec![0f32; (bw * bh) as usize];
    for seg in pts.windows(2) {
        let ((ax, ay), (bx, by)) = (seg[0], seg[1]);
        let len = ((bx - ax).powi(2) + (by - ay).powi(2)).sqrt();
        let steps = (len / 0.5).ceil().max(1.0) as i32;
        for s in 0..=steps {
            let t = s as f32 / steps as f32;
            let (x, y) = (lerp(ax, bx, t), lerp(ay, by, t));
            let r = thick;
            for yy in (y - r - 1.0).floor() as i32..=(y + r + 1.0).ceil() as i32 {
                for xx in (x - r - 1.0).floor() as i32..=(x + r + 1.0).ceil() as i32 {
                    let d = ((xx as f32 + 0.5 - x).powi(2) + (yy as f32 + 0.5 - y).powi(2)).sqrt();
                    let a = (r + 0.5 - d).clamp(0.0, 1.0);
                    let (lx, ly) = (xx - bx0, yy - by0);
                    if a > 0.0 && lx >= 0 && ly >= 0 && lx < bw && ly < bh {
                        let c = &mut cov[(ly * bw + lx) as usize];
                        *c = c.max(a);
                    }
                }
            }
        }
    }
    for ly in 0..bh {
        for lx in 0..bw {
            let a = cov[(ly * bw + lx) as usize];
            if a > 0.0 {
                blend(img, lx + bx0, ly + by0, col, a * 0.9);
            }
        }
    }
}

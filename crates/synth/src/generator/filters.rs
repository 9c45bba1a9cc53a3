//! Cheap pixel filters for the capture simulation: blur, motion blur, sensor noise, and a
//! smooth value-noise field for textures and lighting.

use image::RgbImage;
use rand::{Rng, RngCore};
use rand_chacha::ChaCha8Rng;

#[inline]
pub fn clamp_u8(v: f32) -> u8 {
    // Same as `v.round()` for the clamped range, without a libm call per pixel.
    (v.clamp(0.0, 255.0) + 0.5) as u8
}

#[inline]
pub fn smoothstep(e0: f32, e1: f32, x: f32) -> f32 {
    let t = ((x - e0) / (e1 - e0)).clamp(0.0, 1.0);
    t * t * (3.0 - 2.0 * t)
}

#[inline]
pub fn lerp(a: f32, b: f32, t: f32) -> f32 {
    a + (b - a) * t
}

#[inline]
/// Blend `col` over the pixel at (`x`, `y`) with opacity `a`; outside the image: nothing.
pub fn blend(img: &mut RgbImage, x: i32, y: i32, col: [f32; 3], a: f32) {
    if x < 0 || y < 0 || x >= img.width() as i32 || y >= img.height() as i32 || a <= 0.0 {
        return;
    }
    let p = img.get_pixel_mut(x as u32, y as u32);
    let a = a.min(1.0);
    for (v, c) in p.0.iter_mut().zip(col) {
        *v = clamp_u8(lerp(*v as f32, c, a));
    }
}

/// Separable convolution of an RGB image with a symmetric 1-D kernel (edges clamped).
fn convolve_separable(img: &RgbImage, kernel: &[f32]) -> RgbImage {
    let (w, h) = img.dimensions();
    let (w, h) = (w as usize, h as usize);
    let r = kernel.len() / 2;
    // Fixed point weights, summing to 1 << 14.
    let mut k: Vec<i32> = kernel
        .iter()
        .map(|v| (v * 16384.0).round() as i32)
        .collect();
    let sum: i32 = k.iter().sum();
    k[r] += 16384 - sum;
    let src = img.as_raw();
    let mut tmp = vec![0u8; src.len()];
    for y in 0..h {
        let row = &src[y * w * 3..(y + 1) * w * 3];
        let out = &mut tmp[y * w * 3..(y + 1) * w * 3];
        for x in 0..w {
            let mut acc = [8192i32; 3];
            for (i, kv) in k.iter().enumerate() {
                let sx = (x + i).saturating_sub(r).min(w - 1);
                let p = &row[sx * 3..sx * 3 + 3];
                acc[0] += kv * p[0] as i32;
                acc[1] += kv * p[1] as i32;
                acc[2] += kv * p[2] as i32;
            }
            for c in 0..3 {
                out[x * 3 + c] = (acc[c] >> 14).clamp(0, 255) as u8;
            }
        }
    }
    let mut dst = vec![0u8; src.len()];
    let stride = w * 3;
    let mut acc = vec![0i32; stride];
    for y in 0..h {
        acc.iter_mut().for_each(|a| *a = 8192);
        for (i, kv) in k.iter().enumerate() {
            let sy = (y + i).saturating_sub(r).min(h - 1);
            let row = &tmp[sy * stride..(sy + 1) * stride];
            for (a, &p) in acc.iter_mut().zip(row) {
                *a += kv * p as i32;
            }
        }
        for (o, a) in dst[y * stride..(y + 1) * stride].iter_mut().zip(&acc) {
            *o = (a >> 14).clamp(0, 255) as u8;
        }
    }
    RgbImage::from_raw(w as u32, h as u32, dst).expect("same size")
}

/// One horizontal and one vertical box pass of radius `r` (width 2r+1), edges clamped.
fn box_pass(img: &RgbImage, r: usize) -> RgbImage {
    let (w, h) = img.dimensions();
    let (w, h) = (w as usize, h as usize);
    let n = (2 * r + 1) as u32;
    let src = img.as_raw();
    let mut tmp = vec![0u8; src.len()];
    for y in 0..h {
        let row = &src[y * w * 3..(y + 1) * w * 3];
        let out = &mut tmp[y * w * 3..(y + 1) * w * 3];
        for c in 0..3 {
            let at = |x: isize| row[(x.clamp(0, w as isize - 1) as usize) * 3 + c] as u32;
            let mut sum: u32 = (-(r as isize)..=r as isize).map(at).sum();
            for x in 0..w {
                out[x * 3 + c] = ((sum + n / 2) / n) as u8;
                sum += at(x as isize + r as isize + 1);
                sum -= at(x as isize - r as isize);
            }
        }
    }
    let stride = w * 3;
    let mut dst = vec![0u8; src.len()];
    let mut sums = vec![0u32; stride];
    let row_at = |y: isize| {
        let y = y.clamp(0, h as isize - 1) as usize;
        &tmp[y * stride..(y + 1) * stride]
    };
    for dy in -(r as isize)..=r as isize {
        for (s, &p) in sums.iter_mut().zip(row_at(dy)) {
            *s += p as u32;
        }
    }
    for y in 0..h {
        for (o, s) in dst[y * stride..(y + 1) * stride].iter_mut().zip(&sums) {
            *o = ((s + n / 2) / n) as u8;
        }
        let add = row_at(y as isize + r as isize + 1);
        let sub = row_at(y as isize - r as isize);
        for i in 0..stride {
            sums[i] = sums[i] + add[i] as u32 - sub[i] as u32;
        }
    }
    RgbImage::from_raw(w as u32, h as u32, dst).expect("same size")
}

/// Gaussian blur: an exact separable kernel for small sigma, three box passes for large.
pub fn gaussian_blur(img: &RgbImage, sigma: f32) -> RgbImage {
    if sigma < 0.25 || img.width() < 2 || img.height() < 2 {
        return img.clone();
    }
    if sigma <= 2.5 {
        let r = (sigma * 3.0).ceil() as i32;
        let kernel: Vec<f32> = (-r..=r)
            .map(|i| (-(i * i) as f32 / (2.0 * sigma * sigma)).exp())
            .collect();
        let s: f32 = kernel.iter().sum();
        let kernel: Vec<f32> = kernel.iter().map(|v| v / s).collect();
        return convolve_separable(img, &kernel);
    }
    // Three boxes of width w approximate a gaussian with sigma^2 = 3 (w^2 - 1) / 12.
    let w = (4.0 * sigma * sigma + 1.0).sqrt();
    let r = ((w - 1.0) / 2.0).round().max(1.0) as usize;
    let a = box_pass(img, r);
    let b = box_pass(&a, r);
    box_pass(&b, r)
}

/// Linear motion blur of `length` pixels at `angle` radians (average along the segment).
pub fn motion_blur(img: &RgbImage, length: f32, angle: f32) -> RgbImage {
    let (w, h) = img.dimensions();
    let n = (length.ceil() as i32).max(2);
    let (dx, dy) = (angle.cos(), angle.sin());
    let mut offsets: Vec<(i32, i32)> = (0..=n)
        .map(|i| {
            let t = i as f32 / n as f32 - 0.5;
            (
                (t * length * dx).round() as i32,
                (t * length * dy).round() as i32,
            )
        })
        .collect();
    offsets.dedup();
    let count = offsets.len() as u32;
    let src = img.as_raw();
    let mut dst = vec![0u8; src.len()];
    let (wi, hi) = (w as i32, h as i32);
    for y in 0..hi {
        for x in 0..wi {
            let mut acc = [0u32; 3];
            for &(ox, oy) in &offsets {
                let sx = (x + ox).clamp(0, wi - 1) as usize;
                let sy = (y + oy).clamp(0, hi - 1) as usize;
                let i = (sy * w as usize + sx) * 3;
                acc[0] += src[i] as u32;
                acc[1] += src[i + 1] as u32;
                acc[2] += src[i + 2] as u32;
            }
            let o = (y as usize * w as usize + x as usize) * 3;
            for c in 0..3 {
                dst[o + c] = ((acc[c] + count / 2) / count) as u8;
            }
        }
    }
    RgbImage::from_raw(w, h, dst).expect("same size")
}

/// Roughly gaussian sensor noise: luminance noise of `sigma_luma` and per-channel colour
/// noise of `sigma_chroma` (both in 8-bit levels).
pub fn add_noise(img: &mut RgbImage, rng: &mut ChaCha8Rng, sigma_luma: f32, sigma_chroma: f32) {
    // The sum of four uniform bytes has mean 510 and standard deviation 147.8.
    let g = |v: u32| -> f32 {
        let s = (v & 0xff) + ((v >> 8) & 0xff) + ((v >> 16) & 0xff) + (v >> 24);
        (s as f32 - 510.0) / 147.8
    };
    for px in img.pixels_mut() {
        let a = rng.next_u64();
        let l = g(a as u32) * sigma_luma;
        let b = (a >> 32) as u32;
        // Chroma: three 10-bit uniforms, scaled to a similar spread (sd of U(-1,1) is 0.577).
        for c in 0..3 {
            let u = ((b >> (c * 10)) & 0x3ff) as f32 / 511.5 - 1.0;
            let v = px.0[c] as f32 + l + u * 1.73 * sigma_chroma;
            px.0[c] = clamp_u8(v);
        }
    }
}

/// A smooth random field in [0, 1]: bilinear-smoothstep interpolation of a random grid.
pub struct ValueNoise {
    grid: Vec<f32>,
    gw: usize,
    gh: usize,
    cell: f32,
}

impl ValueNoise {
    /// A field covering `w` x `h` pixels with features about `cell` pixels apart.
    pub fn new(rng: &mut ChaCha8Rng, w: u32, h: u32, cell: f32) -> ValueNoise {
        let gw = (w as f32 / cell).ceil() as usize + 2;
        let gh = (h as f32 / cell).ceil() as usize + 2;
        let grid = (0..gw * gh).map(|_| rng.gen::<f32>()).collect();
        ValueNoise { grid, gw, gh, cell }
    }

    pub fn at(&self, x: f32, y: f32) -> f32 {
        let fx = (x / self.cell).max(0.0);
        let fy = (y / self.cell).max(0.0);
        let ix = (fx as usize).min(self.gw - 2);
        let iy = (fy as usize).min(self.gh - 2);
        let tx = smoothstep(0.0, 1.0, fx - ix as f32);
        let ty = smoothstep(0.0, 1.0, fy - iy as f32);
        let g = |i: usize, j: usize| self.grid[j * self.gw + i];
        let a = lerp(g(ix, iy), g(ix + 1, iy), tx);
        let b = lerp(g(ix, iy + 1), g(ix + 1, iy + 1), tx);
        lerp(a, b, ty)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blur_keeps_flat_images_flat() {
        let img = RgbImage::from_pixel(40, 30, image::Rgb([100, 150, 200]));
        for s in [0.7, 1.5, 4.0] {
            let b = gaussian_blur(&img, s);
            assert!(b.pixels().all(|p| p.0 == [100, 150, 200]), "sigma {s}");
        }
        let m = motion_blur(&img, 9.0, 0.4);
        assert!(m.pixels().all(|p| p.0 == [100, 150, 200]));
    }

    #[test]
    fn blur_spreads_a_dot() {
        let mut img = RgbImage::new(41, 41);
        for y in 18..23 {
            for x in 18..23 {
                img.put_pixel(x, y, image::Rgb([255, 255, 255]));
            }
        }
        let b = gaussian_blur(&img, 4.0);
        assert!(b.get_pixel(20, 20).0[0] < 200);
        assert!(b.get_pixel(27, 20).0[0] > 0);
    }
}

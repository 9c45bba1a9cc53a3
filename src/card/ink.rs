//! The print alone: dark ink on white, with the card's ground, guilloche and watermark
//! (all lighter than the print, `ktp-layout.md`) turned white. The detector merges the
//! diagonal `KARTU TANDA PENDUDUK` watermark with the issue place and date under the photo
//! into one region it then drops; without the watermark the lines stand apart.
//!
//! Not for a whole card: on a blurred card the print's thin strokes fall on the light side
//! of the split and values lose letters. It serves small areas where the detector found
//! nothing.

use image::{GrayImage, Luma, Rgb, RgbImage};

/// Ink darker than this percentile of the area is fully black.
const INK_PERCENTILE: f32 = 0.02;
/// The split between print and ground must lie this far above the darkest ink, else the
/// area is one tone (no print, or all print) and nothing is made.
const MIN_CONTRAST: u8 = 24;
/// The rows that set the tones are at least this share of the area.
const MIN_SAMPLE_SHARE: f32 = 0.3;

/// The area with everything lighter than the print (by [`print_level`] of each pixel's
/// brightest channel) white, and the print's shades stretched to black below it. The
/// brightest channel, because the photo's red or blue ground and the blue watermark are
/// bright in one channel and the black or navy print in none. `None` for an area of one
/// tone. The tones are measured on the rows from `sample_from` down (where no photo is; the
/// whole area when that leaves too little).
pub fn dark_print(area: &RgbImage, sample_from: u32) -> Option<RgbImage> {
    let (w, h) = area.dimensions();
    if w == 0 || h == 0 {
        return None;
    }
    let brightest = GrayImage::from_fn(w, h, |x, y| {
        Luma([*area.get_pixel(x, y).0.iter().max().unwrap_or(&0)])
    });
    let from = if (h.saturating_sub(sample_from) as f32) < MIN_SAMPLE_SHARE * h as f32 {
        0
    } else {
        sample_from
    };
    let sample = image::imageops::crop_imm(&brightest, 0, from, w, h - from).to_image();
    let split = print_level(&sample);
    let mut levels: Vec<u8> = sample.into_raw();
    let k = ((levels.len() - 1) as f32 * INK_PERCENTILE) as usize;
    let ink = *levels.select_nth_unstable(k).1;
    if split < ink.saturating_add(MIN_CONTRAST) {
        return None;
    }
    let span = (split - ink) as f32;
    Some(RgbImage::from_fn(w, h, |x, y| {
        let v = brightest.get_pixel(x, y).0[0];
        let t = ((v.saturating_sub(ink)) as f32 / span).min(1.0);
        let g = (t * 255.0).round() as u8;
        Rgb([g, g, g])
    }))
}

/// A pixel of [`dark_print`]'s image darker than this is ink.
const INK_LEVEL: u8 = 128;

/// How many ink pixels each column of `xs` holds in `print`, an image made by
/// [`dark_print`] (columns past its width are left out).
pub fn ink_per_column(print: &RgbImage, xs: std::ops::Range<u32>) -> Vec<usize> {
    let (w, h) = print.dimensions();
    (xs.start.min(w)..xs.end.min(w))
        .map(|x| {
            (0..h)
                .filter(|&y| print.get_pixel(x, y).0[0] < INK_LEVEL)
                .count()
        })
        .collect()
}

/// The level below which a pixel is print: the lower of the two levels that split the
/// tones into three classes best (Otsu's between-class variance, three classes): print |
/// watermark and guilloche | ground. Two classes put a watermark as dark as on a blurred
/// low-resolution photo with the print; where there is none, the lower level still lies
/// between the print's core and the ground.
fn print_level(image: &GrayImage) -> u8 {
    let mut hist = [0f64; 256];
    for p in image.as_raw() {
        hist[*p as usize] += 1.0;
    }
    // prefix sums of counts and of level * count
    let mut c = [0f64; 257];
    let mut m = [0f64; 257];
    for i in 0..256 {
        c[i + 1] = c[i] + hist[i];
        m[i + 1] = m[i] + hist[i] * i as f64;
    }
    let class = |a: usize, b: usize| {
        let w = c[b] - c[a];
        if w <= 0.0 {
            0.0
        } else {
            (m[b] - m[a]).powi(2) / w
        }
    };
    let mut best = (f64::MIN, 0usize);
    for t1 in 1..255 {
        for t2 in t1 + 1..256 {
            let v = class(0, t1) + class(t1, t2) + class(t2, 256);
            if v > best.0 {
                best = (v, t1);
            }
        }
    }
    // Across empty levels the split is the same: take the middle of that run, not its
    // darkest end (on clean print the levels between print and watermark are empty).
    let first = best.1;
    let last = (first..256)
        .take_while(|&t| hist[t] == 0.0)
        .last()
        .unwrap_or(first);
    ((first + last) / 2) as u8
}

/// Print, watermark and ground drawn for the tests of the stages that tell them apart
/// ([`dark_print`]'s users).
#[cfg(test)]
pub(crate) mod drawn {
    use image::{Rgb, RgbImage};
    use std::ops::Range;

    pub const GROUND: Rgb<u8> = Rgb([200, 228, 245]);
    pub const PRINT: Rgb<u8> = Rgb([20, 30, 60]);
    pub const WATERMARK: Rgb<u8> = Rgb([120, 160, 215]);

    /// A `w` x `h` row of the card's ground with `blocks` (x from, x to, colour) drawn over
    /// the rows `ys`, as letters are.
    pub fn row(w: u32, h: u32, ys: Range<u32>, blocks: &[(u32, u32, Rgb<u8>)]) -> RgbImage {
        RgbImage::from_fn(w, h, |x, y| {
            blocks
                .iter()
                .find(|(x0, x1, _)| ys.contains(&y) && (*x0..*x1).contains(&x))
                .map_or(GROUND, |b| b.2)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::drawn::{GROUND, PRINT, WATERMARK};
    use super::*;

    #[test]
    fn keeps_black_print_and_whitens_a_blue_watermark() {
        // pale ground, a light-blue watermark band, a black print band
        let area = RgbImage::from_fn(60, 30, |_, y| match y {
            5..=9 => WATERMARK,
            15..=19 => PRINT,
            _ => GROUND,
        });
        let out = dark_print(&area, 0).unwrap();
        assert_eq!(out.get_pixel(10, 17).0, [0, 0, 0]);
        assert_eq!(out.get_pixel(10, 7).0, [255, 255, 255]);
        assert_eq!(out.get_pixel(10, 25).0, [255, 255, 255]);
    }

    #[test]
    fn makes_nothing_of_an_area_of_one_tone() {
        let area = RgbImage::from_pixel(40, 20, GROUND);
        assert!(dark_print(&area, 0).is_none());
    }
}

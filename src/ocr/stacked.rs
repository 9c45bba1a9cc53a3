//! Two lines in one box. The detector merges lines set close together (the issue place over
//! the issue date under the photo, a wrapped value over its continuation) into one box; the
//! recogniser then reads only one of them. Such a box is split where its ink has a clear
//! gap between two bands of text.

use super::geometry::{Point, Quad};
use image::RgbImage;

/// Only boxes at least this many times as high as the image's median box are looked at
/// (the NIK and header lines are up to 1.8 times as high as the field rows, but hold one
/// band of ink).
pub const TALLER_THAN_MEDIAN: f32 = 1.5;
/// The gap between the bands lies in this middle share of the box's height...
const MIDDLE: (f32, f32) = (0.25, 0.75);
/// ...where rows hold at most this share of the busiest row's ink...
const GAP_INK: f32 = 0.06;
/// ...and each band is at least this share of the box's height.
const MIN_BAND: f32 = 0.2;
/// A pixel is ink when it is darker than this share of the way from the ground to the ink.
const INK_LEVEL: f32 = 0.5;

/// Where to cut `crop` (a horizontal text box) into two lines: the row in the middle of the
/// ink gap between its two bands, or `None` when it holds one band.
pub fn split_row(crop: &RgbImage) -> Option<u32> {
    let (w, h) = crop.dimensions();
    if w == 0 || h < 8 {
        return None;
    }
    let grey: Vec<f32> = crop
        .pixels()
        .map(|p| (f32::from(p.0[0]) + 2.0 * f32::from(p.0[1]) + f32::from(p.0[2])) / 4.0)
        .collect();
    let mut sorted = grey.clone();
    sorted.sort_by(f32::total_cmp);
    let (dark, ground) = (
        sorted[sorted.len() * 3 / 100],
        sorted[sorted.len() * 70 / 100],
    );
    let level = ground - INK_LEVEL * (ground - dark).max(0.0);
    let rows: Vec<usize> = (0..h as usize)
        .map(|y| {
            grey[y * w as usize..(y + 1) * w as usize]
                .iter()
                .filter(|&&v| v < level)
                .count()
        })
        .collect();
    let busiest = *rows.iter().max()? as f32;
    if busiest == 0.0 {
        return None;
    }
    let quiet = |y: usize| (rows[y] as f32) <= GAP_INK * busiest;
    let (lo, hi) = (
        (MIDDLE.0 * h as f32) as usize,
        (MIDDLE.1 * h as f32) as usize,
    );
    // The longest run of quiet rows in the middle band.
    let (mut best, mut start) = (None::<(usize, usize)>, None);
    for y in lo..=hi.min(h as usize - 1) {
        match (quiet(y), start) {
            (true, None) => start = Some(y),
            (false, Some(s)) => {
                if best.is_none_or(|(a, b)| y - s > b - a) {
                    best = Some((s, y));
                }
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        let end = hi.min(h as usize - 1) + 1;
        if best.is_none_or(|(a, b)| end - s > b - a) {
            best = Some((s, end));
        }
    }
    let (a, b) = best?;
    let cut = (a + b) / 2;
    let min_band = (MIN_BAND * h as f32) as usize;
    let inked = |range: std::ops::Range<usize>| range.filter(|&y| !quiet(y)).count();
    (inked(0..a) >= min_band && inked(b..h as usize) >= min_band).then_some(cut as u32)
}

/// The two quads of `quad` cut at `t` (share of its height from the top).
pub fn split_quad(quad: &Quad, t: f32) -> (Quad, Quad) {
    let [tl, tr, br, bl] = quad.0;
    let at = |a: Point, b: Point| Point::new(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t);
    let (ml, mr) = (at(tl, bl), at(tr, br));
    (Quad([tl, tr, mr, ml]), Quad([ml, mr, br, bl]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::Rgb;

    fn boxed(bands: &[(u32, u32)], h: u32) -> RgbImage {
        RgbImage::from_fn(200, h, |x, y| {
            let ink = bands.iter().any(|&(a, b)| (a..b).contains(&y)) && x % 7 < 4;
            if ink {
                Rgb([20, 20, 30])
            } else {
                Rgb([200, 225, 240])
            }
        })
    }

    #[test]
    fn two_bands_are_cut_between_them_one_band_is_not() {
        let cut = split_row(&boxed(&[(4, 26), (34, 56)], 60)).expect("two lines");
        assert!((26..34).contains(&cut), "{cut}");
        assert_eq!(split_row(&boxed(&[(6, 54)], 60)), None);
        // a thin band (a stray underline) is no second line
        assert_eq!(split_row(&boxed(&[(4, 40), (52, 55)], 60)), None);
    }

    #[test]
    fn quads_split_along_their_sides() {
        let (top, bottom) = split_quad(&Quad::from_rect(0.0, 0.0, 100.0, 40.0), 0.5);
        assert_eq!(top.bounds(), (0.0, 0.0, 100.0, 20.0));
        assert_eq!(bottom.bounds(), (0.0, 20.0, 100.0, 40.0));
    }
}

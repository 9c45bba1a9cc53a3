//! A lone dash (`-`), the value printed where a field is unknown (`Gol. Darah : -`,
//! `RT/RW : - / -`). The recogniser drops a dash that stands alone after a colon, so it is
//! looked for in the pixels: the rightmost ink blob of a line piece, a short horizontal
//! bar at mid height.

use image::{GrayImage, Luma, RgbImage};
use imageproc::region_labelling::{connected_components, Connectivity};

/// Ink must be at least this much darker than the ground.
const MIN_INK_CONTRAST: u8 = 60;

/// Whether the rightmost ink in `img` (a line piece, text about its full height) is a dash.
pub fn ends_with_dash(img: &RgbImage) -> bool {
    let gray = image::imageops::grayscale(img);
    if gray.width() == 0 || gray.height() == 0 {
        return false;
    }
    // Ink is printed near-black; the card's guilloche lines are mid-tones. Split halfway
    // between the darkest pixel and the ground (the median), not by Otsu, which on a piece
    // that is mostly ground would cut through the pattern.
    let mut values: Vec<u8> = gray.pixels().map(|p| p.0[0]).collect();
    values.sort_unstable();
    let (darkest, ground) = (values[0], values[values.len() / 2]);
    if ground.saturating_sub(darkest) < MIN_INK_CONTRAST {
        return false;
    }
    let level = darkest + (ground - darkest) / 2;
    let ink = GrayImage::from_fn(gray.width(), gray.height(), |x, y| {
        Luma([if gray.get_pixel(x, y).0[0] <= level {
            255
        } else {
            0
        }])
    });
    let labels = connected_components(&ink, Connectivity::Eight, Luma([0u8]));
    // bounding box per blob: (x0, y0, x1, y1, pixels)
    let mut boxes: Vec<(u32, u32, u32, u32, u32)> = Vec::new();
    for (x, y, p) in labels.enumerate_pixels() {
        let l = p.0[0] as usize;
        if l == 0 {
            continue;
        }
        if boxes.len() < l {
            boxes.resize(l, (u32::MAX, u32::MAX, 0, 0, 0));
        }
        let b = &mut boxes[l - 1];
        *b = (b.0.min(x), b.1.min(y), b.2.max(x), b.3.max(y), b.4 + 1);
    }
    let h = img.height() as f32;
    // ignore specks from the background pattern
    let Some(&(x0, y0, x1, y1, _)) = boxes
        .iter()
        .filter(|b| b.4 as f32 >= 0.004 * h * h)
        .max_by_key(|b| b.2)
    else {
        return false;
    };
    let (bw, bh) = ((x1 - x0 + 1) as f32, (y1 - y0 + 1) as f32);
    let cy = (y0 + y1) as f32 / 2.0;
    bw >= 1.5 * bh
        && bh <= 0.25 * h
        && bw >= 0.12 * h
        && bw <= 0.8 * h
        && (0.3 * h..0.75 * h).contains(&cy)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn canvas() -> RgbImage {
        RgbImage::from_pixel(90, 28, image::Rgb([200, 225, 240]))
    }

    fn ink(img: &mut RgbImage, x0: u32, y0: u32, x1: u32, y1: u32) {
        for y in y0..y1 {
            for x in x0..x1 {
                img.put_pixel(x, y, image::Rgb([20, 30, 50]));
            }
        }
    }

    #[test]
    fn colon_then_dash_is_a_dash() {
        let mut img = canvas();
        ink(&mut img, 10, 8, 13, 11); // colon
        ink(&mut img, 10, 17, 13, 20);
        ink(&mut img, 30, 13, 40, 16); // dash
        assert!(ends_with_dash(&img));
    }

    #[test]
    fn guilloche_lines_are_not_ink() {
        let mut img = canvas();
        for x in 0..90 {
            let y = 4 + (x as f32 / 6.0).sin().abs() as u32 * 3;
            img.put_pixel(x, y, image::Rgb([150, 170, 200])); // pattern line
        }
        ink(&mut img, 30, 13, 40, 16); // dash
        assert!(ends_with_dash(&img));
    }

    #[test]
    fn a_letter_is_not_a_dash() {
        let mut img = canvas();
        ink(&mut img, 10, 8, 13, 11);
        ink(&mut img, 10, 17, 13, 20);
        ink(&mut img, 30, 5, 33, 23); // an I / l / 1
        ink(&mut img, 30, 20, 40, 23);
        assert!(!ends_with_dash(&img));
    }
}

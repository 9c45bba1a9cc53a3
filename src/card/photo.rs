//! The holder's photo, cut from the rectified card, and the area under it that holds the
//! issue place and date.
//!
//! The photo sits right of the fields, about 0.71-0.97 W by 0.18-0.67 H on real cards, on a
//! saturated red or blue ground that the pale card ground is not. The box is found from that
//! ground inside a generous search window, and falls back to the layout's prior.

use super::layout::{PHOTO, PHOTO_SEARCH};
use crate::ocr::geometry::Quad;
use base64::Engine as _;
use image::{GenericImageView, RgbImage};

/// A pixel is photo ground when its channels spread at least this much (the card ground is
/// pale, spread about 30-50).
const MIN_SPREAD: u8 = 70;
/// Whether a pixel is photo ground: saturated, where the card ground is pale.
fn is_photo_ground(p: image::Rgb<u8>) -> bool {
    let p = p.0;
    p.iter().max().unwrap_or(&0) - p.iter().min().unwrap_or(&0) >= MIN_SPREAD
}

/// A row or column belongs to the photo when this share of it is photo ground.
const MIN_SHARE: f32 = 0.3;

/// The photo's box on a rectified card, (x, y, width, height) in pixels: found from its
/// ground, else the layout's prior.
pub fn photo_box(card: &RgbImage) -> (u32, u32, u32, u32) {
    let (w, h) = card.dimensions();
    let wf = w as f32;
    let (x0, y0, ww, wh) = PHOTO_SEARCH.pixels((w, h));
    let win = card.view(x0, y0, ww, wh);
    let (ww, wh) = win.dimensions();
    let ground = |x: u32, y: u32| is_photo_ground(win.get_pixel(x, y));
    let cols: Vec<bool> = (0..ww)
        .map(|x| (0..wh).filter(|&y| ground(x, y)).count() as f32 >= MIN_SHARE * wh as f32)
        .collect();
    let rows: Vec<bool> = (0..wh)
        .map(|y| (0..ww).filter(|&x| ground(x, y)).count() as f32 >= MIN_SHARE * ww as f32)
        .collect();
    let span = |v: &[bool]| Some((v.iter().position(|b| *b)?, v.iter().rposition(|b| *b)?));
    let found = span(&cols)
        .zip(span(&rows))
        .and_then(|((cx0, cx1), (ry0, ry1))| {
            let (bw, bh) = ((cx1 - cx0) as f32, (ry1 - ry0) as f32);
            // a passport-like photo: 0.15-0.33 W wide, 1.0-1.6 times as high as wide
            let plausible = (0.15 * wf..0.33 * wf).contains(&bw) && (1.0..1.6).contains(&(bh / bw));
            plausible.then_some((x0 + cx0 as u32, y0 + ry0 as u32, bw as u32, bh as u32))
        });
    found.unwrap_or_else(|| PHOTO.pixels((w, h)))
}

/// A column of a line's strip is the photo's when this share of it is photo ground: the
/// strip crosses the photo's full height, print only part of it.
const STRIP_PHOTO_SHARE: f32 = 0.6;
/// ...for this many columns in a row (a coloured speck or a stamp's stroke is narrower).
const STRIP_PHOTO_RUN: u32 = 3;

/// Where the photo begins in `strip`, a strip of a text line that may run on into it: the
/// first of [`STRIP_PHOTO_RUN`] columns from `from_x` on that are mostly photo ground.
pub fn starts_in_strip(strip: &RgbImage, from_x: u32) -> Option<u32> {
    let (w, h) = strip.dimensions();
    let photo_column = |x: u32| {
        let ground = (0..h)
            .filter(|&y| is_photo_ground(*strip.get_pixel(x, y)))
            .count();
        ground as f32 >= STRIP_PHOTO_SHARE * h as f32
    };
    let mut run = 0;
    for x in from_x..w {
        run = if photo_column(x) { run + 1 } else { 0 };
        if run == STRIP_PHOTO_RUN {
            return Some(x + 1 - STRIP_PHOTO_RUN);
        }
    }
    None
}

/// Cut the holder's photo out of a rectified card.
pub fn head_photo(card: &RgbImage) -> Option<RgbImage> {
    let (w, h) = card.dimensions();
    let (px, py, pw, ph) = photo_box(card);
    if pw == 0 || ph == 0 || px + pw > w || py + ph > h {
        return None;
    }
    Some(image::imageops::crop_imm(card, px, py, pw, ph).to_image())
}

/// JPEG quality of the returned photo: small, and still a clear face for a person.
const PHOTO_JPEG_QUALITY: u8 = 85;

/// The photo as base64 JPEG, the form both cloud APIs return.
pub fn to_base64_jpeg(photo: &RgbImage) -> Option<String> {
    let mut bytes = Vec::new();
    let enc = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, PHOTO_JPEG_QUALITY);
    photo.write_with_encoder(enc).ok()?;
    Some(base64::engine::general_purpose::STANDARD.encode(bytes))
}

/// Where the issue place and date are looked for on a rectified card, in its pixels.
pub struct IssueArea {
    pub rect: Quad,
    /// Rows from this y down lie under the photo (with a margin for a photo box found a
    /// little short: dark clothing at its foot is no photo ground): they set the print's
    /// tone, which the photo's own dark pixels would pull down.
    pub below_photo_y: f32,
}

/// The area under the photo `(x, y, width, height)` on a `w` x `h` card. The issue place
/// and date lie there, centred on the photo (`ktp-layout.md`: the place from about the
/// photo's foot, the date 0.07 H below it, a place wrapped onto two lines 0.035 H more).
pub fn issue_area((px, py, pw, ph): (u32, u32, u32, u32), (w, h): (u32, u32)) -> IssueArea {
    let (px, py, pw, ph) = (px as f32, py as f32, pw as f32, ph as f32);
    // The ground ends above dark clothing at the photo's foot; its top and sides are sure.
    let foot = (py + ph).max(py + MIN_PHOTO_ASPECT * pw);
    let rect = Quad::from_rect(
        (px - ISSUE_AREA_WIDEN * pw).max(0.0),
        (foot - ISSUE_AREA_ABOVE * ph).max(0.0),
        (px + pw + ISSUE_AREA_WIDEN * pw).min(w as f32),
        (foot + ISSUE_AREA_BELOW * ph).min(h as f32),
    );
    IssueArea {
        rect,
        below_photo_y: foot + ISSUE_AREA_FOOT_MARGIN * ph,
    }
}

/// A photo is at least this many times as high as wide (20 x 25 mm, `ktp-layout.md`).
const MIN_PHOTO_ASPECT: f32 = 1.2;
/// The area starts this share of the photo's height above its foot...
const ISSUE_AREA_ABOVE: f32 = 0.06;
/// ...and ends this share below it: the place on two lines and the date, with room for a
/// photo box found short (its dark clothing is no ground) or an outline a little off...
const ISSUE_AREA_BELOW: f32 = 0.45;
/// ...and is wider than the photo by this share of its width on each side (`KABUPATEN`
/// and a long regency name are wider than the photo).
const ISSUE_AREA_WIDEN: f32 = 0.3;
/// The photo's foot may lie this share of its height below where its ground ends.
const ISSUE_AREA_FOOT_MARGIN: f32 = 0.08;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_strip_ends_where_the_photo_begins() {
        fn paint(
            strip: &mut RgbImage,
            xs: std::ops::Range<u32>,
            ys: std::ops::Range<u32>,
            c: [u8; 3],
        ) {
            for y in ys {
                for x in xs.clone() {
                    strip.put_pixel(x, y, image::Rgb(c));
                }
            }
        }
        let mut strip = RgbImage::from_pixel(120, 30, image::Rgb([200, 228, 245]));
        // print (dark, a third of the height), a dash, a two-pixel coloured speck
        paint(&mut strip, 5..40, 8..20, [30, 30, 40]);
        paint(&mut strip, 60..68, 14..17, [30, 30, 40]);
        paint(&mut strip, 50..52, 0..30, [40, 90, 220]);
        assert_eq!(starts_in_strip(&strip, 10), None);
        // the blue photo ground from x = 90 on
        paint(&mut strip, 90..120, 0..30, [40, 90, 220]);
        assert_eq!(starts_in_strip(&strip, 10), Some(90));
        assert_eq!(starts_in_strip(&strip, 100), Some(100));
    }

    #[test]
    fn finds_a_red_photo_box_on_a_pale_card() {
        let mut card = RgbImage::from_pixel(1000, 631, image::Rgb([200, 228, 245]));
        for y in 120..415 {
            for x in 715..950 {
                card.put_pixel(x, y, image::Rgb([200, 30, 30]));
            }
        }
        let p = head_photo(&card).unwrap();
        assert!((p.width() as i32 - 235).abs() <= 3, "{}", p.width());
        assert!((p.height() as i32 - 295).abs() <= 3, "{}", p.height());
        assert!(to_base64_jpeg(&p).unwrap().len() > 100);
    }

    #[test]
    fn the_issue_area_lies_under_the_photo_even_when_its_foot_is_dark() {
        // the ground ends at y = 330 (dark clothing below); a 235 px wide photo is at
        // least 282 px high, so its foot is taken at 402
        let area = issue_area((715, 120, 235, 210), (1000, 631));
        let (x0, y0, x1, y1) = area.rect.bounds();
        assert!(
            (x0 - 644.5).abs() < 1.0 && (x1 - 1000.0).abs() < 1.0,
            "{x0} {x1}"
        );
        assert!(y0 > 380.0 && y0 < 402.0, "{y0}");
        assert!(y1 > 480.0 && y1 <= 631.0, "{y1}");
        assert!(area.below_photo_y > 402.0 && area.below_photo_y < y1);
    }

    #[test]
    fn falls_back_to_the_layout_prior() {
        let card = RgbImage::from_pixel(1000, 631, image::Rgb([200, 228, 245]));
        let p = head_photo(&card).unwrap();
        assert_eq!(p.width(), 249);
    }
}

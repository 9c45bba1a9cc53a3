//! The holder's photo, cut from the rectified card.
//!
//! The photo sits right of the fields, about 0.71-0.97 W by 0.18-0.67 H on real cards, on a
//! saturated red or blue ground that the pale card ground is not. The box is found from that
//! ground inside a generous search window, and falls back to the layout's prior.

use super::layout::{PHOTO, PHOTO_SEARCH};
use base64::Engine as _;
use image::{GenericImageView, RgbImage};

/// A pixel is photo ground when its channels spread at least this much (the card ground is
/// pale, spread about 30-50).
const MIN_SPREAD: u8 = 70;
/// A row or column belongs to the photo when this share of it is photo ground.
const MIN_SHARE: f32 = 0.3;

/// Cut the holder's photo out of a rectified card.
pub fn head_photo(card: &RgbImage) -> Option<RgbImage> {
    let (w, h) = card.dimensions();
    let wf = w as f32;
    let (x0, y0, ww, wh) = PHOTO_SEARCH.pixels((w, h));
    let win = card.view(x0, y0, ww, wh);
    let (ww, wh) = win.dimensions();
    let ground = |x: u32, y: u32| {
        let p = win.get_pixel(x, y).0;
        p.iter().max().unwrap_or(&0) - p.iter().min().unwrap_or(&0) >= MIN_SPREAD
    };
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
    let (px, py, pw, ph) = found.unwrap_or_else(|| PHOTO.pixels((w, h)));
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

#[cfg(test)]
mod tests {
    use super::*;

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
    fn falls_back_to_the_layout_prior() {
        let card = RgbImage::from_pixel(1000, 631, image::Rgb([200, 228, 245]));
        let p = head_photo(&card).unwrap();
        assert_eq!(p.width(), 249);
    }
}

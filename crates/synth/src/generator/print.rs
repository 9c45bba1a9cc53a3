//! How one card's printer differed from the template (the `real_like` layout tags): word
//! spacing and periods ([`TextStyle`]), a watermark printed stronger behind the value rows,
//! a narrow issue-place column that wraps two-word places, and a `-` blood type set close to
//! the photo box. The default changes nothing, so the cards of the older conditions stay
//! byte-identical.

use super::artwork::watermark;
use super::filters::smoothstep;
use super::render::{CARD_H, CARD_W};
use super::text::TextStyle;
use image::RgbImage;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PrintStyle {
    /// Spaces and periods of the regular face (labels, values, issue place and date).
    pub text: TextStyle,
    /// How much darker the watermark is printed behind the right part of the value rows
    /// (0: as the template).
    pub watermark: f32,
    /// Width of the issue place's column, as a share of the card width.
    pub issue_column: f32,
    /// A `-` blood type set this far (share of the card width) left of the photo box,
    /// instead of after its label.
    pub dash_gap: Option<f32>,
}

/// The template's issue-place column: wide enough that only long places wrap.
pub const ISSUE_COLUMN_W: f32 = 0.27;

impl Default for PrintStyle {
    fn default() -> Self {
        PrintStyle {
            text: TextStyle::PLAIN,
            watermark: 0.0,
            issue_column: ISSUE_COLUMN_W,
            dash_gap: None,
        }
    }
}

/// The template watermark darkens the ground by about this much per channel where it is
/// fully inked (ground about (198, 228, 244), watermark about (135, 180, 212)): bluish, the
/// red channel most.
const WATERMARK_DARKENING: [f32; 3] = [0.32, 0.21, 0.13];

/// Print the watermark `strength` times darker again over the right part of the value rows
/// (from about 0.3 W to the photo, below the NIK), where real cards' watermark letters run
/// into the values and get read with them.
pub fn strengthen_watermark(img: &mut RgbImage, strength: f32) {
    if strength <= 0.0 {
        return;
    }
    let mask = watermark();
    let (w, h) = (CARD_W as f32, CARD_H as f32);
    for (x, y, p) in img.enumerate_pixels_mut() {
        let m = mask.get_pixel(x, y).0[0] as f32 / 255.0;
        if m <= 0.0 {
            continue;
        }
        let (u, v) = ((x as f32 + 0.5) / w, (y as f32 + 0.5) / h);
        let fade = smoothstep(0.26, 0.42, u) * smoothstep(0.30, 0.45, v);
        let a = m * fade * strength;
        for (c, d) in p.0.iter_mut().zip(WATERMARK_DARKENING) {
            *c = (*c as f32 * (1.0 - a * d)).round() as u8;
        }
    }
}

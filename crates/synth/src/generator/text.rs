//! The embedded fonts and a small text helper that places text by its cap-height top.
//!
//! Fonts (see `data/fonts/README.md`): Liberation Sans Regular/Bold (Arial metrics, SIL OFL)
//! for labels, values and the header, and OCR-A (public domain) for the NIK.

use ab_glyph::{Font, FontRef, PxScale, ScaleFont};
use image::{Rgb, RgbImage};
use std::sync::OnceLock;

/// One font face with the ratios needed to size it by cap height.
pub struct Face {
    font: FontRef<'static>,
    /// Cap height (of `H`) in pixels per pixel of [`PxScale`].
    cap_ratio: f32,
    /// Ascent in pixels per pixel of [`PxScale`].
    ascent_ratio: f32,
}

/// The three faces used on a card.
pub struct Fonts {
    pub regular: Face,
    pub bold: Face,
    pub ocr_a: Face,
}

impl Face {
    fn new(bytes: &'static [u8]) -> Face {
        let font = FontRef::try_from_slice(bytes).expect("embedded font parses");
        let big = PxScale::from(1000.0);
        let scaled = font.as_scaled(big);
        let ascent = scaled.ascent();
        let glyph = font
            .glyph_id('H')
            .with_scale_and_position(big, ab_glyph::point(0.0, ascent));
        let top = font
            .outline_glyph(glyph)
            .map(|g| g.px_bounds().min.y)
            .unwrap_or(ascent * 0.3);
        Face {
            font,
            cap_ratio: (ascent - top) / 1000.0,
            ascent_ratio: ascent / 1000.0,
        }
    }

    /// The [`PxScale`] that gives capitals `cap_px` pixels tall.
    pub fn scale_for_cap(&self, cap_px: f32) -> f32 {
        cap_px / self.cap_ratio
    }

    /// Advance width of `text` in pixels for capitals `cap_px` tall, with kerning.
    pub fn width(&self, cap_px: f32, text: &str) -> f32 {
        let scaled = self
            .font
            .as_scaled(PxScale::from(self.scale_for_cap(cap_px)));
        let mut w = 0.0;
        let mut prev = None;
        for c in text.chars() {
            let id = scaled.glyph_id(c);
            if let Some(p) = prev {
                w += scaled.kern(p, id);
            }
            w += scaled.h_advance(id);
            prev = Some(id);
        }
        w
    }

    /// Draw `text` with its left edge at `x` and the top of its capitals at `cap_top`.
    pub fn draw(
        &self,
        img: &mut RgbImage,
        x: f32,
        cap_top: f32,
        cap_px: f32,
        text: &str,
        color: Rgb<u8>,
    ) {
        let s = self.scale_for_cap(cap_px);
        let y = cap_top - (self.ascent_ratio - self.cap_ratio) * s;
        imageproc::drawing::draw_text_mut(
            img,
            color,
            x.round() as i32,
            y.round() as i32,
            PxScale::from(s),
            &self.font,
            text,
        );
    }
}

/// The embedded fonts, parsed once.
pub fn fonts() -> &'static Fonts {
    static FONTS: OnceLock<Fonts> = OnceLock::new();
    FONTS.get_or_init(|| Fonts {
        regular: Face::new(crate::fonts::SANS_REGULAR),
        bold: Face::new(crate::fonts::SANS_BOLD),
        ocr_a: Face::new(crate::fonts::OCR_A),
    })
}

/// Greedy word wrap of `text` into lines no wider than `max_w`. A single word wider than
/// `max_w` gets a line of its own.
pub fn wrap(face: &Face, cap_px: f32, text: &str, max_w: f32) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut cur = String::new();
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let candidate = if cur.is_empty() {
            word.to_string()
        } else {
            format!("{cur} {word}")
        };
        if cur.is_empty() || face.width(cap_px, &candidate) <= max_w {
            cur = candidate;
        } else {
            lines.push(std::mem::take(&mut cur));
            cur = word.to_string();
        }
    }
    if !cur.is_empty() || lines.is_empty() {
        lines.push(cur);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metrics_are_sane() {
        let f = fonts();
        for face in [&f.regular, &f.bold, &f.ocr_a] {
            assert!(
                face.cap_ratio > 0.4 && face.cap_ratio < 0.9,
                "{}",
                face.cap_ratio
            );
            assert!(face.ascent_ratio > face.cap_ratio);
        }
        let w = f.regular.width(18.0, "WIRASWASTA");
        assert!(w > 100.0 && w < 300.0, "{w}");
        let lines = wrap(
            &f.regular,
            18.0,
            "JL. PERINTIS KEMERDEKAAN GG. MASJID NO. 12",
            300.0,
        );
        assert!(lines.len() >= 2);
        assert_eq!(
            lines.join(" "),
            "JL. PERINTIS KEMERDEKAAN GG. MASJID NO. 12"
        );
    }
}

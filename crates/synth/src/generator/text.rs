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

/// How one card's printer set the regular face's spaces and periods. Real prints differ from
/// the font's own metrics: many set words closer than the font's space (two given names can
/// look like one word) and print periods small or faint.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TextStyle {
    /// Space advance as a share of the font's own.
    pub space_scale: f32,
    /// A period's size as a share of the font's own.
    pub period_scale: f32,
    /// A period's ink strength: 1 is full ink, lower blends it into the ground.
    pub period_ink: f32,
}

impl TextStyle {
    /// The font's own metrics.
    pub const PLAIN: TextStyle = TextStyle {
        space_scale: 1.0,
        period_scale: 1.0,
        period_ink: 1.0,
    };
}

/// A face with one card's [`TextStyle`]. With [`TextStyle::PLAIN`] it measures and draws
/// exactly as the face does (the cards of the older conditions stay byte-identical).
#[derive(Clone, Copy)]
pub struct Pen<'a> {
    pub face: &'a Face,
    pub style: TextStyle,
}

/// A piece of text as the pen sets it: a run of ordinary characters, a space or a period.
enum Piece<'t> {
    Run(&'t str),
    Space,
    Period,
}

fn pieces(text: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, ch) in text.char_indices() {
        if ch == ' ' || ch == '.' {
            if start < i {
                out.push(Piece::Run(&text[start..i]));
            }
            out.push(if ch == ' ' {
                Piece::Space
            } else {
                Piece::Period
            });
            start = i + 1;
        }
    }
    if start < text.len() {
        out.push(Piece::Run(&text[start..]));
    }
    out
}

impl<'a> Pen<'a> {
    pub fn plain(face: &'a Face) -> Pen<'a> {
        Pen {
            face,
            style: TextStyle::PLAIN,
        }
    }

    /// Advance width of `text` for capitals `cap_px` tall.
    pub fn width(&self, cap_px: f32, text: &str) -> f32 {
        if self.style == TextStyle::PLAIN {
            return self.face.width(cap_px, text);
        }
        pieces(text)
            .iter()
            .map(|p| match p {
                Piece::Run(run) => self.face.width(cap_px, run),
                Piece::Space => self.face.width(cap_px, " ") * self.style.space_scale,
                Piece::Period => self.face.width(cap_px * self.style.period_scale, "."),
            })
            .sum()
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
        if self.style == TextStyle::PLAIN {
            return self.face.draw(img, x, cap_top, cap_px, text, color);
        }
        let mut x = x;
        for p in pieces(text) {
            match p {
                Piece::Run(run) => {
                    self.face.draw(img, x, cap_top, cap_px, run, color);
                    x += self.face.width(cap_px, run);
                }
                Piece::Space => x += self.face.width(cap_px, " ") * self.style.space_scale,
                Piece::Period => {
                    // A smaller period keeps the baseline; a fainter one is the ink mixed
                    // with the ground just left of it.
                    let cap = cap_px * self.style.period_scale;
                    let gx = (x - 1.0).clamp(0.0, img.width() as f32 - 1.0) as u32;
                    let gy = (cap_top + cap_px * 0.9).clamp(0.0, img.height() as f32 - 1.0) as u32;
                    let ground = img.get_pixel(gx, gy).0;
                    let k = self.style.period_ink;
                    let ink = Rgb(std::array::from_fn(|c| {
                        (ground[c] as f32 + (color.0[c] as f32 - ground[c] as f32) * k).round()
                            as u8
                    }));
                    self.face
                        .draw(img, x, cap_top + cap_px - cap, cap, ".", ink);
                    x += self.face.width(cap, ".");
                }
            }
        }
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
pub fn wrap(pen: &Pen, cap_px: f32, text: &str, max_w: f32) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut cur = String::new();
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let candidate = if cur.is_empty() {
            word.to_string()
        } else {
            format!("{cur} {word}")
        };
        if cur.is_empty() || pen.width(cap_px, &candidate) <= max_w {
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
            &Pen::plain(&f.regular),
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

    #[test]
    fn a_styled_pen_sets_spaces_and_periods_apart() {
        let f = fonts();
        let plain = Pen::plain(&f.regular);
        let tight = Pen {
            face: &f.regular,
            style: TextStyle {
                space_scale: 0.5,
                period_scale: 0.7,
                period_ink: 0.5,
            },
        };
        let text = "JL. SITI AMINAH";
        let space = f.regular.width(18.0, " ");
        // Two spaces at half width; the smaller period is narrower.
        assert!(tight.width(18.0, text) < plain.width(18.0, text) - space * 0.9);
        assert_eq!(plain.width(18.0, text), f.regular.width(18.0, text));
        let draw = |pen: &Pen| {
            let mut img = RgbImage::from_pixel(300, 40, Rgb([200, 230, 250]));
            pen.draw(&mut img, 4.0, 10.0, 18.0, text, Rgb([10, 20, 40]));
            img
        };
        let mut face_img = RgbImage::from_pixel(300, 40, Rgb([200, 230, 250]));
        f.regular
            .draw(&mut face_img, 4.0, 10.0, 18.0, text, Rgb([10, 20, 40]));
        assert_eq!(draw(&plain), face_img, "a plain pen draws as the face");
        assert_ne!(draw(&tight), face_img);
    }
}

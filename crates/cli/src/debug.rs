//! The debug picture (`ktpocr scan --debug-image OUT.png`): the input with the card outline
//! found, beside the image the text was read from with every text box and the field its
//! line went to. A failure should be understandable by looking at it.

use ab_glyph::{FontRef, PxScale};
use image::{imageops::FilterType, Rgb, RgbImage};
use imageproc::drawing::{draw_filled_rect_mut, draw_line_segment_mut, draw_text_mut};
use imageproc::rect::Rect;
use ktp_ocr::ocr::geometry::Quad;
use ktp_ocr::trace::Trace;

static FONT: &[u8] = ktp_synth::fonts::SANS_REGULAR;

/// Height of both panels.
const PANEL_HEIGHT: u32 = 700;
const ASSIGNED: Rgb<u8> = Rgb([0, 160, 60]);
const UNASSIGNED: Rgb<u8> = Rgb([230, 30, 30]);
const OUTLINE: Rgb<u8> = Rgb([255, 0, 255]);

fn draw_quad(img: &mut RgbImage, q: &Quad, color: Rgb<u8>, scale: f32) {
    for i in 0..4 {
        let (a, b) = (q.0[i], q.0[(i + 1) % 4]);
        for d in [-1.0f32, 0.0, 1.0] {
            draw_line_segment_mut(
                img,
                (a.x * scale + d, a.y * scale),
                (b.x * scale + d, b.y * scale),
                color,
            );
        }
    }
}

/// `img` scaled to the panel height, and the scale.
fn panel(img: &RgbImage) -> (RgbImage, f32) {
    let s = PANEL_HEIGHT as f32 / img.height() as f32;
    let w = ((img.width() as f32 * s) as u32).max(1);
    (
        image::imageops::resize(img, w, PANEL_HEIGHT, FilterType::Triangle),
        s,
    )
}

pub fn render(trace: &Trace) -> RgbImage {
    let font = FontRef::try_from_slice(FONT).ok();
    // Left: the input with the card outline.
    let (mut left, s_in) = panel(&trace.input);
    if let Some(outline) = &trace.outline {
        draw_quad(&mut left, outline, OUTLINE, s_in);
    }
    // Right: the working image, its boxes and their fields.
    let (mut right, s_w) = panel(&trace.image);
    for line in &trace.lines {
        let field = &line.field;
        let color = if field.is_some() {
            ASSIGNED
        } else {
            UNASSIGNED
        };
        draw_quad(&mut right, &line.quad, color, s_w);
        if let Some(font) = &font {
            // what was read, under the box
            let (x0, _, _, y1) = line.quad.bounds();
            draw_text_mut(
                &mut right,
                Rgb([0, 0, 200]),
                (x0 * s_w) as i32,
                (y1 * s_w) as i32,
                PxScale::from(12.0),
                font,
                &line.text,
            );
        }
        if let (Some(font), Some(name)) = (&font, field) {
            let (x0, y0, _, _) = line.quad.bounds();
            let (x, y) = ((x0 * s_w) as i32, (y0 * s_w) as i32 - 13);
            draw_filled_rect_mut(
                &mut right,
                Rect::at(x, y).of_size(7 * name.len() as u32 + 4, 13),
                Rgb([255, 255, 200]),
            );
            draw_text_mut(&mut right, color, x + 2, y, PxScale::from(13.0), font, name);
        }
    }
    let gap = 10;
    let mut out = RgbImage::from_pixel(
        left.width() + gap + right.width(),
        PANEL_HEIGHT,
        Rgb([40, 40, 40]),
    );
    image::imageops::overlay(&mut out, &left, 0, 0);
    image::imageops::overlay(&mut out, &right, (left.width() + gap) as i64, 0);
    out
}

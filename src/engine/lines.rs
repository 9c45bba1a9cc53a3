//! Reading the text lines of one image: a crop per detected box (turned upright when the box
//! is tall), the widest lines' vote on whether the image is upside down (settled before any
//! line is recognised), and recognition.

use super::Engine;
use crate::error::Result;
use crate::fields::Line;
use crate::lexicon::Lexicon;
use crate::ocr::detect::TextBox;
use crate::ocr::geometry::{crop_quad, is_tall, Point, Quad};
use crate::ocr::model::mostly_upside_down;
use crate::ocr::recognize::CharFilter;
use crate::ocr::{gaps, glued, numerals, stacked};
use image::RgbImage;

/// Lines whose 0/180 vote decides a card's orientation.
const ORIENTATION_VOTERS: usize = 12;

/// Lines read from one image, with their crops kept for a second, restricted decode.
pub(super) struct ReadLines {
    pub lines: Vec<Line>,
    pub crops: Vec<RgbImage>,
    /// Per line, the output step of each character.
    pub steps: Vec<Vec<u32>>,
}

/// The crops of one image's text boxes, made once: each turned upright when its box is
/// tall, a box holding two lines split in two.
pub(super) struct Crops {
    pub crops: Vec<RgbImage>,
    pub quads: Vec<Quad>,
}

/// Cut every box out of `image`.
pub(super) fn crop_lines(image: &RgbImage, boxes: &[TextBox]) -> Crops {
    crop_lines_of_height(image, boxes, median_height(boxes.iter().map(|b| &b.quad)))
}

/// The median height of text boxes (the shorter side of each: a tall box is a turned
/// line): one line's, on a card; 0 for none.
pub(super) fn median_height<'a>(quads: impl Iterator<Item = &'a Quad>) -> f32 {
    let heights: Vec<f32> = quads.map(|q| q.height().min(q.width())).collect();
    crate::stats::median(heights).unwrap_or(0.0)
}

/// Cut every box out of `image`; a box much taller than `median_height` is split where it
/// holds two lines.
pub(super) fn crop_lines_of_height(
    image: &RgbImage,
    boxes: &[TextBox],
    median_height: f32,
) -> Crops {
    let mut crops: Vec<RgbImage> = Vec::with_capacity(boxes.len());
    let mut quads = Vec::with_capacity(boxes.len());
    for b in boxes {
        let Some(mut crop) = crop_quad(image, &b.quad) else {
            continue;
        };
        if is_tall(crop.width() as f32, crop.height() as f32) {
            crop = image::imageops::rotate270(&crop);
            crops.push(crop);
            quads.push(b.quad);
            continue;
        }
        // Two lines the detector merged are read one by one.
        let tall = crop.height() as f32 >= stacked::TALLER_THAN_MEDIAN * median_height;
        if let Some(cut) = tall.then(|| stacked::split_row(&crop)).flatten() {
            let t = cut as f32 / crop.height() as f32;
            let (top, bottom) = stacked::split_quad(&b.quad, t);
            let (w, h) = crop.dimensions();
            crops.push(image::imageops::crop_imm(&crop, 0, 0, w, cut).to_image());
            crops.push(image::imageops::crop_imm(&crop, 0, cut, w, h - cut).to_image());
            quads.extend([top, bottom]);
            continue;
        }
        crops.push(crop);
        quads.push(b.quad);
    }
    Crops { crops, quads }
}

/// The boxes of an image of `size` as they lie once it is turned half a turn.
pub(super) fn turned_180(boxes: &[TextBox], (w, h): (u32, u32)) -> Vec<TextBox> {
    let (w, h) = (w as f32, h as f32);
    boxes
        .iter()
        .map(|b| {
            let [tl, tr, br, bl] = b.quad.0.map(|p| Point::new(w - p.x, h - p.y));
            TextBox {
                // the old bottom-right corner is the new top-left
                quad: Quad([br, bl, tl, tr]),
                score: b.score,
            }
        })
        .collect()
}

impl Engine {
    /// Whether most of the widest lines read upside down: they carry the most evidence.
    /// Lines are not turned one by one: every line of a card shares its orientation (a
    /// single line's vote is wrong too often, e.g. on the OCR-A NIK).
    pub(super) fn upside_down(&self, crops: &Crops) -> Result<bool> {
        let mut by_width: Vec<&RgbImage> = crops.crops.iter().collect();
        by_width.sort_by_key(|c| std::cmp::Reverse(c.width()));
        let voters: Vec<RgbImage> = by_width
            .into_iter()
            .take(ORIENTATION_VOTERS)
            .cloned()
            .collect();
        Ok(mostly_upside_down(&self.classifier.upside_down(&voters)?))
    }

    /// Recognise the lines of an image whose orientation is settled.
    pub(super) fn read_lines(&self, crops: Crops) -> Result<ReadLines> {
        let Crops { crops, quads } = crops;
        let mut rec = self.recognizer.recognize(&crops, CharFilter::Ascii)?;
        for (crop, r) in crops.iter().zip(&mut rec) {
            gaps::restore(crop, r);
            glued::restore(crop, r, Lexicon::get());
            numerals::restore(crop, r);
        }
        let steps = rec.iter().map(|r| r.char_steps.clone()).collect();
        let lines = rec
            .into_iter()
            .zip(quads)
            .map(|(r, quad)| Line {
                text: r.text,
                char_confidences: r.char_confidences,
                quad,
            })
            .collect();
        Ok(ReadLines {
            lines,
            crops,
            steps,
        })
    }
}

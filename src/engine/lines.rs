//! Reading the text lines of one image: a crop per detected box (turned upright when the box
//! is tall), the widest lines' vote on whether the image is upside down, and recognition.

use super::Engine;
use crate::error::Result;
use crate::fields::Line;
use crate::ocr::detect::TextBox;
use crate::ocr::geometry::{crop_quad, is_tall};
use crate::ocr::model::mostly_upside_down;
use crate::ocr::recognize::CharFilter;
use crate::ocr::{gaps, stacked};
use image::RgbImage;

/// Lines whose 0/180 vote decides a card's orientation.
const ORIENTATION_VOTERS: usize = 12;

/// Lines read from one image, with their crops kept for a second, restricted decode.
pub(super) struct ReadLines {
    pub lines: Vec<Line>,
    pub crops: Vec<RgbImage>,
    /// Per line, the output step of each character.
    pub steps: Vec<Vec<u32>>,
    /// Most voting lines read upside down.
    pub upside_down: bool,
}

impl Engine {
    pub(super) fn read_lines(&self, image: &RgbImage, boxes: &[TextBox]) -> Result<ReadLines> {
        let mut crops: Vec<RgbImage> = Vec::with_capacity(boxes.len());
        let mut quads = Vec::with_capacity(boxes.len());
        let heights: Vec<f32> = boxes
            .iter()
            .map(|b| b.quad.height().min(b.quad.width()))
            .collect();
        let median_height = crate::stats::median(heights).unwrap_or(0.0);
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
        // The widest lines vote on the orientation: they carry the most evidence.
        let mut by_width: Vec<&RgbImage> = crops.iter().collect();
        by_width.sort_by_key(|c| std::cmp::Reverse(c.width()));
        let voters: Vec<RgbImage> = by_width
            .into_iter()
            .take(ORIENTATION_VOTERS)
            .cloned()
            .collect();
        let flips = self.classifier.upside_down(&voters)?;
        // Lines are not turned one by one: every line of a card shares its orientation,
        // which the caller settles from this majority (a single line's vote is wrong too
        // often, e.g. on the OCR-A NIK).
        let mut rec = self.recognizer.recognize(&crops, CharFilter::Ascii)?;
        for (crop, r) in crops.iter().zip(&mut rec) {
            gaps::restore(crop, r);
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
            upside_down: mostly_upside_down(&flips),
        })
    }
}

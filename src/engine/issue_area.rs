//! The issue place and date, when the card's reading holds neither or one of them: the
//! area under the photo detected again on its print alone.
//!
//! On cards with a strong watermark the detector merges the diagonal `KARTU TANDA
//! PENDUDUK` lines with the issue place and date into one region whose mean probability is
//! too low to keep, so nothing is read there at all (60 `real_like` cards, seed 77: 13
//! places and 13 dates wrong, most of them not read). The print is black or navy, the
//! watermark light blue:
//! with everything lighter than the print turned white ([`card::ink`]), the detector finds
//! the lines apart. Only this area is treated so: on a whole blurred card the same split
//! eats thin strokes.

use super::lines::{crop_lines_of_height, median_height, ReadLines};
use super::Engine;
use crate::card;
use crate::error::Result;
use crate::fields::{self, ParsedFields};
use crate::ocr::detect::DET_MAX_SIDE;
use crate::ocr::geometry::Point;
use image::RgbImage;

/// The fields this area holds.
const ISSUE_FIELDS: [&str; 2] = ["tempat_terbit", "tanggal_terbit"];

impl Engine {
    /// Detect and read the area under the photo of a rectified card again, on its print
    /// alone, when the issue place or date was not read; the lines found join `read` and
    /// the fields missing are taken from a parse in which they replace the lines first
    /// read in that area. A value the card's reading holds is never replaced, and a place
    /// is only taken when it names a regency or city. Returns the fields taken.
    pub(super) fn read_issue_area(
        &self,
        card_image: &RgbImage,
        read: &mut ReadLines,
        parsed: &mut ParsedFields,
    ) -> Result<Vec<&'static str>> {
        if ISSUE_FIELDS.iter().all(|f| parsed.fields.contains_key(f)) {
            return Ok(Vec::new());
        }
        let photo = card::photo::photo_box(card_image);
        let area = card::photo::issue_area(photo, card_image.dimensions());
        let (x0, y0, x1, y1) = area.rect.bounds();
        let (ax, ay) = (x0 as u32, y0 as u32);
        let (aw, ah) = ((x1 - x0) as u32, (y1 - y0) as u32);
        if aw < 16 || ah < 16 {
            return Ok(Vec::new());
        }
        let crop = image::imageops::crop_imm(card_image, ax, ay, aw, ah).to_image();
        let Some(print) = card::ink::dark_print(&crop, (area.below_photo_y - y0).max(0.0) as u32)
        else {
            return Ok(Vec::new());
        };
        let boxes = self.detector.detect(&print, DET_MAX_SIDE)?;
        if boxes.is_empty() {
            return Ok(Vec::new());
        }
        // Place and date close together come as one box: split it by the card's own line
        // height (the issue lines are printed like the rows), not by these few boxes'.
        let line_h = if read.lines.is_empty() {
            median_height(boxes.iter().map(|b| &b.quad))
        } else {
            median_height(read.lines.iter().map(|l| &l.quad))
        };
        // The lines are read off the card's own pixels: once it has the box, the recogniser
        // reads print over a watermark well (the treated image read the same on 120 cards).
        let mut new = self.read_lines(crop_lines_of_height(&crop, &boxes, line_h))?;
        let offset = |p: Point| Point::new(p.x + ax as f32, p.y + ay as f32);
        for l in &mut new.lines {
            l.quad = l.quad.map(offset);
        }

        // The parse sees the card's lines outside the area and the new ones inside it.
        let first_new = read.lines.len();
        let mut index: Vec<usize> = Vec::new();
        let mut lines = Vec::new();
        for (i, l) in read.lines.iter().enumerate() {
            if !area.rect.contains(l.quad.center()) {
                index.push(i);
                lines.push(l.clone());
            }
        }
        index.extend(first_new..first_new + new.lines.len());
        lines.extend(new.lines.iter().cloned());
        let again = fields::parse(&lines);
        let mut took = Vec::new();
        for name in ISSUE_FIELDS {
            if parsed.fields.contains_key(name) {
                continue;
            }
            let Some(mut v) = again.fields.get(name).cloned() else {
                continue;
            };
            // Read off a treated image, a place must name a regency or city to be taken:
            // a dark watermark keeps its words through the split.
            if name == "tempat_terbit" && !fields::region::is_issue_place(&v.value) {
                continue;
            }
            v.lines = v.lines.iter().map(|&i| index[i]).collect();
            parsed.fields.insert(name, v);
            took.push(name);
        }
        if !took.is_empty() {
            read.lines.extend(new.lines);
            read.crops.extend(new.crops);
            read.steps.extend(new.steps);
        }
        Ok(took)
    }
}

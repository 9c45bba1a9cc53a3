//! Values the detector's box cut short: a row's value whose box ends where its print goes
//! on is read again from a box carried to the print's end.
//!
//! Under a strong watermark or glare the detector can end a value's box a word early
//! (`TANJUNG PINANG` of `TANJUNG PINANG TIMUR`, `10-08` of a date, `KARY` of `KARYAWAN
//! SWASTA`): the last word, printed over the watermark's letters, got no box of its own.
//! The print is still there: dark past the box's end, within a word space of it. A value
//! so carried counts as read from a band (`confidence::FROM_BAND`): its box was placed by
//! the print found, not by the detector.

use super::lines::{Crops, ReadLines};
use super::missed_rows::{print_columns, VALUE_END_GAP};
use super::Engine;
use crate::calendar::Date;
use crate::confidence;
use crate::error::Result;
use crate::fields::labels::Label;
use crate::fields::{self, ParsedFields};
use crate::ocr::geometry::{crop_quad, Point, Quad};
use image::RgbImage;

/// What follows a box by less than this many of its heights is not worth a reading: a
/// stroke of the last letter the box clipped.
const MIN_EXTENSION: f32 = 0.5;
/// Every character the carried box adds is read at this confidence or more. A strong
/// watermark can be as dark as the print; its letters, cut and overlapping, read unsure
/// (`TELUK BATANG PENDURTU TANDDUK`: 0.003 at the least, `LINGK. V A`: 0.27), the word the
/// box missed sure (`TANJUNG PINANG TIMUR`: 0.998).
const MIN_ADDED_CONFIDENCE: f32 = 0.9;

/// The box `line` (the last of a row's value) carried to the end of the print that goes on
/// past it within `band` (the row's value band). `None` where nothing dark follows the box
/// within a word space, or too little.
fn carried_box(image: &RgbImage, line: &Quad, band: &Quad) -> Option<Quad> {
    let [tl, tr, br, bl] = line.0;
    let (left, right) = (tl.towards(bl, 0.5), right_end(line));
    let width = left.distance(right);
    let height = tl.distance(bl).max(tr.distance(br));
    if width < 1.0 || height < 1.0 {
        return None;
    }
    // how far the band runs on past the box, along the box's own line
    let band_end = right_end(band);
    let (ux, uy) = ((right.x - left.x) / width, (right.y - left.y) / width);
    let room = (band_end.x - right.x) * ux + (band_end.y - right.y) * uy;
    if room < MIN_EXTENSION * height {
        return None;
    }
    let reach = 1.0 + room / width;
    let beyond = Quad([tr, tl.towards(tr, reach), bl.towards(br, reach), br]);
    let crop = crop_quad(image, &beyond)?;
    let (first, last) = print_columns(&crop)?;
    // the print must go on within a word space of the box, and reach some way
    if first as f32 > VALUE_END_GAP * height || (last as f32) < MIN_EXTENSION * height {
        return None;
    }
    let scale = crop.width() as f32 / room.max(1.0);
    let k = 1.0 + last as f32 / scale / width;
    Some(Quad([tl, tl.towards(tr, k), bl.towards(br, k), bl]))
}

/// The right end's middle of a box.
fn right_end(q: &Quad) -> Point {
    q.0[1].towards(q.0[2], 0.5)
}

impl Engine {
    /// Read again, carried to the print's end, the last box of every row's value whose
    /// print goes on past it; the card is parsed again with those readings in the boxes'
    /// place, and a field takes the new value only where it is the old one continued and has
    /// its field's form. Returns the fields taken.
    pub(super) fn read_cut_values(
        &self,
        image: &RgbImage,
        read: &mut ReadLines,
        parsed: &mut ParsedFields,
        reference: Date,
    ) -> Result<Vec<&'static str>> {
        let Some(layout) = &parsed.layout else {
            return Ok(Vec::new());
        };
        // Gol. Darah follows the gender on its row; the NIK has a reading of its own
        let rows = Label::ROWS[1..]
            .iter()
            .filter(|l| **l != Label::JenisKelamin);
        let mut targets: Vec<(usize, Quad)> = Vec::new();
        for label in rows {
            let Some(band) = layout.value_band(label.row()) else {
                continue;
            };
            let last = label
                .fields()
                .iter()
                .filter_map(|n| parsed.fields.get(n))
                .filter(|f| !f.value.is_empty())
                .flat_map(|f| f.lines.iter().copied())
                .filter(|&i| band.contains(read.lines[i].quad.center()))
                .max_by(|&a, &b| {
                    right_end(&read.lines[a].quad)
                        .x
                        .total_cmp(&right_end(&read.lines[b].quad).x)
                });
            let Some(i) = last else { continue };
            if targets.iter().any(|t| t.0 == i) {
                continue;
            }
            if let Some(quad) = carried_box(image, &read.lines[i].quad, &band) {
                targets.push((i, quad));
            }
        }
        let (mut crops, mut quads) = (Vec::new(), Vec::new());
        targets.retain(|(_, quad)| match crop_quad(image, quad) {
            Some(crop) => {
                crops.push(crop);
                quads.push(*quad);
                true
            }
            None => false,
        });
        if crops.is_empty() {
            return Ok(Vec::new());
        }
        let new = self.read_lines(Crops { crops, quads })?;
        let mut lines = read.lines.clone();
        for (k, (i, _)) in targets.iter().enumerate() {
            lines[*i] = new.lines[k].clone();
        }
        let again = fields::parse(&lines);
        let mut took = Vec::new();
        for (name, old) in parsed.fields.iter_mut() {
            let Some(v) = again.fields.get(name) else {
                continue;
            };
            // the carried boxes of this value, and the confidence of what each adds
            let carried: Vec<f32> = targets
                .iter()
                .enumerate()
                .filter(|(_, (i, _))| v.lines.contains(i))
                .map(|(k, (i, _))| {
                    let before = read.lines[*i].text.chars().count();
                    new.lines[k].char_confidences[before.min(new.lines[k].char_confidences.len())..]
                        .iter()
                        .copied()
                        .fold(1.0, f32::min)
                })
                .collect();
            // the old value continued by a word (or a date's part) of its own: a box that
            // ended a word early ends at a word's end, and letters glued onto the last
            // word are the watermark's
            let continued = v
                .value
                .strip_prefix(old.value.as_str())
                .and_then(|added| added.chars().next())
                .is_some_and(|c| !c.is_alphanumeric())
                && !old.value.is_empty();
            let sure = !carried.is_empty() && carried.iter().all(|&c| c >= MIN_ADDED_CONFIDENCE);
            if sure && continued && confidence::plausible(name, &v.value, reference) {
                *old = v.clone();
                took.push(*name);
            }
        }
        // the boxes carried into a field taken replace theirs; the others stay as read
        for (k, (i, _)) in targets.iter().enumerate() {
            if took.iter().any(|n| parsed.fields[n].lines.contains(i)) {
                read.lines[*i] = new.lines[k].clone();
                read.crops[*i] = new.crops[k].clone();
                read.steps[*i] = new.steps[k].clone();
            }
        }
        Ok(took)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::card::ink::drawn::{self, PRINT, WATERMARK};
    use image::Rgb;

    /// A row 40 px high: `blocks` of letters over the card's ground.
    fn row(blocks: &[(u32, u32, Rgb<u8>)]) -> RgbImage {
        drawn::row(700, 40, 12..28, blocks)
    }

    fn boxed(x0: f32, x1: f32) -> Quad {
        Quad::from_rect(x0, 8.0, x1, 32.0)
    }

    #[test]
    fn a_box_ending_a_word_early_is_carried_to_the_print_end() {
        // `TANJUNG PINANG` boxed, `TIMUR` printed 8 px on without a box, the watermark after
        let image = row(&[(20, 200, PRINT), (208, 280, PRINT), (290, 420, WATERMARK)]);
        let band = Quad::from_rect(10.0, 6.0, 600.0, 34.0);
        let carried = carried_box(&image, &boxed(16.0, 204.0), &band).expect("carried");
        let end = right_end(&carried).x;
        assert!((280.0..=292.0).contains(&end), "{end}");
        // the box's left end stays
        assert_eq!(carried.0[0], boxed(16.0, 204.0).0[0]);
    }

    #[test]
    fn a_box_that_holds_its_whole_value_is_not_carried() {
        let band = Quad::from_rect(10.0, 6.0, 600.0, 34.0);
        // only the watermark, or nothing, after the value
        for image in [
            row(&[(20, 200, PRINT), (220, 420, WATERMARK)]),
            row(&[(20, 200, PRINT)]),
        ] {
            assert_eq!(carried_box(&image, &boxed(16.0, 204.0), &band), None);
        }
        // the next print far off (`Gol. Darah` after a gender): no continuation
        let image = row(&[(20, 200, PRINT), (300, 380, PRINT)]);
        assert_eq!(carried_box(&image, &boxed(16.0, 204.0), &band), None);
    }
}

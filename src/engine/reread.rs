//! Second readings of three hard values: the NIK with the recogniser restricted to digits,
//! the blood type, a single short character the detector's box often leaves out, and the
//! issue place's first line under the photo. Each returns what it read; the pass decides
//! what it replaces.

use super::lines::ReadLines;
use super::Engine;
use crate::calendar::Date;
use crate::card;
use crate::error::Result;
use crate::fields::{self, FieldValue, Line, ParsedFields};
use crate::nik::{self, Correction, DigitRead};
use crate::ocr::geometry::{crop_quad, Point, Quad};
use crate::ocr::recognize::{crop_x_of_step, mean_confidence, CharFilter};
use image::RgbImage;

/// Confidence given to a dash found in the pixels rather than read by the recogniser.
const DASH_CONFIDENCE: f32 = 0.8;
/// Confidence of a dash inferred where nothing at all was read after the label.
const INFERRED_DASH_CONFIDENCE: f32 = 0.5;
/// The `Gol. Darah` label's box is stretched this many line heights to the right to take
/// its value in...
const BLOOD_TYPE_STRETCH: f32 = 2.0;
/// ...or, where that reading is unsure and the photo begins within this many, up to the
/// photo: many cards print the value (often a lone `-`) just before the photo, past the
/// colon at 0.60-0.64 W.
const BLOOD_TYPE_REACH: f32 = 5.0;
/// A blood type read in the usual reach at this confidence or more is not looked for
/// further right (the inferred dash is never sure): the colon's neighbourhood is misread as
/// `A` or `B` at 0.6-0.7.
const SURE_BLOOD_TYPE: f32 = 0.9;
/// Pixels kept clear of the photo's edge.
const PHOTO_EDGE_MARGIN: u32 = 2;

/// The line `q` stretched `by` line heights to the right, cut from `image`.
fn stretched_crop(image: &RgbImage, q: &Quad, by: f32) -> Option<RgbImage> {
    let [tl, tr, br, bl] = q.0;
    let d = by * q.height() / q.width().max(1.0);
    let (dx, dy) = ((tr.x - tl.x) * d, (tr.y - tl.y) * d);
    crop_quad(
        image,
        &Quad([
            tl,
            Point::new(tr.x + dx, tr.y + dy),
            Point::new(br.x + dx, br.y + dy),
            bl,
        ]),
    )
}

/// The `Gol. Darah` label's line (`q`) stretched up to the photo, when the photo begins
/// within [`BLOOD_TYPE_REACH`] line heights.
fn crop_to_photo(image: &RgbImage, q: &Quad) -> Option<RgbImage> {
    let far = stretched_crop(image, q, BLOOD_TYPE_REACH)?;
    let label_end = q.width() as u32;
    let x = card::photo::starts_in_strip(&far, label_end)?;
    (x > label_end + PHOTO_EDGE_MARGIN).then(|| {
        image::imageops::crop_imm(&far, 0, 0, x - PHOTO_EDGE_MARGIN, far.height()).to_image()
    })
}

/// The NIK as read again with digits only, and what the validator made of it.
pub(super) struct NikReread {
    pub value: String,
    pub confidence: f32,
    pub correction: Correction,
}

/// The band above the issue place (or above the date, when no place was read) that is read
/// again: this many line heights high...
const PLACE_BAND_LINES: f32 = 1.3;
/// ...and wider than the date by this share of its width on each side (a place's first
/// line, `KABUPATEN`, is often wider than the date).
const PLACE_BAND_WIDEN: f32 = 0.35;

impl Engine {
    /// Decode the NIK line again with the recogniser restricted to digits, which removes
    /// the letter/digit confusions (O/0, I/1, B/8) of an unrestricted read.
    pub(super) fn reread_digits(
        &self,
        read: &ReadLines,
        parsed: &ParsedFields,
        reference: Date,
    ) -> Result<Option<NikReread>> {
        let Some(nik) = parsed.fields.get("nik") else {
            return Ok(None);
        };
        // Only the part of each line from where the value begins: a label read in the same
        // box (`NIK :`) holds letters that look like digits.
        let crops: Vec<RgbImage> = nik
            .lines
            .iter()
            .zip(&nik.starts)
            .map(|(&i, &start)| {
                let crop = &read.crops[i];
                let step = read.steps[i].get(start).copied().unwrap_or(0);
                // half a step back: the character begins a little before its peak
                let x = crop_x_of_step(crop, step.saturating_sub(1));
                image::imageops::crop_imm(crop, x, 0, crop.width() - x, crop.height()).to_image()
            })
            .filter(|c| c.width() > 0)
            .collect();
        let rec = self.recognizer.recognize(&crops, CharFilter::Digits)?;
        let digits: Vec<DigitRead> = rec
            .iter()
            .flat_map(|r| {
                r.text
                    .chars()
                    .zip(&r.char_confidences)
                    .zip(&r.char_alternatives)
                    .map(|((digit, &confidence), &alternative)| DigitRead {
                        digit,
                        confidence,
                        alternative,
                    })
            })
            .collect();
        if digits.is_empty() {
            return Ok(None);
        }
        let issued = parsed
            .fields
            .get("tanggal_terbit")
            .map_or("", |f| f.value.as_str());
        let correction = nik::correct(&digits, nik::reference_year(issued, reference));
        let confidences: Vec<f32> = digits.iter().map(|d| d.confidence).collect();
        Ok(Some(NikReread {
            value: correction.value.clone(),
            confidence: mean_confidence(&confidences),
            correction,
        }))
    }

    /// `Gol. Darah` read but no value after it: the value (often a lone `-` or `O`) lies
    /// just right of the detected box. Read the label's line again with the box stretched
    /// to the right.
    pub(super) fn reread_blood_type(
        &self,
        image: &RgbImage,
        read: &ReadLines,
        parsed: &ParsedFields,
    ) -> Result<Option<FieldValue>> {
        let Some(li) = parsed.gol_darah_label_line else {
            return Ok(None);
        };
        // A blood type read as such is kept; one inferred from a lone mark is read again.
        if parsed
            .fields
            .get("gol_darah")
            .is_some_and(|f| fields::vocab::is_blood_type(&f.value) && f.repair.is_none())
        {
            return Ok(None);
        }
        let q = read.lines[li].quad;
        let Some(short) = stretched_crop(image, &q, BLOOD_TYPE_STRETCH) else {
            return Ok(None);
        };
        let label_end = q.width() as u32;
        let mut found = self.blood_type_in(&short, label_end)?;
        // Not read for sure in the label's usual reach: the value may sit further right,
        // just before the photo. The likelier of the two readings is kept.
        let weight = |f: &FieldValue| {
            if fields::vocab::is_blood_type(&f.value) {
                f.confidence
            } else {
                0.0
            }
        };
        let sure = found.as_ref().is_some_and(|f| {
            f.repair != Some(fields::Repair::Inferred) && weight(f) >= SURE_BLOOD_TYPE
        });
        if !sure {
            if let Some(long) = crop_to_photo(image, &q) {
                if let Some(far) = self.blood_type_in(&long, label_end)? {
                    if found.as_ref().is_none_or(|f| weight(&far) > weight(f)) {
                        found = Some(far);
                    }
                }
            }
        }
        Ok(found.map(|f| FieldValue {
            lines: vec![li],
            ..f
        }))
    }

    /// The blood type read in `crop`, a strip starting with the `Gol. Darah` label's box,
    /// which ends at `label_end` (its `starts` the label's end; no `lines`). Where this
    /// reading of the strip misses the label (blur reads it differently each time), the
    /// label is taken to end where its box does.
    fn blood_type_in(&self, crop: &RgbImage, label_end: u32) -> Result<Option<FieldValue>> {
        let rec = self
            .recognizer
            .recognize(std::slice::from_ref(crop), CharFilter::Ascii)?;
        let Some(r) = rec.first() else {
            return Ok(None);
        };
        let end = match fields::labels::find_gol_darah(&r.text) {
            Some((_, end)) => end,
            None => r
                .char_steps
                .iter()
                .position(|&step| crop_x_of_step(crop, step) >= label_end)
                .unwrap_or(r.char_steps.len()),
        };
        let rest: String = r.text.chars().skip(end).collect();
        let (mut value, mut repair) =
            fields::values::blood_type(fields::text::strip_separator(&rest));
        let mut confs = r.char_confidences[end.min(r.char_confidences.len())..].to_vec();
        if !fields::vocab::is_blood_type(&value) {
            // Nothing read, or no blood type (the watermark's letters, a dash read as one):
            // a lone `-` after the colon is dropped when read along with the label; alone,
            // right of the label, it is read. Start right after the colon when one was read,
            // else after the label.
            let colon = r.text.chars().skip(end).position(|c| c == ':');
            let last = colon.map_or(end, |p| end + p + 1).saturating_sub(1);
            let step = r.char_steps.get(last).copied().unwrap_or(0);
            let x = crop_x_of_step(crop, step + 1);
            if x + 4 < crop.width() {
                let tail = image::imageops::crop_imm(crop, x, 0, crop.width() - x, crop.height())
                    .to_image();
                if crate::ocr::dash::ends_with_dash(&tail) {
                    value = fields::values::DASH.into();
                    // seen in the pixels, not read: a middling confidence
                    confs = vec![DASH_CONFIDENCE];
                } else if value.is_empty() {
                    if let Some(t) = self
                        .recognizer
                        .recognize(&[tail], CharFilter::Ascii)?
                        .first()
                    {
                        (value, repair) =
                            fields::values::blood_type(fields::text::strip_separator(&t.text));
                        confs.clone_from(&t.char_confidences);
                    }
                }
            }
        }
        if value.is_empty() {
            // The label with nothing after it, read three ways: a dash too faint to be seen
            // is the likeliest (about half the cards print one), and is only inferred.
            value = fields::values::DASH.into();
            repair = Some(fields::Repair::Inferred);
            confs = vec![INFERRED_DASH_CONFIDENCE];
        }
        Ok(Some(FieldValue {
            value,
            confidence: mean_confidence(&confs),
            lines: Vec::new(),
            starts: vec![end],
            repair,
        }))
    }

    /// The issue place's first line sits right under the photo, where the detector often
    /// misses it (the photo's edge swallows it): the band above the place (or above the
    /// date), when no box was read there, is read, and its text kept when with the place it
    /// names a regency or city.
    pub(super) fn reread_issue_place(
        &self,
        image: &RgbImage,
        read: &ReadLines,
        parsed: &ParsedFields,
    ) -> Result<Option<(Line, FieldValue)>> {
        let Some(date) = parsed.fields.get("tanggal_terbit") else {
            return Ok(None);
        };
        let Some(date_quad) = date.lines.first().map(|&i| read.lines[i].quad) else {
            return Ok(None);
        };
        let place = parsed.fields.get("tempat_terbit");
        let top_quad = place
            .and_then(|p| p.lines.iter().map(|&i| read.lines[i].quad).next())
            .unwrap_or(date_quad);
        let (dx0, _, dx1, _) = date_quad.bounds();
        let (_, ty0, _, _) = top_quad.bounds();
        let line_h = date_quad.height();
        let widen = PLACE_BAND_WIDEN * (dx1 - dx0);
        let (x0, x1) = (
            (dx0 - widen).max(0.0),
            (dx1 + widen).min(image.width() as f32),
        );
        let (y1, y0) = (ty0, (ty0 - PLACE_BAND_LINES * line_h).max(0.0));
        if x1 - x0 < 8.0 || y1 - y0 < line_h * 0.6 {
            return Ok(None);
        }
        // Only where no box was read already.
        let band = Quad::from_rect(x0, y0, x1, y1);
        let covered = read.lines.iter().any(|l| {
            let c = l.quad.center();
            band.contains(c)
        });
        if covered {
            return Ok(None);
        }
        let Some(crop) = crop_quad(image, &band) else {
            return Ok(None);
        };
        let rec = self
            .recognizer
            .recognize(std::slice::from_ref(&crop), CharFilter::Ascii)?;
        let Some(r) = rec.first() else {
            return Ok(None);
        };
        let line = fields::text::clean_value(&r.text);
        let letters = line.chars().filter(|c| c.is_alphabetic()).count();
        if letters < 3 || line.chars().any(|c| c.is_ascii_digit()) {
            return Ok(None);
        }
        let value = match place {
            Some(p) => format!("{line} {}", p.value),
            None => line,
        };
        if !fields::region::is_issue_place(&value) {
            return Ok(None);
        }
        let mut confs = r.char_confidences.clone();
        confs.extend(place.map(|p| p.confidence));
        let (lines, starts) =
            place.map_or_else(Default::default, |p| (p.lines.clone(), p.starts.clone()));
        let band_line = Line {
            text: r.text.clone(),
            char_confidences: r.char_confidences.clone(),
            quad: band,
        };
        Ok(Some((
            band_line,
            FieldValue {
                value,
                confidence: mean_confidence(&confs),
                lines,
                starts,
                repair: None,
            },
        )))
    }
}

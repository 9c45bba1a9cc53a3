//! One reading of an image: the card found and straightened (or, failing that, the whole
//! image turned upright), its lines read and parsed, the hard values read again, region
//! names checked against the official table. The engine may try both placements and keep
//! the pass holding more of the card.

use super::lines::{self, ReadLines};
use super::orientation::quarter_turns;
use super::reread::NikReread;
use super::{ms, Engine, MIN_LABELS};
use crate::calendar::Date;
use crate::card::{self, quality};
use crate::confidence::after_region_repair;
use crate::error::Result;
use crate::fields::{self, FieldValue, Line, ParsedFields};
use crate::nik::{self, Correction};
use crate::ocr::detect::DET_MAX_SIDE;
use crate::ocr::geometry::{Point, Quad};
use crate::reading::{CardView, Timings};
use crate::trace::{Trace, TracedLine};
use image::RgbImage;
use std::collections::BTreeMap;
use std::time::Instant;

/// A card pass whose values add up to less confidence than this (see [`fields::evidence`];
/// a clear card scores about 19.5 of 20) is also read without its outline, which glare or a
/// background of the card's colour can misplace.
const SURE_EVIDENCE: f32 = 16.0;

/// How the image the text was read from sits in the input image.
pub(crate) enum Placement {
    /// A rectified card.
    Card(Box<card::Rectified>),
    /// The input itself, turned by `rotation` degrees clockwise and cut at `offset`.
    Whole {
        image: RgbImage,
        offset: Point,
        rotation: u16,
        input_size: (f32, f32),
    },
}

impl Placement {
    /// The image the text was read from.
    pub(crate) fn image(&self) -> &RgbImage {
        match self {
            Placement::Card(r) => &r.image,
            Placement::Whole { image, .. } => image,
        }
    }

    /// A point of that image in input pixels.
    pub(crate) fn to_input(&self, p: Point) -> Point {
        match self {
            Placement::Card(r) => r.to_input(p),
            Placement::Whole {
                offset,
                rotation,
                input_size: (w, h),
                ..
            } => {
                let (x, y) = (p.x + offset.x, p.y + offset.y);
                match rotation {
                    90 => Point::new(y, h - x),
                    180 => Point::new(w - x, h - y),
                    270 => Point::new(w - y, x),
                    _ => Point::new(x, y),
                }
            }
        }
    }

    /// A point of the input in the image read, for a whole-image placement (the inverse of
    /// [`Placement::to_input`]); `None` for a card, whose image is a straightened warp.
    pub(crate) fn whole_from_input(&self, p: Point) -> Option<Point> {
        let Placement::Whole {
            offset,
            rotation,
            input_size: (w, h),
            ..
        } = self
        else {
            return None;
        };
        let (x, y) = match rotation {
            90 => (h - p.y, p.x),
            180 => (w - p.x, h - p.y),
            270 => (p.y, w - p.x),
            _ => (p.x, p.y),
        };
        Some(Point::new(x - offset.x, y - offset.y))
    }

    /// Clockwise quarter turns of the card in the input, in degrees.
    pub(crate) fn orientation(&self) -> u16 {
        match self {
            Placement::Card(r) => quarter_turns(r.corners.0[0], r.corners.0[1]),
            Placement::Whole { rotation, .. } => *rotation,
        }
    }

    /// The card's outline in the input, when one was found.
    pub(crate) fn outline(&self) -> Option<Quad> {
        match self {
            Placement::Card(r) => Some(r.corners),
            Placement::Whole { .. } => None,
        }
    }

    pub(crate) fn is_card(&self) -> bool {
        matches!(self, Placement::Card(_))
    }
}

/// Everything one pass produced.
pub(crate) struct Pass {
    pub lines: Vec<Line>,
    /// The final values: the parser's, with the re-read NIK and blood type and the region
    /// names the official table resolved.
    pub fields: BTreeMap<&'static str, FieldValue>,
    pub labels_found: usize,
    /// What the NIK validator did to the digits-only reading, when it ran.
    pub nik_correction: Option<Correction>,
    /// Region fields whose value the official table did not resolve (kept as read).
    pub unresolved_regions: Vec<&'static str>,
    /// The card's geometry as its labels place it.
    pub layout: Option<fields::LayoutSummary>,
    /// The holder's photo, when the card was rectified.
    pub head: Option<RgbImage>,
    pub placement: Placement,
    /// Fields read only by the card placement's second look at the area under the photo
    /// (see `issue_area`): a reading of the whole image has no such look, so they are left
    /// out of the evidence that compares the two.
    pub issue_area_fields: Vec<&'static str>,
    /// Fields read from the layout's band of a row where the detector found no line (see
    /// `missed_rows`): left out of the evidence too, which weighs what each reading's own
    /// lines hold (a reading that needs bands is the less sure one; counted, they made a
    /// card pass over watermark lines look sure enough to skip the whole image's reading).
    pub band_fields: Vec<&'static str>,
    /// The NIK passes every check and the province header, read from a line of its own,
    /// names its province (see [`Pass::is_ktp`]).
    pub header_confirms_nik: bool,
}

impl Pass {
    /// Whether the pass read enough of a KTP to answer: enough labels, or, where blur or
    /// wear left the small label print unreadable, a valid NIK under a province header that
    /// names the NIK's own province. Both are printed large and bold, and a NIK passing every
    /// check (region codes in the table, a calendar date) whose province the header repeats
    /// does not happen by chance.
    pub(crate) fn is_ktp(&self) -> bool {
        self.rows_labelled() || self.header_confirms_nik
    }

    /// Whether enough labels were read to place the card's rows (and the card itself).
    pub(crate) fn rows_labelled(&self) -> bool {
        self.labels_found >= MIN_LABELS
    }

    /// How much of the card the pass holds (see [`fields::evidence`]), leaving out what only
    /// a card placement can read and what was read from bands.
    pub(crate) fn evidence(&self) -> f32 {
        fields::evidence(
            self.fields
                .iter()
                .filter(|(name, _)| {
                    !self.issue_area_fields.contains(name) && !self.band_fields.contains(name)
                })
                .map(|(_, f)| f),
        )
    }

    /// Take the issue place and date that only `card`'s look at the area under the photo
    /// read (see `issue_area`), where this whole-image pass, kept for reading more of the
    /// rest, has none (its own look there, with the photo placed as on a card filling the
    /// image, found nothing): what was read is not dropped.
    /// Their lines join this pass's, placed in its image.
    fn adopt_issue_area_fields(&mut self, card: &Pass) {
        if self.placement.is_card() {
            return;
        }
        for &name in &card.issue_area_fields {
            if self.fields.get(name).is_some_and(|f| !f.value.is_empty()) {
                continue;
            }
            let Some(field) = card.fields.get(name) else {
                continue;
            };
            let mut lines = Vec::new();
            for &i in &field.lines {
                let Some(line) = card.lines.get(i) else {
                    continue;
                };
                let mut moved = line.clone();
                moved.quad = line.quad.map(|p| {
                    let input = card.placement.to_input(p);
                    self.placement.whole_from_input(input).unwrap_or(input)
                });
                lines.push(self.lines.len());
                self.lines.push(moved);
            }
            let mut field = field.clone();
            field.lines = lines;
            self.fields.insert(name, field);
            self.issue_area_fields.push(name);
        }
    }

    /// The card as its layout places it, in input pixels.
    fn frame_in_input(&self) -> Option<Quad> {
        let frame = self.layout.as_ref()?.card_frame()?;
        Some(frame.map(|p| self.placement.to_input(p)))
    }

    /// Capture-quality measures of the card as read; `input` is the input image's size.
    /// Whether the card is cut is judged by where its layout places it; only a pass without
    /// a layout falls back to its outline or text reaching the edge.
    pub(crate) fn quality(&self, (iw, ih): (u32, u32)) -> quality::Quality {
        let (iw, ih) = (iw as f32, ih as f32);
        let frame = self.frame_in_input();
        let dated = self.layout.as_ref().is_some_and(|l| l.width_measured());
        let frame_cut = frame.map(|f| quality::frame_cut(&f, (iw, ih), dated));
        match &self.placement {
            Placement::Card(rect) => {
                // The outline runs a little inside the card's rounded edge (2-4% of its
                // width measured on cards of 600-613 px that it put under 600); the layout's
                // frame, placed from the labels and the issue date, does not shrink so.
                let outline = rect.corners.mean_sides().0;
                let width = frame.map_or(outline, |f| outline.max(f.mean_sides().0));
                let upright = self.layout.as_ref().is_none_or(|l| l.columns_upright());
                let incomplete = match frame {
                    // Columns that lean apart say the outline straightened the card unevenly:
                    // it was found along something else (a text line, the photo), so neither
                    // it nor the frame placed through it says where the card lies.
                    _ if !upright => false,
                    // A card cropped to its edges is whole unless its layout says clearly
                    // more card lies beyond them: the frame's priors err by about 5%, as far
                    // as a tight crop is from the edges.
                    Some(f) if quality::tight_crop(&rect.corners, (iw, ih)) => {
                        quality::tight_crop_cut(&f, &rect.corners)
                    }
                    _ => frame_cut.unwrap_or_else(|| quality::outline_cut(&rect.corners, (iw, ih))),
                };
                quality::measure(&rect.image, width, true, incomplete)
            }
            Placement::Whole { image, .. } => {
                let bounds = Quad::union_bounds(self.lines.iter().map(|l| &l.quad));
                let Some((x0, y0, x1, y1)) = bounds else {
                    return quality::measure(image, 0.0, false, false);
                };
                // In the input, text near an edge means text cut by it.
                let input_quads: Vec<Quad> = self
                    .lines
                    .iter()
                    .map(|l| l.quad.map(|p| self.placement.to_input(p)))
                    .collect();
                let incomplete = quality::whole_image_cut(frame_cut, dated, || {
                    Quad::union_bounds(&input_quads).is_some_and(|b| quality::text_cut(b, (iw, ih)))
                });
                let (x0, y0) = (x0.max(0.0) as u32, y0.max(0.0) as u32);
                let (x1, y1) = (
                    (x1.max(0.0) as u32).min(image.width()),
                    (y1.max(0.0) as u32).min(image.height()),
                );
                let text = image::imageops::crop_imm(
                    image,
                    x0,
                    y0,
                    x1.saturating_sub(x0),
                    y1.saturating_sub(y0),
                )
                .to_image();
                // the card's width as its layout says, else from the text's span
                let width = frame.map_or_else(
                    || (x1.saturating_sub(x0)) as f32 / quality::TEXT_WIDTH_SHARE,
                    |f| f.mean_sides().0,
                );
                quality::measure(&text, width, false, incomplete)
            }
        }
    }

    /// The fields whose text glare touches (only asked when the card has glare).
    pub(crate) fn glared_fields(&self) -> Vec<&'static str> {
        let image = self.placement.image();
        let rectified = self.placement.is_card();
        self.fields
            .iter()
            .filter(|(_, field)| {
                field
                    .lines
                    .iter()
                    .filter_map(|&i| self.lines.get(i))
                    .any(|l| quality::glare_near(image, &l.quad, rectified))
            })
            .map(|(name, _)| *name)
            .collect()
    }

    /// The image read with each field's box on it.
    pub(crate) fn card_view(&self) -> Option<CardView> {
        let image = self.placement.image();
        let boxes = self
            .fields
            .iter()
            .filter_map(|(name, f)| {
                let quads = f
                    .lines
                    .iter()
                    .filter_map(|&i| self.lines.get(i))
                    .map(|l| l.quad);
                Some((*name, crate::assemble::union_quad(quads)?))
            })
            .collect();
        Some(CardView {
            image: card::photo::to_base64_jpeg(image)?,
            width: image.width(),
            height: image.height(),
            boxes,
        })
    }

    /// What this pass saw, for a debug picture.
    pub(crate) fn trace(&self, input: &RgbImage) -> Trace {
        let mut field_of = vec![None; self.lines.len()];
        for (name, f) in &self.fields {
            for &i in &f.lines {
                if let Some(slot) = field_of.get_mut(i) {
                    *slot = Some(*name);
                }
            }
        }
        Trace {
            input: input.clone(),
            outline: self.placement.outline(),
            image: self.placement.image().clone(),
            lines: self
                .lines
                .iter()
                .zip(field_of)
                .map(|(l, field)| TracedLine {
                    quad: l.quad,
                    text: l.text.clone(),
                    field,
                })
                .collect(),
        }
    }
}

/// The pass's final values from the parser's, the re-reads and the official region names.
/// A region name the table replaced loses confidence by the edits it took.
fn final_fields(
    parsed: &ParsedFields,
    nik: Option<&NikReread>,
    gol_darah: Option<FieldValue>,
    issue_place: Option<FieldValue>,
) -> (BTreeMap<&'static str, FieldValue>, Vec<&'static str>) {
    let mut fields = parsed.fields.clone();
    if let Some(g) = gol_darah {
        fields.insert("gol_darah", g);
    }
    if let Some(p) = issue_place {
        fields.insert("tempat_terbit", p);
    }
    if let (Some(n), Some(field)) = (nik, fields.get_mut("nik")) {
        field.value.clone_from(&n.value);
        field.confidence = n.confidence;
    }
    let mut values = fields::values_of(&fields);
    let resolved = fields::region::correct(&mut values);
    let unresolved = resolved.unresolved(&values);
    if resolved.province_inferred {
        // The line read as the province was the regency's: it moves there, and the
        // province is inferred from it.
        if let Some(line) = fields.get("provinsi").cloned() {
            let province = FieldValue {
                value: values.provinsi.clone(),
                confidence: line.confidence,
                // read from no line of its own: no box
                lines: Vec::new(),
                starts: Vec::new(),
                repair: Some(fields::Repair::Inferred),
            };
            fields.insert("kabupaten_kota", line);
            fields.insert("provinsi", province);
        }
    }
    for (name, field) in fields.iter_mut() {
        if let Some(v) = values.get(name) {
            if v != field.value {
                field.confidence = after_region_repair(field.confidence, &field.value, v);
                field.value = v.to_string();
            }
        }
    }
    (fields, unresolved)
}

/// Whether the NIK read passes every check and the province header names its province.
fn header_confirms_nik(fields: &BTreeMap<&'static str, FieldValue>, reference: Date) -> bool {
    let (Some(nik), Some(province)) = (fields.get("nik"), fields.get("provinsi")) else {
        return false;
    };
    // a province inferred from the regency line, or not read from a line, is no header
    if province.lines.is_empty() || province.repair == Some(fields::Repair::Inferred) {
        return false;
    }
    let issue_date = fields
        .get("tanggal_terbit")
        .map_or("", |f| f.value.as_str());
    let report = nik::analyse(&nik.value, nik::reference_year(issue_date, reference));
    report.valid && report.province.as_deref() == Some(province.value.as_str())
}

impl Engine {
    /// Find, straighten and read the card in an EXIF-upright image. The pass may hold no
    /// KTP (too few labels read); the caller decides.
    pub(super) fn read_image(&self, image: &RgbImage, timings: &mut Timings) -> Result<Pass> {
        let t = Instant::now();
        let rectified = card::locate::locate(image).and_then(|q| card::rectify(image, &q));
        timings.card_ms = ms(t);
        let mut card_pass = None;
        if let Some(rect) = rectified {
            let pass = self.read_rectified(rect, timings)?;
            if pass.is_ktp() && pass.evidence() >= SURE_EVIDENCE {
                return Ok(pass);
            }
            card_pass = Some(pass);
        }
        let whole = self.read_whole(image, timings)?;
        let Some(card) = card_pass else {
            return Ok(whole);
        };
        let keep_card = match (card.is_ktp(), whole.is_ktp()) {
            // Both read as a KTP: the outline may be wrong (glare or a bluish background
            // moved an edge), so keep whichever reading holds more of the card.
            (true, true) => card.evidence() >= whole.evidence(),
            (true, false) => true,
            // Neither reads as a KTP: keep the card found, whose quality measures and
            // outline explain the failure better than a whole frame of little text.
            (false, false) => card.labels_found >= whole.labels_found,
            (false, true) => false,
        };
        Ok(if keep_card {
            card
        } else {
            let mut whole = whole;
            whole.adopt_issue_area_fields(&card);
            whole
        })
    }

    /// Read a straightened card, turning it half a turn when its lines say so. The turn is
    /// settled from the crops before recognition, and the boxes found are turned with the
    /// card: each line is detected and recognised once.
    fn read_rectified(&self, mut rect: card::Rectified, timings: &mut Timings) -> Result<Pass> {
        let t = Instant::now();
        let mut boxes = self.detector.detect(&rect.image, card::CARD_DETECT_SIDE)?;
        timings.detect_ms += ms(t);
        let t = Instant::now();
        let mut crops = lines::crop_lines(&rect.image, &boxes);
        if self.upside_down(&crops)? {
            if let Some(turned) = rect.rotated_180() {
                boxes = lines::turned_180(&boxes, rect.image.dimensions());
                rect = turned;
                crops = lines::crop_lines(&rect.image, &boxes);
            }
        }
        let read = self.read_lines(crops)?;
        timings.recognize_ms += ms(t);
        let t = Instant::now();
        let parsed = fields::parse(&read.lines);
        timings.parse_ms += ms(t);
        let head = card::photo::head_photo(&rect.image);
        self.finish(read, parsed, Placement::Card(Box::new(rect)), head, timings)
    }

    /// No card outline found (a grey photocopy, a card filling the frame on a bluish
    /// background): orient the whole image from its text and read it.
    fn read_whole(&self, image: &RgbImage, timings: &mut Timings) -> Result<Pass> {
        let t = Instant::now();
        let work = self.upright(image)?;
        let boxes = match work.boxes {
            Some(b) => b,
            None => self.detector.detect(&work.image, DET_MAX_SIDE)?,
        };
        timings.detect_ms += ms(t);

        let t = Instant::now();
        let read = self.read_lines(lines::crop_lines(&work.image, &boxes))?;
        timings.recognize_ms += ms(t);

        let t = Instant::now();
        let parsed = fields::parse(&read.lines);
        timings.parse_ms += ms(t);
        let (w, h) = image.dimensions();
        let placement = Placement::Whole {
            image: work.image,
            offset: work.offset,
            rotation: work.rotation,
            input_size: (w as f32, h as f32),
        };
        self.finish(read, parsed, placement, None, timings)
    }

    /// The re-reads and the region table on top of the parser's values.
    fn finish(
        &self,
        mut read: ReadLines,
        mut parsed: ParsedFields,
        placement: Placement,
        head: Option<RgbImage>,
        timings: &mut Timings,
    ) -> Result<Pass> {
        let reference: Date = self.reference;
        // A detection of the area under the photo and the reading of its lines, counted as
        // recognition. An image read whole is most often the card cropped edge to edge (a
        // tight scan, a grey photocopy) with its photo where a card's is, so it gets the
        // same look as a card found by its outline.
        let t = Instant::now();
        let issue_area_fields = self.read_issue_area(placement.image(), &mut read, &mut parsed)?;
        timings.recognize_ms += ms(t);
        // band readings: counted as recognition
        let t = Instant::now();
        let mut band_fields =
            self.read_missed_rows(placement.image(), &mut read, &mut parsed, reference)?;
        band_fields.extend(self.read_cut_values(
            placement.image(),
            &mut read,
            &mut parsed,
            reference,
        )?);
        timings.recognize_ms += ms(t);
        let t = Instant::now();
        let nik = self.reread_digits(&read, &parsed, reference)?;
        let gol_darah = self.reread_blood_type(placement.image(), &read, &parsed)?;
        let issue_place = self
            .reread_issue_place(placement.image(), &read, &parsed)?
            .map(|(line, mut place)| {
                // the line read again joins the pass's lines, first of the place's
                place.lines.insert(0, read.lines.len());
                place.starts.insert(0, 0);
                read.lines.push(line);
                place
            });
        let (fields, unresolved_regions) =
            final_fields(&parsed, nik.as_ref(), gol_darah, issue_place);
        let header_confirms_nik = header_confirms_nik(&fields, reference);
        timings.parse_ms += ms(t);
        Ok(Pass {
            lines: read.lines,
            fields,
            labels_found: parsed.labels_found,
            nik_correction: nik.map(|n| n.correction),
            unresolved_regions,
            layout: parsed.layout.clone(),
            head,
            placement,
            issue_area_fields,
            band_fields,
            header_confirms_nik,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_point_of_the_input_lands_where_the_whole_image_read_has_it() {
        for rotation in [0, 90, 180, 270] {
            let placement = Placement::Whole {
                image: RgbImage::new(1, 1),
                offset: Point::new(12.0, 30.0),
                rotation,
                input_size: (640.0, 480.0),
            };
            let p = Point::new(101.0, 57.0);
            let back = placement
                .whole_from_input(placement.to_input(p))
                .expect("a whole-image placement");
            assert!(
                (back.x - p.x).abs() < 1e-3 && (back.y - p.y).abs() < 1e-3,
                "{rotation}: {back:?}"
            );
        }
    }
}

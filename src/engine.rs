//! The engine: models loaded once, shared across threads, one entry point from bytes to a
//! reading.

use crate::card;
use crate::error::{Error, Result};
use crate::fields::{self, Line, ParsedFields};
use crate::input;
use crate::nik;
use crate::ocr::classify::Classifier;
use crate::ocr::detect::{Detector, TextBox};
use crate::ocr::geometry::{crop_quad, Point, Quad};
use crate::ocr::recognize::{crop_x_of_step, CharFilter, Recognizer};
use crate::ocr::runtime::{self, Device, ModelSource, SessionOptions, SessionPool};
use crate::reading::{KtpReading, Timings, Warning};
use crate::trace::{Trace, TracedLine};
use image::RgbImage;
use std::path::PathBuf;
use std::time::Instant;

/// Fewer recognised labels than this and the image is not read as a KTP.
const MIN_LABELS: usize = 4;
/// A card pass whose values add up to less confidence than this (see
/// [`ParsedFields::evidence`]; a clear card scores about 19.5 of 20) is also read without
/// its outline, which glare or a background of the card's colour can misplace.
const SURE_EVIDENCE: f32 = 16.0;
/// Lines whose 0/180 vote decides a card's orientation.
const ORIENTATION_VOTERS: usize = 12;
/// Confidence given to a dash found in the pixels rather than read by the recogniser.
const DASH_CONFIDENCE: f32 = 0.8;
/// When all text lies in a region smaller than this share of the image's longer side, the
/// region is cut out and detected again at a higher resolution.
const ZOOM_BELOW: f32 = 0.7;

/// Builds an [`Engine`]: where the models are, which device, how many threads.
#[derive(Debug, Clone)]
pub struct EngineBuilder {
    models_dir: Option<PathBuf>,
    detection: Option<ModelSource>,
    recognition: Option<ModelSource>,
    classifier: Option<ModelSource>,
    options: SessionOptions,
}

impl Default for EngineBuilder {
    fn default() -> Self {
        Self {
            models_dir: None,
            detection: None,
            recognition: None,
            classifier: None,
            options: SessionOptions {
                device: Device::Cpu,
                intra_threads: std::thread::available_parallelism().map_or(2, |n| n.get()),
                pool_size: 1,
            },
        }
    }
}

impl EngineBuilder {
    /// Folder with the models and ONNX Runtime (default: searched, see `ocr::runtime`).
    pub fn models_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.models_dir = Some(dir.into());
        self
    }
    pub fn detection_model(mut self, src: ModelSource) -> Self {
        self.detection = Some(src);
        self
    }
    pub fn recognition_model(mut self, src: ModelSource) -> Self {
        self.recognition = Some(src);
        self
    }
    pub fn classifier_model(mut self, src: ModelSource) -> Self {
        self.classifier = Some(src);
        self
    }
    pub fn device(mut self, device: Device) -> Self {
        self.options.device = device;
        self
    }
    /// Threads each inference may use.
    pub fn threads(mut self, n: usize) -> Self {
        self.options.intra_threads = n.max(1);
        self
    }
    /// Requests that can run at the same time (sessions per model).
    pub fn concurrency(mut self, n: usize) -> Self {
        self.options.pool_size = n.max(1);
        self
    }

    pub fn build(self) -> Result<Engine> {
        if let Some(dir) = &self.models_dir {
            runtime::set_models_dir(dir.clone());
        }
        let source = |given: Option<ModelSource>, name: &str| -> Result<ModelSource> {
            match given {
                Some(s) => Ok(s),
                None => Ok(ModelSource::Path(runtime::locate_file(name)?)),
            }
        };
        let det = source(self.detection, runtime::DETECTION_MODEL)?;
        let rec = source(self.recognition, runtime::RECOGNITION_MODEL)?;
        let cls = source(self.classifier, runtime::CLASSIFIER_MODEL)?;
        Ok(Engine {
            detector: Detector::new(SessionPool::new(&det, &self.options)?),
            recognizer: Recognizer::new(SessionPool::new(&rec, &self.options)?)?,
            classifier: Classifier::new(SessionPool::new(&cls, &self.options)?),
        })
    }
}

/// The KTP reader. Build once, share freely (`Send + Sync`).
pub struct Engine {
    detector: Detector,
    recognizer: Recognizer,
    classifier: Classifier,
}

/// Lines read from one image, with their crops kept for a second, restricted decode.
struct ReadLines {
    lines: Vec<Line>,
    crops: Vec<RgbImage>,
    /// Per line, the output step of each character.
    steps: Vec<Vec<u32>>,
    /// Share of lines the classifier found upside down.
    upside_down_share: f32,
}

impl Engine {
    pub fn builder() -> EngineBuilder {
        EngineBuilder::default()
    }

    /// Read a card from JPG, PNG or PDF bytes.
    pub fn read(&self, bytes: &[u8]) -> Result<KtpReading> {
        self.read_with(bytes, &ReadOptions::default()).0
    }

    /// Read a card with options; also returns what the engine saw when asked for, on
    /// failure too (that is when it helps most).
    pub fn read_with(
        &self,
        bytes: &[u8],
        options: &ReadOptions,
    ) -> (Result<KtpReading>, Option<Trace>) {
        let t0 = Instant::now();
        let decoded = match input::decode(bytes) {
            Ok(d) => d,
            Err(e) => return (Err(e), None),
        };
        let mut timings = Timings {
            decode_ms: ms(t0),
            ..Timings::default()
        };
        let pass = match self.read_image(&decoded.image, &mut timings) {
            Ok(p) => p,
            Err(e) => return (Err(e), None),
        };
        let debug = options.trace.then(|| pass.trace(&decoded.image));
        if pass.parsed.labels_found < MIN_LABELS {
            // Say why the card may not have been read, where the picture shows it. Only a
            // card outline gives trustworthy measures: without one they describe whatever
            // little text was found.
            let capture: Vec<String> = match pass.placement {
                Placement::Card(_) => pass.quality(decoded.image.dimensions()).warnings(),
                Placement::Whole { .. } => Vec::new(),
            }
            .into_iter()
            .map(|w| w.message)
            .collect();
            let hint = if capture.is_empty() {
                String::new()
            } else {
                format!("; {}", capture.join("; "))
            };
            let e = Error::DetectionFailed(format!(
                "no identity card found: {} of the card's labels were read{hint}",
                pass.parsed.labels_found
            ));
            return (Err(e), debug);
        }
        let quality = pass.quality(decoded.image.dimensions());
        let mut parsed = pass.parsed.clone();
        if quality.has_glare() {
            let rectified = matches!(pass.placement, Placement::Card(_));
            let image = pass.placement.image();
            parsed.glared_fields = parsed
                .fields
                .iter()
                .filter(|(_, field)| {
                    field
                        .lines
                        .iter()
                        .filter_map(|&i| pass.lines.get(i))
                        .any(|l| card::quality::glare_near(image, &l.quad, rectified))
                })
                .map(|(name, _)| *name)
                .collect();
        }
        let to_input = |q: &Quad| q.map(|p| pass.placement.to_input(p));
        let mut reading = KtpReading::new(
            parsed,
            &pass.lines,
            &to_input,
            pass.placement.orientation(),
            decoded.image.dimensions(),
        );
        reading.warnings.extend(quality.warnings());
        reading.quality = Some(quality);
        if options.head_image {
            reading.photo = pass.head.as_ref().and_then(card::photo::to_base64_jpeg);
        }
        reading.exif_orientation = decoded.exif_orientation;
        timings.total_ms = ms(t0);
        reading.timings = timings;
        (Ok(reading), debug)
    }

    /// Find, straighten and read the card in an EXIF-upright image. The pass may hold no
    /// KTP (too few labels read); the caller decides.
    pub(crate) fn read_image(&self, image: &RgbImage, timings: &mut Timings) -> Result<Pass> {
        let t = Instant::now();
        let rectified = card::locate::locate(image).and_then(|q| card::rectify(image, &q));
        timings.card_ms = ms(t);
        let mut card_pass = None;
        if let Some(rect) = rectified {
            let pass = self.read_rectified(rect, timings)?;
            if pass.parsed.labels_found >= MIN_LABELS && pass.parsed.evidence() >= SURE_EVIDENCE {
                return Ok(pass);
            }
            card_pass = Some(pass);
        }
        let whole = self.read_whole(image, timings)?;
        let Some(card) = card_pass else {
            return Ok(whole);
        };
        let is_ktp = |p: &Pass| p.parsed.labels_found >= MIN_LABELS;
        let keep_card = match (is_ktp(&card), is_ktp(&whole)) {
            // Both read as a KTP: the outline may be wrong (glare or a bluish background
            // moved an edge), so keep whichever reading holds more of the card.
            (true, true) => card.parsed.evidence() >= whole.parsed.evidence(),
            (true, false) => true,
            // Neither reads as a KTP: keep the card found, whose quality measures and
            // outline explain the failure better than a whole frame of little text.
            (false, false) => card.parsed.labels_found >= whole.parsed.labels_found,
            (false, true) => false,
        };
        Ok(if keep_card { card } else { whole })
    }

    /// Read a straightened card, turning it half a turn when its lines say so.
    fn read_rectified(&self, mut rect: card::Rectified, timings: &mut Timings) -> Result<Pass> {
        let (mut read, mut parsed) = self.read_card_image(&rect.image, timings)?;
        if read.upside_down_share > 0.5 {
            if let Some(turned) = rect.rotated_180() {
                rect = turned;
                (read, parsed) = self.read_card_image(&rect.image, timings)?;
            }
        }
        let t = Instant::now();
        self.reread_digits(&read, &mut parsed)?;
        self.reread_blood_type(&rect.image, &read, &mut parsed)?;
        parsed.correct_regions();
        timings.parse_ms += ms(t);
        let head = card::photo::head_photo(&rect.image);
        Ok(Pass {
            lines: read.lines,
            parsed,
            head,
            placement: Placement::Card(Box::new(rect)),
        })
    }

    /// Detect, read and parse one image.
    fn read_card_image(
        &self,
        image: &RgbImage,
        timings: &mut Timings,
    ) -> Result<(ReadLines, ParsedFields)> {
        let t = Instant::now();
        let boxes = self.detector.detect_at(image, card::CARD_DETECT_SIDE)?;
        timings.detect_ms += ms(t);
        let t = Instant::now();
        let read = self.read_lines(image, &boxes)?;
        timings.recognize_ms += ms(t);
        let t = Instant::now();
        let parsed = fields::parse(&read.lines);
        timings.parse_ms += ms(t);
        Ok((read, parsed))
    }

    /// No card outline found (a grey photocopy, a card filling the frame on a bluish
    /// background): orient the whole image from its text and read it.
    fn read_whole(&self, image: &RgbImage, timings: &mut Timings) -> Result<Pass> {
        let t = Instant::now();
        let (work, rotation) = self.upright(image)?;
        let boxes = match work.boxes {
            Some(b) => b,
            None => self.detector.detect(&work.image)?,
        };
        timings.detect_ms += ms(t);

        let t = Instant::now();
        let read = self.read_lines(&work.image, &boxes)?;
        timings.recognize_ms += ms(t);

        let t = Instant::now();
        let mut parsed = fields::parse(&read.lines);
        self.reread_digits(&read, &mut parsed)?;
        self.reread_blood_type(&work.image, &read, &mut parsed)?;
        parsed.correct_regions();
        timings.parse_ms += ms(t);
        let (w, h) = image.dimensions();
        Ok(Pass {
            lines: read.lines,
            parsed,
            head: None,
            placement: Placement::Whole {
                image: work.image,
                offset: work.offset,
                rotation,
                input_size: (w as f32, h as f32),
            },
        })
    }

    /// Turn the image upright (0/90/180/270 from the text itself) and, when the text fills a
    /// small part of the frame, cut out that part so it is detected at a useful resolution.
    fn upright(&self, image: &RgbImage) -> Result<(Work, u16)> {
        let boxes = self.detector.detect(image)?;
        // Mostly tall boxes: the text runs vertically, the card is turned a quarter.
        let tall = boxes
            .iter()
            .filter(|b| b.quad.height() > 1.5 * b.quad.width())
            .count();
        let mut rotation = 0u16;
        let mut img = image.clone();
        let mut boxes = boxes;
        if tall * 2 > boxes.len() && !boxes.is_empty() {
            img = image::imageops::rotate90(&img);
            rotation = 90;
            boxes = self.detector.detect(&img)?;
        }
        // Upside down: most lines say so.
        let sample: Vec<RgbImage> = boxes
            .iter()
            .filter(|b| b.quad.width() > 2.0 * b.quad.height())
            .take(24)
            .filter_map(|b| crop_quad(&img, &b.quad))
            .collect();
        if !sample.is_empty() {
            let p = self.classifier.upside_down(&sample)?;
            if p.iter().filter(|v| **v > 0.5).count() * 2 > p.len() {
                img = image::imageops::rotate180(&img);
                rotation = (rotation + 180) % 360;
                boxes = self.detector.detect(&img)?;
            }
        }
        // Zoom onto the text when it covers a small part of the frame.
        let (iw, ih) = img.dimensions();
        let mut offset = (0u32, 0u32);
        let mut reuse = Some(boxes.clone());
        if let Some((x0, y0, x1, y1)) = text_bounds(&boxes) {
            let (bw, bh) = (x1 - x0, y1 - y0);
            if bw.max(bh) < ZOOM_BELOW * iw.max(ih) as f32 {
                let m = 0.08 * bw.max(bh);
                let cx0 = (x0 - m).max(0.0) as u32;
                let cy0 = (y0 - m).max(0.0) as u32;
                let cx1 = ((x1 + m) as u32).min(iw);
                let cy1 = ((y1 + m) as u32).min(ih);
                if cx1 > cx0 + 32 && cy1 > cy0 + 32 {
                    img =
                        image::imageops::crop_imm(&img, cx0, cy0, cx1 - cx0, cy1 - cy0).to_image();
                    offset = (cx0, cy0);
                    reuse = None;
                }
            }
        }
        Ok((
            Work {
                image: img,
                offset: Point::new(offset.0 as f32, offset.1 as f32),
                boxes: reuse,
            },
            rotation,
        ))
    }

    fn read_lines(&self, image: &RgbImage, boxes: &[TextBox]) -> Result<ReadLines> {
        let mut crops: Vec<RgbImage> = Vec::with_capacity(boxes.len());
        let mut quads = Vec::with_capacity(boxes.len());
        for b in boxes {
            let Some(mut crop) = crop_quad(image, &b.quad) else {
                continue;
            };
            if crop.height() as f32 >= 1.5 * crop.width() as f32 {
                crop = image::imageops::rotate270(&crop);
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
        let upside_down_share =
            flips.iter().filter(|p| **p > 0.5).count() as f32 / flips.len().max(1) as f32;
        // Lines are not turned one by one: every line of a card shares its orientation,
        // which the caller settles from this majority (a single line's vote is wrong too
        // often, e.g. on the OCR-A NIK).
        let rec = self.recognizer.recognize(&crops, CharFilter::Ascii)?;
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
            upside_down_share,
        })
    }

    /// `Gol. Darah` read but no value after it: the value (often a lone `-` or `O`) lies
    /// just right of the detected box. Read the label's line again with the box stretched
    /// to the right.
    fn reread_blood_type(
        &self,
        image: &RgbImage,
        read: &ReadLines,
        parsed: &mut ParsedFields,
    ) -> Result<()> {
        let Some(li) = parsed.gol_darah_label_line else {
            return Ok(());
        };
        if parsed
            .fields
            .get("gol_darah")
            .is_some_and(|f| fields::values::is_blood_type(&f.value))
        {
            return Ok(());
        }
        let q = read.lines[li].quad;
        let [tl, tr, br, bl] = q.0;
        let stretch = 2.0 * q.height();
        let dx = (tr.x - tl.x) / q.width().max(1.0) * stretch;
        let dy = (tr.y - tl.y) / q.width().max(1.0) * stretch;
        let wider = Quad([
            tl,
            Point::new(tr.x + dx, tr.y + dy),
            Point::new(br.x + dx, br.y + dy),
            bl,
        ]);
        let Some(crop) = crop_quad(image, &wider) else {
            return Ok(());
        };
        let rec = self
            .recognizer
            .recognize(std::slice::from_ref(&crop), CharFilter::Ascii)?;
        let Some(r) = rec.first() else {
            return Ok(());
        };
        let Some((_, end)) = fields::labels::find_gol_darah(&r.text) else {
            return Ok(());
        };
        let rest: String = r.text.chars().skip(end).collect();
        let mut value = fields::values::blood_type(fields::text::strip_separator(&rest));
        let mut confs = r.char_confidences[end.min(r.char_confidences.len())..].to_vec();
        if value.is_empty() {
            // A lone `-` after the colon is dropped when read along with the label; alone,
            // right of the label, it is read.
            // start right after the colon when one was read, else after the label
            let colon = r.text.chars().skip(end).position(|c| c == ':');
            let last = colon.map_or(end, |p| end + p + 1).saturating_sub(1);
            let step = r.char_steps.get(last).copied().unwrap_or(0);
            let x = crop_x_of_step(&crop, step + 1);
            if x + 4 < crop.width() {
                let tail = image::imageops::crop_imm(&crop, x, 0, crop.width() - x, crop.height())
                    .to_image();
                if crate::ocr::dash::ends_with_dash(&tail) {
                    value = "-".into();
                    // seen in the pixels, not read: a middling confidence
                    confs = vec![DASH_CONFIDENCE];
                } else if let Some(t) = self
                    .recognizer
                    .recognize(&[tail], CharFilter::Ascii)?
                    .first()
                {
                    value = fields::values::blood_type(fields::text::strip_separator(&t.text));
                    confs.clone_from(&t.char_confidences);
                }
            }
        }
        if !value.is_empty() {
            parsed.fields.insert(
                "gol_darah",
                fields::FieldValue {
                    value,
                    confidence: confs.iter().sum::<f32>() / confs.len().max(1) as f32,
                    lines: vec![li],
                    starts: vec![end],
                },
            );
        }
        Ok(())
    }

    /// Decode the NIK line again with the recogniser restricted to digits, which removes
    /// the letter/digit confusions (O/0, I/1, B/8) of an unrestricted read.
    fn reread_digits(&self, read: &ReadLines, parsed: &mut ParsedFields) -> Result<()> {
        let Some(nik) = parsed.fields.get("nik") else {
            return Ok(());
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
        let digits: Vec<nik::DigitRead> = rec
            .iter()
            .flat_map(|r| {
                r.text
                    .chars()
                    .zip(&r.char_confidences)
                    .zip(&r.char_alternatives)
                    .map(|((digit, &confidence), &alternative)| nik::DigitRead {
                        digit,
                        confidence,
                        alternative,
                    })
            })
            .collect();
        if digits.is_empty() {
            return Ok(());
        }
        let issued = parsed
            .fields
            .get("tanggal_terbit")
            .map_or("", |f| f.value.as_str());
        let correction = nik::correct(&digits, nik::reference_year(issued));
        let Some(field) = parsed.fields.get_mut("nik") else {
            return Ok(());
        };
        field.value.clone_from(&correction.value);
        field.confidence = digits.iter().map(|d| d.confidence).sum::<f32>() / digits.len() as f32;
        parsed.nik_correction = Some(correction);
        Ok(())
    }
}

/// Options of [`Engine::read_with`].
#[derive(Debug, Clone, Copy, Default)]
pub struct ReadOptions {
    /// Cut the holder's photo out of the card (base64 JPEG in the result).
    pub head_image: bool,
    /// Return what the engine saw (see [`crate::trace`]).
    pub trace: bool,
}

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
}

/// Everything one read produced: for the result and for the debug picture.
pub(crate) struct Pass {
    pub lines: Vec<Line>,
    pub parsed: ParsedFields,
    /// The holder's photo, when the card was rectified.
    pub head: Option<RgbImage>,
    pub placement: Placement,
}

impl Pass {
    /// What this pass saw, for a debug picture.
    fn trace(&self, input: &RgbImage) -> Trace {
        let mut field_of = vec![None; self.lines.len()];
        for (name, f) in &self.parsed.fields {
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

    /// Capture-quality measures of the card as read; `input` is the input image's size.
    pub(crate) fn quality(&self, (iw, ih): (u32, u32)) -> card::quality::Quality {
        let (iw, ih) = (iw as f32, ih as f32);
        match &self.placement {
            Placement::Card(rect) => {
                let width = rect.corners.mean_sides().0;
                let incomplete = card::quality::outline_cut(&rect.corners, (iw, ih));
                card::quality::measure(&rect.image, width, true, incomplete)
            }
            Placement::Whole { image, .. } => {
                let bounds = Quad::union_bounds(self.lines.iter().map(|l| &l.quad));
                let Some((x0, y0, x1, y1)) = bounds else {
                    return card::quality::measure(image, 0.0, false, false);
                };
                // In the input, text near an edge means text cut by it.
                let input_quads: Vec<Quad> = self
                    .lines
                    .iter()
                    .map(|l| l.quad.map(|p| self.placement.to_input(p)))
                    .collect();
                let incomplete = Quad::union_bounds(&input_quads)
                    .is_some_and(|b| card::quality::text_cut(b, (iw, ih)));
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
                let width = (x1.saturating_sub(x0)) as f32 / card::quality::TEXT_WIDTH_SHARE;
                card::quality::measure(&text, width, false, incomplete)
            }
        }
    }
}

/// The image the fields are read from: the input turned upright and cut to the text.
struct Work {
    image: RgbImage,
    offset: Point,
    /// Boxes already detected on exactly this image, when no cut was made.
    boxes: Option<Vec<TextBox>>,
}

fn text_bounds(boxes: &[TextBox]) -> Option<(f32, f32, f32, f32)> {
    Quad::union_bounds(boxes.iter().map(|b| &b.quad))
}

/// Clockwise rotation of the card in the image, to the nearest quarter turn, from the
/// direction of its top edge.
fn quarter_turns(tl: Point, tr: Point) -> u16 {
    let deg = (tr.y - tl.y).atan2(tr.x - tl.x).to_degrees();
    let q = ((deg / 90.0).round() as i32).rem_euclid(4);
    (q * 90) as u16
}

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1000.0
}

/// Warnings the engine adds on top of the parser's.
pub(crate) fn missing_field_warnings(parsed: &ParsedFields) -> Vec<Warning> {
    crate::ktp::FIELD_NAMES
        .iter()
        .filter(|n| !parsed.fields.contains_key(*n))
        .map(|n| {
            Warning::new(
                "FIELD_NOT_FOUND",
                Some(n),
                "the field was not found on the card",
            )
        })
        .collect()
}

//! The engine: models loaded once, shared across threads, one entry point from bytes to a
//! reading.
//!
//! A card flows one way: decode ([`crate::input`]) -> a pass over the card or the whole
//! image (`pass`: find and straighten the card, detect, read the lines (`lines`), parse,
//! look again at the area under the photo when the issue place or date is missing
//! (`issue_area`), re-read the hard values (`reread`), check region names; `orientation`
//! turns an image without an outline) -> capture measures -> the one assembly step
//! ([`crate::assemble`]) that words the warnings and calibrates the confidences.

mod builder;
mod cut_values;
mod issue_area;
mod lines;
mod missed_rows;
mod orientation;
mod pass;
mod reread;
#[cfg(test)]
mod tests;

pub use builder::EngineBuilder;

use crate::assemble::{self, Findings};
use crate::calendar::Date;
use crate::card;
use crate::error::{Error, Result};
use crate::input;
use crate::ocr::batch::BatchStats;
use crate::ocr::geometry::Quad;
use crate::ocr::model::{LineClassifier, Models, TextDetector, TextRecognizer};
use crate::ocr::runtime::ModelFiles;
use crate::pdf::PdfRenderer;
use crate::reading::{KtpReading, Timings};
use crate::trace::Trace;
use pass::Placement;
use std::sync::Arc;
use std::time::Instant;

/// Fewer recognised labels than this and the image is not read as a KTP.
const MIN_LABELS: usize = 4;

/// The KTP reader. Build once, share freely (`Send + Sync`).
pub struct Engine {
    detector: Box<dyn TextDetector>,
    recognizer: Box<dyn TextRecognizer>,
    classifier: Box<dyn LineClassifier>,
    /// The files the models were loaded from (`None` for stand-in models).
    files: Option<ModelFiles>,
    /// Renders PDF pages.
    pdf: Arc<dyn PdfRenderer>,
    reference: Date,
}

/// [`Engine::batch_stats`]: per model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ModelBatchStats {
    pub detection: BatchStats,
    pub recognition: BatchStats,
}

/// Options of [`Engine::read_with`].
#[derive(Debug, Clone, Copy, Default)]
pub struct ReadOptions {
    /// Cut the holder's photo out of the card (base64 JPEG in the result).
    pub head_image: bool,
    /// Return what the engine saw (see [`crate::trace`]).
    pub trace: bool,
    /// Return the straightened card with each field's box on it (`card` in the result).
    pub card_image: bool,
}

impl Engine {
    pub fn builder() -> EngineBuilder {
        EngineBuilder::default()
    }

    fn from_parts(
        models: Models,
        files: Option<ModelFiles>,
        pdf: Arc<dyn PdfRenderer>,
        reference: Date,
    ) -> Engine {
        Engine {
            detector: models.detector,
            recognizer: models.recognizer,
            classifier: models.classifier,
            files,
            pdf,
            reference,
        }
    }

    /// The files this engine's models were loaded from (`None` for stand-in models).
    pub fn model_files(&self) -> Option<&ModelFiles> {
        self.files.as_ref()
    }

    /// What batching across cards did so far: detection calls and recognition runs, with
    /// the cards' requests they carried (see [`EngineBuilder::batch_cards`]).
    pub fn batch_stats(&self) -> ModelBatchStats {
        ModelBatchStats {
            detection: self.detector.batch_stats(),
            recognition: self.recognizer.batch_stats(),
        }
    }

    /// The date this engine judges readings against.
    pub fn reference_date(&self) -> Date {
        self.reference
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
        let decoded = match input::decode(bytes, self.pdf.as_ref()) {
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
        let trace = options.trace.then(|| pass.trace(&decoded.image));
        let size = decoded.image.dimensions();
        if !pass.is_ktp() {
            return (Err(not_a_card(&pass, size)), trace);
        }
        let mut quality = pass.quality(size);
        if !pass.rows_labelled() {
            // Whether the card is cut is judged by where its labels place it; a card read
            // from its NIK and header alone (blurred, dark) has too few to place it, and
            // its outline, blurred too, errs: on the five real_like seeds and the 300-card
            // mix, 5 of the 6 such cards called cut were whole.
            quality.incomplete = false;
        }
        let glared = if quality.has_glare() {
            pass.glared_fields()
        } else {
            Vec::new()
        };
        let to_input = |q: &Quad| q.map(|p| pass.placement.to_input(p));
        let mut reading = assemble::assemble(&Findings {
            fields: &pass.fields,
            lines: &pass.lines,
            to_input: &to_input,
            nik_correction: pass.nik_correction.as_ref(),
            unresolved_regions: &pass.unresolved_regions,
            glared_fields: &glared,
            quality,
            orientation: pass.placement.orientation(),
            image_size: size,
            reference: self.reference,
            rows_labelled: pass.rows_labelled(),
            band_fields: &pass.band_fields,
        });
        if options.head_image {
            reading.photo = pass.head.as_ref().and_then(card::photo::to_base64_jpeg);
        }
        if options.card_image {
            reading.card = pass.card_view();
        }
        reading.exif_orientation = decoded.exif_orientation;
        timings.total_ms = ms(t0);
        reading.timings = timings;
        (Ok(reading), trace)
    }
}

/// Why no card was read, where the picture shows it. Only a card outline gives trustworthy
/// measures: without one they describe whatever little text was found.
fn not_a_card(pass: &pass::Pass, input_size: (u32, u32)) -> Error {
    let capture: Vec<&str> = match pass.placement {
        Placement::Card(_) => pass
            .quality(input_size)
            .findings()
            .into_iter()
            .map(|c| c.message())
            .collect(),
        Placement::Whole { .. } => Vec::new(),
    };
    let hint = if capture.is_empty() {
        String::new()
    } else {
        format!("; {}", capture.join("; "))
    };
    Error::DetectionFailed(format!(
        "no identity card found: {} of the card's labels were read{hint}",
        pass.labels_found
    ))
}

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1000.0
}

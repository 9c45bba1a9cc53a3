//! Building an [`Engine`]: which models (files in a folder, bytes, or stand-ins), which
//! device, how many threads, and the reference date readings are judged against.

use super::Engine;
use crate::calendar::{Date, DEFAULT_REFERENCE_DATE};
use crate::error::Result;
use crate::ocr::batch::{BatchPolicy, BATCH_SESSIONS};
use crate::ocr::classify::Classifier;
use crate::ocr::detect::Detector;
use crate::ocr::model::Models;
use crate::ocr::recognize::Recognizer;
use crate::ocr::runtime::{Device, ModelFiles, ModelSource, SessionOptions, SessionPool};
use crate::pdf::{InProcess, PdfRenderer};
use std::path::PathBuf;
use std::sync::Arc;

/// Builds an [`Engine`]. Models come from, in this order of preference: stand-ins given with
/// [`EngineBuilder::models`]; the folder given with [`EngineBuilder::models_dir`], which is
/// then the only place looked in; else the folder [`ModelFiles::find`] finds
/// (`$KTPOCR_MODELS`, or `models/` beside the executable). Single models may be replaced
/// with bytes or another path ([`EngineBuilder::detection_model`] and the like).
pub struct EngineBuilder {
    models_dir: Option<PathBuf>,
    models: Option<Models>,
    detection: Option<ModelSource>,
    recognition: Option<ModelSource>,
    classifier: Option<ModelSource>,
    device: Device,
    intra_threads: usize,
    pool_size: usize,
    batch: BatchPolicy,
    reference: Date,
    pdf: Option<Arc<dyn PdfRenderer>>,
}

impl Default for EngineBuilder {
    fn default() -> Self {
        Self {
            models_dir: None,
            models: None,
            detection: None,
            recognition: None,
            classifier: None,
            device: Device::Cpu,
            intra_threads: std::thread::available_parallelism().map_or(2, |n| n.get()),
            pool_size: 1,
            batch: BatchPolicy::default(),
            reference: DEFAULT_REFERENCE_DATE,
            pdf: None,
        }
    }
}

impl std::fmt::Debug for EngineBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EngineBuilder")
            .field("models_dir", &self.models_dir)
            .field("stand_in_models", &self.models.is_some())
            .field("device", &self.device)
            .field("intra_threads", &self.intra_threads)
            .field("pool_size", &self.pool_size)
            .field("batch", &self.batch)
            .field("reference", &self.reference)
            .finish_non_exhaustive()
    }
}

impl EngineBuilder {
    /// The folder holding ONNX Runtime, the models and pdfium. Authoritative: a file missing
    /// there is an error naming the folder, never a fallback to another folder.
    pub fn models_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.models_dir = Some(dir.into());
        self
    }
    /// Run these models instead of loading any (tests, or models served some other way).
    pub fn models(mut self, models: Models) -> Self {
        self.models = Some(models);
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
        self.device = device;
        self
    }
    /// Threads each inference may use.
    pub fn threads(mut self, n: usize) -> Self {
        self.intra_threads = n.max(1);
        self
    }
    /// Requests that can run at the same time (sessions per model; with
    /// [`EngineBuilder::batch_cards`] they share calls, and sessions are at most
    /// [`BATCH_SESSIONS`]).
    pub fn concurrency(mut self, n: usize) -> Self {
        self.pool_size = n.max(1);
        self
    }
    /// Let the detection and recognition inputs of up to `cards` cards read at the same
    /// time (from several threads) share one model call: what makes a GPU pay. 1 (the
    /// default) is no batching across cards. See [`crate::ocr::batch`] and docs/gpu.md.
    pub fn batch_cards(mut self, cards: usize) -> Self {
        self.batch = BatchPolicy {
            cards: cards.max(1),
        };
        self
    }
    /// The date readings are judged against: the century of a NIK's birth year when the
    /// card's issue date is unread, and the latest year a printed date may have. Default:
    /// [`DEFAULT_REFERENCE_DATE`]; the library never reads the clock.
    pub fn reference_date(mut self, date: Date) -> Self {
        self.reference = date;
        self
    }
    /// Render PDF pages with `renderer` (default: pdfium in this process, from the models
    /// folder; see [`crate::pdf`]).
    pub fn pdf_renderer(mut self, renderer: Arc<dyn PdfRenderer>) -> Self {
        self.pdf = Some(renderer);
        self
    }

    pub fn build(self) -> Result<Engine> {
        let reference = self.reference;
        let given_pdf = self.pdf;
        let pdf_of = |pdfium: Option<PathBuf>| -> Arc<dyn PdfRenderer> {
            given_pdf
                .clone()
                .unwrap_or_else(|| Arc::new(InProcess { library: pdfium }))
        };
        if let Some(models) = self.models {
            let pdfium = match &self.models_dir {
                Some(dir) => ModelFiles::in_dir(dir).ok().and_then(|f| f.pdfium),
                None => None,
            };
            return Ok(Engine::from_parts(models, None, pdf_of(pdfium), reference));
        }
        let files = match &self.models_dir {
            Some(dir) => ModelFiles::in_dir(dir)?,
            None => ModelFiles::find()?,
        };
        let sessions = if self.batch.across_cards() {
            self.pool_size.min(BATCH_SESSIONS)
        } else {
            self.pool_size
        };
        let options = SessionOptions {
            runtime: files.runtime_for(self.device)?,
            device: self.device,
            intra_threads: self.intra_threads,
            pool_size: sessions,
        };
        let source = |given: Option<ModelSource>, path: &PathBuf| {
            given.unwrap_or_else(|| ModelSource::Path(path.clone()))
        };
        let det = source(self.detection, &files.detection);
        let rec = source(self.recognition, &files.recognition);
        let cls = source(self.classifier, &files.classifier);
        let models = Models {
            detector: Box::new(
                Detector::new(SessionPool::new(&det, &options)?).batched(self.batch, sessions),
            ),
            recognizer: Box::new(
                Recognizer::new(SessionPool::new(&rec, &options)?)?.batched(self.batch, sessions),
            ),
            classifier: Box::new(Classifier::new(SessionPool::new(&cls, &options)?)),
        };
        let pdf = pdf_of(files.pdfium.clone());
        Ok(Engine::from_parts(models, Some(files), pdf, reference))
    }
}

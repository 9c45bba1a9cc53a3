//! PDF input: the first page rendered at a resolution fit for OCR, by a [`PdfRenderer`].
//!
//! The default renderer, [`InProcess`], runs pdfium (a C library fetched by
//! `scripts/setup.sh`) in this process: it is bound once per process (a second bind fails)
//! and is single-threaded, so every render holds one lock. A PDF is a program: callers that
//! take PDFs from strangers give the engine a renderer that isolates it instead
//! ([`crate::EngineBuilder::pdf_renderer`]).

use crate::error::{Error, Result};
use image::RgbImage;
use std::path::{Path, PathBuf};

/// Renders the first page of a PDF.
pub trait PdfRenderer: Send + Sync {
    /// The first page as an RGB image, long side [`PDF_RENDER_LONG_SIDE`].
    fn render_first_page(&self, pdf: &[u8]) -> Result<RgbImage>;
}

/// pdfium in this process, from `library` (the models folder's `libpdfium.so`).
#[derive(Debug, Clone, Default)]
pub struct InProcess {
    pub library: Option<PathBuf>,
}

impl PdfRenderer for InProcess {
    fn render_first_page(&self, pdf: &[u8]) -> Result<RgbImage> {
        render_first_page(pdf, self.library.as_deref())
    }
}

/// Long side of the rendered page in pixels: an A4 page at about 200 dpi, which puts a card
/// printed at true size near 670 px wide; enough for the recogniser's 48 px line height.
pub const PDF_RENDER_LONG_SIDE: i32 = 2400;

/// Render the first page of a PDF with the pdfium library at `library` (bound on the first
/// PDF of the process: pdfium can be bound once, so later engines share that binding).
#[cfg(feature = "pdf")]
pub fn render_first_page(bytes: &[u8], library: Option<&Path>) -> Result<RgbImage> {
    use pdfium_render::prelude::*;
    use std::sync::{Mutex, OnceLock};

    static PDFIUM: OnceLock<Mutex<Pdfium>> = OnceLock::new();
    static BIND: Mutex<()> = Mutex::new(());
    let pdfium = match PDFIUM.get() {
        Some(p) => p,
        None => {
            let _bind = BIND
                .lock()
                .map_err(|_| Error::Internal("pdfium start-up lock poisoned".into()))?;
            match PDFIUM.get() {
                Some(p) => p,
                None => {
                    let path = library.ok_or_else(|| {
                        Error::Setup(format!(
                            "PDF input needs {} in the models folder; run scripts/setup.sh",
                            crate::ocr::runtime::PDFIUM_LIBRARY
                        ))
                    })?;
                    let bindings = Pdfium::bind_to_library(path).map_err(|e| {
                        Error::Setup(format!("cannot load pdfium from {}: {e}", path.display()))
                    })?;
                    PDFIUM.get_or_init(|| Mutex::new(Pdfium::new(bindings)))
                }
            }
        }
    };
    let pdfium = pdfium
        .lock()
        .map_err(|_| Error::Internal("pdfium lock poisoned".into()))?;
    let doc = pdfium
        .load_pdf_from_byte_slice(bytes, None)
        .map_err(|e| Error::DecodeFailed(format!("cannot open the PDF: {e}")))?;
    let page = doc
        .pages()
        .first()
        .map_err(|_| Error::DecodeFailed("the PDF has no pages".into()))?;
    let config = PdfRenderConfig::new()
        .set_target_width(PDF_RENDER_LONG_SIDE)
        .set_maximum_height(PDF_RENDER_LONG_SIDE);
    let bitmap = page
        .render_with_config(&config)
        .map_err(|e| Error::DecodeFailed(format!("cannot render the PDF page: {e}")))?;
    let image = bitmap
        .as_image()
        .map_err(|e| Error::DecodeFailed(format!("cannot read the rendered page: {e}")))?;
    Ok(image.into_rgb8())
}

#[cfg(not(feature = "pdf"))]
pub fn render_first_page(_bytes: &[u8], _library: Option<&Path>) -> Result<RgbImage> {
    Err(Error::InvalidArgument(
        "PDF input is not supported by this build (feature `pdf` is off)".into(),
    ))
}

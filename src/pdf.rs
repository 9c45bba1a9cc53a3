//! PDF input: the first page rendered at a resolution fit for OCR, by a [`PdfRenderer`].
//!
//! The default renderer, [`InProcess`], runs pdfium (a C library fetched by
//! `scripts/setup.sh`) in this process: it is bound once per process (a second bind fails)
//! and is single-threaded, so every render holds one lock. A PDF is a program: callers that
//! take PDFs from strangers give the engine a renderer that isolates it instead
//! ([`crate::EngineBuilder::pdf_renderer`]). Whichever renders, [`render_first_page`] checks
//! the document against [`bounds`] before drawing the page.

pub mod bounds;

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
        .map_err(open_error)?;
    let pages = doc.pages();
    let size = pages.page_size(0).map_err(open_error);
    let (width, height) = size.map_or((0.0, 0.0), |r| (r.width().value, r.height().value));
    bounds::check_pages(pages.len().max(0) as usize, width, height)?;
    bounds::check_content(bytes)?;
    let page = pages.first().map_err(open_error)?;
    bounds::check_objects(page.objects().len())?;
    let config = PdfRenderConfig::new()
        .set_target_width(PDF_RENDER_LONG_SIDE)
        .set_maximum_height(PDF_RENDER_LONG_SIDE);
    let bitmap = page
        .render_with_config(&config)
        .map_err(|_| Error::DecodeFailed("pdfium could not render the PDF page".into()))?;
    let image = bitmap
        .as_image()
        .map_err(|_| Error::DecodeFailed("pdfium gave no picture of the PDF page".into()))?;
    Ok(image.into_rgb8())
}

/// A sentence for what pdfium reports when it opens a document or a page (its own error
/// type prints as Rust debug text).
#[cfg(feature = "pdf")]
fn open_error(e: pdfium_render::prelude::PdfiumError) -> Error {
    use pdfium_render::prelude::{PdfiumError, PdfiumInternalError};
    match e {
        PdfiumError::PdfiumLibraryInternalError(PdfiumInternalError::PasswordError) => {
            Error::InvalidArgument(
                "the PDF is encrypted with a password; send it without one".into(),
            )
        }
        PdfiumError::PdfiumLibraryInternalError(PdfiumInternalError::SecurityError) => {
            Error::InvalidArgument("the PDF's security handler is not supported".into())
        }
        PdfiumError::NoPagesInDocument | PdfiumError::PageIndexOutOfBounds => {
            Error::DecodeFailed("the PDF has no pages".into())
        }
        PdfiumError::PdfiumLibraryInternalError(PdfiumInternalError::PageError) => {
            Error::DecodeFailed("the first page of the PDF is broken".into())
        }
        _ => Error::DecodeFailed("the file is not a readable PDF (its structure is broken)".into()),
    }
}

#[cfg(not(feature = "pdf"))]
pub fn render_first_page(_bytes: &[u8], _library: Option<&Path>) -> Result<RgbImage> {
    Err(Error::InvalidArgument(
        "PDF input is not supported by this build (feature `pdf` is off)".into(),
    ))
}

//! PDF input: the first page rendered through pdfium at a resolution fit for OCR.
//!
//! pdfium is a C library fetched by `scripts/setup.sh`; it is bound once per process (a
//! second bind fails) and is single-threaded, so every render holds one lock.

use crate::error::{Error, Result};
use image::RgbImage;

/// Long side of the rendered page in pixels: an A4 page at about 200 dpi, which puts a card
/// printed at true size near 670 px wide; enough for the recogniser's 48 px line height.
pub const PDF_RENDER_LONG_SIDE: i32 = 2400;

#[cfg(feature = "pdf")]
pub fn render_first_page(bytes: &[u8]) -> Result<RgbImage> {
    use pdfium_render::prelude::*;
    use std::sync::{Mutex, OnceLock};

    static PDFIUM: OnceLock<std::result::Result<Mutex<Pdfium>, String>> = OnceLock::new();
    let pdfium = PDFIUM.get_or_init(|| {
        let path = crate::ocr::runtime::locate_file(crate::ocr::runtime::PDFIUM_LIBRARY)
            .map_err(|e| e.to_string())?;
        Pdfium::bind_to_library(&path)
            .map(|b| Mutex::new(Pdfium::new(b)))
            .map_err(|e| format!("cannot load pdfium from {}: {e}", path.display()))
    });
    let pdfium = pdfium.as_ref().map_err(|e| Error::Setup(e.clone()))?;
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
pub fn render_first_page(_bytes: &[u8]) -> Result<RgbImage> {
    Err(Error::InvalidArgument(
        "PDF input is not supported by this build (feature `pdf` is off)".into(),
    ))
}

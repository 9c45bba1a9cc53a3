//! What a PDF may cost before its page is rendered: checked from the document's structure,
//! each broken bound refused with [`Error::InvalidArgument`] naming the bound and the value.
//!
//! A PDF is a program: a small file can ask for minutes of drawing (hundreds of megabytes of
//! strokes behind a 1 MB compressed stream) or gigabytes of image pixels. These checks turn
//! the plain cases away cheaply and with a clear sentence; they are not the guarantee. A
//! caller taking PDFs from strangers also renders them in a process it can bound in time and
//! memory and kill (`crates/pdf-sandbox`), since no structural check can price every page.

use crate::error::{Error, Result};

/// Most pages a PDF may have (only the first is read; a card is one or two pages).
pub const MAX_PAGES: usize = 50;
/// Smallest and largest side of the first page, in points: the page-size limits of
/// ISO 32000-1 (Annex C, 3 to 14,400 units).
pub const MIN_PAGE_SIDE_PT: f32 = 3.0;
pub const MAX_PAGE_SIDE_PT: f32 = 14_400.0;
/// Most bytes the first page's drawing instructions may decode to (its content streams and
/// the form XObjects they draw). A scanned card is an image and a few hundred bytes; a page
/// of dense vector text a few hundred kilobytes.
pub const MAX_CONTENT_BYTES: usize = 2_000_000;
/// Most objects (paths, text runs, images) the first page may hold once parsed.
pub const MAX_PAGE_OBJECTS: usize = 50_000;
/// Most pixels one image on the first page may have: an A4 page scanned at 600 dpi is 35
/// million.
pub const MAX_IMAGE_PIXELS: u64 = 50_000_000;

/// Page count and size, as pdfium reads them.
pub fn check_pages(count: usize, width_pt: f32, height_pt: f32) -> Result<()> {
    if count == 0 {
        return Err(Error::DecodeFailed("the PDF has no pages".into()));
    }
    if count > MAX_PAGES {
        return Err(Error::InvalidArgument(format!(
            "the PDF has {count} pages; the limit is {MAX_PAGES} pages (only the first is read)"
        )));
    }
    let side_ok = |s: f32| (MIN_PAGE_SIDE_PT..=MAX_PAGE_SIDE_PT).contains(&s);
    if !side_ok(width_pt) || !side_ok(height_pt) {
        return Err(Error::InvalidArgument(format!(
            "the PDF page is {width_pt:.0} x {height_pt:.0} pt; each side must be between \
             {MIN_PAGE_SIDE_PT:.0} and {MAX_PAGE_SIDE_PT:.0} pt"
        )));
    }
    Ok(())
}

/// The number of objects on the parsed first page.
pub fn check_objects(count: usize) -> Result<()> {
    if count > MAX_PAGE_OBJECTS {
        return Err(Error::InvalidArgument(format!(
            "the PDF page has {count} objects; the limit is {MAX_PAGE_OBJECTS}"
        )));
    }
    Ok(())
}

/// The first page's content size and image sizes, read from the file's structure (lopdf)
/// before pdfium parses the page. A file lopdf cannot read is left to pdfium (which repairs
/// more damage) and to the render's own bounds.
#[cfg(feature = "pdf")]
pub fn check_content(pdf: &[u8]) -> Result<()> {
    let Ok(doc) = lopdf::Document::load_mem(pdf) else {
        return Ok(());
    };
    let Some(page) = doc.page_iter().next() else {
        return Ok(());
    };
    let mut budget = Content {
        doc: &doc,
        bytes: 0,
        seen: std::collections::HashSet::new(),
    };
    for id in doc.get_page_contents(page) {
        budget.stream(id)?;
    }
    if let Ok((direct, referenced)) = doc.get_page_resources(page) {
        let mut dicts: Vec<&lopdf::Dictionary> = direct.into_iter().collect();
        dicts.extend(
            referenced
                .iter()
                .filter_map(|id| doc.get_dictionary(*id).ok()),
        );
        for resources in dicts {
            budget.xobjects(resources, 0)?;
        }
    }
    Ok(())
}

/// Form XObjects draw inside forms; deeper nesting is left to the render bounds.
#[cfg(feature = "pdf")]
const MAX_FORM_DEPTH: usize = 8;

#[cfg(feature = "pdf")]
struct Content<'a> {
    doc: &'a lopdf::Document,
    /// Decoded bytes of drawing instructions so far.
    bytes: usize,
    /// Streams already counted (a form drawn twice is counted once: its cost at render is
    /// the render bounds' business).
    seen: std::collections::HashSet<lopdf::ObjectId>,
}

#[cfg(feature = "pdf")]
impl Content<'_> {
    /// Count one content stream against [`MAX_CONTENT_BYTES`].
    fn stream(&mut self, id: lopdf::ObjectId) -> Result<()> {
        if !self.seen.insert(id) {
            return Ok(());
        }
        let Ok(stream) = self.doc.get_object(id).and_then(lopdf::Object::as_stream) else {
            return Ok(());
        };
        self.count(stream)
    }

    fn count(&mut self, stream: &lopdf::Stream) -> Result<()> {
        let left = MAX_CONTENT_BYTES - self.bytes;
        match stream.decompressed_content_with_limit(left) {
            Ok(decoded) => {
                self.bytes += decoded.len();
                Ok(())
            }
            Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded {
                ..
            })) => Err(Error::InvalidArgument(format!(
                "the PDF page's drawing instructions decode to more than \
                 {MAX_CONTENT_BYTES} bytes (the content limit)"
            ))),
            // A stream lopdf cannot decode is pdfium's to judge.
            Err(_) => Ok(()),
        }
    }

    /// The images and forms of a resources dictionary: image sizes against
    /// [`MAX_IMAGE_PIXELS`], forms' instructions against [`MAX_CONTENT_BYTES`].
    fn xobjects(&mut self, resources: &lopdf::Dictionary, depth: usize) -> Result<()> {
        let Ok(xobjects) = resources
            .get_deref(b"XObject", self.doc)
            .and_then(lopdf::Object::as_dict)
        else {
            return Ok(());
        };
        for (_, value) in xobjects.iter() {
            let Ok(id) = value.as_reference() else {
                continue;
            };
            if self.seen.contains(&id) {
                continue;
            }
            let Ok(stream) = self.doc.get_object(id).and_then(lopdf::Object::as_stream) else {
                continue;
            };
            let subtype = stream.dict.get(b"Subtype").and_then(lopdf::Object::as_name);
            match subtype {
                Ok(b"Image") => {
                    self.seen.insert(id);
                    check_image(&stream.dict, self.doc)?;
                }
                Ok(b"Form") => {
                    self.seen.insert(id);
                    self.count(stream)?;
                    if depth < MAX_FORM_DEPTH {
                        if let Ok(inner) = stream
                            .dict
                            .get_deref(b"Resources", self.doc)
                            .and_then(lopdf::Object::as_dict)
                        {
                            self.xobjects(inner, depth + 1)?;
                        }
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }
}

#[cfg(feature = "pdf")]
fn check_image(dict: &lopdf::Dictionary, doc: &lopdf::Document) -> Result<()> {
    let side = |key: &[u8]| {
        dict.get_deref(key, doc)
            .and_then(lopdf::Object::as_i64)
            .unwrap_or(0)
            .max(0) as u64
    };
    let (w, h) = (side(b"Width"), side(b"Height"));
    if w.saturating_mul(h) > MAX_IMAGE_PIXELS {
        return Err(Error::InvalidArgument(format!(
            "an image on the PDF page is {w} x {h} px; the limit is {MAX_IMAGE_PIXELS} pixels"
        )));
    }
    Ok(())
}

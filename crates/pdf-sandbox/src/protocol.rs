//! What the child writes on its standard output: the page, or the library's error.
//!
//! * `P`, width and height as little-endian `u32`, then `width * height * 3` bytes of RGB.
//! * `E`, one byte for the error's kind, then its message in UTF-8.
//!
//! The parent trusts none of it: it reads at most [`MAX_ANSWER_BYTES`], checks the sizes
//! against the page size the library renders, and takes anything else as a failed render.

use image::RgbImage;
use ktp_ocr::pdf::PDF_RENDER_LONG_SIDE;
use ktp_ocr::Error;
use std::io::{self, Write};

const PAGE: u8 = b'P';
const ERROR: u8 = b'E';
/// Longest error message carried.
const MAX_MESSAGE_BYTES: usize = 4096;
/// The largest answer: a page of the rendered size, with its header.
pub(crate) const MAX_ANSWER_BYTES: usize =
    9 + (PDF_RENDER_LONG_SIDE as usize) * (PDF_RENDER_LONG_SIDE as usize) * 3;

pub(crate) fn write_answer(
    out: &mut impl Write,
    result: &Result<RgbImage, Error>,
) -> io::Result<()> {
    match result {
        Ok(page) => {
            out.write_all(&[PAGE])?;
            out.write_all(&page.width().to_le_bytes())?;
            out.write_all(&page.height().to_le_bytes())?;
            out.write_all(page.as_raw())?;
        }
        Err(e) => {
            let (kind, message) = match e {
                Error::InvalidArgument(m) => (b'A', m),
                Error::DecodeFailed(m) => (b'D', m),
                Error::DetectionFailed(m) => (b'F', m),
                Error::Setup(m) => (b'S', m),
                Error::Internal(m) => (b'I', m),
            };
            let mut end = message.len().min(MAX_MESSAGE_BYTES);
            while !message.is_char_boundary(end) {
                end -= 1;
            }
            out.write_all(&[ERROR, kind])?;
            out.write_all(&message.as_bytes()[..end])?;
        }
    }
    out.flush()
}

/// The child's answer, or `None` when it is not one the child can have written.
pub(crate) fn read_answer(bytes: &[u8]) -> Option<Result<RgbImage, Error>> {
    match bytes.split_first()? {
        (&PAGE, rest) if rest.len() >= 8 => {
            let w = u32::from_le_bytes(rest[0..4].try_into().ok()?);
            let h = u32::from_le_bytes(rest[4..8].try_into().ok()?);
            let long = PDF_RENDER_LONG_SIDE as u32;
            if w == 0 || h == 0 || w > long || h > long {
                return None;
            }
            let pixels = rest[8..].to_vec();
            if pixels.len() as u64 != u64::from(w) * u64::from(h) * 3 {
                return None;
            }
            RgbImage::from_raw(w, h, pixels).map(Ok)
        }
        (&ERROR, rest) => {
            let (&kind, message) = rest.split_first()?;
            let message = String::from_utf8_lossy(message).into_owned();
            Some(Err(match kind {
                b'A' => Error::InvalidArgument(message),
                b'D' => Error::DecodeFailed(message),
                b'F' => Error::DetectionFailed(message),
                b'S' => Error::Setup(message),
                b'I' => Error::Internal(message),
                _ => return None,
            }))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(r: Result<RgbImage, Error>) -> Option<Result<RgbImage, Error>> {
        let mut buf = Vec::new();
        write_answer(&mut buf, &r).unwrap();
        read_answer(&buf)
    }

    #[test]
    fn pages_and_errors_come_back_as_sent() {
        let page = RgbImage::from_fn(7, 3, |x, y| image::Rgb([x as u8, y as u8, 9]));
        assert_eq!(round_trip(Ok(page.clone())).unwrap().unwrap(), page);
        let back = round_trip(Err(Error::InvalidArgument("the PDF has 99 pages".into())));
        assert!(
            matches!(back, Some(Err(Error::InvalidArgument(m))) if m == "the PDF has 99 pages")
        );
        let back = round_trip(Err(Error::Setup("no pdfium".into())));
        assert!(matches!(back, Some(Err(Error::Setup(_)))));
    }

    #[test]
    fn answers_the_child_cannot_have_written_are_refused() {
        assert!(read_answer(b"").is_none());
        assert!(read_answer(b"X").is_none());
        assert!(read_answer(b"EZmessage").is_none());
        // A page whose pixels do not match its size.
        let mut buf = vec![PAGE];
        buf.extend_from_slice(&2u32.to_le_bytes());
        buf.extend_from_slice(&2u32.to_le_bytes());
        buf.extend_from_slice(&[0; 11]);
        assert!(read_answer(&buf).is_none());
        // A page larger than the library renders.
        let mut buf = vec![PAGE];
        buf.extend_from_slice(&100_000u32.to_le_bytes());
        buf.extend_from_slice(&1u32.to_le_bytes());
        assert!(read_answer(&buf).is_none());
    }
}

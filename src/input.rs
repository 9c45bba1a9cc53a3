//! Input decoding: bytes in, an upright RGB image out, with the documented limits enforced.
//!
//! Limits follow both cloud APIs: at most 5 MB of file, 128..=6000 px a side. EXIF
//! orientation is applied so the pixels are as a viewer shows them.

use crate::error::{Error, Result};
use image::{DynamicImage, ImageDecoder, ImageFormat, RgbImage};
use std::io::Cursor;

/// Largest accepted file, in bytes: 5 MB as both cloud APIs document it, in decimal
/// megabytes (5,000,000 bytes).
pub const MAX_FILE_BYTES: usize = 5_000_000;
/// How the file-size refusal begins (Tencent answers it with its own code,
/// `LimitExceeded.TooLargeFileError`).
pub const FILE_TOO_LARGE: &str = "the file is larger than 5 MB";
/// Most memory one raster decode may allocate: a 6000 x 6000 RGBA image with 16 bits a
/// channel is 288 MB.
pub const MAX_DECODE_ALLOC: u64 = 512 * 1024 * 1024;
/// Smallest accepted side of the image, in pixels.
pub const MIN_SIDE: u32 = 128;
/// Largest accepted side of the image, in pixels.
pub const MAX_SIDE: u32 = 6000;

/// What kind of file the bytes hold, from their magic number (never from a file name).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    Jpeg,
    Png,
    Pdf,
}

pub fn sniff(bytes: &[u8]) -> Option<InputKind> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(InputKind::Jpeg)
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(InputKind::Png)
    } else if bytes.starts_with(b"%PDF-") {
        Some(InputKind::Pdf)
    } else {
        None
    }
}

/// A decoded input image and what was done to it on the way.
#[derive(Debug, Clone)]
pub struct DecodedInput {
    pub image: RgbImage,
    pub kind: InputKind,
    /// The EXIF orientation tag value (1..=8) that was applied, 1 when there was none.
    pub exif_orientation: u8,
}

/// The checks that need no decoding: not empty, at most 5 MB, JPG, PNG or PDF by its magic
/// number. [`decode`] runs them first; a server can run them before queueing a read.
pub fn check_container(bytes: &[u8]) -> Result<InputKind> {
    if bytes.is_empty() {
        return Err(Error::InvalidArgument("the image is empty".into()));
    }
    if bytes.len() > MAX_FILE_BYTES {
        return Err(Error::InvalidArgument(format!(
            "{FILE_TOO_LARGE}: {} bytes; the limit is {MAX_FILE_BYTES} bytes",
            bytes.len()
        )));
    }
    sniff(bytes).ok_or_else(|| {
        Error::InvalidArgument("unsupported image format: expected JPG, PNG or PDF".into())
    })
}

/// Decode JPG, PNG or PDF (first page, rendered by `pdf`) bytes into an upright RGB image.
pub fn decode(bytes: &[u8], pdf: &dyn crate::pdf::PdfRenderer) -> Result<DecodedInput> {
    let kind = check_container(bytes)?;
    let (image, exif_orientation) = match kind {
        InputKind::Jpeg => decode_raster(bytes, ImageFormat::Jpeg)?,
        InputKind::Png => decode_raster(bytes, ImageFormat::Png)?,
        InputKind::Pdf => (pdf.render_first_page(bytes)?, 1),
    };
    check_size(image.width(), image.height())?;
    Ok(DecodedInput {
        image,
        kind,
        exif_orientation,
    })
}

fn check_size(w: u32, h: u32) -> Result<()> {
    if w < MIN_SIDE || h < MIN_SIDE || w > MAX_SIDE || h > MAX_SIDE {
        return Err(Error::InvalidArgument(format!(
            "the image is {w}x{h} px; each side must be between {MIN_SIDE} and {MAX_SIDE} px"
        )));
    }
    Ok(())
}

fn decode_raster(bytes: &[u8], format: ImageFormat) -> Result<(RgbImage, u8)> {
    let mut reader = image::ImageReader::with_format(Cursor::new(bytes), format);
    // The side check below reads the header before any pixel is allocated, and names the
    // size it found; the allocation bound also covers what a decoder needs besides.
    let mut limits = image::Limits::default();
    limits.max_alloc = Some(MAX_DECODE_ALLOC);
    reader.limits(limits);
    let mut decoder = reader
        .into_decoder()
        .map_err(|e| decode_error(e, bytes.len()))?;
    let (w, h) = decoder.dimensions();
    check_size(w, h)?;
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut img = DynamicImage::from_decoder(decoder).map_err(|e| decode_error(e, bytes.len()))?;
    img.apply_orientation(orientation);
    Ok((img.into_rgb8(), orientation_tag(orientation)))
}

fn decode_error(e: image::ImageError, _len: usize) -> Error {
    match e {
        image::ImageError::Limits(_) => Error::InvalidArgument(format!(
            "decoding the image needs more than {} MiB of memory (the decode limit)",
            MAX_DECODE_ALLOC >> 20
        )),
        other => Error::DecodeFailed(other.to_string()),
    }
}

fn orientation_tag(o: image::metadata::Orientation) -> u8 {
    use image::metadata::Orientation::*;
    match o {
        NoTransforms => 1,
        FlipHorizontal => 2,
        Rotate180 => 3,
        FlipVertical => 4,
        Rotate90FlipH => 5,
        Rotate90 => 6,
        Rotate270FlipH => 7,
        Rotate270 => 8,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(w: u32, h: u32) -> Vec<u8> {
        let img = RgbImage::from_pixel(w, h, image::Rgb([200, 220, 240]));
        let mut out = Vec::new();
        DynamicImage::ImageRgb8(img)
            .write_to(&mut Cursor::new(&mut out), ImageFormat::Png)
            .unwrap();
        out
    }

    const NO_PDF: crate::pdf::InProcess = crate::pdf::InProcess { library: None };

    #[test]
    fn rejects_empty_unknown_and_truncated() {
        assert!(matches!(
            decode(&[], &NO_PDF),
            Err(Error::InvalidArgument(_))
        ));
        assert!(matches!(
            decode(b"GIF89a....", &NO_PDF),
            Err(Error::InvalidArgument(_))
        ));
        let mut bytes = png(300, 200);
        bytes.truncate(60);
        assert!(matches!(
            decode(&bytes, &NO_PDF),
            Err(Error::DecodeFailed(_))
        ));
    }

    #[test]
    fn enforces_side_limits() {
        assert!(matches!(
            decode(&png(100, 300), &NO_PDF),
            Err(Error::InvalidArgument(m)) if m.contains("between 128 and 6000")
        ));
        // Over 6000 px: the size is named, before the pixels are decoded.
        assert!(matches!(
            decode(&png(6001, 200), &NO_PDF),
            Err(Error::InvalidArgument(m)) if m.contains("6001x200 px")
        ));
        let ok = decode(&png(300, 200), &NO_PDF).unwrap();
        assert_eq!(ok.image.dimensions(), (300, 200));
        assert_eq!(ok.kind, InputKind::Png);
    }

    #[test]
    fn enforces_file_size_limit() {
        let mut big = png(300, 200);
        big.resize(MAX_FILE_BYTES + 1, 0);
        assert!(
            matches!(decode(&big, &NO_PDF), Err(Error::InvalidArgument(m)) if m.starts_with(FILE_TOO_LARGE) && m.contains("5000001 bytes; the limit is 5000000"))
        );
        // 5 MB is decimal: the last accepted byte count is 5,000,000.
        big.truncate(MAX_FILE_BYTES);
        assert!(check_container(&big).is_ok());
    }
}

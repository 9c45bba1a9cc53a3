//! What the engine saw while reading one image, for a debug picture (`ktpocr scan
//! --debug-image`): the card outline found, the image the text was read from, every text
//! box and the field its line went to. The library only collects it; drawing is the
//! caller's business.

use crate::ocr::geometry::Quad;
use image::RgbImage;

/// One read's trace. It holds the text read: treat it like the reading itself.
#[derive(Debug, Clone)]
pub struct Trace {
    /// The input image, upright after its EXIF orientation.
    pub input: RgbImage,
    /// The card's outline in the input image (after EXIF), when one was found.
    pub outline: Option<Quad>,
    /// The image the text was read from: the straightened card, or the input turned upright
    /// and cut to its text.
    pub image: RgbImage,
    /// Every line read, in `image` coordinates.
    pub lines: Vec<TracedLine>,
}

/// One text line of a [`Trace`].
#[derive(Debug, Clone)]
pub struct TracedLine {
    pub quad: Quad,
    pub text: String,
    /// The field the line's text went to, if any.
    pub field: Option<&'static str>,
}

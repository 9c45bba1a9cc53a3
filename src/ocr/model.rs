//! The three models the engine runs, as traits: the ONNX implementations in [`super::detect`],
//! [`super::recognize`] and [`super::classify`], or stand-ins in tests, so the pipeline's
//! decisions can be tested without model files.

use super::batch::BatchStats;
use super::detect::TextBox;
use super::recognize::{CharFilter, Recognized};
use crate::error::Result;
use image::RgbImage;

/// Finds text lines.
pub trait TextDetector: Send + Sync {
    /// Text boxes in `image` pixel coordinates, top to bottom then left to right; the model
    /// sees the image with its long side scaled down to at most `max_side`.
    fn detect(&self, image: &RgbImage, max_side: u32) -> Result<Vec<TextBox>>;

    /// Runs made so far and the requests they carried (none for a stand-in); see
    /// [`BatchStats`].
    fn batch_stats(&self) -> BatchStats {
        BatchStats::default()
    }
}

/// Reads text lines.
pub trait TextRecognizer: Send + Sync {
    /// Read upright line crops (any size), in input order. A character's `char_steps` entry
    /// is the model's output step (see [`super::recognize::crop_x_of_step`]).
    fn recognize(&self, crops: &[RgbImage], filter: CharFilter) -> Result<Vec<Recognized>>;

    /// Runs made so far and the requests they carried (none for a stand-in); see
    /// [`BatchStats`].
    fn batch_stats(&self) -> BatchStats {
        BatchStats::default()
    }
}

/// Tells upright lines from upside-down ones.
pub trait LineClassifier: Send + Sync {
    /// For each crop, the probability that it is upside down.
    fn upside_down(&self, crops: &[RgbImage]) -> Result<Vec<f32>>;
}

/// A line whose probability of being upside down is above this is upside down.
pub const UPSIDE_DOWN: f32 = 0.5;

/// Whether more than half of `probabilities` say upside down (never for none).
pub fn mostly_upside_down(probabilities: &[f32]) -> bool {
    let flipped = probabilities.iter().filter(|p| **p > UPSIDE_DOWN).count();
    flipped * 2 > probabilities.len()
}

/// The models of one engine.
pub struct Models {
    pub detector: Box<dyn TextDetector>,
    pub recognizer: Box<dyn TextRecognizer>,
    pub classifier: Box<dyn LineClassifier>,
}

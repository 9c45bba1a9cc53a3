//! The library's error type. Every failure a caller can see is one of these variants; the
//! output formats map each to the documented code of the API they speak.

use thiserror::Error;

/// `Clone`: one failed model call answers every card whose inputs it carried.
#[derive(Debug, Clone, Error)]
pub enum Error {
    /// The request itself is wrong: empty input, a file over 5 MB, an image outside
    /// 128..=6000 px a side, an unsupported format.
    #[error("invalid argument: {0}")]
    InvalidArgument(String),
    /// The bytes claim a supported format but cannot be decoded.
    #[error("image decode failed: {0}")]
    DecodeFailed(String),
    /// No e-KTP could be found or read in the image.
    #[error("detection failed: {0}")]
    DetectionFailed(String),
    /// The engine could not start: ONNX Runtime, pdfium or a model is missing or broken.
    #[error("engine set-up failed: {0}")]
    Setup(String),
    /// A failure inside the engine while processing a valid request.
    #[error("internal error: {0}")]
    Internal(String),
}

impl From<ort::Error> for Error {
    fn from(e: ort::Error) -> Self {
        Error::Internal(format!("onnx runtime: {e}"))
    }
}

pub type Result<T> = std::result::Result<T, Error>;

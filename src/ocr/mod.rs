//! OCR: detection, line orientation and recognition over ONNX Runtime.

pub mod batch;
pub mod classify;
pub mod dash;
pub mod detect;
pub mod gaps;
pub mod geometry;
pub mod glued;
pub mod model;
pub mod numerals;
pub mod recognize;
pub mod runtime;
pub mod stacked;

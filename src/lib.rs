//! ktp-ocr: on-device OCR for Indonesian identity cards (e-KTP).
pub mod ktp;
pub mod regions;
pub mod synth;
pub mod truth;

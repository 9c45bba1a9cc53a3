//! ktp-ocr: on-device OCR for Indonesian identity cards (e-KTP).
//!
//! ```no_run
//! let engine = ktp_ocr::Engine::builder().build()?;
//! let reading = engine.read(&std::fs::read("card.jpg").unwrap())?;
//! println!("{}", reading.fields["nik"].value);
//! # Ok::<(), ktp_ocr::Error>(())
//! ```
pub mod card;
pub mod clock;
pub mod confidence;
pub mod engine;
pub mod error;
pub mod fields;
pub mod format;
pub mod input;
pub mod ktp;
pub mod nik;
pub mod ocr;
pub mod pdf;
pub mod reading;
pub mod regions;
pub mod trace;

pub use engine::{Engine, EngineBuilder, ReadOptions};
pub use error::{Error, Result};
pub use reading::KtpReading;

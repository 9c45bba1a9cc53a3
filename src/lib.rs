//! ktp-ocr: on-device OCR for Indonesian identity cards (e-KTP).
//!
//! ```no_run
//! let engine = ktp_ocr::Engine::builder().build()?;
//! let reading = engine.read(&std::fs::read("card.jpg").unwrap())?;
//! println!("{}", reading.fields["nik"].value);
//! # Ok::<(), ktp_ocr::Error>(())
//! ```
//!
//! The library does no I/O of its own beyond loading the models it is pointed at: bytes in,
//! a [`KtpReading`] out. A card flows one way through the stages, one module each:
//! [`input`] (decode, limits, EXIF) -> [`card`] (find, straighten, photo, capture quality)
//! -> [`ocr`] (detection, orientation, recognition, behind the traits of [`ocr::model`])
//! -> [`fields`] (labels, rows, values, region names) -> [`nik`] (decode, repair,
//! cross-check) -> `assemble` (warnings, [`confidence`]) -> [`format`] (the three schemas).
//! [`engine`] runs them; [`warning`] and [`calendar`] are leaves every stage may use.

mod assemble;
pub mod calendar;
pub mod card;
pub mod confidence;
pub mod engine;
pub mod error;
pub mod fields;
pub mod format;
pub mod input;
pub mod ktp;
pub mod lexicon;
pub mod nik;
pub mod ocr;
pub mod pdf;
pub mod reading;
pub mod regions;
mod stats;
pub mod trace;
pub mod warning;

pub use engine::{Engine, EngineBuilder, ModelBatchStats, ReadOptions};
pub use error::{Error, Result};
pub use reading::KtpReading;
pub use warning::{Code, Warning};

//! Where an engine's models come from, as for the CLI: the folder given, else
//! `$KTPOCR_MODELS`, else the `models/` folder of the checkout this package was built from
//! (`pip install crates/python` in a clone, after `bash scripts/setup.sh`).

use ktp_ocr::ocr::runtime::MODELS_DIR_ENV;
use std::path::PathBuf;

/// The checkout's models folder, two levels above this crate.
const CHECKOUT_MODELS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../models");

/// The folder to load from; `None` when none was given, `$KTPOCR_MODELS` is unset and the
/// checkout's folder is gone (a wheel installed elsewhere).
pub fn resolve(explicit: Option<PathBuf>) -> Option<PathBuf> {
    if let Some(dir) = explicit {
        return Some(dir);
    }
    if let Some(dir) = std::env::var_os(MODELS_DIR_ENV).filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(dir));
    }
    let checkout = PathBuf::from(CHECKOUT_MODELS);
    checkout
        .is_dir()
        .then(|| checkout.canonicalize().unwrap_or(checkout))
}

/// What to do when [`resolve`] finds nothing.
pub fn not_found() -> String {
    format!(
        "no models folder: pass Engine(models_dir=...) or set ${MODELS_DIR_ENV} to a folder \
         with the models and ONNX Runtime (bash scripts/setup.sh fetches them into the \
         repository's models/)"
    )
}

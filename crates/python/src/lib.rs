//! `ktp_ocr._native`: the extension module of the `ktp_ocr` Python package (the package
//! itself, `python/ktp_ocr`, adds reading from a path and the batch recipe).
//!
//! One [`engine::Engine`] loads the models once and reads from any number of Python threads
//! at a time: the GIL is released for the whole read, and the Rust engine is `Send + Sync`.
//! Answers are the CLI's and the server's schemas, as dicts; failures are exceptions
//! carrying the documented codes (see [`errors`]).

mod engine;
mod errors;
mod models;

use pyo3::prelude::*;

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("MAX_FILE_BYTES", ktp_ocr::input::MAX_FILE_BYTES)?;
    m.add("FILE_TOO_LARGE", ktp_ocr::input::FILE_TOO_LARGE)?;
    m.add("FIELD_NAMES", ktp_ocr::ktp::FIELD_NAMES.to_vec())?;
    m.add("MODELS_DIR_ENV", ktp_ocr::ocr::runtime::MODELS_DIR_ENV)?;
    m.add_class::<engine::Engine>()?;
    m.add_function(wrap_pyfunction!(errors::invalid_argument, m)?)?;
    errors::add_to(py, m)?;
    Ok(())
}

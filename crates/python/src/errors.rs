//! Engine errors as Python exceptions. Each class maps one `ktp_ocr::Error` variant, and every
//! instance carries the codes the two cloud APIs document for it, plus the whole error
//! answer in the format asked for, so a Python service can hand it on unchanged:
//!
//! | class | `code` (native, accuauth) | `http_status` | `tencent_code` |
//! |---|---|---|---|
//! | `InvalidArgument` | `INVALID_ARGUMENT` | 400 | `InvalidParameterValue.InvalidParameterValueLimit` (`LimitExceeded.TooLargeFileError` for size) |
//! | `DecodeFailed` (an `InvalidArgument`) | `INVALID_ARGUMENT` | 400 | `FailedOperation.ImageDecodeFailed` |
//! | `DetectionFailed` | `DETECTION_FAILED` | 400 | `FailedOperation.OcrFailed` |
//! | `SetupFailed` | `INTERNAL_ERROR` | 500 | `FailedOperation.UnKnowError` |
//! | `InternalError` | `INTERNAL_ERROR` | 500 | `FailedOperation.UnKnowError` |

use crate::engine::Format;
use ktp_ocr::format::{accuauth, native, new_request_id, new_tencent_request_id, tencent};
use ktp_ocr::Error;
use pyo3::exceptions::PyException;
use pyo3::prelude::*;

pyo3::create_exception!(
    ktp_ocr,
    KtpOcrError,
    PyException,
    "A card could not be read. `code`, `http_status` and `tencent_code` are the documented \
     codes; `reason` says why; `answer` is the error answer in the format asked for."
);
pyo3::create_exception!(
    ktp_ocr,
    InvalidArgument,
    KtpOcrError,
    "The input is wrong: empty, not JPG/PNG/PDF, over 5 MB, a side outside 128-6000 px, not a regular file."
);
pyo3::create_exception!(
    ktp_ocr,
    DecodeFailed,
    InvalidArgument,
    "The bytes claim a supported format but cannot be decoded."
);
pyo3::create_exception!(
    ktp_ocr,
    DetectionFailed,
    KtpOcrError,
    "No identity card could be found or read in the image."
);
pyo3::create_exception!(
    ktp_ocr,
    SetupFailed,
    KtpOcrError,
    "The engine cannot start: the models folder or ONNX Runtime is missing or broken."
);
pyo3::create_exception!(
    ktp_ocr,
    InternalError,
    KtpOcrError,
    "A failure inside the engine while reading a valid input."
);

pub fn add_to(py: Python<'_>, m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("KtpOcrError", py.get_type::<KtpOcrError>())?;
    m.add("InvalidArgument", py.get_type::<InvalidArgument>())?;
    m.add("DecodeFailed", py.get_type::<DecodeFailed>())?;
    m.add("DetectionFailed", py.get_type::<DetectionFailed>())?;
    m.add("SetupFailed", py.get_type::<SetupFailed>())?;
    m.add("InternalError", py.get_type::<InternalError>())?;
    Ok(())
}

/// The exception for `e`, its answer in `format`.
pub fn to_py(py: Python<'_>, e: &Error, format: Format) -> PyErr {
    let answer = match format {
        Format::Native => serde_json::to_string(&native::error(e, new_request_id())),
        Format::Accuauth => serde_json::to_string(&accuauth::error(e, new_request_id())),
        Format::Tencent => serde_json::to_string(&tencent::error(e, new_tencent_request_id())),
    };
    let reason = native::error(e, String::new()).reason;
    let err = match e {
        Error::InvalidArgument(_) => InvalidArgument::new_err(reason.clone()),
        Error::DecodeFailed(_) => DecodeFailed::new_err(reason.clone()),
        Error::DetectionFailed(_) => DetectionFailed::new_err(reason.clone()),
        Error::Setup(_) => SetupFailed::new_err(reason.clone()),
        Error::Internal(_) => InternalError::new_err(reason.clone()),
    };
    let (http_status, code) = accuauth::status_of(e);
    let value = err.value(py);
    let set = || -> PyResult<()> {
        value.setattr("code", code)?;
        value.setattr("http_status", http_status)?;
        value.setattr("tencent_code", tencent::code_of(e))?;
        value.setattr("reason", &reason)?;
        let answer = match answer {
            Ok(text) => crate::engine::json_to_py(py, &text)?,
            Err(_) => py.None(),
        };
        value.setattr("answer", answer)?;
        Ok(())
    };
    match set() {
        Ok(()) => err,
        Err(other) => other,
    }
}

/// `InvalidArgument` for an input refused before the engine saw it (the package's path
/// checks), with its codes and its answer in `format` (`native`, `accuauth`, `tencent`).
#[pyfunction]
#[pyo3(signature = (reason, format = "native"))]
pub fn invalid_argument(py: Python<'_>, reason: String, format: &str) -> PyResult<PyErr> {
    let format = Format::parse(format)?;
    Ok(to_py(py, &Error::InvalidArgument(reason), format))
}

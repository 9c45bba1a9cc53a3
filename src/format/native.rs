//! The native result: every field with confidence and box, warnings, timings.

use crate::error::Error;
use crate::reading::KtpReading;
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct NativeResponse<'a> {
    pub request_id: String,
    pub status: &'static str,
    #[serde(flatten)]
    pub reading: &'a KtpReading,
}

#[derive(Debug, Serialize)]
pub struct NativeError {
    pub request_id: String,
    /// The same codes as the `/ocr/idcard` API.
    pub status: &'static str,
    pub reason: String,
}

pub fn response(reading: &KtpReading, request_id: String) -> NativeResponse<'_> {
    NativeResponse {
        request_id,
        status: "OK",
        reading,
    }
}

pub fn error(e: &Error, request_id: String) -> NativeError {
    let (_, status) = super::accuauth::status_of(e);
    NativeError {
        request_id,
        status,
        reason: super::reason(e),
    }
}

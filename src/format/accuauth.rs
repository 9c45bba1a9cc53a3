//! The `/ocr/idcard` API schema (shared/seeds/000_*): `request_id`, `status`, `results[]`,
//! with the documented spelling `nationnality`.

use crate::error::Error;
use crate::reading::KtpReading;
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct Response {
    pub request_id: String,
    pub status: &'static str,
    pub results: Vec<CardResult>,
}

#[derive(Debug, Serialize)]
pub struct CardResult {
    pub id_number: String,
    pub name: String,
    pub pob: String,
    pub dob: String,
    pub gender: String,
    pub gender_s: String,
    pub address: String,
    pub province: String,
    pub city: String,
    pub district: String,
    pub village: String,
    pub rt: String,
    pub rw: String,
    pub religion: String,
    pub marital_status: String,
    pub work: String,
    pub nationnality: String,
}

#[derive(Debug, Serialize)]
pub struct ErrorResponse {
    pub status: &'static str,
    pub reason: String,
    pub request_id: String,
}

/// `M` or `F` from the printed gender; empty when unknown.
pub fn gender_letter(gender: &str) -> &'static str {
    match gender {
        "LAKI-LAKI" | "MALE" => "M",
        "PEREMPUAN" | "FEMALE" => "F",
        _ => "",
    }
}

pub fn response(reading: &KtpReading, request_id: String) -> Response {
    let v = reading.values();
    Response {
        request_id,
        status: "OK",
        results: vec![CardResult {
            gender_s: gender_letter(&v.jenis_kelamin).into(),
            id_number: v.nik,
            name: v.nama,
            pob: v.tempat_lahir,
            dob: v.tanggal_lahir,
            gender: v.jenis_kelamin,
            address: v.alamat,
            province: v.provinsi,
            city: v.kabupaten_kota,
            district: v.kecamatan,
            village: v.kel_desa,
            rt: v.rt,
            rw: v.rw,
            religion: v.agama,
            marital_status: v.status_perkawinan,
            work: v.pekerjaan,
            nationnality: v.kewarganegaraan,
        }],
    }
}

/// HTTP status and `status` code of an error, as the API documents them.
pub fn status_of(e: &Error) -> (u16, &'static str) {
    let code = match e {
        Error::InvalidArgument(_) | Error::DecodeFailed(_) => INVALID_ARGUMENT,
        Error::DetectionFailed(_) => DETECTION_FAILED,
        Error::Setup(_) | Error::Internal(_) => INTERNAL_ERROR,
    };
    (http_status(code), code)
}

pub fn error(e: &Error, request_id: String) -> ErrorResponse {
    ErrorResponse {
        status: status_of(e).1,
        reason: super::reason(e),
        request_id,
    }
}

/// The `status` codes the API documents, each with its HTTP status.
pub const INVALID_ARGUMENT: &str = "INVALID_ARGUMENT";
pub const DETECTION_FAILED: &str = "DETECTION_FAILED";
pub const UNAUTHORIZED: &str = "UNAUTHORIZED";
pub const KEY_EXPIRED: &str = "KEY_EXPIRED";
pub const NO_PERMISSION: &str = "NO_PERMISSION";
pub const OUT_OF_QUOTA: &str = "OUT_OF_QUOTA";
pub const RATE_LIMIT_EXCEEDED: &str = "RATE_LIMIT_EXCEEDED";
pub const NOT_FOUND: &str = "NOT_FOUND";
pub const INTERNAL_ERROR: &str = "INTERNAL_ERROR";

/// The HTTP status the API documents for a `status` code (500 for an unknown one).
pub fn http_status(code: &str) -> u16 {
    match code {
        INVALID_ARGUMENT | DETECTION_FAILED => 400,
        UNAUTHORIZED | KEY_EXPIRED => 401,
        NO_PERMISSION | OUT_OF_QUOTA | RATE_LIMIT_EXCEEDED => 403,
        NOT_FOUND => 404,
        _ => 500,
    }
}

/// An error answer for a failure that is not a [`crate::Error`] (authentication, limits,
/// routing): one of the documented codes above and a reason.
pub fn error_with(
    code: &'static str,
    reason: impl Into<String>,
    request_id: String,
) -> ErrorResponse {
    ErrorResponse {
        status: code,
        reason: reason.into(),
        request_id,
    }
}

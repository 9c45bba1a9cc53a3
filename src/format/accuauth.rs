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
    match e {
        Error::InvalidArgument(_) | Error::DecodeFailed(_) => (400, "INVALID_ARGUMENT"),
        Error::DetectionFailed(_) => (400, "DETECTION_FAILED"),
        Error::Setup(_) | Error::Internal(_) => (500, "INTERNAL_ERROR"),
    }
}

pub fn error(e: &Error, request_id: String) -> ErrorResponse {
    ErrorResponse {
        status: status_of(e).1,
        reason: e.to_string(),
        request_id,
    }
}

//! Tencent Cloud `RecognizeIndonesiaIDCardOCR` schema (shared/seeds/001_*): the
//! `{"Response": {...}}` object with the documented spelling `Perkerjaan`.

use crate::error::Error;
use crate::reading::KtpReading;
use crate::warning::Code;
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct Envelope<T> {
    #[serde(rename = "Response")]
    pub response: T,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Response {
    #[serde(rename = "NIK")]
    pub nik: String,
    pub nama: String,
    pub tempat_tgl_lahir: String,
    pub jenis_kelamin: String,
    pub gol_darah: String,
    pub alamat: String,
    #[serde(rename = "RTRW")]
    pub rtrw: String,
    pub kel_desa: String,
    pub kecamatan: String,
    pub agama: String,
    pub status_perkawinan: String,
    pub perkerjaan: String,
    pub kewarga_negaraan: String,
    pub berlaku_hingga: String,
    pub issued_date: String,
    pub photo: String,
    pub provinsi: String,
    pub kota: String,
    /// Tencent card-warning codes for the warnings of the reading that Tencent has a code
    /// for: -9101 card incomplete, -9102 photocopy, -9103 screen photo, -9107 glare, -9108
    /// blur, -8101 NIK format, -8102 NIK inconsistent with the printed data (see
    /// [`warn_card_infos`]).
    pub warn_card_infos: Vec<i64>,
    pub request_id: String,
}

/// Tencent's `WarnCardInfos` code for a warning, where Tencent's card OCR has one: -9101
/// card border incomplete, -9102 photocopy, -9103 recapture (a photo of a screen), -9107
/// reflection, -9108 blur; -8101 a NIK that cannot be right, -8102 a NIK inconsistent with
/// the printed fields. Tencent has no code for a low resolution or a repaired NIK.
pub fn warn_code(code: Code) -> Option<i64> {
    match code {
        Code::CardIncomplete => Some(-9101),
        Code::Photocopy => Some(-9102),
        Code::ScreenPhoto => Some(-9103),
        Code::Glare => Some(-9107),
        Code::Blurry => Some(-9108),
        Code::NikInvalidLength
        | Code::NikUnknownRegion
        | Code::NikInvalidDate
        | Code::NikInvalidSerial
        | Code::NikAmbiguous => Some(-8101),
        Code::NikDateMismatch | Code::NikSexMismatch | Code::NikRegionMismatch => Some(-8102),
        Code::FieldNotFound
        | Code::RegionNotInTable
        | Code::FieldUnderGlare
        | Code::FieldCheckFailed
        | Code::FieldRepaired
        | Code::LowResolution
        | Code::NikCorrected => None,
    }
}

/// The Tencent `WarnCardInfos` codes of a reading's warnings, each once, in order.
pub fn warn_card_infos(reading: &KtpReading) -> Vec<i64> {
    let mut out = Vec::new();
    for w in &reading.warnings {
        if let Some(c) = warn_code(w.code).filter(|c| !out.contains(c)) {
            out.push(c);
        }
    }
    out
}

#[derive(Debug, Serialize)]
pub struct ErrorBody {
    #[serde(rename = "Error")]
    pub error: ErrorDetail,
    #[serde(rename = "RequestId")]
    pub request_id: String,
}

#[derive(Debug, Serialize)]
pub struct ErrorDetail {
    #[serde(rename = "Code")]
    pub code: &'static str,
    #[serde(rename = "Message")]
    pub message: String,
}

/// `PLACE, DD-MM-YYYY`, or whichever part was read.
fn place_date(place: &str, date: &str) -> String {
    match (place.is_empty(), date.is_empty()) {
        (false, false) => format!("{place}, {date}"),
        (false, true) => place.to_string(),
        _ => date.to_string(),
    }
}

fn rt_rw(rt: &str, rw: &str) -> String {
    if rt.is_empty() && rw.is_empty() {
        String::new()
    } else {
        format!("{rt}/{rw}")
    }
}

/// Tencent's `Scene` parameter: `V2` adds `Provinsi` and `Kota` to the answer; `V1` (the
/// default) leaves them empty, as documented.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub enum Scene {
    #[default]
    V1,
    V2,
}

/// The answer for a `Scene` (what the server and `ktpocr scan --format tencent` print).
pub fn response_for(
    reading: &KtpReading,
    request_id: String,
    photo: String,
    scene: Scene,
) -> Envelope<Response> {
    let mut answer = response(reading, request_id, photo);
    if scene == Scene::V1 {
        // Documented as filled only for Scene V2.
        answer.response.provinsi.clear();
        answer.response.kota.clear();
    }
    answer
}

/// Every field, `Provinsi` and `Kota` included (what [`Scene::V2`] answers).
pub fn response(reading: &KtpReading, request_id: String, photo: String) -> Envelope<Response> {
    let v = reading.values();
    Envelope {
        response: Response {
            tempat_tgl_lahir: place_date(&v.tempat_lahir, &v.tanggal_lahir),
            rtrw: rt_rw(&v.rt, &v.rw),
            nik: v.nik,
            nama: v.nama,
            jenis_kelamin: v.jenis_kelamin,
            gol_darah: v.gol_darah,
            alamat: v.alamat,
            kel_desa: v.kel_desa,
            kecamatan: v.kecamatan,
            agama: v.agama,
            status_perkawinan: v.status_perkawinan,
            perkerjaan: v.pekerjaan,
            kewarga_negaraan: v.kewarganegaraan,
            berlaku_hingga: v.berlaku_hingga,
            issued_date: v.tanggal_terbit,
            photo,
            provinsi: v.provinsi,
            kota: v.kabupaten_kota,
            warn_card_infos: warn_card_infos(reading),
            request_id,
        },
    }
}

/// Tencent's error code for an error.
pub fn code_of(e: &Error) -> &'static str {
    match e {
        Error::InvalidArgument(m) if m.starts_with(crate::input::FILE_TOO_LARGE) => {
            "LimitExceeded.TooLargeFileError"
        }
        Error::InvalidArgument(_) => "InvalidParameterValue.InvalidParameterValueLimit",
        Error::DecodeFailed(_) => "FailedOperation.ImageDecodeFailed",
        Error::DetectionFailed(_) => "FailedOperation.OcrFailed",
        Error::Setup(_) | Error::Internal(_) => "FailedOperation.UnKnowError",
    }
}

/// An error answer in Tencent Cloud's common shape for a failure that is not a
/// [`crate::Error`]: a common error code (`AuthFailure.SignatureFailure`,
/// `RequestLimitExceeded`, ...) and a message.
pub fn error_with(
    code: &'static str,
    message: impl Into<String>,
    request_id: String,
) -> Envelope<ErrorBody> {
    Envelope {
        response: ErrorBody {
            error: ErrorDetail {
                code,
                message: message.into(),
            },
            request_id,
        },
    }
}

pub fn error(e: &Error, request_id: String) -> Envelope<ErrorBody> {
    Envelope {
        response: ErrorBody {
            error: ErrorDetail {
                code: code_of(e),
                message: super::reason(e),
            },
            request_id,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warning_codes_map_to_tencent_codes() {
        assert_eq!(warn_code(Code::Blurry), Some(-9108));
        assert_eq!(warn_code(Code::LowResolution), None);
        for code in [
            Code::NikInvalidLength,
            Code::NikUnknownRegion,
            Code::NikInvalidDate,
            Code::NikInvalidSerial,
            Code::NikAmbiguous,
        ] {
            assert_eq!(warn_code(code), Some(-8101));
        }
        for code in [
            Code::NikDateMismatch,
            Code::NikSexMismatch,
            Code::NikRegionMismatch,
        ] {
            assert_eq!(warn_code(code), Some(-8102));
        }
        assert_eq!(warn_code(Code::NikCorrected), None);
        assert_eq!(warn_code(Code::FieldNotFound), None);
    }
}

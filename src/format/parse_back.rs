//! The two cloud API responses read back into [`KtpFields`], for scoring an HTTP endpoint
//! (`ktpocr eval --endpoint`): a cloud provider, or `ktpocr serve`.

use crate::ktp::KtpFields;
use serde_json::Value;

/// accuauth `results[0]` keys and the fields they fill (the fields scored for this API).
const ACCUAUTH_KEYS: [(&str, &str); 16] = [
    ("id_number", "nik"),
    ("name", "nama"),
    ("pob", "tempat_lahir"),
    ("dob", "tanggal_lahir"),
    ("gender", "jenis_kelamin"),
    ("address", "alamat"),
    ("province", "provinsi"),
    ("city", "kabupaten_kota"),
    ("district", "kecamatan"),
    ("village", "kel_desa"),
    ("rt", "rt"),
    ("rw", "rw"),
    ("religion", "agama"),
    ("marital_status", "status_perkawinan"),
    ("work", "pekerjaan"),
    ("nationnality", "kewarganegaraan"),
];

/// Tencent `Response` keys copied as they are (`TempatTglLahir` and `RTRW` are split).
const TENCENT_KEYS: [(&str, &str); 14] = [
    ("NIK", "nik"),
    ("Nama", "nama"),
    ("JenisKelamin", "jenis_kelamin"),
    ("GolDarah", "gol_darah"),
    ("Alamat", "alamat"),
    ("KelDesa", "kel_desa"),
    ("Kecamatan", "kecamatan"),
    ("Agama", "agama"),
    ("StatusPerkawinan", "status_perkawinan"),
    ("Perkerjaan", "pekerjaan"),
    ("KewargaNegaraan", "kewarganegaraan"),
    ("BerlakuHingga", "berlaku_hingga"),
    ("IssuedDate", "tanggal_terbit"),
    ("Provinsi", "provinsi"),
];

/// Fields the accuauth API returns (no blood type, validity or issue place/date).
pub fn accuauth_scored_fields() -> Vec<&'static str> {
    ACCUAUTH_KEYS.iter().map(|(_, f)| *f).collect()
}

/// Fields the Tencent API returns: all but `tempat_terbit`.
pub fn tencent_scored_fields() -> Vec<&'static str> {
    crate::ktp::FIELD_NAMES
        .iter()
        .copied()
        .filter(|f| *f != "tempat_terbit")
        .collect()
}

fn text<'a>(obj: &'a Value, key: &str) -> &'a str {
    obj.get(key).and_then(Value::as_str).unwrap_or("")
}

fn fill(obj: &Value, keys: &[(&str, &str)]) -> KtpFields {
    let mut f = KtpFields::default();
    for (key, field) in keys {
        if let Some(slot) = f.get_mut(field) {
            *slot = text(obj, key).to_string();
        }
    }
    f
}

/// An accuauth `/ocr/idcard` response: the first result, or the status when it is not `OK`.
pub fn accuauth_fields(body: &Value) -> Result<KtpFields, String> {
    let status = text(body, "status");
    if status != "OK" {
        return Err(if status.is_empty() {
            "NO_STATUS".into()
        } else {
            status.into()
        });
    }
    body.get("results")
        .and_then(|r| r.get(0))
        .map(|r| fill(r, &ACCUAUTH_KEYS))
        .ok_or_else(|| "NO_RESULTS".into())
}

/// Whether `s` is `DD-MM-YYYY`.
fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b.iter().enumerate().all(|(i, c)| {
            if i == 2 || i == 5 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        })
}

/// A Tencent `RecognizeIndonesiaIDCardOCR` response: its fields, or `Error.Code`.
pub fn tencent_fields(body: &Value) -> Result<KtpFields, String> {
    let Some(r) = body.get("Response") else {
        return Err("NO_RESPONSE".into());
    };
    if let Some(e) = r.get("Error") {
        let code = text(e, "Code");
        return Err(if code.is_empty() { "ERROR" } else { code }.into());
    }
    let mut f = fill(r, &TENCENT_KEYS);
    f.kabupaten_kota = text(r, "Kota").into();
    let ttl = text(r, "TempatTglLahir");
    match ttl.rsplit_once(", ") {
        Some((place, date)) => {
            f.tempat_lahir = place.into();
            f.tanggal_lahir = date.into();
        }
        None if is_date(ttl) => f.tanggal_lahir = ttl.into(),
        None => f.tempat_lahir = ttl.into(),
    }
    let rtrw = text(r, "RTRW");
    match rtrw.split_once('/') {
        Some((rt, rw)) => {
            f.rt = rt.into();
            f.rw = rw.into();
        }
        None => f.rt = rtrw.into(),
    }
    Ok(f)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn accuauth_ok_maps_every_returned_field() {
        let body = json!({"request_id": "x", "status": "OK", "results": [{
            "id_number": "3171234567890001", "name": "BUDI SANTOSO", "pob": "JAKARTA",
            "dob": "17-08-1990", "gender": "LAKI-LAKI", "gender_s": "M",
            "address": "JL. MAWAR NO. 5", "province": "DKI JAKARTA",
            "city": "JAKARTA SELATAN", "district": "TEBET", "village": "MANGGARAI",
            "rt": "001", "rw": "002", "religion": "ISLAM", "marital_status": "KAWIN",
            "work": "KARYAWAN SWASTA", "nationnality": "WNI"
        }]});
        let f = accuauth_fields(&body).unwrap();
        assert_eq!(f.nik, "3171234567890001");
        assert_eq!(f.nama, "BUDI SANTOSO");
        assert_eq!(f.tempat_lahir, "JAKARTA");
        assert_eq!(f.tanggal_lahir, "17-08-1990");
        assert_eq!(f.jenis_kelamin, "LAKI-LAKI");
        assert_eq!(f.kabupaten_kota, "JAKARTA SELATAN");
        assert_eq!(f.kel_desa, "MANGGARAI");
        assert_eq!((f.rt.as_str(), f.rw.as_str()), ("001", "002"));
        assert_eq!(f.pekerjaan, "KARYAWAN SWASTA");
        assert_eq!(f.kewarganegaraan, "WNI");
        assert_eq!(f.gol_darah, "");
        let scored = accuauth_scored_fields();
        assert_eq!(scored.len(), 16);
        assert!(!scored.contains(&"gol_darah") && !scored.contains(&"berlaku_hingga"));
        for field in &scored {
            assert!(!f.get(field).unwrap().is_empty(), "{field} not mapped");
        }
    }

    #[test]
    fn accuauth_error_is_its_status() {
        let body = json!({"status": "NOT_KTP", "reason": "no card", "request_id": "x"});
        assert_eq!(accuauth_fields(&body).unwrap_err(), "NOT_KTP");
        let empty = json!({"status": "OK", "results": []});
        assert_eq!(accuauth_fields(&empty).unwrap_err(), "NO_RESULTS");
        assert_eq!(accuauth_fields(&json!({})).unwrap_err(), "NO_STATUS");
    }

    #[test]
    fn tencent_ok_splits_place_date_and_rt_rw() {
        let body = json!({"Response": {
            "NIK": "3171234567890001", "Nama": "BUDI SANTOSO",
            "TempatTglLahir": "KOTA, BARU, 17-08-1990", "JenisKelamin": "LAKI-LAKI",
            "GolDarah": "O", "Alamat": "JL. MAWAR NO. 5", "RTRW": "001/002",
            "KelDesa": "MANGGARAI", "Kecamatan": "TEBET", "Agama": "ISLAM",
            "StatusPerkawinan": "KAWIN", "Perkerjaan": "KARYAWAN SWASTA",
            "KewargaNegaraan": "WNI", "BerlakuHingga": "SEUMUR HIDUP",
            "IssuedDate": "01-02-2020", "Photo": "", "Provinsi": "DKI JAKARTA",
            "Kota": "JAKARTA SELATAN", "RequestId": "r"
        }});
        let f = tencent_fields(&body).unwrap();
        assert_eq!(f.tempat_lahir, "KOTA, BARU");
        assert_eq!(f.tanggal_lahir, "17-08-1990");
        assert_eq!((f.rt.as_str(), f.rw.as_str()), ("001", "002"));
        assert_eq!(f.kabupaten_kota, "JAKARTA SELATAN");
        assert_eq!(f.pekerjaan, "KARYAWAN SWASTA");
        assert_eq!(f.tanggal_terbit, "01-02-2020");
        assert_eq!(f.tempat_terbit, "");
        let scored = tencent_scored_fields();
        assert_eq!(scored.len(), 19);
        for field in &scored {
            assert!(!f.get(field).unwrap().is_empty(), "{field} not mapped");
        }
    }

    #[test]
    fn tencent_partial_place_date_and_errors() {
        let date_only = json!({"Response": {"TempatTglLahir": "17-08-1990", "RTRW": ""}});
        let f = tencent_fields(&date_only).unwrap();
        assert_eq!(
            (f.tempat_lahir.as_str(), f.tanggal_lahir.as_str()),
            ("", "17-08-1990")
        );
        assert_eq!((f.rt.as_str(), f.rw.as_str()), ("", ""));
        let place_only = json!({"Response": {"TempatTglLahir": "JAKARTA"}});
        assert_eq!(tencent_fields(&place_only).unwrap().tempat_lahir, "JAKARTA");
        let err = json!({"Response": {"Error": {"Code": "FailedOperation.NoIDCard",
            "Message": "no card"}, "RequestId": "r"}});
        assert_eq!(
            tencent_fields(&err).unwrap_err(),
            "FailedOperation.NoIDCard"
        );
        assert_eq!(tencent_fields(&json!({})).unwrap_err(), "NO_RESPONSE");
    }
}

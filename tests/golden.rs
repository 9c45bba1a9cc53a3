//! Golden test: the sample card's full reading in each output format, against the files in
//! testdata/golden/. After an intended change, regenerate them with
//! `UPDATE_GOLDEN=1 cargo test --release --test golden` and review the diff.

mod common;

use ktp_ocr::format::{accuauth, tencent};
use serde_json::Value;

fn check(name: &str, mut actual: Value) {
    // ids and timings change on every run
    for key in ["request_id", "RequestId", "timings"] {
        strip(&mut actual, key);
    }
    let path = format!("{}/testdata/golden/{name}", env!("CARGO_MANIFEST_DIR"));
    let pretty = serde_json::to_string_pretty(&actual).unwrap() + "\n";
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(std::path::Path::new(&path).parent().unwrap()).unwrap();
        std::fs::write(&path, &pretty).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("{path} missing: run with UPDATE_GOLDEN=1"));
    assert_eq!(pretty, expected, "{name} differs from the golden file");
}

fn strip(v: &mut Value, key: &str) {
    match v {
        Value::Object(m) => {
            m.remove(key);
            m.values_mut().for_each(|x| strip(x, key));
        }
        Value::Array(a) => a.iter_mut().for_each(|x| strip(x, key)),
        _ => {}
    }
}

/// Field values only (boxes and confidences move a little between ONNX Runtime builds).
fn values_only(reading: &ktp_ocr::KtpReading) -> Value {
    serde_json::json!({
        "fields": reading.values(),
        "warnings": reading.warnings,
        "orientation": reading.orientation,
    })
}

#[test]
fn sample_card_in_every_format() {
    let bytes = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/testdata/sample-card.jpg"
    ))
    .unwrap();
    let reading = common::engine()
        .read(&bytes)
        .expect("the sample card reads");
    check("sample-card.native.json", values_only(&reading));
    check(
        "sample-card.accuauth.json",
        serde_json::to_value(accuauth::response(&reading, String::new())).unwrap(),
    );
    check(
        "sample-card.tencent.json",
        serde_json::to_value(tencent::response(&reading, String::new(), String::new())).unwrap(),
    );
}

#[test]
fn formats_carry_exactly_the_documented_keys() {
    let bytes = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/testdata/sample-card.jpg"
    ))
    .unwrap();
    let reading = common::engine().read(&bytes).unwrap();
    let a = serde_json::to_value(accuauth::response(&reading, "TID1".into())).unwrap();
    let mut keys: Vec<&str> = a["results"][0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort();
    assert_eq!(
        keys,
        [
            "address",
            "city",
            "district",
            "dob",
            "gender",
            "gender_s",
            "id_number",
            "marital_status",
            "name",
            "nationnality",
            "pob",
            "province",
            "religion",
            "rt",
            "rw",
            "village",
            "work"
        ]
    );
    assert_eq!(a["status"], "OK");
    let t = serde_json::to_value(tencent::response(&reading, "r".into(), String::new())).unwrap();
    let mut keys: Vec<&str> = t["Response"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort();
    assert_eq!(
        keys,
        [
            "Agama",
            "Alamat",
            "BerlakuHingga",
            "GolDarah",
            "IssuedDate",
            "JenisKelamin",
            "Kecamatan",
            "KelDesa",
            "KewargaNegaraan",
            "Kota",
            "NIK",
            "Nama",
            "Perkerjaan",
            "Photo",
            "Provinsi",
            "RTRW",
            "RequestId",
            "StatusPerkawinan",
            "TempatTglLahir",
            "WarnCardInfos"
        ]
    );
    let v = reading.values();
    assert_eq!(
        t["Response"]["TempatTglLahir"],
        format!("{}, {}", v.tempat_lahir, v.tanggal_lahir)
    );
    assert_eq!(t["Response"]["RTRW"], format!("{}/{}", v.rt, v.rw));
}

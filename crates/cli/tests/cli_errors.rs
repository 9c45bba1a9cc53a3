//! The CLI's error answers: each format's documented code, a reason, a non-zero exit.

use std::process::Command;

fn scan(args: &[&str]) -> (i32, serde_json::Value) {
    let out = Command::new(env!("CARGO_BIN_EXE_ktpocr"))
        .arg("scan")
        .args(args)
        .output()
        .expect("run ktpocr");
    let text = String::from_utf8_lossy(&out.stdout);
    let json = serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"));
    (out.status.code().unwrap_or(-1), json)
}

fn temp_file(name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("ktpocr-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

#[test]
fn not_an_image_is_invalid_argument_in_every_format() {
    let p = temp_file("note.jpg", b"this is not an image at all");
    let p = p.to_str().unwrap();
    let (code, j) = scan(&[p, "--format", "accuauth"]);
    assert_ne!(code, 0);
    assert_eq!(j["status"], "INVALID_ARGUMENT");
    assert!(j["reason"]
        .as_str()
        .unwrap()
        .contains("unsupported image format"));
    assert!(j["request_id"].as_str().unwrap().starts_with("TID"));

    let (code, j) = scan(&[p, "--format", "tencent"]);
    assert_ne!(code, 0);
    assert_eq!(
        j["Response"]["Error"]["Code"],
        "InvalidParameterValue.InvalidParameterValueLimit"
    );
    assert!(j["Response"]["RequestId"].is_string());

    let (code, j) = scan(&[p]);
    assert_ne!(code, 0);
    assert_eq!(j["status"], "INVALID_ARGUMENT");
}

#[test]
fn truncated_png_is_a_decode_failure() {
    let mut png = Vec::new();
    image::DynamicImage::ImageRgb8(image::RgbImage::new(300, 200))
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .unwrap();
    png.truncate(70);
    let p = temp_file("cut.png", &png);
    let (code, j) = scan(&[p.to_str().unwrap(), "--format", "tencent"]);
    assert_ne!(code, 0);
    assert_eq!(
        j["Response"]["Error"]["Code"],
        "FailedOperation.ImageDecodeFailed"
    );
}

#[test]
fn blank_page_is_detection_failed() {
    let mut png = Vec::new();
    image::DynamicImage::ImageRgb8(image::RgbImage::from_pixel(
        800,
        500,
        image::Rgb([250, 250, 250]),
    ))
    .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
    .unwrap();
    let p = temp_file("blank.png", &png);
    let (code, j) = scan(&[p.to_str().unwrap(), "--format", "accuauth"]);
    assert_ne!(code, 0);
    assert_eq!(j["status"], "DETECTION_FAILED");
    let (_, j) = scan(&[p.to_str().unwrap(), "--format", "tencent"]);
    assert_eq!(j["Response"]["Error"]["Code"], "FailedOperation.OcrFailed");
}

//! `ktpocr eval --endpoint URL --api accuauth|tencent` against `ktpocr serve` running
//! in-process on loopback, on two synthetic flat scans: both APIs read every NIK.

use ktp_ocr_server::{self as server, keys::KeyStore, ServerConfig};
use ktp_synth::{generate_card, Condition};
use serde_json::Value;
use std::process::Command;
use std::sync::Arc;

const KEYS: &str = r#"
[[key]]
id = "eval"
secret = "eval-secret-0123456789"
rate_limit = 1000
"#;

fn dataset() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("ktpocr-eval-http-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut truth = String::new();
    for i in 0..2 {
        let card = generate_card(11, i, Condition::FlatScan);
        std::fs::write(dir.join(&card.truth.file), &card.bytes).unwrap();
        truth += &serde_json::to_string(&card.truth).unwrap();
        truth.push('\n');
    }
    std::fs::write(dir.join("truth.jsonl"), truth).unwrap();
    dir
}

#[test]
fn eval_scores_both_apis_of_a_running_server() {
    let engine = ktp_ocr::Engine::builder()
        .threads(2)
        .build()
        .expect("models missing: run scripts/setup.sh");
    let mut config = ServerConfig::new(Some(KeyStore::from_toml(KEYS).unwrap()));
    config.workers = 1;
    config.access_log = false;
    let running = server::start("127.0.0.1:0".parse().unwrap(), config, Arc::new(engine)).unwrap();
    let base = format!("http://{}", running.addr());
    let dir = dataset();
    for (api, url, fields) in [
        ("accuauth", format!("{base}/ocr/idcard"), 16),
        ("tencent", format!("{base}/"), 19),
    ] {
        let out = dir.join(format!("eval-{api}.json"));
        let status = Command::new(env!("CARGO_BIN_EXE_ktpocr"))
            .args(["eval", "--dataset"])
            .arg(&dir)
            .args(["--endpoint", &url, "--api", api, "--out"])
            .arg(&out)
            .env("KTPOCR_API_ID", "eval")
            .env("KTPOCR_API_SECRET", "eval-secret-0123456789")
            .status()
            .unwrap();
        assert!(status.success(), "{api}: eval exited with {status}");
        let report: Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
        assert_eq!(report["overall"]["cards"], 2, "{api}");
        assert_eq!(report["overall"]["failures"], 0, "{api}: {report}");
        assert_eq!(report["overall"]["nik_accuracy"], 1.0, "{api}: {report}");
        assert_eq!(
            report["scored_fields"].as_array().unwrap().len(),
            fields,
            "{api}"
        );
    }
    running.stop().unwrap();
    let _ = std::fs::remove_dir_all(&dir);
}

//! `ktpocr scan` over a folder of synthetic cards, as a back office runs it: every answer
//! names its input, sub-folders are read with --recursive and named in a warning
//! otherwise, --out writes one file per input, the CSV export has one row per input, a
//! file that is too large or not a regular file is refused before it is read, and options
//! that would be ignored are refused. The cards are read by the real engine.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

struct Batch {
    dir: PathBuf,
    niks: Vec<String>,
    /// The cards' paths below `top/`.
    names: Vec<PathBuf>,
}

/// `top/card_0.jpg`, `top/sub/card_1.*` (synthetic flat scans), `top/huge.jpg` (a sparse
/// 2.5 GB file: nothing is read) and, where mkfifo exists, `top/pipe.jpg` (a FIFO).
fn batch(name: &str) -> Batch {
    let dir = std::env::temp_dir().join(format!("ktpocr-batch-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("top/sub")).unwrap();
    let (mut niks, mut names) = (Vec::new(), Vec::new());
    for (i, below) in ["", "sub"].iter().enumerate() {
        let card = ktp_synth::generate_card(15, i, ktp_synth::Condition::FlatScan);
        let name = Path::new(below).join(format!("card_{i}.{}", card.extension));
        std::fs::write(dir.join("top").join(&name), &card.bytes).unwrap();
        niks.push(card.truth.fields.nik.clone());
        names.push(name);
    }
    std::fs::File::create(dir.join("top/huge.jpg"))
        .unwrap()
        .set_len(2_500_000_000)
        .unwrap();
    let _ = Command::new("mkfifo")
        .arg(dir.join("top/pipe.jpg"))
        .status();
    Batch { dir, niks, names }
}

fn ktpocr(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_ktpocr"))
        .args(args)
        .output()
        .expect("run ktpocr");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn a_folder_scan_names_every_input_and_warns_of_sub_folders() {
    let b = batch("lines");
    let top = b.dir.join("top");
    let (code, out, err) = ktpocr(&["scan", s(&top), "--threads", "2"]);
    assert_eq!(code, 1, "some inputs fail: {err}");
    assert!(
        err.contains("top/sub") && err.contains("--recursive"),
        "the sub-folder is named: {err}"
    );
    let lines: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
        .collect();
    let by_input = |name: &str| {
        lines
            .iter()
            .find(|v| v["input"] == s(&top.join(name)))
            .unwrap_or_else(|| panic!("no line for {name}: {out}"))
    };
    let card = by_input(s(&b.names[0]));
    assert_eq!(card["status"], "OK");
    assert_eq!(card["fields"]["nik"]["value"], b.niks[0].as_str());
    let huge = by_input("huge.jpg");
    assert_eq!(huge["status"], "INVALID_ARGUMENT");
    let reason = huge["reason"].as_str().unwrap();
    assert!(
        reason.contains("5 MB") && reason.contains("2500000000"),
        "{reason}"
    );
    let expected = if top.join("pipe.jpg").exists() { 3 } else { 2 };
    if expected == 3 {
        let pipe = by_input("pipe.jpg");
        assert_eq!(pipe["status"], "INVALID_ARGUMENT");
        assert!(pipe["reason"].as_str().unwrap().contains("named pipe"));
    }
    assert_eq!(
        lines.len(),
        expected,
        "the sub-folder's card is not read: {out}"
    );
    std::fs::remove_dir_all(&b.dir).unwrap();
}

#[test]
fn recursive_out_and_csv_write_one_file_and_one_row_per_input() {
    let b = batch("out");
    let top = b.dir.join("top");
    let out_dir = b.dir.join("results");
    let table = b.dir.join("fields.csv");
    let (code, stdout, err) = ktpocr(&[
        "scan",
        s(&top),
        "--recursive",
        "--format",
        "tencent",
        "--scene",
        "V2",
        "--out",
        s(&out_dir),
        "--csv",
        s(&table),
        "--threads",
        "2",
    ]);
    assert_eq!(code, 1, "{err}");
    assert!(stdout.is_empty(), "--out prints nothing: {stdout}");
    for (i, name) in b.names.iter().enumerate() {
        let mut file = name.clone().into_os_string();
        file.push(".json");
        let text = std::fs::read_to_string(out_dir.join(file)).unwrap();
        let v: Value = serde_json::from_str(&text).unwrap();
        // Exactly Tencent's answer; Scene V2 fills the province.
        assert_eq!(v["Response"]["NIK"], b.niks[i].as_str(), "{text}");
        assert!(!v["Response"]["Provinsi"].as_str().unwrap().is_empty());
        assert!(v["Response"].get("input").is_none());
    }
    let huge: Value =
        serde_json::from_str(&std::fs::read_to_string(out_dir.join("huge.jpg.json")).unwrap())
            .unwrap();
    assert_eq!(
        huge["Response"]["Error"]["Code"],
        "LimitExceeded.TooLargeFileError"
    );

    let mut rows = csv::Reader::from_path(&table).unwrap();
    let header = rows.headers().unwrap().clone();
    assert_eq!(&header[0], "input");
    assert_eq!(&header[3], "provinsi");
    let nik_col = header.iter().position(|h| h == "nik").unwrap();
    let records: Vec<csv::StringRecord> = rows.records().map(Result::unwrap).collect();
    let expected = if top.join("pipe.jpg").exists() { 4 } else { 3 };
    assert_eq!(records.len(), expected);
    for (i, nik) in b.niks.iter().enumerate() {
        let row = records
            .iter()
            .find(|r| r[0].contains(&format!("card_{i}.")))
            .unwrap();
        assert_eq!(&row[1], "OK");
        assert_eq!(&row[nik_col], nik.as_str());
    }
    let huge_row = records.iter().find(|r| r[0].ends_with("huge.jpg")).unwrap();
    assert_eq!(&huge_row[1], "INVALID_ARGUMENT");
    std::fs::remove_dir_all(&b.dir).unwrap();
}

#[test]
fn tencent_output_follows_the_scene_and_ignored_options_are_refused() {
    let b = batch("scene");
    let card = b.dir.join("top").join(&b.names[0]);
    let (code, out, err) = ktpocr(&["scan", s(&card), "--format", "tencent", "--threads", "2"]);
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    // Scene V1, the API's default, leaves Provinsi and Kota empty, as the server does.
    assert_eq!(v["Response"]["NIK"], b.niks[0].as_str());
    assert_eq!(v["Response"]["Provinsi"], "");
    assert_eq!(v["Response"]["Kota"], "");

    for (args, needle) in [
        (
            vec!["--format", "accuauth", "--return-head-image"],
            "--return-head-image",
        ),
        (
            vec!["--format", "csv", "--return-head-image"],
            "--return-head-image",
        ),
        (vec!["--scene", "V2"], "--scene"),
    ] {
        let mut all = vec!["scan", s(&card)];
        all.extend(args);
        let (code, out, err) = ktpocr(&all);
        assert_eq!(code, 2, "{all:?}: {out}");
        assert!(err.contains(needle), "{err}");
    }
    std::fs::remove_dir_all(&b.dir).unwrap();
}

#[test]
fn batch_shares_model_calls_says_so_and_reads_the_same_values() {
    let b = batch("shared");
    let top = b.dir.join("top");
    // Each field's value (a line's padding in a shared call moves its confidence a little,
    // never measured to change a value; docs/gpu.md).
    let values = |out: &str| -> Vec<(String, Value)> {
        let mut v: Vec<(String, Value)> = out
            .lines()
            .map(|l| serde_json::from_str::<Value>(l).expect("one JSON object per line"))
            .map(|v| {
                let values: serde_json::Map<String, Value> = v["fields"]
                    .as_object()
                    .into_iter()
                    .flatten()
                    .map(|(name, f)| (name.clone(), f["value"].clone()))
                    .collect();
                (v["input"].to_string(), Value::Object(values))
            })
            .collect();
        v.sort_by(|a, b| a.0.cmp(&b.0));
        v
    };
    let args = ["scan", s(&top), "--recursive", "--threads", "2"];
    let (code, alone, err) = ktpocr(&args);
    assert_eq!(code, 1, "the huge file and the FIFO fail: {err}");
    assert!(!err.contains("batching"), "no batching by default: {err}");
    let (code, together, err) = ktpocr(&[&args[..], &["--batch", "4"]].concat());
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("scan: batching across cards:") && err.contains("detection calls for 2 cards"),
        "the batching is reported: {err}"
    );
    assert_eq!(values(&alone), values(&together));
    let card = values(&together)
        .into_iter()
        .find(|(input, _)| input.contains("card_0"))
        .expect("card_0 read");
    assert_eq!(card.1["nik"], b.niks[0].as_str());
    // out of range is refused before anything is read
    let (code, _, err) = ktpocr(&[&args[..], &["--batch", "0"]].concat());
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--batch"), "{err}");
}

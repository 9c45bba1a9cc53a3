//! `ktpocr eval --dataset DIR`: read every image of a folder with a `truth.jsonl` and score.

use super::{progress, EngineArgs};
use ktp_ocr::eval::{all_fields, markdown, score, Outcome};
use ktp_ocr::format::accuauth;
use ktp_ocr::truth::parse_jsonl;
use std::path::PathBuf;
use std::time::Instant;

#[derive(clap::Args, Debug)]
pub struct EvalArgs {
    /// Folder holding the images and their truth.jsonl.
    #[arg(long)]
    pub dataset: PathBuf,
    /// Where to write the JSON report (default: DATASET/eval.json).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Also write every wrong field (file, field, expected, read) as JSON lines here.
    #[arg(long)]
    pub mismatches: Option<PathBuf>,
    /// Score only the first N cards.
    #[arg(long)]
    pub limit: Option<usize>,
    #[command(flatten)]
    pub engine: EngineArgs,
}

pub fn run(args: EvalArgs) -> i32 {
    let truth_path = args.dataset.join("truth.jsonl");
    let truth = match std::fs::read_to_string(&truth_path)
        .map_err(|e| e.to_string())
        .and_then(|t| parse_jsonl(&t).map_err(|e| e.to_string()))
    {
        Ok(t) => t,
        Err(e) => {
            eprintln!("eval: cannot read {}: {e}", truth_path.display());
            return 2;
        }
    };
    let truth: Vec<_> = truth
        .into_iter()
        .take(args.limit.unwrap_or(usize::MAX))
        .collect();
    let engine = match args.engine.build() {
        Ok(e) => e,
        Err(e) => {
            eprintln!("eval: {e}");
            return 3;
        }
    };
    let pb = progress(truth.len());
    let outcomes: Vec<Outcome> = truth
        .iter()
        .map(|t| {
            let started = Instant::now();
            let result = std::fs::read(args.dataset.join(&t.file))
                .map_err(|e| format!("cannot read {}: {e}", t.file))
                .and_then(|b| {
                    engine
                        .read(&b)
                        .map(|r| r.values())
                        .map_err(|e| accuauth::status_of(&e).1.to_string())
                });
            pb.inc(1);
            Outcome {
                result,
                millis: started.elapsed().as_secs_f64() * 1000.0,
            }
        })
        .collect();
    pb.finish_and_clear();
    let report = score(&truth, &outcomes, &all_fields());
    if let Some(path) = &args.mismatches {
        let lines = mismatch_lines(&truth, &outcomes);
        if let Err(e) = std::fs::write(path, lines) {
            eprintln!("eval: cannot write {}: {e}", path.display());
        }
    }
    println!("{}", markdown(&report));
    let out = args.out.unwrap_or_else(|| args.dataset.join("eval.json"));
    match serde_json::to_string_pretty(&report).map(|j| std::fs::write(&out, j)) {
        Ok(Ok(())) => {
            eprintln!("eval: report written to {}", out.display());
            0
        }
        Ok(Err(e)) => {
            eprintln!("eval: cannot write {}: {e}", out.display());
            2
        }
        Err(e) => {
            eprintln!("eval: {e}");
            2
        }
    }
}

/// One JSON line per wrong field, for finding what to fix.
fn mismatch_lines(truth: &[ktp_ocr::truth::TruthRecord], outcomes: &[Outcome]) -> String {
    let mut out = String::new();
    for (t, o) in truth.iter().zip(outcomes) {
        for f in all_fields() {
            let want = t.fields.get(f).unwrap_or("");
            let got = match &o.result {
                Ok(v) => v.get(f).unwrap_or("").to_string(),
                Err(code) => format!("<{code}>"),
            };
            if want != got {
                let line = serde_json::json!({
                    "file": t.file, "condition": t.condition, "field": f, "want": want, "got": got
                });
                out += &format!("{line}\n");
            }
        }
    }
    out
}

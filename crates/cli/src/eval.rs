//! `ktpocr eval --dataset DIR`: read every image of a folder with a `truth.jsonl` and score.

use super::{progress, EngineArgs};
use ktp_ocr::format::accuauth;
use ktp_synth::eval::{all_fields, markdown, score, Outcome};
use ktp_synth::truth::{parse_jsonl, TruthRecord};
use std::path::PathBuf;
use std::time::Instant;

#[cfg(feature = "server")]
mod http;

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
    /// Send each image to this HTTP endpoint instead of reading it here (a cloud API or
    /// `ktpocr serve`), e.g. http://127.0.0.1:8080/ocr/idcard or http://127.0.0.1:8080/.
    #[cfg(feature = "server")]
    #[arg(long, requires = "api")]
    pub endpoint: Option<String>,
    /// The API the endpoint speaks.
    #[cfg(feature = "server")]
    #[arg(long, value_enum, requires = "endpoint")]
    pub api: Option<http::Api>,
    /// API key id (accuauth X-DF-API-ID, Tencent SecretId); default: $KTPOCR_API_ID.
    #[cfg(feature = "server")]
    #[arg(long)]
    pub api_id: Option<String>,
    /// API secret (accuauth X-DF-API-SECRET, Tencent SecretKey); default:
    /// $KTPOCR_API_SECRET (keeps it off the command line).
    #[cfg(feature = "server")]
    #[arg(long)]
    pub api_secret: Option<String>,
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
    #[cfg(feature = "server")]
    if let (Some(endpoint), Some(api)) = (&args.endpoint, args.api) {
        let or_env = |arg: &Option<String>, var: &str| {
            arg.clone()
                .or_else(|| std::env::var(var).ok())
                .unwrap_or_default()
        };
        let id = or_env(&args.api_id, "KTPOCR_API_ID");
        let secret = or_env(&args.api_secret, "KTPOCR_API_SECRET");
        let client = match http::Client::new(endpoint, api, &id, &secret) {
            Ok(c) => c,
            Err(e) => {
                eprintln!("eval: {e}");
                return 2;
            }
        };
        let outcomes = read_all(&args, &truth, |bytes| client.read(bytes));
        return finish(&args, &truth, &outcomes, &api.scored_fields());
    }
    let engine = match args.engine.build() {
        Ok(e) => e,
        Err(e) => {
            eprintln!("eval: {e}");
            return 3;
        }
    };
    let outcomes = read_all(&args, &truth, |bytes| {
        let started = Instant::now();
        let reading = engine.read(bytes);
        let millis = started.elapsed().as_secs_f64() * 1000.0;
        match reading {
            Ok(r) => Outcome {
                result: Ok(r.values()),
                millis,
                warnings: r.warnings.iter().map(|w| w.code.to_string()).collect(),
                confidences: r
                    .fields
                    .iter()
                    .map(|(name, f)| (name.to_string(), f.confidence))
                    .collect(),
            },
            Err(e) => Outcome::new(Err(accuauth::status_of(&e).1.to_string()), millis),
        }
    });
    finish(&args, &truth, &outcomes, &all_fields())
}

/// Every card's outcome from `read` (which times itself), with a progress bar.
fn read_all(
    args: &EvalArgs,
    truth: &[TruthRecord],
    read: impl Fn(&[u8]) -> Outcome,
) -> Vec<Outcome> {
    let pb = progress(truth.len());
    let outcomes = truth
        .iter()
        .map(|t| {
            let outcome = match std::fs::read(args.dataset.join(&t.file)) {
                Ok(b) => read(&b),
                Err(e) => Outcome::new(Err(format!("cannot read {}: {e}", t.file)), 0.0),
            };
            pb.inc(1);
            outcome
        })
        .collect();
    pb.finish_and_clear();
    outcomes
}

/// Score on `fields`, print the table and write the reports.
fn finish(args: &EvalArgs, truth: &[TruthRecord], outcomes: &[Outcome], fields: &[&str]) -> i32 {
    let report = score(truth, outcomes, fields);
    // Why cards failed, counted by reason (an error code, or a transport error for an
    // endpoint), so a wrong URL or key is seen at once.
    let mut reasons: std::collections::BTreeMap<&str, usize> = Default::default();
    for o in outcomes {
        if let Err(reason) = &o.result {
            *reasons.entry(reason.as_str()).or_default() += 1;
        }
    }
    for (reason, n) in &reasons {
        eprintln!("eval: {n} card(s) failed: {reason}");
    }
    if let Some(path) = &args.mismatches {
        let lines = mismatch_lines(truth, outcomes, fields);
        if let Err(e) = std::fs::write(path, lines) {
            eprintln!("eval: cannot write {}: {e}", path.display());
        }
    }
    println!("{}", markdown(&report));
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| args.dataset.join("eval.json"));
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
fn mismatch_lines(truth: &[TruthRecord], outcomes: &[Outcome], fields: &[&str]) -> String {
    let mut out = String::new();
    for (t, o) in truth.iter().zip(outcomes) {
        for &f in fields {
            let want = t.fields.get(f).unwrap_or("");
            let got = match &o.result {
                Ok(v) => v.get(f).unwrap_or("").to_string(),
                Err(code) => format!("<{code}>"),
            };
            if want != got {
                let line = serde_json::json!({
                    "file": t.file, "condition": t.condition, "tags": t.tags, "field": f,
                    "want": want, "got": got
                });
                out += &format!("{line}\n");
            }
        }
    }
    out
}

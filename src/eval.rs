//! Scoring readings against ground truth: per-field exact match, whole-card accuracy,
//! character error rate, NIK accuracy, failures and time, overall and per capture condition.

use crate::fields::text::edit_distance;
use crate::ktp::{KtpFields, FIELD_NAMES};
use crate::truth::TruthRecord;
use serde::Serialize;
use std::collections::BTreeMap;

/// What one card gave: its fields, or the error code it failed with, and the time taken.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub result: Result<KtpFields, String>,
    pub millis: f64,
}

/// Scores over a set of cards.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Scores {
    pub cards: usize,
    /// Cards where reading failed (no result at all).
    pub failures: usize,
    /// Share of cards (failures count as wrong) with every scored field exact.
    pub all_fields_exact: f64,
    /// Share of cards with the NIK exact.
    pub nik_accuracy: f64,
    /// Character error rate over all scored fields: edits / truth characters.
    pub cer: f64,
    /// Exact-match accuracy per field.
    pub fields: BTreeMap<String, f64>,
    pub p50_ms: f64,
    pub p95_ms: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub overall: Scores,
    pub by_condition: BTreeMap<String, Scores>,
    /// Fields scored (an API that does not return a field is not scored on it).
    pub scored_fields: Vec<String>,
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() - 1) as f64 * p).round() as usize;
    sorted[i]
}

/// Score `outcomes[i]` against `truth[i]` on `fields`.
pub fn score(truth: &[TruthRecord], outcomes: &[Outcome], fields: &[&str]) -> Report {
    let pairs: Vec<(&TruthRecord, &Outcome)> = truth.iter().zip(outcomes).collect();
    let overall = score_set(&pairs, fields);
    let mut conditions: BTreeMap<String, Vec<(&TruthRecord, &Outcome)>> = BTreeMap::new();
    for p in &pairs {
        conditions
            .entry(p.0.condition.clone())
            .or_default()
            .push(*p);
    }
    Report {
        overall,
        by_condition: conditions
            .into_iter()
            .map(|(c, ps)| (c, score_set(&ps, fields)))
            .collect(),
        scored_fields: fields.iter().map(|s| s.to_string()).collect(),
    }
}

fn score_set(pairs: &[(&TruthRecord, &Outcome)], fields: &[&str]) -> Scores {
    let n = pairs.len();
    let mut s = Scores {
        cards: n,
        ..Default::default()
    };
    if n == 0 {
        return s;
    }
    let mut exact: BTreeMap<&str, usize> = fields.iter().map(|f| (*f, 0)).collect();
    let (mut all_ok, mut nik_ok, mut edits, mut chars) = (0usize, 0usize, 0usize, 0usize);
    let mut times: Vec<f64> = Vec::with_capacity(n);
    for (t, o) in pairs {
        times.push(o.millis);
        let empty = KtpFields::default();
        let got = match &o.result {
            Ok(f) => f,
            Err(_) => {
                s.failures += 1;
                &empty
            }
        };
        let mut card_ok = o.result.is_ok();
        for f in fields {
            let want = t.fields.get(f).unwrap_or("");
            let have = got.get(f).unwrap_or("");
            chars += want.chars().count();
            edits += edit_distance(want, have);
            if want == have && o.result.is_ok() {
                *exact.get_mut(f).unwrap_or(&mut 0) += 1;
            } else {
                card_ok = false;
            }
        }
        all_ok += usize::from(card_ok);
        nik_ok += usize::from(o.result.is_ok() && got.nik == t.fields.nik);
    }
    times.sort_by(f64::total_cmp);
    s.all_fields_exact = all_ok as f64 / n as f64;
    s.nik_accuracy = nik_ok as f64 / n as f64;
    s.cer = edits as f64 / chars.max(1) as f64;
    s.fields = exact
        .into_iter()
        .map(|(f, k)| (f.to_string(), k as f64 / n as f64))
        .collect();
    s.p50_ms = percentile(&times, 0.5);
    s.p95_ms = percentile(&times, 0.95);
    s
}

/// All fields of the card.
pub fn all_fields() -> Vec<&'static str> {
    FIELD_NAMES.to_vec()
}

/// A Markdown table of a report: one row per condition and overall.
pub fn markdown(report: &Report) -> String {
    let mut out = String::from(
        "| condition | cards | all fields exact | NIK exact | CER | failures | p50 ms | p95 ms |\n|---|---|---|---|---|---|---|---|\n",
    );
    let row = |name: &str, s: &Scores| {
        format!(
            "| {name} | {} | {:.1}% | {:.1}% | {:.2}% | {} | {:.0} | {:.0} |\n",
            s.cards,
            100.0 * s.all_fields_exact,
            100.0 * s.nik_accuracy,
            100.0 * s.cer,
            s.failures,
            s.p50_ms,
            s.p95_ms
        )
    };
    for (c, s) in &report.by_condition {
        out += &row(c, s);
    }
    out += &row("**all**", &report.overall);
    out += "\n| field | exact (all conditions) |\n|---|---|\n";
    for (f, a) in &report.overall.fields {
        out += &format!("| {f} | {:.1}% |\n", 100.0 * a);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(cond: &str, nik: &str, nama: &str) -> TruthRecord {
        TruthRecord {
            file: "x.jpg".into(),
            condition: cond.into(),
            corners: [[0.0; 2]; 4],
            fields: KtpFields {
                nik: nik.into(),
                nama: nama.into(),
                ..Default::default()
            },
            nik_consistent: true,
        }
    }

    fn outcome(nik: &str, nama: &str, ms: f64) -> Outcome {
        Outcome {
            result: Ok(KtpFields {
                nik: nik.into(),
                nama: nama.into(),
                ..Default::default()
            }),
            millis: ms,
        }
    }

    #[test]
    fn scores_fields_cards_cer_and_failures() {
        let truth = vec![
            record("flat_scan", "1234", "BUDI"),
            record("flat_scan", "5678", "SITI"),
            record("glare", "1111", "ANI"),
        ];
        let outcomes = vec![
            outcome("1234", "BUDI", 100.0),
            outcome("5678", "SITT", 200.0),
            Outcome {
                result: Err("DETECTION_FAILED".into()),
                millis: 300.0,
            },
        ];
        let r = score(&truth, &outcomes, &["nik", "nama"]);
        assert_eq!(r.overall.failures, 1);
        assert!((r.overall.all_fields_exact - 1.0 / 3.0).abs() < 1e-9);
        assert!((r.overall.nik_accuracy - 2.0 / 3.0).abs() < 1e-9);
        assert!((r.overall.fields["nama"] - 1.0 / 3.0).abs() < 1e-9);
        // edits: 1 (SITT) + 4 + 3 (failure: everything missing) over 4+4+4+4+4+3 chars
        assert!((r.overall.cer - 8.0 / 23.0).abs() < 1e-9);
        assert_eq!(r.by_condition["flat_scan"].cards, 2);
        assert_eq!(r.by_condition["glare"].failures, 1);
        assert_eq!(r.overall.p50_ms, 200.0);
        assert!(markdown(&r).contains("| glare | 1 |"));
    }
}

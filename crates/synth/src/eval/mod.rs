//! Scoring readings against ground truth: per-field exact match, whole-card accuracy,
//! character error rate, NIK accuracy, failures, time and the share of confident fields
//! that are right, overall, per capture condition and per tag; the real cards' failure
//! classes (`classes`); capture warnings as detectors (`warnings`); the Markdown report
//! (`markdown`).

mod classes;
mod markdown;
mod warnings;

pub use classes::ClassScore;
pub use markdown::markdown;
pub use warnings::{WarningScore, LOW_RESOLUTION_CARD_PX};

use crate::truth::TruthRecord;
use ktp_ocr::fields::text::edit_distance;
use ktp_ocr::ktp::{KtpFields, FIELD_NAMES};
use serde::Serialize;
use std::collections::BTreeMap;

/// What one card gave: its fields, or the error code it failed with, and the time taken.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub result: Result<KtpFields, String>,
    pub millis: f64,
    /// Warning codes of the reading (empty where the API gives none).
    pub warnings: Vec<String>,
    /// Confidence per field name (empty where the API gives none).
    pub confidences: BTreeMap<String, f32>,
}

impl Outcome {
    /// An outcome with no warnings or confidences (an API that returns only values).
    pub fn new(result: Result<KtpFields, String>, millis: f64) -> Self {
        Self {
            result,
            millis,
            warnings: Vec::new(),
            confidences: BTreeMap::new(),
        }
    }
}

/// A field whose characters glare blended this far towards white (truth's `glare`) is no
/// longer in the pixels: a tenth of the ink's contrast is left, about 20 grey levels, which
/// JPEG at the qualities phones use smooths away. Such fields are scored apart ("legible"
/// accuracy leaves them out); measured accuracy by glare strength is in the report.
pub const GLARE_ERASED: f32 = 0.9;
/// Lower edges of the glare-strength bins of the report.
const GLARE_BINS: [f32; 7] = [0.0, 0.01, 0.5, 0.7, 0.8, GLARE_ERASED, 0.95];

/// Fields whose text glare washed out by at least `low` (and less than the next bin's
/// low), and how many of them were read exactly.
#[derive(Debug, Clone, Serialize, Default)]
pub struct GlareBin {
    pub low: f32,
    pub fields: usize,
    pub correct: usize,
    pub accuracy: f64,
}

/// Upper edges of the confidence bins of the reliability table.
const CONFIDENCE_BINS: [f32; 7] = [0.5, 0.7, 0.8, 0.9, 0.95, 0.98, 1.0];
/// The confidence a caller may trust: fields at or above it should be right 98% of the time.
pub const TRUSTED_CONFIDENCE: f32 = 0.9;

/// Fields read with a confidence in `[low, high)` (the last bin includes 1.0), and how many
/// of them were right.
#[derive(Debug, Clone, Serialize, Default)]
pub struct ReliabilityBin {
    pub low: f32,
    pub high: f32,
    pub fields: usize,
    pub correct: usize,
    pub accuracy: f64,
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
    /// Mean of the per-field accuracies: the share of field values read exactly.
    pub field_accuracy: f64,
    /// Fields whose text is still in the pixels (glare under [`GLARE_ERASED`]; every field
    /// of a card without glare), and the share of them read exactly.
    pub legible_fields: usize,
    pub legible_field_accuracy: f64,
    pub p50_ms: f64,
    pub p95_ms: f64,
    /// Fields read with confidence at or above [`TRUSTED_CONFIDENCE`], and the share of them
    /// exact (0 fields without confidences).
    pub trusted_fields: usize,
    pub trusted_accuracy: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub overall: Scores,
    pub by_condition: BTreeMap<String, Scores>,
    /// Per tag of the truth (`real_like` and `tight_crop` cards; empty without tags).
    pub by_tag: BTreeMap<String, Scores>,
    /// The real cards' failure classes, over all cards.
    pub failure_classes: Vec<ClassScore>,
    /// Fields scored (an API that does not return a field is not scored on it).
    pub scored_fields: Vec<String>,
    /// Each warning as a detector of the condition it is meant for (empty for an API that
    /// returns no warnings).
    pub warnings: BTreeMap<String, WarningScore>,
    /// Field confidence against measured accuracy (empty without confidences).
    pub reliability: Vec<ReliabilityBin>,
    /// How many cards raised each warning code.
    pub warning_counts: BTreeMap<String, usize>,
    /// Field accuracy by how washed out glare left the text (empty without glare).
    pub glare: Vec<GlareBin>,
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
    let mut tags: BTreeMap<String, Vec<(&TruthRecord, &Outcome)>> = BTreeMap::new();
    for p in &pairs {
        for tag in &p.0.tags {
            tags.entry(tag.clone()).or_default().push(*p);
        }
    }
    Report {
        overall,
        by_condition: conditions
            .into_iter()
            .map(|(c, ps)| (c, score_set(&ps, fields)))
            .collect(),
        by_tag: tags
            .into_iter()
            .map(|(t, ps)| (t, score_set(&ps, fields)))
            .collect(),
        failure_classes: classes::failure_classes(&pairs, fields),
        scored_fields: fields.iter().map(|s| s.to_string()).collect(),
        warnings: warnings::score_warnings(&pairs),
        reliability: reliability(&pairs, fields),
        warning_counts: warnings::warning_counts(outcomes),
        glare: glare_bins(&pairs, fields),
    }
}

/// How washed out field `f` of a card is (0 when glare did not reach it).
fn glare_of(t: &TruthRecord, f: &str) -> f32 {
    t.glare.get(f).copied().unwrap_or(0.0)
}

/// Whether a field read is exactly right.
fn is_exact(t: &TruthRecord, o: &Outcome, f: &str) -> bool {
    match &o.result {
        Ok(got) => t.fields.get(f).unwrap_or("") == got.get(f).unwrap_or(""),
        Err(_) => false,
    }
}

fn glare_bins(pairs: &[(&TruthRecord, &Outcome)], fields: &[&str]) -> Vec<GlareBin> {
    if pairs.iter().all(|(t, _)| t.glare.is_empty()) {
        return Vec::new();
    }
    let mut bins: Vec<GlareBin> = GLARE_BINS
        .iter()
        .map(|&low| GlareBin {
            low,
            ..Default::default()
        })
        .collect();
    for (t, o) in pairs.iter().filter(|(t, _)| !t.glare.is_empty()) {
        for f in fields {
            let g = glare_of(t, f);
            let i = GLARE_BINS.iter().rposition(|&low| g >= low).unwrap_or(0);
            bins[i].fields += 1;
            bins[i].correct += usize::from(is_exact(t, o, f));
        }
    }
    for b in &mut bins {
        b.accuracy = b.correct as f64 / b.fields.max(1) as f64;
    }
    bins
}

fn reliability(pairs: &[(&TruthRecord, &Outcome)], fields: &[&str]) -> Vec<ReliabilityBin> {
    let mut bins: Vec<ReliabilityBin> = CONFIDENCE_BINS
        .iter()
        .scan(0.0, |low, &high| {
            let bin = ReliabilityBin {
                low: *low,
                high,
                ..Default::default()
            };
            *low = high;
            Some(bin)
        })
        .collect();
    for (t, o) in pairs {
        if o.result.is_err() {
            continue;
        }
        for f in fields {
            let Some(&c) = o.confidences.get(*f) else {
                continue;
            };
            let i = CONFIDENCE_BINS
                .iter()
                .position(|&high| c < high)
                .unwrap_or(CONFIDENCE_BINS.len() - 1);
            bins[i].fields += 1;
            bins[i].correct += usize::from(is_exact(t, o, f));
        }
    }
    if bins.iter().all(|b| b.fields == 0) {
        return Vec::new();
    }
    for b in &mut bins {
        b.accuracy = b.correct as f64 / b.fields.max(1) as f64;
    }
    bins
}

/// Fields at or above [`TRUSTED_CONFIDENCE`]: how many, and the share of them right.
pub fn trusted(report: &Report) -> (usize, f64) {
    let (n, ok) = report
        .reliability
        .iter()
        .filter(|b| b.low >= TRUSTED_CONFIDENCE)
        .fold((0, 0), |(n, ok), b| (n + b.fields, ok + b.correct));
    (n, ok as f64 / n.max(1) as f64)
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
    let (mut legible, mut legible_ok) = (0usize, 0usize);
    let (mut trusted_n, mut trusted_ok) = (0usize, 0usize);
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
            let right = is_exact(t, o, f);
            if right {
                *exact.get_mut(f).unwrap_or(&mut 0) += 1;
            } else {
                card_ok = false;
            }
            if glare_of(t, f) < GLARE_ERASED {
                legible += 1;
                legible_ok += usize::from(right);
            }
            if o.result.is_ok()
                && o.confidences
                    .get(*f)
                    .is_some_and(|&c| c >= TRUSTED_CONFIDENCE)
            {
                trusted_n += 1;
                trusted_ok += usize::from(right);
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
    s.field_accuracy = s.fields.values().sum::<f64>() / s.fields.len().max(1) as f64;
    s.legible_fields = legible;
    s.legible_field_accuracy = legible_ok as f64 / legible.max(1) as f64;
    s.p50_ms = percentile(&times, 0.5);
    s.p95_ms = percentile(&times, 0.95);
    s.trusted_fields = trusted_n;
    s.trusted_accuracy = trusted_ok as f64 / trusted_n.max(1) as f64;
    s
}

/// All fields of the card.
pub fn all_fields() -> Vec<&'static str> {
    FIELD_NAMES.to_vec()
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
            glare: BTreeMap::new(),
            tags: Vec::new(),
            incomplete: None,
        }
    }

    fn outcome(nik: &str, nama: &str, ms: f64) -> Outcome {
        Outcome::new(
            Ok(KtpFields {
                nik: nik.into(),
                nama: nama.into(),
                ..Default::default()
            }),
            ms,
        )
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
            Outcome::new(Err("DETECTION_FAILED".into()), 300.0),
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

    #[test]
    fn fields_erased_by_glare_are_scored_apart() {
        let mut t = record("glare", "1111", "ANI");
        t.glare = BTreeMap::from([("nik".to_string(), 0.97), ("nama".to_string(), 0.3)]);
        let r = score(&[t], &[outcome("11", "ANI", 1.0)], &["nik", "nama"]);
        let g = &r.by_condition["glare"];
        assert!((g.field_accuracy - 0.5).abs() < 1e-9);
        // The blown-out NIK is left out of the legible share; the name is legible and right.
        assert_eq!(g.legible_fields, 1);
        assert!((g.legible_field_accuracy - 1.0).abs() < 1e-9);
        let bin = |low: f32| r.glare.iter().find(|b| b.low == low).unwrap();
        assert_eq!((bin(0.01).fields, bin(0.01).correct), (1, 1));
        assert_eq!((bin(0.95).fields, bin(0.95).correct), (1, 0));
        assert!(markdown(&r).contains("| 0.95-1.00 (erased) | 1 | 0.0% |"));
    }
}

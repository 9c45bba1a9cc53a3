//! The report as Markdown, as `ktpocr eval` prints it.

use super::{trusted, Report, Scores, GLARE_ERASED, TRUSTED_CONFIDENCE};

/// "n (x.x%)": fields at or above the trusted confidence and the share of them exact.
fn trusted_cell(s: &Scores) -> String {
    if s.trusted_fields == 0 {
        "-".to_string()
    } else {
        format!("{} ({:.1}%)", s.trusted_fields, 100.0 * s.trusted_accuracy)
    }
}

/// The Markdown tables of a report: per condition and overall, per field, per tag, the
/// failure classes, the warnings, glare and confidence.
pub fn markdown(report: &Report) -> String {
    let mut out = format!(
        "| condition | cards | fields exact | legible fields exact | all fields exact | NIK exact | CER | failures | p50 ms | p95 ms | conf >= {TRUSTED_CONFIDENCE} (exact) |\n|---|---|---|---|---|---|---|---|---|---|---|\n",
    );
    let row = |name: &str, s: &Scores| {
        format!(
            "| {name} | {} | {:.1}% | {:.1}% | {:.1}% | {:.1}% | {:.2}% | {} | {:.0} | {:.0} | {} |\n",
            s.cards,
            100.0 * s.field_accuracy,
            100.0 * s.legible_field_accuracy,
            100.0 * s.all_fields_exact,
            100.0 * s.nik_accuracy,
            100.0 * s.cer,
            s.failures,
            s.p50_ms,
            s.p95_ms,
            trusted_cell(s)
        )
    };
    for (c, s) in &report.by_condition {
        out += &row(c, s);
    }
    out += &row("**all**", &report.overall);
    if !report.by_tag.is_empty() {
        out += &format!(
            "\n| tag | cards | fields exact | all fields exact | NIK exact | failures | conf >= {TRUSTED_CONFIDENCE} (exact) |\n|---|---|---|---|---|---|---|\n"
        );
        for (tag, s) in &report.by_tag {
            out += &format!(
                "| {tag} | {} | {:.1}% | {:.1}% | {:.1}% | {} | {} |\n",
                s.cards,
                100.0 * s.field_accuracy,
                100.0 * s.all_fields_exact,
                100.0 * s.nik_accuracy,
                s.failures,
                trusted_cell(s)
            );
        }
    }
    if !report.failure_classes.is_empty() {
        out += "\n| failure class | affected | where it can occur | share | fields hit (affected/eligible) |\n|---|---|---|---|---|\n";
        for c in &report.failure_classes {
            let hits: Vec<String> = c
                .by_field
                .iter()
                .map(|(f, [a, e])| format!("{f} {a}/{e}"))
                .collect();
            out += &format!(
                "| {} | {} | {} | {:.1}% | {} |\n",
                c.class,
                c.affected,
                c.eligible,
                100.0 * c.share,
                hits.join(", ")
            );
        }
    }
    out += "\n| field | exact (all conditions) |\n|---|---|\n";
    for (f, a) in &report.overall.fields {
        out += &format!("| {f} | {:.1}% |\n", 100.0 * a);
    }
    if !report.warnings.is_empty() {
        out += "\n| warning | cards read | expected | raised | precision | recall |\n|---|---|---|---|---|---|\n";
        for (name, w) in &report.warnings {
            out += &format!(
                "| {name} | {} | {} | {} | {:.1}% | {:.1}% |\n",
                w.cards_read,
                w.expected,
                w.raised,
                100.0 * w.precision,
                100.0 * w.recall
            );
        }
    }
    if !report.warning_counts.is_empty() {
        out += "\n| warning code | cards |\n|---|---|\n";
        for (code, n) in &report.warning_counts {
            out += &format!("| {code} | {n} |\n");
        }
    }
    if !report.glare.is_empty() {
        out +=
            "\n| glare on the field's text (cards with glare) | fields | exact |\n|---|---|---|\n";
        let highs = report.glare.iter().skip(1).map(|b| b.low).chain([1.0]);
        for (b, high) in report.glare.iter().zip(highs) {
            let erased = if b.low >= GLARE_ERASED {
                " (erased)"
            } else {
                ""
            };
            out += &format!(
                "| {:.2}-{:.2}{erased} | {} | {:.1}% |\n",
                b.low,
                high,
                b.fields,
                100.0 * b.accuracy
            );
        }
    }
    if !report.reliability.is_empty() {
        out += "\n| confidence | fields | exact |\n|---|---|---|\n";
        for b in &report.reliability {
            out += &format!(
                "| {:.2}-{:.2} | {} | {:.1}% |\n",
                b.low,
                b.high,
                b.fields,
                100.0 * b.accuracy
            );
        }
        let (n, acc) = trusted(report);
        out += &format!(
            "| **>= {TRUSTED_CONFIDENCE}** | {n} | {:.2}% |\n",
            100.0 * acc
        );
    }
    out
}

//! The failure classes seen on real cards, counted from truth against reading: a space
//! dropped or added, an abbreviation's period dropped, the issue place or date not returned,
//! a `-` blood type missed, the province wrong or lost (and the regency line returned as the
//! province), a closed-list value outside what cards print, no result at all. Each is the
//! number of fields it hit over the fields where it can occur, with the fields it hit.

use super::Outcome;
use crate::truth::TruthRecord;
use crate::vocabulary::{in_vocabulary, CLOSED_FIELDS};
use ktp_ocr::ktp::KtpFields;
use serde::Serialize;
use std::collections::BTreeMap;

/// One class over a set of cards.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ClassScore {
    pub class: &'static str,
    /// Fields (cards, for "no result") the class hit.
    pub affected: usize,
    /// Fields (cards) where it can occur.
    pub eligible: usize,
    pub share: f64,
    /// Per field: `[affected, eligible]`, for the fields it hit.
    pub by_field: BTreeMap<String, [usize; 2]>,
}

/// What the class asks of one field: `None` where it cannot occur, else whether it hit.
type Test = fn(field: &str, want: &str, got: &str, truth: &KtpFields) -> Option<bool>;

fn without(s: &str, drop: &[char]) -> String {
    s.chars().filter(|c| !drop.contains(c)).collect()
}

/// Wrong, but right once spaces are taken out of both: two words read as one, or one word
/// read as two.
fn space(_: &str, want: &str, got: &str, _: &KtpFields) -> Option<bool> {
    want.chars()
        .any(char::is_alphabetic)
        .then(|| want != got && without(want, &[' ']) == without(got, &[' ']))
}

/// Wrong, fewer periods than printed, and right once periods (and the spaces that went with
/// them, `JL.SUDIRMAN` -> `JLSUDIRMAN`) are taken out.
fn period(_: &str, want: &str, got: &str, _: &KtpFields) -> Option<bool> {
    let dots = |s: &str| s.matches('.').count();
    want.contains('.').then(|| {
        want != got
            && dots(got) < dots(want)
            && without(want, &['.', ' ']) == without(got, &['.', ' '])
    })
}

/// Printed, and read as nothing.
fn missing(_: &str, want: &str, got: &str, _: &KtpFields) -> Option<bool> {
    (!want.is_empty()).then_some(got.is_empty())
}

fn dash(_: &str, want: &str, got: &str, _: &KtpFields) -> Option<bool> {
    (want == "-").then_some(got != "-")
}

fn wrong(_: &str, want: &str, got: &str, _: &KtpFields) -> Option<bool> {
    (!want.is_empty()).then_some(want != got)
}

/// The header's second line (`KABUPATEN X`, `KOTA X`, or X alone) returned as the province:
/// the first line was lost.
fn regency_as_province(_: &str, want: &str, got: &str, t: &KtpFields) -> Option<bool> {
    let regency = t.kabupaten_kota.as_str();
    let bare = regency
        .strip_prefix("KABUPATEN ")
        .or_else(|| regency.strip_prefix("KOTA "))
        .unwrap_or(regency);
    (!want.is_empty()).then(|| got != want && !got.is_empty() && (got == regency || got == bare))
}

/// A value read in a closed-list field that no card prints there.
fn outside_vocabulary(field: &str, _: &str, got: &str, _: &KtpFields) -> Option<bool> {
    CLOSED_FIELDS
        .contains(&field)
        .then(|| !got.is_empty() && !in_vocabulary(field, got))
}

/// The classes, each with the fields it looks at (`None`: every scored field).
const CLASSES: [(&str, Option<&[&str]>, Test); 8] = [
    ("space dropped or added", None, space),
    ("period dropped", None, period),
    (
        "issue place not returned",
        Some(&["tempat_terbit"]),
        missing,
    ),
    (
        "issue date not returned",
        Some(&["tanggal_terbit"]),
        missing,
    ),
    ("blood type - missed", Some(&["gol_darah"]), dash),
    ("province wrong or lost", Some(&["provinsi"]), wrong),
    (
        "regency returned as the province",
        Some(&["provinsi"]),
        regency_as_province,
    ),
    (
        "closed-list value not in its vocabulary",
        None,
        outside_vocabulary,
    ),
];

/// Every class over `pairs`, on the scored `fields`; the field classes over the cards read,
/// "no result" over all cards.
pub fn failure_classes(pairs: &[(&TruthRecord, &Outcome)], fields: &[&str]) -> Vec<ClassScore> {
    let read: Vec<(&TruthRecord, &KtpFields)> = pairs
        .iter()
        .filter_map(|(t, o)| o.result.as_ref().ok().map(|f| (*t, f)))
        .collect();
    let mut out: Vec<ClassScore> = CLASSES
        .iter()
        .map(|&(class, only, test)| {
            let mut by_field: BTreeMap<String, [usize; 2]> = BTreeMap::new();
            for (t, got) in &read {
                for &f in fields.iter().filter(|f| only.is_none_or(|o| o.contains(f))) {
                    let want = t.fields.get(f).unwrap_or("");
                    let have = got.get(f).unwrap_or("");
                    if let Some(hit) = test(f, want, have, &t.fields) {
                        let e = by_field.entry(f.to_string()).or_default();
                        e[0] += usize::from(hit);
                        e[1] += 1;
                    }
                }
            }
            let affected = by_field.values().map(|e| e[0]).sum();
            let eligible = by_field.values().map(|e| e[1]).sum();
            by_field.retain(|_, e| e[0] > 0);
            ClassScore {
                class,
                affected,
                eligible,
                share: affected as f64 / eligible.max(1) as f64,
                by_field,
            }
        })
        .collect();
    let failures = pairs.len() - read.len();
    out.push(ClassScore {
        class: "no result",
        affected: failures,
        eligible: pairs.len(),
        share: failures as f64 / pairs.len().max(1) as f64,
        by_field: BTreeMap::new(),
    });
    out
}

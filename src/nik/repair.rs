//! A cautious repair of recogniser confusions in a NIK: only where the repair is the single
//! consistent reading.

use super::{analyse, NIK_LEN};
use serde::Serialize;
use std::collections::BTreeMap;

/// A digit read with less confidence than this may be replaced by the recogniser's second
/// choice (or, in a 17-digit reading, deleted). A clean digit from the CTC recogniser sits
/// near 1.0, so 0.9 only opens up digits the recogniser itself hesitated on, and keeps the
/// candidates few (two-digit swaps grow with the square of their number). It is a starting
/// value, not yet tuned on real cards: the "single valid candidate" rule of [`correct`] is
/// what keeps a wrong correction out, not this threshold.
pub const LOW_CONFIDENCE: f32 = 0.9;

/// What the recogniser saw at one character of the NIK.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DigitRead {
    /// Its best digit.
    pub digit: char,
    /// The probability of `digit`, in [0, 1].
    pub confidence: f32,
    /// Its second-best digit and that digit's probability, when there is one. [`correct`]
    /// uses the digit only; the probability is for callers that rank or log.
    pub alternative: Option<(char, f32)>,
}

/// How [`correct`] ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CorrectionOutcome {
    /// Valid as read; nothing changed.
    AlreadyValid,
    /// Exactly one candidate was valid; `value` is that candidate.
    Corrected,
    /// Several candidates were valid; kept as read.
    Ambiguous,
    /// No candidate was valid; kept as read.
    NoCandidate,
}

/// The result of [`correct`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Correction {
    /// The corrected NIK, or the reading unchanged unless the outcome is `Corrected`.
    pub value: String,
    /// Indices into the reading (from 0) that were replaced or deleted; empty unless
    /// `Corrected`.
    pub changed: Vec<usize>,
    pub outcome: CorrectionOutcome,
}

/// Repair recogniser confusions, only where the repair is the single consistent reading.
///
/// A reading valid as read is never changed. Otherwise the candidates are the readings with
/// one or two low-confidence digits (below [`LOW_CONFIDENCE`], with an alternative) replaced
/// by their alternative, or, for a 17-digit reading, with one low-confidence digit deleted.
/// A 15-digit reading has no candidates: where a digit is missing, and which, cannot be
/// known. Candidates with fewer changes come first: exactly one distinct valid candidate
/// with the fewest changes is taken; several, or none at all, keep the reading.
pub fn correct(read: &[DigitRead], reference_year: i32) -> Correction {
    let as_read: String = read.iter().map(|d| d.digit).collect();
    let keep = |outcome| Correction {
        value: as_read.clone(),
        changed: Vec::new(),
        outcome,
    };
    if analyse(&as_read, reference_year).valid {
        return keep(CorrectionOutcome::AlreadyValid);
    }
    // The fewest changes win: a one-digit repair is tried before any two-digit one, and
    // only when no one-digit repair is valid do two-digit repairs count.
    let all = candidates(read);
    for changes in 1..=2 {
        // Distinct valid values, each with the first change set that produced it.
        let mut valid: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (value, changed) in all.iter().filter(|(_, c)| c.len() == changes) {
            if !valid.contains_key(value) && analyse(value, reference_year).valid {
                valid.insert(value.clone(), changed.clone());
            }
        }
        if valid.len() > 1 {
            return keep(CorrectionOutcome::Ambiguous);
        }
        if let Some((value, changed)) = valid.pop_first() {
            return Correction {
                value,
                changed,
                outcome: CorrectionOutcome::Corrected,
            };
        }
    }
    keep(CorrectionOutcome::NoCandidate)
}

/// Every candidate reading with the positions it changed (see [`correct`]).
fn candidates(read: &[DigitRead]) -> Vec<(String, Vec<usize>)> {
    // NaN compares false: such a digit counts as confident and is left alone.
    let low = |d: &DigitRead| d.confidence < LOW_CONFIDENCE;
    let mut out = Vec::new();
    if read.len() == NIK_LEN {
        let swaps: Vec<(usize, char)> = read
            .iter()
            .enumerate()
            .filter_map(|(i, d)| match d.alternative {
                Some((alt, _)) if low(d) => Some((i, alt)),
                _ => None,
            })
            .collect();
        let with = |changes: &[(usize, char)]| -> (String, Vec<usize>) {
            let value = read
                .iter()
                .enumerate()
                .map(|(i, d)| {
                    changes
                        .iter()
                        .find(|(at, _)| *at == i)
                        .map_or(d.digit, |&(_, alt)| alt)
                })
                .collect();
            (value, changes.iter().map(|&(i, _)| i).collect())
        };
        for (k, &a) in swaps.iter().enumerate() {
            out.push(with(&[a]));
            for &b in &swaps[k + 1..] {
                out.push(with(&[a, b]));
            }
        }
    } else if read.len() == NIK_LEN + 1 {
        for (skip, _) in read.iter().enumerate().filter(|(_, d)| low(d)) {
            let value = read
                .iter()
                .enumerate()
                .filter(|&(i, _)| i != skip)
                .map(|(_, d)| d.digit)
                .collect();
            out.push((value, vec![skip]));
        }
    }
    out
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::nik::tests::{MAN, YEAR};

    pub(crate) fn sure(s: &str) -> Vec<DigitRead> {
        s.chars()
            .map(|digit| DigitRead {
                digit,
                confidence: 0.99,
                alternative: None,
            })
            .collect()
    }

    pub(crate) fn doubt(read: &mut [DigitRead], at: usize, confidence: f32, alt: Option<char>) {
        read[at].confidence = confidence;
        read[at].alternative = alt.map(|c| (c, 1.0 - confidence));
    }

    #[test]
    fn corrects_single_low_confidence_digit() {
        // Month `08` read `88`; the recogniser's second choice is `0`.
        let mut read = sure("3205121588900001");
        doubt(&mut read, 8, 0.6, Some('0'));
        let c = correct(&read, YEAR);
        assert_eq!(c.outcome, CorrectionOutcome::Corrected);
        assert_eq!(c.value, MAN);
        assert_eq!(c.changed, [8]);
    }

    #[test]
    fn corrects_two_low_confidence_digits_together() {
        // Month `88` and serial `0000`: neither fix alone is valid, both together are.
        let mut read = sure("3205121588900000");
        doubt(&mut read, 8, 0.6, Some('0'));
        doubt(&mut read, 15, 0.7, Some('1'));
        let c = correct(&read, YEAR);
        assert_eq!(
            (c.outcome, c.value.as_str()),
            (CorrectionOutcome::Corrected, MAN)
        );
        assert_eq!(c.changed, [8, 15]);
    }

    #[test]
    fn confident_digit_is_not_corrected() {
        let mut read = sure("3205121588900001");
        doubt(&mut read, 8, 0.95, Some('0'));
        let c = correct(&read, YEAR);
        assert_eq!(c.outcome, CorrectionOutcome::NoCandidate);
        assert_eq!(c.value, "3205121588900001");
        assert!(c.changed.is_empty());
        // NaN is not "low".
        doubt(&mut read, 8, f32::NAN, Some('0'));
        assert_eq!(correct(&read, YEAR).outcome, CorrectionOutcome::NoCandidate);
    }

    #[test]
    fn several_valid_corrections_are_refused() {
        // Month `13`: `03` (first digit's alternative) and `12` (second's) are both valid.
        let mut read = sure("3205121513900001");
        doubt(&mut read, 8, 0.6, Some('0'));
        doubt(&mut read, 9, 0.6, Some('2'));
        let c = correct(&read, YEAR);
        assert_eq!(c.outcome, CorrectionOutcome::Ambiguous);
        assert_eq!(c.value, "3205121513900001");
        assert!(c.changed.is_empty());
    }

    #[test]
    fn one_digit_repair_wins_over_two_digit_ones() {
        // Month `88` fixed by position 8 alone; fixing the doubtful serial digit as well
        // would also be valid, but takes two changes where one suffices.
        let mut read = sure("3205121588900001");
        doubt(&mut read, 8, 0.6, Some('0'));
        doubt(&mut read, 15, 0.6, Some('2'));
        let c = correct(&read, YEAR);
        assert_eq!(
            (c.outcome, c.value.as_str(), c.changed.as_slice()),
            (CorrectionOutcome::Corrected, MAN, [8usize].as_slice())
        );
    }

    #[test]
    fn valid_reading_is_never_changed() {
        let mut read = sure(MAN);
        for (i, alt) in "9876543210987654".chars().enumerate() {
            doubt(&mut read, i, 0.3, Some(alt));
        }
        let c = correct(&read, YEAR);
        assert_eq!(c.outcome, CorrectionOutcome::AlreadyValid);
        assert_eq!(c.value, MAN);
        assert!(c.changed.is_empty());
    }

    #[test]
    fn doubled_digit_is_deleted() {
        // `5` of `3205` read twice; both copies doubtful, and deleting either gives one value.
        let mut read = sure("32055121508900001");
        doubt(&mut read, 3, 0.7, None);
        doubt(&mut read, 4, 0.7, None);
        let c = correct(&read, YEAR);
        assert_eq!(c.outcome, CorrectionOutcome::Corrected);
        assert_eq!(c.value, MAN);
        assert_eq!(c.changed, [3]);
        // A confident extra digit is not deleted.
        let c = correct(&sure("32055121508900001"), YEAR);
        assert_eq!(c.outcome, CorrectionOutcome::NoCandidate);
    }

    #[test]
    fn missing_digit_is_not_guessed() {
        let mut read = sure(&MAN[..15]);
        for i in 0..read.len() {
            doubt(&mut read, i, 0.3, Some('0'));
        }
        let c = correct(&read, YEAR);
        assert_eq!(c.outcome, CorrectionOutcome::NoCandidate);
        assert_eq!(c.value, &MAN[..15]);
    }

    #[test]
    fn odd_readings_do_not_panic() {
        assert_eq!(correct(&[], YEAR).outcome, CorrectionOutcome::NoCandidate);
        let mut read = sure("32051215O890000é");
        doubt(&mut read, 8, 0.5, Some('0'));
        doubt(&mut read, 15, 0.5, Some('1'));
        let c = correct(&read, YEAR);
        assert_eq!(
            (c.outcome, c.value.as_str()),
            (CorrectionOutcome::Corrected, MAN)
        );
    }
}

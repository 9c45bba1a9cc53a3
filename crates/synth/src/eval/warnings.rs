//! Capture warnings and the NIK cross-check scored as detectors: precision and recall
//! against what the truth says each card should raise, and how often each code was raised.

use super::Outcome;
use crate::truth::TruthRecord;
use ktp_ocr::Code;
use serde::Serialize;
use std::collections::BTreeMap;

/// A warning scored as a detector of a synthetic condition: which codes count as raised
/// and which cards should raise it.
struct WarningTarget {
    name: &'static str,
    codes: &'static [&'static str],
    expected: fn(&TruthRecord) -> bool,
}

/// The engine's `LOW_RESOLUTION` promise (README): the card is under 600 px wide in the
/// image. Scored against the card's width from the truth corners.
pub const LOW_RESOLUTION_CARD_PX: f32 = 600.0;

/// Capture warnings against the truth of what each is meant to catch (the condition, the
/// tags of `real_like` cards, the card's size and whether it is whole), and the NIK
/// cross-check against the cards generated with a NIK that disagrees with the printed data.
const WARNING_TARGETS: [WarningTarget; 7] = [
    WarningTarget {
        name: "BLURRY",
        codes: &[Code::Blurry.as_str()],
        expected: |t| t.condition == "heavy_blur" || t.has_tag("blurred"),
    },
    WarningTarget {
        name: "GLARE",
        codes: &[Code::Glare.as_str()],
        expected: |t| t.condition == "glare" || t.has_tag("glare") || t.has_tag("washed_out"),
    },
    WarningTarget {
        name: "LOW_RESOLUTION",
        codes: &[Code::LowResolution.as_str()],
        expected: |t| t.card_width() < LOW_RESOLUTION_CARD_PX,
    },
    WarningTarget {
        name: "PHOTOCOPY",
        codes: &[Code::Photocopy.as_str()],
        expected: |t| t.condition == "photocopy" || t.has_tag("greyscale"),
    },
    WarningTarget {
        name: "SCREEN_PHOTO",
        codes: &[Code::ScreenPhoto.as_str()],
        expected: |t| t.condition == "screen_photo" || t.has_tag("moire"),
    },
    WarningTarget {
        name: "CARD_INCOMPLETE",
        codes: &[Code::CardIncomplete.as_str()],
        expected: TruthRecord::is_incomplete,
    },
    WarningTarget {
        name: "NIK_DATE_MISMATCH or NIK_REGION_MISMATCH",
        codes: &[
            Code::NikDateMismatch.as_str(),
            Code::NikRegionMismatch.as_str(),
        ],
        expected: |t| !t.nik_consistent,
    },
];

/// How well one warning finds the cards it is meant for, over the cards read (a failed
/// reading has no warnings and is left out).
#[derive(Debug, Clone, Serialize, Default)]
pub struct WarningScore {
    pub cards_read: usize,
    pub expected: usize,
    pub raised: usize,
    pub true_positives: usize,
    /// Share of raised warnings on cards meant to raise it (1 when none was raised).
    pub precision: f64,
    /// Share of cards meant to raise it that did (1 when none was meant to).
    pub recall: f64,
}

pub(super) fn warning_counts(outcomes: &[Outcome]) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for o in outcomes {
        let mut codes: Vec<&String> = o.warnings.iter().collect();
        codes.sort();
        codes.dedup();
        for c in codes {
            *counts.entry(c.clone()).or_default() += 1;
        }
    }
    counts
}

pub(super) fn score_warnings(pairs: &[(&TruthRecord, &Outcome)]) -> BTreeMap<String, WarningScore> {
    let read: Vec<_> = pairs.iter().filter(|(_, o)| o.result.is_ok()).collect();
    if read.iter().all(|(_, o)| o.warnings.is_empty()) {
        return BTreeMap::new();
    }
    WARNING_TARGETS
        .iter()
        .map(|target| {
            let mut s = WarningScore {
                cards_read: read.len(),
                ..Default::default()
            };
            for (t, o) in &read {
                let raised = o
                    .warnings
                    .iter()
                    .any(|w| target.codes.contains(&w.as_str()));
                let expected = (target.expected)(t);
                s.raised += usize::from(raised);
                s.expected += usize::from(expected);
                s.true_positives += usize::from(raised && expected);
            }
            let share = |a: usize, b: usize| if b == 0 { 1.0 } else { a as f64 / b as f64 };
            s.precision = share(s.true_positives, s.raised);
            s.recall = share(s.true_positives, s.expected);
            (target.name.to_string(), s)
        })
        .collect()
}

//! Values from a closed list (religion, marital status, occupation, validity, nationality,
//! gender): a reading is taken to the list when it is close to one entry, also when text
//! around it came along (the watermark behind the validity, the next row's date, the
//! field's own label) or its end was cut (by the photo, glare or the card's edge). A
//! reading that reaches no entry is kept as read, and fails the field's check.

use super::text::{alnum_upper, edit_distance};

/// How a reading became a list value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Repair {
    /// Words before or after the value were dropped (watermark, a date, a label).
    Trimmed,
    /// The value's cut end was completed from the only entry it begins.
    Completed,
    /// A digit the field's value can never have was read where only one digit fits (a
    /// year's century).
    Corrected,
    /// Not read but inferred: a lone mark read as the blood type's dash, a province from the
    /// regency below it.
    Inferred,
}

/// A cut value names its entry only when at least this many letters are left...
const MIN_CUT_LETTERS: usize = 5;
/// ...and they are at least this share of the entry's.
const MIN_CUT_SHARE: f32 = 0.4;
/// Edits allowed in what is left of a cut value.
const CUT_EDITS: usize = 1;

/// The list entry `s` reads as, and how: `None` repair when the whole reading is within
/// `max_ratio` edits per letter of the entry; `None` overall when nothing is close.
pub fn snap_closed<'a>(
    s: &str,
    vocab: &[&'a str],
    max_ratio: f32,
) -> Option<(&'a str, Option<Repair>)> {
    if let Some(v) = super::text::snap(s, vocab, max_ratio) {
        return Some((v, None));
    }
    if let Some(v) = snap_words(s, vocab, max_ratio) {
        return Some((v, Some(Repair::Trimmed)));
    }
    complete(s, vocab).map(|v| (v, Some(Repair::Completed)))
}

/// The entry closest to some run of whole words of `s` (the rest being text that came
/// along), when within the bound; the closest over all runs wins, the longer on a tie.
fn snap_words<'a>(s: &str, vocab: &[&'a str], max_ratio: f32) -> Option<&'a str> {
    let words: Vec<&str> = s.split_whitespace().collect();
    if words.len() < 2 {
        return None;
    }
    let mut best: Option<(&str, f32, usize)> = None;
    for start in 0..words.len() {
        for end in start + 1..=words.len() {
            if end - start == words.len() {
                continue; // the whole reading was tried already
            }
            let key = alnum_upper(&words[start..end].join(" "));
            if key.is_empty() {
                continue;
            }
            for v in vocab {
                let entry = alnum_upper(v);
                let d = edit_distance(&key, &entry) as f32 / entry.len().max(1) as f32;
                let letters = key.len();
                let better = best.is_none_or(|(_, bd, bl)| d < bd || (d == bd && letters > bl));
                if d <= max_ratio && better {
                    best = Some((v, d, letters));
                }
            }
        }
    }
    best.map(|(v, _, _)| v)
}

/// The one entry whose start `s` is (within [`CUT_EDITS`]), when enough of it is left.
fn complete<'a>(s: &str, vocab: &[&'a str]) -> Option<&'a str> {
    let key = alnum_upper(s);
    if key.len() < MIN_CUT_LETTERS {
        return None;
    }
    let mut found: Option<&str> = None;
    for v in vocab {
        let entry = alnum_upper(v);
        if key.len() >= entry.len() || (key.len() as f32) < MIN_CUT_SHARE * entry.len() as f32 {
            continue;
        }
        // The start as long as what is left, or a letter shorter or longer: a letter
        // misread in or added to what is left moves where the cut falls.
        let n = key.chars().count();
        let start = |len: usize| entry.chars().take(len).collect::<String>();
        let edits = (n.saturating_sub(CUT_EDITS)..=n + CUT_EDITS)
            .filter(|&len| len > 0 && len < entry.len())
            .map(|len| edit_distance(&key, &start(len)))
            .min();
        if edits.is_some_and(|e| e <= CUT_EDITS) {
            if found.is_some_and(|f| alnum_upper(f) != entry) {
                return None; // the start of several entries: which is unknown
            }
            found = Some(v);
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fields::vocab::{occupations, MARITAL};

    #[test]
    fn a_close_reading_snaps_whole() {
        assert_eq!(snap_closed("KAWFN", &MARITAL, 0.34), Some(("KAWIN", None)));
    }

    #[test]
    fn text_that_came_along_is_dropped() {
        assert_eq!(
            snap_closed("SEUMUP HIDUP NDUDUK KART", &["SEUMUR HIDUP"], 0.34),
            Some(("SEUMUR HIDUP", Some(Repair::Trimmed)))
        );
        assert_eq!(
            snap_closed("KARYAWAN SWASTA 22-08-2017", occupations(), 0.25),
            Some(("KARYAWAN SWASTA", Some(Repair::Trimmed)))
        );
        assert_eq!(
            snap_closed("PERKAWINAN BELUM KAWIN", &MARITAL, 0.34),
            Some(("BELUM KAWIN", Some(Repair::Trimmed)))
        );
        // A WNA card's status is a value of its own, never MARRIED with a word dropped.
        assert_eq!(
            snap_closed("NOT MARRIED", &MARITAL, 0.34),
            Some(("NOT MARRIED", None))
        );
    }

    #[test]
    fn a_cut_value_is_completed_only_when_one_entry_begins_so() {
        assert_eq!(
            snap_closed("BELUMTIDAKT", occupations(), 0.25),
            Some(("BELUM/TIDAK BEKERJA", Some(Repair::Completed)))
        );
        // too little left: PELAJAR/MAHASISWA or PELAUT?
        assert_eq!(snap_closed("PELA", occupations(), 0.25), None);
        // nothing begins so
        assert_eq!(snap_closed("ASTRONOT", occupations(), 0.25), None);
        // a letter added to what is left (PETA-I-NI): the start one letter shorter
        assert_eq!(
            snap_closed("PETAINI/PEKE", occupations(), 0.25),
            Some(("PETANI/PEKEBUN", Some(Repair::Completed)))
        );
    }
}

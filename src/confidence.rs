//! Per-field confidence that means something: the recogniser's character confidence,
//! capped where the value fails a check its field must pass.
//!
//! The recogniser is confident about what it saw, not about whether it saw all of it: a
//! value cut short by glare, a date missing its year or an occupation with the issue place
//! glued on all come out with high character confidence. Every cap below is one such check;
//! the reliability table in docs/accuracy.md (`ktpocr eval`) measures the result.

use crate::calendar::{printed_date, Date, ISSUE_YEARS, PRINTED_YEARS};
use crate::fields::text::{alnum_upper, edit_distance};
use crate::fields::vocab::{
    is_blood_type, occupations, ABBREVIATIONS, FOR_LIFE, GENDERS, MARITAL, RELIGIONS,
};
use crate::fields::Repair;
use crate::nik::{Correction, CorrectionOutcome, NikReport};
use crate::reading::Field;
use std::collections::BTreeMap;
use std::ops::RangeInclusive;

/// A value that fails its field's check: probably misread or incomplete.
pub const FAILED_CHECK: f32 = 0.6;
/// A NIK that fails its structure checks.
pub const INVALID_NIK: f32 = 0.5;
/// A NIK repaired by the validator: very likely right, but a person should look.
pub const REPAIRED_NIK: f32 = 0.85;
/// A value that glare touches: part of it may be hidden.
pub const UNDER_GLARE: f32 = 0.5;
/// A list value taken for a reading that was not one (text dropped, a cut end completed):
/// very likely right, but a person should look.
pub const REPAIRED_VALUE: f32 = 0.85;
/// A value inferred rather than read (a dash from a lone mark, a province from its
/// regency): more likely than not, no more.
pub const INFERRED_VALUE: f32 = 0.6;
/// A name or address whose form the recogniser is often wrong about although each letter
/// looked clear: an abbreviation without its period (dropped, or printed so) or a word
/// long enough to be two run together. Measured on 60 real_like cards: these forms were 22
/// of the 33 wrong values at 0.9 or more.
pub const UNSURE_FORM: f32 = 0.85;
/// A value of a card whose labels were mostly unreadable (accepted on its NIK and province
/// header): the row it came from was placed without the labels that confirm it.
pub const UNLABELLED_ROW: f32 = 0.85;
/// A value read from the layout's band of a row where the detector found no line (see
/// `engine::missed_rows`): whatever kept the detector from the print (a stamp or overlay
/// printed over it) may be read into it (seen: a stamp's letter read into a name at 0.94).
pub const FROM_BAND: f32 = 0.85;
/// The fields whose place on the card needs no label: the header lines and the NIK, which
/// the header confirmed when the card was accepted without its labels.
const PLACED_WITHOUT_LABELS: [&str; 3] = ["provinsi", "kabupaten_kota", "nik"];
/// A word of at least this many letters in a name or address is more often two words whose
/// space was lost than one word (Indonesian given names and street words are shorter).
const RUN_TOGETHER_LETTERS: usize = 12;
/// How much a region name's confidence drops per edit (share of the name) the correction
/// to the official table made: one letter in a 14-letter name takes it under 0.9.
const REPAIR_PENALTY: f32 = 2.0;

/// The confidence of a region name replaced by the official `corrected` one, from the
/// `read` one's confidence and the edits between them (letters and digits only).
pub fn after_region_repair(confidence: f32, read: &str, corrected: &str) -> f32 {
    let (a, b) = (alnum_upper(read), alnum_upper(corrected));
    let share = edit_distance(&a, &b) as f32 / b.chars().count().max(1) as f32;
    confidence.min((1.0 - REPAIR_PENALTY * share).max(0.0))
}

/// What the caps are judged on, besides each value itself.
#[derive(Debug, Clone, Copy)]
pub struct Evidence<'a> {
    /// The analysis of the NIK kept, when one was read.
    pub nik: Option<&'a NikReport>,
    /// What the NIK validator did to the digits.
    pub nik_correction: Option<&'a Correction>,
    /// Region fields the official table did not resolve.
    pub unresolved_regions: &'a [&'static str],
    /// Fields whose text glare touches.
    pub glared_fields: &'a [&'static str],
    /// Fields whose value was repaired to a list value, and how.
    pub repaired_fields: &'a [(&'static str, Repair)],
    /// The reading's reference date (no card is printed after the year that follows it).
    pub reference: Date,
    /// Whether enough of the card's labels were read to place its rows.
    pub rows_labelled: bool,
    /// Fields read from a row's band, no line detected there (see [`FROM_BAND`]).
    pub band_fields: &'a [&'static str],
}

/// Cap the confidence of every field whose value fails its check. This is the one place a
/// field's final confidence is written.
pub fn calibrate(fields: &mut BTreeMap<&'static str, Field>, evidence: &Evidence) {
    for (name, field) in fields.iter_mut() {
        if field.value.is_empty() {
            continue;
        }
        let check = match *name {
            "nik" => nik_cap(evidence.nik, evidence.nik_correction),
            _ if evidence.unresolved_regions.contains(name) => FAILED_CHECK,
            _ if !plausible(name, &field.value, evidence.reference) => FAILED_CHECK,
            _ => match evidence.repaired_fields.iter().find(|(n, _)| n == name) {
                Some((_, Repair::Inferred)) => INFERRED_VALUE,
                Some(_) => REPAIRED_VALUE,
                None if unsure_form(name, &field.value) => UNSURE_FORM,
                None => 1.0,
            },
        };
        let glare = if evidence.glared_fields.contains(name) {
            UNDER_GLARE
        } else {
            1.0
        };
        let placed = if evidence.rows_labelled || PLACED_WITHOUT_LABELS.contains(name) {
            1.0
        } else {
            UNLABELLED_ROW
        };
        let band = if evidence.band_fields.contains(name) {
            FROM_BAND
        } else {
            1.0
        };
        field.confidence = field.confidence.min(check).min(glare).min(placed).min(band);
    }
}

/// See [`UNSURE_FORM`].
fn unsure_form(name: &str, value: &str) -> bool {
    matches!(name, "nama" | "alamat")
        && value.split(' ').any(|word| {
            ABBREVIATIONS.contains(&word)
                || word.chars().filter(|c| c.is_alphabetic()).count() >= RUN_TOGETHER_LETTERS
        })
}

fn nik_cap(nik: Option<&NikReport>, correction: Option<&Correction>) -> f32 {
    if !nik.is_some_and(|r| r.valid) {
        INVALID_NIK
    } else if correction.is_some_and(|c| c.outcome == CorrectionOutcome::Corrected) {
        REPAIRED_NIK
    } else {
        1.0
    }
}

/// A real calendar date with its year in `years`, and not later than the year after the
/// reference date (no card is printed later than that).
fn date_within(value: &str, years: RangeInclusive<i32>, reference: Date) -> bool {
    printed_date(value).is_some_and(|d| years.contains(&d.year) && d.year <= reference.year + 1)
}

/// Whether a value has the form its field always has on a card (the NIK and the region
/// names have checks of their own).
pub fn plausible(name: &str, value: &str, reference: Date) -> bool {
    let three_digits = |v: &str| v.len() == 3 && v.bytes().all(|b| b.is_ascii_digit());
    match name {
        "tanggal_lahir" => date_within(value, PRINTED_YEARS, reference),
        "tanggal_terbit" => date_within(value, ISSUE_YEARS, reference),
        "berlaku_hingga" => value == FOR_LIFE || printed_date(value).is_some(),
        "jenis_kelamin" => GENDERS.contains(&value),
        "agama" => RELIGIONS.contains(&value),
        "status_perkawinan" => MARITAL.contains(&value),
        "pekerjaan" => occupations().contains(&value),
        "gol_darah" => is_blood_type(value),
        "rt" | "rw" => three_digits(value) || value == "-",
        // Places and names carry no digits or date pieces.
        "tempat_lahir" | "tempat_terbit" | "nama" | "provinsi" | "kabupaten_kota" => {
            !value.bytes().any(|b| b.is_ascii_digit())
        }
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn evidence<'a>(
        nik: Option<&'a NikReport>,
        nik_correction: Option<&'a Correction>,
        unresolved_regions: &'a [&'static str],
        glared_fields: &'a [&'static str],
    ) -> Evidence<'a> {
        Evidence {
            nik,
            nik_correction,
            unresolved_regions,
            glared_fields,
            repaired_fields: &[],
            reference: crate::calendar::DEFAULT_REFERENCE_DATE,
            rows_labelled: true,
            band_fields: &[],
        }
    }

    fn field(value: &str, confidence: f32) -> Field {
        Field {
            value: value.into(),
            confidence,
            quad: None,
        }
    }

    #[test]
    fn values_failing_their_check_lose_confidence() {
        let mut fields = BTreeMap::from([
            ("tanggal_lahir", field("31-02-1990", 0.99)),
            ("tanggal_terbit", field("26-08-2013", 0.99)),
            ("pekerjaan", field("KARYAWAN SWASTA KOTA BEKASI", 0.99)),
            ("agama", field("ISLAM", 0.97)),
            ("tempat_lahir", field("GARUT, 19-", 0.98)),
            ("rt", field("01", 0.99)),
            ("gol_darah", field("-", 0.8)),
        ]);
        calibrate(&mut fields, &evidence(None, None, &[], &[]));
        assert_eq!(fields["tanggal_lahir"].confidence, FAILED_CHECK);
        assert_eq!(fields["tanggal_terbit"].confidence, 0.99);
        assert_eq!(fields["pekerjaan"].confidence, FAILED_CHECK);
        assert_eq!(fields["agama"].confidence, 0.97);
        assert_eq!(fields["tempat_lahir"].confidence, FAILED_CHECK);
        assert_eq!(fields["rt"].confidence, FAILED_CHECK);
        // a cap never raises a confidence
        assert_eq!(fields["gol_darah"].confidence, 0.8);
    }

    #[test]
    fn rows_placed_without_their_labels_are_not_trusted_but_the_header_and_nik_are() {
        let mut fields = BTreeMap::from([
            ("provinsi", field("JAWA BARAT", 0.98)),
            ("kabupaten_kota", field("KOTA BEKASI", 0.97)),
            ("nama", field("SITI AMINAH", 0.99)),
            ("agama", field("ISLAM", 0.99)),
        ]);
        let unlabelled = Evidence {
            rows_labelled: false,
            ..evidence(None, None, &[], &[])
        };
        calibrate(&mut fields, &unlabelled);
        assert_eq!(fields["provinsi"].confidence, 0.98);
        assert_eq!(fields["kabupaten_kota"].confidence, 0.97);
        assert_eq!(fields["nama"].confidence, UNLABELLED_ROW);
        assert_eq!(fields["agama"].confidence, UNLABELLED_ROW);
    }

    #[test]
    fn a_value_read_from_a_row_band_is_not_sure() {
        let mut fields = BTreeMap::from([
            ("nama", field("RIDWAN", 0.94)),
            ("agama", field("ISLAM", 0.99)),
        ]);
        let banded = Evidence {
            band_fields: &["nama"],
            ..evidence(None, None, &[], &[])
        };
        calibrate(&mut fields, &banded);
        assert_eq!(fields["nama"].confidence, FROM_BAND);
        assert_eq!(fields["agama"].confidence, 0.99);
    }

    #[test]
    fn dates_outside_their_years_unknown_regions_and_glared_values_lose_confidence() {
        let mut fields = BTreeMap::from([
            ("tanggal_lahir", field("01-01-1890", 0.99)),
            ("tanggal_terbit", field("01-01-2005", 0.99)),
            ("kecamatan", field("SOMEWHERE", 0.99)),
            ("kel_desa", field("CIBUNAR", 0.99)),
            ("alamat", field("JL. MERDEKA NO. 1", 0.99)),
        ]);
        calibrate(
            &mut fields,
            &evidence(None, None, &["kecamatan"], &["alamat"]),
        );
        assert_eq!(fields["tanggal_lahir"].confidence, FAILED_CHECK);
        assert_eq!(fields["tanggal_terbit"].confidence, FAILED_CHECK);
        assert_eq!(fields["kecamatan"].confidence, FAILED_CHECK);
        assert_eq!(fields["kel_desa"].confidence, 0.99);
        assert_eq!(fields["alamat"].confidence, UNDER_GLARE);
    }

    #[test]
    fn names_and_addresses_of_an_unsure_form_are_not_trusted_fully() {
        let mut fields = BTreeMap::from([
            ("alamat", field("JL MERDEKA NO. 1", 0.99)),
            ("nama", field("PUSPITAPERMATASARI", 0.99)),
            ("kel_desa", field("JL", 0.99)),
            ("tempat_lahir", field("PERMATASARI", 0.99)),
        ]);
        let mut dotted = fields.clone();
        calibrate(&mut fields, &evidence(None, None, &[], &[]));
        assert_eq!(fields["alamat"].confidence, UNSURE_FORM);
        assert_eq!(fields["nama"].confidence, UNSURE_FORM);
        assert_eq!(fields["kel_desa"].confidence, 0.99);
        assert_eq!(fields["tempat_lahir"].confidence, 0.99);
        dotted.insert("alamat", field("JL. MERDEKA NO. 1", 0.99));
        dotted.insert("nama", field("M. ALDI RAMADHAN", 0.99));
        calibrate(&mut dotted, &evidence(None, None, &[], &[]));
        assert_eq!(dotted["alamat"].confidence, 0.99);
        assert_eq!(dotted["nama"].confidence, 0.99);
    }

    #[test]
    fn the_nik_is_capped_by_its_checks() {
        let valid = crate::nik::analyse("3205121508900001", 2026);
        let invalid = crate::nik::analyse("3205121588900001", 2026);
        let cap = |r: &NikReport, c: Option<&Correction>| {
            let mut f = BTreeMap::from([("nik", field("3205121508900001", 0.99))]);
            calibrate(&mut f, &evidence(Some(r), c, &[], &[]));
            f["nik"].confidence
        };
        assert_eq!(cap(&valid, None), 0.99);
        assert_eq!(cap(&invalid, None), INVALID_NIK);
        let repaired = Correction {
            value: "3205121508900001".into(),
            changed: vec![8],
            outcome: CorrectionOutcome::Corrected,
        };
        assert_eq!(cap(&valid, Some(&repaired)), REPAIRED_NIK);
    }

    #[test]
    fn a_region_repair_costs_confidence_by_its_edits() {
        // a dropped space costs nothing
        assert_eq!(after_region_repair(0.98, "KOTABEKASI", "KOTA BEKASI"), 0.98);
        // two letters of fourteen: well under the trusted 0.9
        let c = after_region_repair(0.99, "KABUPATEN BATU", "KABUPATEN PATI");
        assert!(c < 0.9, "{c}");
    }
}

//! The one assembly step: what the stages found (the fields read, the NIK repair, the region
//! names the table did not resolve, the capture measures and the fields glare touches)
//! becomes the reading: each field with its box in the input, the NIK analysed and
//! cross-checked, every warning worded, and each confidence calibrated.

use crate::calendar::Date;
use crate::card::quality::Quality;
use crate::confidence::{self, Evidence};
use crate::fields::{values_of, FieldValue, Line, Repair};
use crate::ktp::FIELD_NAMES;
use crate::nik::{self, Correction, CorrectionOutcome, Mismatch, NikReport};
use crate::ocr::geometry::Quad;
use crate::reading::{Field, KtpReading, Timings};
use crate::warning::{self, Code, Warning};
use std::collections::BTreeMap;

/// Everything one reading is assembled from.
pub(crate) struct Findings<'a> {
    /// The final values read (after the re-reads and the region table).
    pub fields: &'a BTreeMap<&'static str, FieldValue>,
    /// The lines the values were read from, in the coordinates of the image read.
    pub lines: &'a [Line],
    /// From those coordinates to the input image's.
    pub to_input: &'a dyn Fn(&Quad) -> Quad,
    pub nik_correction: Option<&'a Correction>,
    pub unresolved_regions: &'a [&'static str],
    pub glared_fields: &'a [&'static str],
    pub quality: Quality,
    pub orientation: u16,
    pub image_size: (u32, u32),
    pub reference: Date,
    /// Whether enough labels were read to place the rows (see [`Evidence::rows_labelled`]).
    pub rows_labelled: bool,
    /// Fields read from a row's band (see [`Evidence::band_fields`]).
    pub band_fields: &'a [&'static str],
}

/// Assemble the reading (without the photo, EXIF tag and timings, which the engine adds).
pub(crate) fn assemble(f: &Findings) -> KtpReading {
    let mut fields = BTreeMap::new();
    for name in FIELD_NAMES {
        let field = match f.fields.get(name) {
            Some(v) => Field {
                value: v.value.clone(),
                confidence: v.confidence.clamp(0.0, 1.0),
                quad: union_quad(v.lines.iter().map(|&i| (f.to_input)(&f.lines[i].quad))),
            },
            None => Field {
                value: String::new(),
                confidence: 0.0,
                quad: None,
            },
        };
        fields.insert(name, field);
    }
    let nik_check = (!fields["nik"].value.is_empty()).then(|| {
        let year = nik::reference_year(&fields["tanggal_terbit"].value, f.reference);
        nik::analyse(&fields["nik"].value, year)
    });

    let mut warnings = missing_fields(f.fields);
    if let Some(report) = &nik_check {
        warnings.extend(nik_warnings(report, f.nik_correction));
        warnings.extend(
            nik::cross_check(report, &values_of(f.fields))
                .into_iter()
                .map(mismatch_warning),
        );
    }
    warnings.extend(
        f.unresolved_regions
            .iter()
            .map(|&name| Warning::new(Code::RegionNotInTable, Some(name))),
    );
    warnings.extend(
        f.glared_fields
            .iter()
            .map(|&name| Warning::new(Code::FieldUnderGlare, Some(name))),
    );
    let repaired: Vec<(&'static str, Repair)> = f
        .fields
        .iter()
        .filter_map(|(n, v)| Some((*n, v.repair?)))
        .collect();
    warnings.extend(failed_checks(&fields, f.unresolved_regions, f.reference));
    warnings.extend(repaired.iter().map(|&(name, repair)| match repair {
        Repair::Inferred => {
            Warning::worded(Code::FieldRepaired, Some(name), warning::INFERRED.into())
        }
        _ => Warning::new(Code::FieldRepaired, Some(name)),
    }));
    warnings.extend(capture_warnings(&f.quality));

    confidence::calibrate(
        &mut fields,
        &Evidence {
            nik: nik_check.as_ref(),
            nik_correction: f.nik_correction,
            unresolved_regions: f.unresolved_regions,
            glared_fields: f.glared_fields,
            repaired_fields: &repaired,
            reference: f.reference,
            rows_labelled: f.rows_labelled,
            band_fields: f.band_fields,
        },
    );
    KtpReading {
        fields,
        nik_check,
        warnings,
        orientation: f.orientation,
        exif_orientation: 1,
        image_width: f.image_size.0,
        image_height: f.image_size.1,
        quality: Some(f.quality),
        photo: None,
        card: None,
        timings: Timings::default(),
    }
}

/// `FIELD_NOT_FOUND` for every field the card prints that was not read.
fn missing_fields(fields: &BTreeMap<&'static str, FieldValue>) -> Vec<Warning> {
    FIELD_NAMES
        .iter()
        .filter(|n| !fields.contains_key(*n))
        .map(|&n| Warning::new(Code::FieldNotFound, Some(n)))
        .collect()
}

/// `FIELD_CHECK_FAILED` for every value that fails its field's check (the NIK and region
/// names are warned about by their own checks).
fn failed_checks(
    fields: &BTreeMap<&'static str, Field>,
    unresolved_regions: &[&'static str],
    reference: Date,
) -> Vec<Warning> {
    fields
        .iter()
        .filter(|(name, f)| {
            **name != "nik"
                && !f.value.is_empty()
                && !unresolved_regions.contains(name)
                && !confidence::plausible(name, &f.value, reference)
        })
        .map(|(name, _)| Warning::new(Code::FieldCheckFailed, Some(name)))
        .collect()
}

/// The capture warnings of the measures.
pub(crate) fn capture_warnings(quality: &Quality) -> Vec<Warning> {
    quality
        .findings()
        .into_iter()
        .map(|code| Warning::new(code, None))
        .collect()
}

/// Warnings about the NIK itself. `report` is the analysis of the value kept (the corrected
/// value when `correction` says `Corrected`). Not for an empty NIK: a field not read at all
/// is `FIELD_NOT_FOUND`'s business.
fn nik_warnings(report: &NikReport, correction: Option<&Correction>) -> Vec<Warning> {
    const FIELD: Option<&str> = Some("nik");
    let mut out = Vec::new();
    if report.failed(nik::CHECK_LENGTH) {
        out.push(Warning::new(Code::NikInvalidLength, FIELD));
    }
    if let Some(level) = report.unknown_region() {
        out.push(Warning::worded(
            Code::NikUnknownRegion,
            FIELD,
            warning::nik_unknown_region(level).into(),
        ));
    }
    if report.failed(nik::CHECK_BIRTH_DATE) {
        out.push(Warning::new(Code::NikInvalidDate, FIELD));
    }
    if report.failed(nik::CHECK_SERIAL) {
        out.push(Warning::new(Code::NikInvalidSerial, FIELD));
    }
    match correction.map(|c| (c.outcome, &c.changed)) {
        Some((CorrectionOutcome::Corrected, changed)) => out.push(Warning::worded(
            Code::NikCorrected,
            FIELD,
            warning::nik_corrected(changed),
        )),
        Some((CorrectionOutcome::Ambiguous, _)) => {
            out.push(Warning::new(Code::NikAmbiguous, FIELD))
        }
        _ => {}
    }
    out
}

fn mismatch_warning(m: Mismatch) -> Warning {
    let code = match m {
        Mismatch::BirthDate => Code::NikDateMismatch,
        Mismatch::Sex => Code::NikSexMismatch,
        Mismatch::Region(_) => Code::NikRegionMismatch,
    };
    Warning::new(code, Some(m.field()))
}

/// The quad covering `quads`: the quad itself for one, their bounding box for several.
pub(crate) fn union_quad(quads: impl Iterator<Item = Quad>) -> Option<[[f32; 2]; 4]> {
    let quads: Vec<Quad> = quads.collect();
    match quads.as_slice() {
        [] => None,
        [q] => Some(q.0.map(|p| [p.x, p.y])),
        many => {
            let (x0, y0, x1, y1) = Quad::union_bounds(many)?;
            Some([[x0, y0], [x1, y0], [x1, y1], [x0, y1]])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nik::cross_check::tests::printed_for;
    use crate::nik::repair::tests::{doubt, sure};
    use crate::nik::tests::{nik, MAN, WOMAN, YEAR};
    use crate::nik::{analyse, correct, cross_check};

    fn codes(warnings: &[Warning]) -> Vec<Code> {
        warnings.iter().map(|w| w.code).collect()
    }

    #[test]
    fn each_failed_check_is_one_warning() {
        assert!(nik_warnings(&analyse(MAN, YEAR), None).is_empty());
        let r = analyse(&nik("320512", "320190", "0001"), YEAR);
        assert_eq!(codes(&nik_warnings(&r, None)), [Code::NikInvalidDate]);
        let r = analyse(&nik("320512", "150890", "0000"), YEAR);
        assert_eq!(codes(&nik_warnings(&r, None)), [Code::NikInvalidSerial]);
        let r = analyse(&MAN[..15], YEAR);
        assert_eq!(codes(&nik_warnings(&r, None)), [Code::NikInvalidLength]);
    }

    #[test]
    fn an_unknown_region_names_its_widest_level() {
        let message = |region: &str| {
            let w = nik_warnings(&analyse(&nik(region, "150890", "0001"), YEAR), None);
            assert_eq!(codes(&w), [Code::NikUnknownRegion]);
            w[0].message.clone()
        };
        assert!(message("990101").contains("province"));
        assert!(message("329901").contains("regency"));
        assert!(message("320599").contains("district"));
    }

    #[test]
    fn repairs_and_refusals_are_reported() {
        let mut read = sure("3205121588900001");
        doubt(&mut read, 8, 0.6, Some('0'));
        let c = correct(&read, YEAR);
        let w = nik_warnings(&analyse(&c.value, YEAR), Some(&c));
        assert_eq!(codes(&w), [Code::NikCorrected]);
        assert!(w[0].message.contains("position(s) 9 "));

        let mut read = sure("3205121513900001");
        doubt(&mut read, 8, 0.6, Some('0'));
        doubt(&mut read, 9, 0.6, Some('2'));
        let c = correct(&read, YEAR);
        let w = nik_warnings(&analyse(&c.value, YEAR), Some(&c));
        assert_eq!(codes(&w), [Code::NikInvalidDate, Code::NikAmbiguous]);

        let c = correct(&sure(MAN), YEAR);
        assert!(nik_warnings(&analyse(&c.value, YEAR), Some(&c)).is_empty());
    }

    #[test]
    fn warnings_never_contain_values() {
        let mut read = sure("3205121588900000");
        doubt(&mut read, 8, 0.6, Some('0'));
        doubt(&mut read, 15, 0.7, Some('1'));
        let corrected = correct(&read, YEAR);
        let mut ambiguous_read = sure("3205121513900001");
        doubt(&mut ambiguous_read, 8, 0.6, Some('0'));
        doubt(&mut ambiguous_read, 9, 0.6, Some('2'));
        let ambiguous = correct(&ambiguous_read, YEAR);
        let mut mismatched = printed_for(WOMAN);
        mismatched.provinsi = "DKI JAKARTA".into();
        mismatched.tanggal_lahir = "01-01-2001".into();

        let mut all = nik_warnings(&analyse(&corrected.value, YEAR), Some(&corrected));
        all.extend(nik_warnings(
            &analyse(&ambiguous.value, YEAR),
            Some(&ambiguous),
        ));
        for bad in ["990100000000", "3205995213990000", "12345"] {
            all.extend(nik_warnings(&analyse(bad, YEAR), None));
        }
        all.extend(
            cross_check(&analyse(WOMAN, YEAR), &mismatched)
                .into_iter()
                .map(mismatch_warning),
        );
        assert_eq!(all.len(), 11, "{all:?}");
        let no_values = |w: &Warning| {
            for value in ["GARUT", "CIBATU", "JAWA", "JAKARTA", "1990", "1995"] {
                assert!(!w.message.to_uppercase().contains(value), "{}", w.message);
            }
        };
        for w in &all {
            let longest_number = w
                .message
                .split(|c: char| !c.is_ascii_digit())
                .map(str::len)
                .max();
            assert!(longest_number < Some(3), "{}", w.message);
            no_values(w);
        }
        for code in Code::ALL {
            no_values(&Warning::new(code, None));
        }
    }

    #[test]
    fn mismatches_name_their_printed_field() {
        let w = mismatch_warning(Mismatch::Region("kabupaten_kota"));
        assert_eq!(
            (w.code, w.field),
            (Code::NikRegionMismatch, Some("kabupaten_kota"))
        );
        assert_eq!(mismatch_warning(Mismatch::Sex).field, Some("jenis_kelamin"));
    }
}

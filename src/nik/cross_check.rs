//! The NIK against the printed fields: birth date, sex and region.

use super::NikReport;
use crate::calendar::parse_printed;
use crate::fields::vocab::Sex;
use crate::ktp::KtpFields;
use crate::regions::{Level, Region, RegionTable};

/// A way the NIK and the printed card disagree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mismatch {
    /// The NIK's birth date differs from `tanggal_lahir`.
    BirthDate,
    /// The NIK's sex differs from `jenis_kelamin`.
    Sex,
    /// The NIK's region differs from this header field (`provinsi` or `kabupaten_kota`).
    Region(&'static str),
}

impl Mismatch {
    /// The printed field concerned.
    pub fn field(self) -> &'static str {
        match self {
            Mismatch::BirthDate => "tanggal_lahir",
            Mismatch::Sex => "jenis_kelamin",
            Mismatch::Region(field) => field,
        }
    }
}

/// Consistency of the NIK with the printed fields. Nothing is rewritten, and a comparison
/// is skipped when either side is missing or unreadable. A holder who moves keeps their NIK,
/// so a region mismatch is informational; at most one is reported, for the widest level
/// that differs.
pub fn cross_check(report: &NikReport, printed: &KtpFields) -> Vec<Mismatch> {
    let mut out = Vec::new();
    let nik_date = report.birth_date.as_deref().and_then(parse_printed);
    if let (Some((d, m, y)), Some((pd, pm, py))) = (nik_date, parse_printed(&printed.tanggal_lahir))
    {
        // Only the last two digits of the year are in the NIK.
        if (d, m, y % 100) != (pd, pm, py % 100) {
            out.push(Mismatch::BirthDate);
        }
    }
    let nik_sex = report.sex.and_then(Sex::of_printed);
    if let (Some(sex), Some(printed_sex)) = (nik_sex, Sex::of_printed(&printed.jenis_kelamin)) {
        if sex != printed_sex {
            out.push(Mismatch::Sex);
        }
    }
    if let Some(field) = region_mismatch(report, printed) {
        out.push(Mismatch::Region(field));
    }
    out
}

/// The printed field whose region differs from the NIK's, province first. A printed name
/// the table does not know is unreadable, not a mismatch.
fn region_mismatch(report: &NikReport, printed: &KtpFields) -> Option<&'static str> {
    let differs = |code: Option<&str>, level: Level, name: &str| match code {
        Some(code) => {
            let printed = printed_codes(level, name);
            !printed.is_empty() && printed.iter().all(|r| r.code() != code)
        }
        None => false,
    };
    if differs(report.province_code(), Level::Province, &printed.provinsi) {
        return Some("provinsi");
    }
    differs(
        report.regency_code(),
        Level::Regency,
        &printed.kabupaten_kota,
    )
    .then_some("kabupaten_kota")
}

/// Regions whose card form is the printed name (spacing and case ignored).
fn printed_codes(level: Level, name: &str) -> Vec<&'static Region> {
    let normalised = name.split_whitespace().collect::<Vec<_>>().join(" ");
    if normalised.is_empty() {
        return Vec::new();
    }
    RegionTable::get().find_by_card_name(level, &normalised.to_uppercase(), None)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::nik::analyse;
    use crate::nik::tests::{MAN, WOMAN, YEAR};

    pub(crate) fn printed_for(nik: &str) -> KtpFields {
        KtpFields {
            provinsi: "JAWA BARAT".into(),
            kabupaten_kota: "KABUPATEN GARUT".into(),
            nik: nik.into(),
            tanggal_lahir: "15-08-1990".into(),
            jenis_kelamin: "LAKI-LAKI".into(),
            ..KtpFields::default()
        }
    }

    #[test]
    fn consistent_card_has_no_mismatch() {
        let r = analyse(MAN, YEAR);
        assert!(cross_check(&r, &printed_for(MAN)).is_empty());
        let mut woman = printed_for(WOMAN);
        woman.tanggal_lahir = "15-08-1995".into();
        woman.jenis_kelamin = "PEREMPUAN".into();
        woman.kabupaten_kota = "GARUT".into(); // bare form: kabupaten or kota, both fine
        assert!(cross_check(&analyse(WOMAN, YEAR), &woman).is_empty());
        let mut wna = printed_for(MAN);
        wna.jenis_kelamin = "MALE".into();
        assert!(cross_check(&r, &wna).is_empty());
    }

    #[test]
    fn sex_mismatch() {
        let mut printed = printed_for(WOMAN);
        printed.tanggal_lahir = "15-08-1995".into();
        let m = cross_check(&analyse(WOMAN, YEAR), &printed);
        assert_eq!(m, [Mismatch::Sex]);
        assert_eq!(m[0].field(), "jenis_kelamin");
    }

    #[test]
    fn date_mismatch_leaves_printed_value() {
        let mut printed = printed_for(MAN);
        printed.tanggal_lahir = "16-08-1990".into();
        let before = printed.clone();
        let m = cross_check(&analyse(MAN, YEAR), &printed);
        assert_eq!(m, [Mismatch::BirthDate]);
        assert_eq!(m[0].field(), "tanggal_lahir");
        assert_eq!(printed, before);
        // Only the last two digits of the year are in the NIK.
        printed.tanggal_lahir = "15-08-1890".into();
        assert!(cross_check(&analyse(MAN, YEAR), &printed).is_empty());
        printed.tanggal_lahir = "15-08-1991".into();
        assert_eq!(
            cross_check(&analyse(MAN, YEAR), &printed),
            [Mismatch::BirthDate]
        );
    }

    #[test]
    fn unreadable_printed_values_are_skipped() {
        let mut printed = printed_for(WOMAN);
        printed.tanggal_lahir = "1S-08-1990".into();
        printed.jenis_kelamin = "LAK".into();
        printed.provinsi = "JAWA BRT".into();
        printed.kabupaten_kota = String::new();
        assert!(cross_check(&analyse(WOMAN, YEAR), &printed).is_empty());
        // Nor is anything compared with an invalid NIK's missing parts.
        let bad = analyse("320599xx", YEAR);
        assert!(cross_check(&bad, &printed_for(MAN)).is_empty());
    }

    #[test]
    fn region_mismatch() {
        let r = analyse(MAN, YEAR);
        let mut printed = printed_for(MAN);
        printed.provinsi = "DKI JAKARTA".into();
        printed.kabupaten_kota = "JAKARTA SELATAN".into();
        assert_eq!(cross_check(&r, &printed), [Mismatch::Region("provinsi")]);

        let mut printed = printed_for(MAN);
        printed.kabupaten_kota = "KOTA  BEKASI".into();
        assert_eq!(
            cross_check(&r, &printed),
            [Mismatch::Region("kabupaten_kota")]
        );
    }
}

//! The NIK (Nomor Induk Kependudukan): what its 16 digits say, whether they can be right, a
//! cautious repair of recogniser confusions, and its consistency with the printed fields.
//!
//! Layout: province (2) + regency/city (2) + district (2) + birth date `DDMMYY`, with 40
//! added to `DD` for women, + serial (4). Region codes are checked against the embedded
//! Kemendagri 2025 table ([`RegionTable`]).
//!
//! Pure logic: no I/O, no model, no clock. Nothing here rewrites a printed field: the
//! analysis ([`analyse`]), the cautious repair ([`repair`]) and the consistency checks
//! ([`cross_check`]) each return what they found, and the assembly step words the warnings.
//!
//! Modules: `birth` (the date part), [`repair`], [`cross_check`].

mod birth;
pub mod cross_check;
pub mod repair;

pub use cross_check::{cross_check, Mismatch};
pub use repair::{correct, Correction, CorrectionOutcome, DigitRead, LOW_CONFIDENCE};

use crate::calendar::{Date, ISSUE_YEARS};
use crate::regions::{self, Level, Region, RegionTable};
use birth::BirthDate;
use serde::Serialize;

/// Number of digits in a NIK.
pub const NIK_LEN: usize = 16;

/// Serial that no issued NIK has.
const INVALID_SERIAL: &str = "0000";

// Check names, in the order [`analyse`] reports them.
/// Exactly 16 ASCII digits.
pub const CHECK_LENGTH: &str = "length";
/// The 2-digit province code is in the region table.
pub const CHECK_PROVINCE: &str = "province";
/// The 4-digit regency/city code is in the region table.
pub const CHECK_REGENCY: &str = "regency";
/// The 6-digit district code is in the region table.
pub const CHECK_DISTRICT: &str = "district";
/// `DDMMYY` (with `DD` or `DD - 40`) is a calendar date.
pub const CHECK_BIRTH_DATE: &str = "birth_date";
/// The serial is not `0000`.
pub const CHECK_SERIAL: &str = "serial";

/// One check of [`analyse`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Check {
    /// One of the `CHECK_*` names.
    pub check: &'static str,
    pub passed: bool,
}

/// What a NIK's digits say and which checks they pass.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct NikReport {
    /// Every check passed.
    pub valid: bool,
    /// `length`, then (only when the length passed) `province`, `regency`, `district`,
    /// `birth_date`, `serial`.
    pub checks: Vec<Check>,
    /// Card form, e.g. `JAWA BARAT`, `DKI JAKARTA`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub province: Option<String>,
    /// Card form, e.g. `KABUPATEN GARUT`, `KOTA BEKASI`, `JAKARTA SELATAN`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub regency: Option<String>,
    /// Card form, e.g. `CIBATU`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub district: Option<String>,
    /// `DD-MM-YYYY`, with the 40 of a woman's day removed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub birth_date: Option<String>,
    /// `LAKI-LAKI` or `PEREMPUAN`; only with a valid birth date, which it is read from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sex: Option<&'static str>,
    /// Table codes of the regions found, kept for [`cross_check`]; not serialised (the
    /// names say the same to a reader).
    #[serde(skip)]
    codes: RegionCodes,
}

/// The NIK's region codes, for [`cross_check`].
impl NikReport {
    pub(crate) fn province_code(&self) -> Option<&'static str> {
        self.codes.province
    }
    pub(crate) fn regency_code(&self) -> Option<&'static str> {
        self.codes.regency
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct RegionCodes {
    province: Option<&'static str>,
    regency: Option<&'static str>,
}

impl NikReport {
    /// Whether the named check ran and passed; `None` when it did not run.
    pub fn passed(&self, check: &str) -> Option<bool> {
        self.checks
            .iter()
            .find(|c| c.check == check)
            .map(|c| c.passed)
    }

    /// Whether the named check ran and failed.
    pub fn failed(&self, check: &str) -> bool {
        self.passed(check) == Some(false)
    }

    /// The widest region level whose code is not in the table, if any (a child code is
    /// unknown whenever its parent is).
    pub fn unknown_region(&self) -> Option<Level> {
        [
            (CHECK_PROVINCE, Level::Province),
            (CHECK_REGENCY, Level::Regency),
            (CHECK_DISTRICT, Level::District),
        ]
        .into_iter()
        .find(|(check, _)| self.failed(check))
        .map(|(_, level)| level)
    }
}

/// The year a NIK's 2-digit birth year is read against: the card's issue year when its
/// issue date (`DD-MM-YYYY`) was read, else the reading's reference date's year. Nobody gets
/// a card before being born, so `20YY` later than this year means `19YY`.
pub fn reference_year(issue_date: &str, reference: Date) -> i32 {
    let from_card = issue_date
        .rsplit('-')
        .next()
        .filter(|y| y.len() == 4)
        .and_then(|y| y.parse::<i32>().ok())
        .filter(|y| ISSUE_YEARS.contains(y));
    from_card.unwrap_or(reference.year)
}

/// Whether `nik` has a NIK's form: 16 ASCII digits, so that its parts can be located.
pub fn well_formed(nik: &str) -> bool {
    nik.len() == NIK_LEN && nik.bytes().all(|b| b.is_ascii_digit())
}

/// Decode and check a NIK. `reference_year` (see [`reference_year`]) picks the century of
/// the 2-digit birth year: `20YY` unless that is later than `reference_year`, else `19YY`.
///
/// When the value is not 16 ASCII digits only the `length` check is reported: the other
/// parts cannot be located.
pub fn analyse(nik: &str, reference_year: i32) -> NikReport {
    let mut report = NikReport::default();
    let well_formed = well_formed(nik);
    report.checks.push(Check {
        check: CHECK_LENGTH,
        passed: well_formed,
    });
    if !well_formed {
        return report;
    }
    // All ASCII from here: byte slicing cannot split a character.
    let table = RegionTable::get();
    let province = table.lookup_digits(&nik[..2]);
    let regency = table.lookup_digits(&nik[..4]);
    let district = table.lookup_digits(&nik[..6]);
    let birth = BirthDate::decode(&nik[6..12], reference_year);
    let serial_ok = &nik[12..] != INVALID_SERIAL;

    for (check, passed) in [
        (CHECK_PROVINCE, province.is_some()),
        (CHECK_REGENCY, regency.is_some()),
        (CHECK_DISTRICT, district.is_some()),
        (CHECK_BIRTH_DATE, birth.is_some()),
        (CHECK_SERIAL, serial_ok),
    ] {
        report.checks.push(Check { check, passed });
    }
    report.valid = report.checks.iter().all(|c| c.passed);
    report.province = province.map(|r| regions::card_province(r.name()));
    report.regency = regency.map(|r| regions::card_regency(r.name()));
    report.district = district.map(|r| regions::card_name(r.name()));
    report.birth_date = birth.map(|b| b.to_string());
    report.sex = birth.map(|b| b.sex.printed());
    report.codes = RegionCodes {
        province: province.map(Region::code),
        regency: regency.map(Region::code),
    };
    report
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) const YEAR: i32 = 2025;
    /// 32.05.12: Cibatu, Kabupaten Garut, Jawa Barat. Man born 15-08-1990.
    pub(crate) const MAN: &str = "3205121508900001";
    /// Same district, woman born 15-08-1995 (DD 55 = 15 + 40).
    pub(crate) const WOMAN: &str = "3205125508950002";

    pub(crate) fn nik(region: &str, ddmmyy: &str, serial: &str) -> String {
        format!("{region}{ddmmyy}{serial}")
    }

    fn check_failed(report: &NikReport) -> Vec<&'static str> {
        report
            .checks
            .iter()
            .filter(|c| !c.passed)
            .map(|c| c.check)
            .collect()
    }

    #[test]
    fn valid_man_decodes() {
        let r = analyse(MAN, YEAR);
        assert!(r.valid);
        let names: Vec<&str> = r.checks.iter().map(|c| c.check).collect();
        assert_eq!(
            names,
            [
                "length",
                "province",
                "regency",
                "district",
                "birth_date",
                "serial"
            ]
        );
        assert_eq!(r.province.as_deref(), Some("JAWA BARAT"));
        assert_eq!(r.regency.as_deref(), Some("KABUPATEN GARUT"));
        assert_eq!(r.district.as_deref(), Some("CIBATU"));
        assert_eq!(r.birth_date.as_deref(), Some("15-08-1990"));
        assert_eq!(r.sex, Some("LAKI-LAKI"));
        assert_eq!(r.unknown_region(), None);
    }

    #[test]
    fn valid_woman_decodes() {
        let r = analyse(WOMAN, YEAR);
        assert!(r.valid);
        assert_eq!(r.birth_date.as_deref(), Some("15-08-1995"));
        assert_eq!(r.sex, Some("PEREMPUAN"));
    }

    #[test]
    fn card_forms_of_kota_and_dki() {
        let bekasi = analyse(&nik("327501", "010105", "0003"), YEAR);
        assert!(bekasi.valid);
        assert_eq!(bekasi.regency.as_deref(), Some("KOTA BEKASI"));
        assert_eq!(bekasi.birth_date.as_deref(), Some("01-01-2005"));
        let tebet = analyse(&nik("317401", "311299", "0001"), YEAR);
        assert!(tebet.valid);
        assert_eq!(tebet.province.as_deref(), Some("DKI JAKARTA"));
        assert_eq!(tebet.regency.as_deref(), Some("JAKARTA SELATAN"));
        assert_eq!(tebet.district.as_deref(), Some("TEBET"));
        // A 2022 Papua province.
        assert!(analyse(&nik("960101", "010180", "0001"), YEAR).valid);
    }

    #[test]
    fn serialises_without_absent_parts() {
        let json = serde_json::to_value(analyse("123", YEAR)).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"valid": false, "checks": [{"check": "length", "passed": false}]})
        );
        let json = serde_json::to_value(analyse(WOMAN, YEAR)).unwrap();
        assert_eq!(json["sex"], "PEREMPUAN");
        assert_eq!(json["district"], "CIBATU");
    }

    #[test]
    fn leap_day() {
        assert!(analyse(&nik("320512", "290296", "0001"), YEAR).valid); // 1996
        assert!(analyse(&nik("320512", "690200", "0001"), YEAR).valid); // 2000, woman
        let r = analyse(&nik("320512", "290201", "0001"), YEAR); // 2001
        assert_eq!(check_failed(&r), ["birth_date"]);
        assert_eq!((r.birth_date.as_deref(), r.sex), (None, None));
        assert!(!analyse(&nik("320512", "290297", "0001"), YEAR).valid);
        // Read against 1999, `00` is 1900: not a leap year.
        assert!(!analyse(&nik("320512", "290200", "0001"), 1999).valid);
    }

    #[test]
    fn century_from_reference_year() {
        let born = |ddmmyy: &str| analyse(&nik("320512", ddmmyy, "0001"), YEAR).birth_date;
        assert_eq!(born("010125").as_deref(), Some("01-01-2025"));
        assert_eq!(born("010126").as_deref(), Some("01-01-1926"));
    }

    #[test]
    fn impossible_dates_fail() {
        for ddmmyy in [
            "000190", "320190", "400190", "720190", "011390", "010090", "310490",
        ] {
            let r = analyse(&nik("320512", ddmmyy, "0001"), YEAR);
            assert_eq!(check_failed(&r), ["birth_date"], "{ddmmyy}");
        }
        assert!(analyse(&nik("320512", "710190", "0001"), YEAR).valid); // 31 + 40
    }

    #[test]
    fn unknown_regions_fail() {
        let r = analyse(&nik("990101", "150890", "0001"), YEAR);
        assert_eq!(check_failed(&r), ["province", "regency", "district"]);
        assert_eq!(
            (&r.province, &r.regency, &r.district),
            (&None, &None, &None)
        );
        assert_eq!(r.unknown_region(), Some(Level::Province));

        let r = analyse(&nik("329901", "150890", "0001"), YEAR);
        assert_eq!(check_failed(&r), ["regency", "district"]);
        assert_eq!(r.province.as_deref(), Some("JAWA BARAT"));
        assert_eq!(r.unknown_region(), Some(Level::Regency));

        let r = analyse(&nik("320599", "150890", "0001"), YEAR);
        assert_eq!(check_failed(&r), ["district"]);
        assert_eq!(r.regency.as_deref(), Some("KABUPATEN GARUT"));
        assert_eq!(r.district, None);
        assert_eq!(r.unknown_region(), Some(Level::District));
    }

    #[test]
    fn serial_0000_fails() {
        let r = analyse(&nik("320512", "150890", "0000"), YEAR);
        assert_eq!(check_failed(&r), ["serial"]);
    }

    #[test]
    fn wrong_length_reports_only_length() {
        let long = format!("{MAN}1");
        for s in [
            &MAN[..15],
            &long,
            "",
            "3205121508900O01",
            "３２０５１２１５０８９０",
        ] {
            let r = analyse(s, YEAR);
            assert!(!r.valid);
            assert_eq!(
                r.checks,
                [Check {
                    check: CHECK_LENGTH,
                    passed: false
                }],
                "{s}"
            );
        }
        // Multi-byte characters that make 16 bytes must not panic either.
        assert!(!analyse("32051215089000é", YEAR).valid);
    }

    #[test]
    fn reference_year_from_issue_date_or_the_reference_date() {
        let reference = Date::new(2031, 5, 1).unwrap();
        assert_eq!(reference_year("26-08-2013", reference), 2013);
        assert_eq!(reference_year("", reference), 2031);
        assert_eq!(reference_year("26-08-13", reference), 2031);
        // a year no card was issued in is a misreading, not the issue year
        assert_eq!(reference_year("26-08-1913", reference), 2031);
    }
}

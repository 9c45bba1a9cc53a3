//! The NIK (Nomor Induk Kependudukan): what its 16 digits say, whether they can be right, a
//! cautious repair of recogniser confusions, and its consistency with the printed fields.
//!
//! Layout: province (2) + regency/city (2) + district (2) + birth date `DDMMYY`, with 40
//! added to `DD` for women, + serial (4). Region codes are checked against the embedded
//! Kemendagri 2025 table ([`RegionTable`]).
//!
//! Pure logic: no I/O, no model. Nothing here rewrites a printed field; inconsistencies are
//! reported as [`Warning`]s whose messages never contain the NIK's digits or other values,
//! so they can be logged.

use crate::fields::text::alnum_upper;
use crate::ktp::KtpFields;
use crate::reading::Warning;
use crate::regions::{self, Level, Region, RegionTable};
use serde::Serialize;
use std::collections::BTreeMap;

/// Number of digits in a NIK.
pub const NIK_LEN: usize = 16;

/// A digit read with less confidence than this may be replaced by the recogniser's second
/// choice (or, in a 17-digit reading, deleted). A clean digit from the CTC recogniser sits
/// near 1.0, so 0.9 only opens up digits the recogniser itself hesitated on, and keeps the
/// candidates few (two-digit swaps grow with the square of their number). It is a starting
/// value, not yet tuned on real cards: the "single valid candidate" rule of [`correct`] is
/// what keeps a wrong correction out, not this threshold.
pub const LOW_CONFIDENCE: f32 = 0.9;

/// `DD` of a woman's NIK is her day of birth plus this.
const FEMALE_DAY_OFFSET: u32 = 40;

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

// Warning codes (stable; documented in README.md).
/// Not exactly 16 digits.
pub const NIK_INVALID_LENGTH: &str = "NIK_INVALID_LENGTH";
/// A province, regency or district code not in the 2025 table.
pub const NIK_UNKNOWN_REGION: &str = "NIK_UNKNOWN_REGION";
/// The date part is not a calendar date.
pub const NIK_INVALID_DATE: &str = "NIK_INVALID_DATE";
/// The serial is `0000`.
pub const NIK_INVALID_SERIAL: &str = "NIK_INVALID_SERIAL";
/// Digits were corrected (see [`correct`]).
pub const NIK_CORRECTED: &str = "NIK_CORRECTED";
/// Invalid as read, and several corrections would be valid: kept as read.
pub const NIK_AMBIGUOUS: &str = "NIK_AMBIGUOUS";
/// The NIK's birth date differs from the printed one.
pub const NIK_DATE_MISMATCH: &str = "NIK_DATE_MISMATCH";
/// The NIK's sex differs from the printed one.
pub const NIK_SEX_MISMATCH: &str = "NIK_SEX_MISMATCH";
/// The NIK's province or regency differs from the printed header.
pub const NIK_REGION_MISMATCH: &str = "NIK_REGION_MISMATCH";

/// `sex` of a man, as printed on the card.
pub const MALE: &str = "LAKI-LAKI";
/// `sex` of a woman, as printed on the card.
pub const FEMALE: &str = "PEREMPUAN";

/// Tencent's `WarnCode` for the format warnings.
const TENCENT_INVALID_NIK: i64 = -8101;
/// Tencent's `WarnCode` for the consistency warnings.
const TENCENT_INCONSISTENT: i64 = -8102;

/// The field name warnings about the NIK itself carry.
const FIELD: &str = "nik";

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
    /// [`MALE`] or [`FEMALE`]; only with a valid birth date, which it is read from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sex: Option<&'static str>,
    /// Table codes of the regions found, kept for [`cross_check`]; not serialised (the
    /// names say the same to a reader).
    #[serde(skip)]
    codes: RegionCodes,
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
    fn failed(&self, check: &str) -> bool {
        self.passed(check) == Some(false)
    }
}

/// The year a NIK's 2-digit birth year is read against: the card's issue year when its
/// issue date (`DD-MM-YYYY`) was read, else the current year. Nobody gets a card before
/// being born, so `20YY` later than this year means `19YY`.
pub fn reference_year(issue_date: &str) -> i32 {
    let from_card = issue_date
        .rsplit('-')
        .next()
        .filter(|y| y.len() == 4)
        .and_then(|y| y.parse::<i32>().ok())
        .filter(|y| (1990..=2200).contains(y));
    from_card.unwrap_or_else(current_year)
}

/// The current UTC year from the system clock (2026 if the clock is before 1970).
fn current_year() -> i32 {
    match crate::clock::now_unix() {
        0 => 2026,
        now => crate::clock::utc_year(now) as i32,
    }
}

/// Decode and check a NIK. `reference_year` (usually the current year) picks the century of
/// the 2-digit birth year: `20YY` unless that is later than `reference_year`, else `19YY`.
///
/// When the value is not 16 ASCII digits only the `length` check is reported: the other
/// parts cannot be located.
pub fn analyse(nik: &str, reference_year: i32) -> NikReport {
    let mut report = NikReport::default();
    let well_formed = nik.len() == NIK_LEN && nik.bytes().all(|b| b.is_ascii_digit());
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
    report.sex = birth.map(|b| if b.female { FEMALE } else { MALE });
    report.codes = RegionCodes {
        province: province.map(Region::code),
        regency: regency.map(Region::code),
    };
    report
}

/// A calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct BirthDate {
    day: u32,
    month: u32,
    year: i32,
    female: bool,
}

impl BirthDate {
    /// The NIK's `DDMMYY` (6 ASCII digits), when it is a real date.
    fn decode(ddmmyy: &str, reference_year: i32) -> Option<BirthDate> {
        let part = |i: usize| ddmmyy.get(i..i + 2)?.parse::<u32>().ok();
        let (dd, month, yy) = (part(0)?, part(2)?, part(4)?);
        let female = dd > FEMALE_DAY_OFFSET;
        let day = if female { dd - FEMALE_DAY_OFFSET } else { dd };
        let yy = i32::try_from(yy).ok()?;
        let year = if 2000 + yy <= reference_year {
            2000 + yy
        } else {
            1900 + yy
        };
        crate::clock::is_date(day, month, i64::from(year)).then_some(BirthDate {
            day,
            month,
            year,
            female,
        })
    }
}

impl std::fmt::Display for BirthDate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:02}-{:02}-{:04}", self.day, self.month, self.year)
    }
}

/// Whether `s` is a printed `DD-MM-YYYY` that is a real calendar date.
pub fn is_printed_date(s: &str) -> bool {
    printed_date(s).is_some()
}

/// A printed `DD-MM-YYYY` that is a real calendar date, as (day, month, year).
pub fn printed_date(s: &str) -> Option<(u32, u32, u32)> {
    parse_printed_date(s).filter(|&(d, m, y)| crate::clock::is_date(d, m, i64::from(y)))
}

/// A printed `DD-MM-YYYY` as (day, month, year), when it is three numbers of that shape.
fn parse_printed_date(s: &str) -> Option<(u32, u32, u32)> {
    let mut parts = s.trim().split('-');
    let mut next = |len: usize| match parts.next() {
        Some(p) if p.len() == len && p.bytes().all(|b| b.is_ascii_digit()) => p.parse().ok(),
        _ => None,
    };
    let date = (next(2)?, next(2)?, next(4)?);
    parts.next().is_none().then_some(date)
}

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

/// Warnings about the NIK itself. `report` is the analysis of the value kept (the corrected
/// value when `correction` says `Corrected`). Do not call for an empty NIK: a field not read
/// at all is `FIELD_NOT_FOUND`'s business, and the report would say `NIK_INVALID_LENGTH`.
pub fn warnings(report: &NikReport, correction: Option<&Correction>) -> Vec<Warning> {
    let mut out = Vec::new();
    let mut warn = |code: &str, message: &str| out.push(Warning::new(code, Some(FIELD), message));
    if report.failed(CHECK_LENGTH) {
        warn(NIK_INVALID_LENGTH, "the NIK read does not have 16 digits");
    }
    // A child code is unknown whenever its parent is: name only the widest unknown level.
    if report.failed(CHECK_PROVINCE) {
        warn(
            NIK_UNKNOWN_REGION,
            "the NIK's province code is not in the region table",
        );
    } else if report.failed(CHECK_REGENCY) {
        warn(
            NIK_UNKNOWN_REGION,
            "the NIK's regency/city code is not in the region table (an old code kept after a split is possible)",
        );
    } else if report.failed(CHECK_DISTRICT) {
        warn(
            NIK_UNKNOWN_REGION,
            "the NIK's district code is not in the region table (an old code kept after a split is possible)",
        );
    }
    if report.failed(CHECK_BIRTH_DATE) {
        warn(
            NIK_INVALID_DATE,
            "the NIK's birth date part is not a calendar date",
        );
    }
    if report.failed(CHECK_SERIAL) {
        warn(NIK_INVALID_SERIAL, "the NIK's serial number is all zeros");
    }
    match correction.map(|c| (c.outcome, &c.changed)) {
        Some((CorrectionOutcome::Corrected, changed)) => {
            let positions: Vec<String> = changed.iter().map(|i| (i + 1).to_string()).collect();
            let message = format!(
                "the NIK was corrected at reading position(s) {} (counting from 1): the only valid NIK within the recogniser's alternatives",
                positions.join(", ")
            );
            warn(NIK_CORRECTED, &message);
        }
        Some((CorrectionOutcome::Ambiguous, _)) => warn(
            NIK_AMBIGUOUS,
            "the NIK is invalid and several corrections would make it valid: kept as read",
        ),
        _ => {}
    }
    out
}

/// Consistency of the NIK with the printed fields. Only warnings: nothing is rewritten, and
/// a comparison is skipped when either side is missing or unreadable. A holder who moves
/// keeps their NIK, so a region mismatch is informational; at most one is reported, for the
/// widest level that differs.
pub fn cross_check(report: &NikReport, printed: &KtpFields) -> Vec<Warning> {
    let mut out = Vec::new();
    let nik_date = report.birth_date.as_deref().and_then(parse_printed_date);
    if let (Some((d, m, y)), Some((pd, pm, py))) =
        (nik_date, parse_printed_date(&printed.tanggal_lahir))
    {
        if (d, m, y % 100) != (pd, pm, py % 100) {
            out.push(Warning::new(
                NIK_DATE_MISMATCH,
                Some("tanggal_lahir"),
                "the birth date in the NIK differs from the printed birth date; neither was changed",
            ));
        }
    }
    if let (Some(sex), Some(printed_sex)) = (report.sex, printed_sex(&printed.jenis_kelamin)) {
        if sex != printed_sex {
            out.push(Warning::new(
                NIK_SEX_MISMATCH,
                Some("jenis_kelamin"),
                "the sex in the NIK differs from the printed sex; neither was changed",
            ));
        }
    }
    if let Some(field) = region_mismatch(report, printed) {
        out.push(Warning::new(
            NIK_REGION_MISMATCH,
            Some(field),
            "the NIK's region differs from the printed header (a holder who moved keeps their NIK)",
        ));
    }
    out
}

/// [`MALE`] or [`FEMALE`] for a printed `jenis_kelamin` (WNA cards: `MALE`/`FEMALE`).
fn printed_sex(s: &str) -> Option<&'static str> {
    match alnum_upper(s).as_str() {
        "LAKILAKI" | "MALE" => Some(MALE),
        "PEREMPUAN" | "FEMALE" => Some(FEMALE),
        _ => None,
    }
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
    if differs(report.codes.province, Level::Province, &printed.provinsi) {
        return Some("provinsi");
    }
    differs(
        report.codes.regency,
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

/// Tencent's `WarnCode` for a warning code: -8101 for a NIK that cannot be right, -8102 for
/// a NIK inconsistent with the printed fields, `None` for anything else.
pub fn tencent_warn_code(code: &str) -> Option<i64> {
    match code {
        NIK_INVALID_LENGTH | NIK_UNKNOWN_REGION | NIK_INVALID_DATE | NIK_INVALID_SERIAL
        | NIK_AMBIGUOUS => Some(TENCENT_INVALID_NIK),
        NIK_DATE_MISMATCH | NIK_SEX_MISMATCH | NIK_REGION_MISMATCH => Some(TENCENT_INCONSISTENT),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const YEAR: i32 = 2025;
    /// 32.05.12: Cibatu, Kabupaten Garut, Jawa Barat. Man born 15-08-1990.
    const MAN: &str = "3205121508900001";
    /// Same district, woman born 15-08-1995 (DD 55 = 15 + 40).
    const WOMAN: &str = "3205125508950002";

    fn nik(region: &str, ddmmyy: &str, serial: &str) -> String {
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

    fn sure(s: &str) -> Vec<DigitRead> {
        s.chars()
            .map(|digit| DigitRead {
                digit,
                confidence: 0.99,
                alternative: None,
            })
            .collect()
    }

    fn doubt(read: &mut [DigitRead], at: usize, confidence: f32, alternative: Option<char>) {
        read[at].confidence = confidence;
        read[at].alternative = alternative.map(|c| (c, 1.0 - confidence));
    }

    fn codes(warnings: &[Warning]) -> Vec<&str> {
        warnings.iter().map(|w| w.code.as_str()).collect()
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
        assert_eq!(r.sex, Some(MALE));
        assert!(warnings(&r, None).is_empty());
    }

    #[test]
    fn valid_woman_decodes() {
        let r = analyse(WOMAN, YEAR);
        assert!(r.valid);
        assert_eq!(r.birth_date.as_deref(), Some("15-08-1995"));
        assert_eq!(r.sex, Some(FEMALE));
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
            assert_eq!(codes(&warnings(&r, None)), [NIK_INVALID_DATE]);
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
        let w = warnings(&r, None);
        assert_eq!(codes(&w), [NIK_UNKNOWN_REGION]);
        assert!(w[0].message.contains("province"));

        let r = analyse(&nik("329901", "150890", "0001"), YEAR);
        assert_eq!(check_failed(&r), ["regency", "district"]);
        assert_eq!(r.province.as_deref(), Some("JAWA BARAT"));
        assert!(warnings(&r, None)[0].message.contains("regency"));

        let r = analyse(&nik("320599", "150890", "0001"), YEAR);
        assert_eq!(check_failed(&r), ["district"]);
        assert_eq!(r.regency.as_deref(), Some("KABUPATEN GARUT"));
        assert_eq!(r.district, None);
        assert!(warnings(&r, None)[0].message.contains("district"));
    }

    #[test]
    fn serial_0000_fails() {
        let r = analyse(&nik("320512", "150890", "0000"), YEAR);
        assert_eq!(check_failed(&r), ["serial"]);
        assert_eq!(codes(&warnings(&r, None)), [NIK_INVALID_SERIAL]);
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
            assert_eq!(codes(&warnings(&r, None)), [NIK_INVALID_LENGTH]);
        }
        // Multi-byte characters that make 16 bytes must not panic either.
        assert!(!analyse("32051215089000é", YEAR).valid);
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
        let w = warnings(&analyse(&c.value, YEAR), Some(&c));
        assert_eq!(codes(&w), [NIK_CORRECTED]);
        assert!(w[0].message.contains("position(s) 9 "));
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
        let w = warnings(&analyse(&c.value, YEAR), Some(&c));
        assert_eq!(codes(&w), [NIK_INVALID_DATE, NIK_AMBIGUOUS]);
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
    fn reference_year_from_issue_date_or_clock() {
        assert_eq!(reference_year("26-08-2013"), 2013);
        assert!(reference_year("") >= 2025);
        assert!(reference_year("26-08-13") >= 2025);
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
        assert!(warnings(&analyse(&c.value, YEAR), Some(&c)).is_empty());
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

    fn printed_for(nik: &str) -> KtpFields {
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
    fn consistent_card_has_no_warnings() {
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
        let w = cross_check(&analyse(WOMAN, YEAR), &printed);
        assert_eq!(codes(&w), [NIK_SEX_MISMATCH]);
        assert_eq!(w[0].field.as_deref(), Some("jenis_kelamin"));
    }

    #[test]
    fn date_mismatch_leaves_printed_value() {
        let mut printed = printed_for(MAN);
        printed.tanggal_lahir = "16-08-1990".into();
        let before = printed.clone();
        let w = cross_check(&analyse(MAN, YEAR), &printed);
        assert_eq!(codes(&w), [NIK_DATE_MISMATCH]);
        assert_eq!(w[0].field.as_deref(), Some("tanggal_lahir"));
        assert_eq!(printed, before);
        // Only the last two digits of the year are in the NIK.
        printed.tanggal_lahir = "15-08-1890".into();
        assert!(cross_check(&analyse(MAN, YEAR), &printed).is_empty());
        printed.tanggal_lahir = "15-08-1991".into();
        assert_eq!(
            codes(&cross_check(&analyse(MAN, YEAR), &printed)),
            [NIK_DATE_MISMATCH]
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
        let w = cross_check(&r, &printed);
        assert_eq!(codes(&w), [NIK_REGION_MISMATCH]);
        assert_eq!(w[0].field.as_deref(), Some("provinsi"));

        let mut printed = printed_for(MAN);
        printed.kabupaten_kota = "KOTA  BEKASI".into();
        let w = cross_check(&r, &printed);
        assert_eq!(codes(&w), [NIK_REGION_MISMATCH]);
        assert_eq!(w[0].field.as_deref(), Some("kabupaten_kota"));
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

        let mut all = warnings(&analyse(&corrected.value, YEAR), Some(&corrected));
        all.extend(warnings(&analyse(&ambiguous.value, YEAR), Some(&ambiguous)));
        for bad in ["990100000000", "3205995213990000", "12345"] {
            all.extend(warnings(&analyse(bad, YEAR), None));
        }
        all.extend(cross_check(&analyse(WOMAN, YEAR), &mismatched));
        assert_eq!(all.len(), 11, "{all:?}");
        for w in &all {
            let longest_number = w
                .message
                .split(|c: char| !c.is_ascii_digit())
                .map(str::len)
                .max();
            assert!(longest_number < Some(3), "{}", w.message);
            for value in ["GARUT", "CIBATU", "JAWA", "JAKARTA", "1990", "1995"] {
                assert!(!w.message.to_uppercase().contains(value), "{}", w.message);
            }
        }
    }

    #[test]
    fn tencent_codes() {
        for code in [
            NIK_INVALID_LENGTH,
            NIK_UNKNOWN_REGION,
            NIK_INVALID_DATE,
            NIK_INVALID_SERIAL,
            NIK_AMBIGUOUS,
        ] {
            assert_eq!(tencent_warn_code(code), Some(-8101));
        }
        for code in [NIK_DATE_MISMATCH, NIK_SEX_MISMATCH, NIK_REGION_MISMATCH] {
            assert_eq!(tencent_warn_code(code), Some(-8102));
        }
        assert_eq!(tencent_warn_code(NIK_CORRECTED), None);
        assert_eq!(tencent_warn_code("FIELD_NOT_FOUND"), None);
    }
}

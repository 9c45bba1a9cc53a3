//! Dates as a KTP prints them (`DD-MM-YYYY`), the years they can have, and the reference
//! date a reading is judged against. The library never reads the clock: the reference date
//! is an input ([`crate::EngineBuilder::reference_date`]) with a fixed, documented default,
//! so the same card reads the same way on any day.

use std::ops::RangeInclusive;

/// A calendar date (proleptic Gregorian).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Date {
    /// The date, when it exists.
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        is_date(day, month, year).then_some(Date { year, month, day })
    }

    /// `YYYY-MM-DD`, as on the command line (`--reference-date`).
    pub fn parse_iso(s: &str) -> Option<Date> {
        let mut parts = s.trim().split('-');
        let year = parts.next().filter(|p| p.len() == 4)?.parse().ok()?;
        let month = parts.next().filter(|p| p.len() == 2)?.parse().ok()?;
        let day = parts.next().filter(|p| p.len() == 2)?.parse().ok()?;
        parts
            .next()
            .is_none()
            .then(|| Date::new(year, month, day))?
    }
}

impl std::fmt::Display for Date {
    /// `DD-MM-YYYY`, the card's form.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:02}-{:02}-{:04}", self.day, self.month, self.year)
    }
}

/// The reference date of a reading when the caller gives none: the day this version's
/// rules and region table were last checked. Pass today's date
/// ([`crate::EngineBuilder::reference_date`], `ktpocr --reference-date`) to judge cards
/// issued after it.
pub const DEFAULT_REFERENCE_DATE: Date = Date {
    year: 2026,
    month: 12,
    day: 1,
};

/// Years a date printed on a KTP can have at all (birth dates of living holders, validity
/// dates of the 2011-2013 prints).
pub const PRINTED_YEARS: RangeInclusive<i32> = 1900..=2100;
/// Years e-KTPs have been issued in: the rollout began in 2011, with a little slack for
/// cards printed from earlier records.
pub const ISSUE_YEARS: RangeInclusive<i32> = 2009..=2100;

/// Days in `month` (1-12) of `year`, `None` for a month that does not exist.
pub fn days_in_month(year: i32, month: u32) -> Option<u32> {
    let month = time::Month::try_from(u8::try_from(month).ok()?).ok()?;
    Some(u32::from(month.length(year)))
}

/// Whether day/month/year is a real calendar date.
pub fn is_date(day: u32, month: u32, year: i32) -> bool {
    days_in_month(year, month).is_some_and(|days| (1..=days).contains(&day))
}

/// A printed `DD-MM-YYYY` as (day, month, year), when it is three numbers of that shape
/// (not checked against the calendar).
pub fn parse_printed(s: &str) -> Option<(u32, u32, i32)> {
    let mut parts = s.trim().split('-');
    let mut next = |len: usize| match parts.next() {
        Some(p) if p.len() == len && p.bytes().all(|b| b.is_ascii_digit()) => p.parse().ok(),
        _ => None,
    };
    let (d, m, y) = (next(2)?, next(2)?, next(4)?);
    parts.next().is_none().then_some((d, m, y as i32))
}

/// A printed `DD-MM-YYYY` that is a real calendar date.
pub fn printed_date(s: &str) -> Option<Date> {
    let (d, m, y) = parse_printed(s)?;
    Date::new(y, m, d)
}

/// Whether `s` is a printed `DD-MM-YYYY` that is a real calendar date.
pub fn is_printed_date(s: &str) -> bool {
    printed_date(s).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_dates_and_month_lengths() {
        assert!(is_date(29, 2, 2024) && !is_date(29, 2, 2023) && !is_date(29, 2, 1900));
        assert!(is_date(29, 2, 2000) && is_date(31, 12, 1999));
        assert!(!is_date(0, 1, 2020) && !is_date(31, 4, 2020) && !is_date(1, 13, 2020));
        assert_eq!(days_in_month(2021, 0), None);
        assert_eq!(days_in_month(2021, 300), None);
    }

    #[test]
    fn printed_and_iso_forms() {
        assert_eq!(printed_date("05-12-1990"), Date::new(1990, 12, 5));
        assert_eq!(printed_date(" 29-02-2023"), None);
        assert_eq!(parse_printed("29-02-2023"), Some((29, 2, 2023)));
        assert_eq!(parse_printed("5-12-1990"), None);
        assert_eq!(parse_printed("05-12-1990-1"), None);
        assert_eq!(Date::parse_iso("2026-12-01"), Some(DEFAULT_REFERENCE_DATE));
        assert_eq!(Date::parse_iso("2026-02-30"), None);
        assert_eq!(Date::parse_iso("26-12-01"), None);
        assert_eq!(DEFAULT_REFERENCE_DATE.to_string(), "01-12-2026");
    }
}

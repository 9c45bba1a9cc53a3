//! The calendar: real dates, and UTC arithmetic for the current year, key expiry, TC3
//! credential dates and log timestamps (Howard Hinnant's civil-date algorithms; no
//! time-zone database needed).

use std::time::{SystemTime, UNIX_EPOCH};

/// Seconds since the Unix epoch, now.
pub fn now_unix() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// Days since 1970-01-01 of a proleptic Gregorian date.
pub fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// (year, month, day) of a day number from [`days_from_civil`].
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// The UTC year of a Unix time.
pub fn utc_year(unix: i64) -> i64 {
    civil_from_days(unix.div_euclid(86_400)).0
}

/// Days in `month` (1-12) of `year` (Gregorian), `None` for a month that does not exist.
pub fn days_in_month(year: i64, month: u32) -> Option<u32> {
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => Some(31),
        4 | 6 | 9 | 11 => Some(30),
        2 if leap => Some(29),
        2 => Some(28),
        _ => None,
    }
}

/// Whether day/month/year is a real calendar date.
pub fn is_date(day: u32, month: u32, year: i64) -> bool {
    days_in_month(year, month).is_some_and(|days| (1..=days).contains(&day))
}

/// `YYYY-MM-DD`, the UTC date of a Unix time.
pub fn utc_date(unix: i64) -> String {
    let (y, m, d) = civil_from_days(unix.div_euclid(86_400));
    format!("{y:04}-{m:02}-{d:02}")
}

/// `YYYY-MM-DDTHH:MM:SSZ`, the UTC instant of a Unix time.
pub fn utc_datetime(unix: i64) -> String {
    let secs = unix.rem_euclid(86_400);
    format!(
        "{}T{:02}:{:02}:{:02}Z",
        utc_date(unix),
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
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
        assert_eq!(utc_year(951_782_400), 2000);
    }

    #[test]
    fn civil_dates_round_trip() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(utc_date(0), "1970-01-01");
        assert_eq!(utc_date(1_551_113_065), "2019-02-25");
        assert_eq!(utc_datetime(1_551_113_065), "2019-02-25T16:44:25Z");
        assert_eq!(utc_date(951_782_400), "2000-02-29");
        for d in [0i64, 11_016, 20_000, 60_000] {
            let (y, m, dd) = civil_from_days(d);
            assert_eq!(days_from_civil(y, m, dd), d);
        }
    }
}

//! The server's wall clock, in UTC: key expiry, TC3 credential dates and log timestamps.
//! (The library itself never reads the clock: its reference date is an input.)

use time::{Date, Month, OffsetDateTime};

/// Seconds since the Unix epoch, now.
pub fn now_unix() -> i64 {
    OffsetDateTime::now_utc().unix_timestamp()
}

fn at(unix: i64) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(unix).unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

/// `YYYY-MM-DD`, the UTC date of a Unix time (the TC3 credential scope's date).
pub fn utc_date(unix: i64) -> String {
    let d = at(unix).date();
    format!("{:04}-{:02}-{:02}", d.year(), d.month() as u8, d.day())
}

/// `YYYY-MM-DDTHH:MM:SSZ`, the UTC instant of a Unix time.
pub fn utc_datetime(unix: i64) -> String {
    let t = at(unix);
    format!(
        "{}T{:02}:{:02}:{:02}Z",
        utc_date(unix),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// Unix seconds of 00:00 UTC on a calendar date; `None` for a date that does not exist.
pub fn unix_of_date(year: i32, month: u8, day: u8) -> Option<i64> {
    let month = Month::try_from(month).ok()?;
    let date = Date::from_calendar_date(year, month, day).ok()?;
    Some(date.midnight().assume_utc().unix_timestamp())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utc_dates_and_instants() {
        assert_eq!(utc_date(0), "1970-01-01");
        assert_eq!(utc_date(1_551_113_065), "2019-02-25");
        assert_eq!(utc_datetime(1_551_113_065), "2019-02-25T16:44:25Z");
        assert_eq!(utc_date(951_782_400), "2000-02-29");
        assert_eq!(unix_of_date(2000, 2, 29), Some(951_782_400));
        assert_eq!(unix_of_date(2027, 1, 1), Some(1_798_761_600));
        assert_eq!(unix_of_date(2023, 2, 29), None);
    }
}

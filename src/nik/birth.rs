//! The NIK's date part: `DDMMYY`, with 40 added to `DD` for women.

use crate::calendar::is_date;
use crate::fields::vocab::Sex;

/// `DD` of a woman's NIK is her day of birth plus this.
const FEMALE_DAY_OFFSET: u32 = 40;

/// The birth date and sex a NIK holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct BirthDate {
    day: u32,
    month: u32,
    year: i32,
    pub(super) sex: Sex,
}

impl BirthDate {
    /// The NIK's `DDMMYY` (6 ASCII digits), when it is a real date.
    pub(super) fn decode(ddmmyy: &str, reference_year: i32) -> Option<BirthDate> {
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
        is_date(day, month, year).then_some(BirthDate {
            day,
            month,
            year,
            sex: if female { Sex::Female } else { Sex::Male },
        })
    }
}

impl std::fmt::Display for BirthDate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:02}-{:02}-{:04}", self.day, self.month, self.year)
    }
}

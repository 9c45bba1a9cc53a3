//! Turning the raw text of each field into its printed form: dates, gender, blood type,
//! RT/RW and the closed vocabularies.

use super::closed::{snap_closed, Repair};
use super::text::{alnum_upper, clean_value, snap};
use super::vocab::{occupations, CITIZEN, FOR_LIFE, GENDERS, MALE, MARITAL, RELIGIONS};
use crate::calendar::{printed_date, PRINTED_YEARS};
use regex::Regex;
use std::ops::RangeInclusive;
use std::sync::OnceLock;

/// How far (edit distance / length) a reading may be from a vocabulary entry to snap to it.
const SNAP_RATIO: f32 = 0.34;
/// Tighter for occupations: 89 entries, many of them close to each other.
const OCCUPATION_SNAP_RATIO: f32 = 0.25;

fn date_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    // Hyphens are often read as '.', '-' or dropped; digits may be split by a space.
    RE.get_or_init(|| Regex::new(r"(\d{1,2})\s*[-.,/ ]?\s*(\d{1,2})\s*[-.,/ ]?\s*(\d{4})").unwrap())
}

/// A `DD-MM-YYYY` date found in `s` (the last one), with its byte span.
pub fn find_date(s: &str) -> Option<(String, usize, usize)> {
    let caps = date_re().captures_iter(s).last()?;
    let m = caps.get(0)?;
    let (d, mo, y): (u32, u32, i32) = (
        caps[1].parse().ok()?,
        caps[2].parse().ok()?,
        caps[3].parse().ok()?,
    );
    if !(1..=31).contains(&d) || !(1..=12).contains(&mo) || !PRINTED_YEARS.contains(&y) {
        return None;
    }
    Some((format!("{d:02}-{mo:02}-{y:04}"), m.start(), m.end()))
}

/// The centuries an issue year is printed with: e-KTPs are issued since 2011.
pub const ISSUE_CENTURIES: [&str; 1] = ["20"];
/// The centuries a birth year is printed with.
pub const BIRTH_CENTURIES: [&str; 2] = ["19", "20"];

/// The last date in `s` whose year was misread in one digit of its century (an issue date
/// `30-09-2923`, a birth date `05-03-1187`), with that digit mended, and where it begins:
/// when exactly one of `centuries` is one digit from the century read, and the date so
/// mended is a calendar date of `years`. `None` otherwise (`2987` could be 1987 or 2087).
pub fn century_mended(
    s: &str,
    centuries: &[&str],
    years: RangeInclusive<i32>,
) -> Option<(String, usize)> {
    let caps = date_re().captures_iter(s).last()?;
    let (whole, year) = (caps.get(0)?, caps.get(3)?);
    let read = &year.as_str()[..2];
    let differing = |c: &str| c.bytes().zip(read.bytes()).filter(|(a, b)| a != b).count();
    let mut near = centuries.iter().filter(|c| differing(c) == 1);
    let (Some(century), None) = (near.next(), near.next()) else {
        return None;
    };
    let mended = format!(
        "{}{century}{}{}",
        &s[..year.start()],
        &year.as_str()[2..],
        &s[year.end()..]
    );
    let (date, _, _) = find_date(&mended)?;
    // a calendar date: `printed_date` knows the length of every month
    let printed = printed_date(&date)?.year;
    years.contains(&printed).then_some((date, whole.start()))
}

/// Letters the recogniser reads where a date's digits are printed, and the digits.
const DATE_LOOKALIKES: [(char, char); 10] = [
    ('O', '0'),
    ('D', '0'),
    ('Q', '0'),
    ('I', '1'),
    ('L', '1'),
    ('|', '1'),
    ('Z', '2'),
    ('S', '5'),
    ('B', '8'),
    ('G', '6'),
];

/// `s` with look-alike letters turned into digits in its words that are mostly digits
/// already (a date read `12-O8-2O16`): for text that can only be a date.
pub fn date_digits(s: &str) -> String {
    s.split(' ')
        .map(|word| {
            let digits = word.chars().filter(char::is_ascii_digit).count();
            let letters = word.chars().filter(|c| c.is_alphabetic()).count();
            if digits >= 4 && letters <= 3 {
                word.chars()
                    .map(|c| {
                        let up = c.to_ascii_uppercase();
                        DATE_LOOKALIKES
                            .iter()
                            .find(|(l, _)| *l == up)
                            .map_or(c, |&(_, d)| d)
                    })
                    .collect()
            } else {
                word.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Place and date of birth from the text of the `Tempat/Tgl Lahir` value. A date only
/// partly read (glare, a cut line) is still split off the place: place names have no digits.
pub fn place_and_date(s: &str) -> (String, Closed) {
    let cleaned = clean_value(s);
    let place_of = |text: &str| {
        text.trim()
            .trim_end_matches([',', '.', ':', ';', ' '])
            .trim()
            .to_string()
    };
    if let Some((date, start, _)) = find_date(&cleaned) {
        return (place_of(&cleaned[..start]), (date, None));
    }
    if let Some((date, start)) = century_mended(&cleaned, &BIRTH_CENTURIES, PRINTED_YEARS) {
        return (place_of(&cleaned[..start]), (date, Some(Repair::Corrected)));
    }
    match partial_date_start(&cleaned) {
        Some(start) => (
            place_of(&cleaned[..start]),
            (cleaned[start..].trim().to_string(), None),
        ),
        None => (place_of(&cleaned), (String::new(), None)),
    }
}

/// Where a trailing, incomplete date begins: after the last comma, or the last word, when
/// what follows is only digits and date separators with at least two digits or a separator
/// (a lone digit at a word's end is more likely a misread letter of the place).
fn partial_date_start(s: &str) -> Option<usize> {
    let is_date_char = |c: char| c.is_ascii_digit() || matches!(c, '-' | '.' | '/');
    let start = s.rfind(',').map(|i| i + 1).or_else(|| s.rfind(' '))?;
    let tail = s[start..].trim();
    let digits = tail.chars().filter(char::is_ascii_digit).count();
    let separators = tail.chars().filter(|c| !c.is_ascii_digit()).count();
    let plausible = !tail.is_empty()
        && tail.chars().all(is_date_char)
        && digits >= 1
        && (digits >= 2 || separators >= 1);
    (plausible && !s[..start].trim().is_empty()).then_some(start)
}

pub fn gender(s: &str) -> Closed {
    let key = alnum_upper(s);
    if key.starts_with("LAKI") || key.contains("AKI") {
        return (MALE.into(), None);
    }
    closed_value(s, &GENDERS, SNAP_RATIO)
}

/// Blood type: A, B, AB, O with an optional `+`/`-`, or `-` alone when unknown. A lone mark
/// that is no blood type (`1`, `3`, `6`, `E`, `'`, `.`: what the recogniser makes of the
/// short dash half the cards print) is taken for the dash, as inferred.
pub fn blood_type(s: &str) -> Closed {
    let t: String = s
        .chars()
        .filter(|c| !c.is_whitespace() && *c != ':')
        .map(|c| match c.to_ascii_uppercase() {
            '0' | 'D' | 'Q' => 'O',
            '8' => 'B',
            '4' => 'A',
            c => c,
        })
        .collect();
    if t.is_empty() {
        return (String::new(), None);
    }
    if t.chars().all(|c| c == '-' || c == '_' || c == '—') {
        return (DASH.into(), None);
    }
    let letters: String = t.chars().filter(|c| matches!(c, 'A' | 'B' | 'O')).collect();
    let sign = t.chars().rev().find(|c| *c == '+' || *c == '-');
    let base = match letters.as_str() {
        "A" | "B" | "AB" | "O" => letters,
        "BA" => "AB".into(),
        "" if t.chars().count() <= LONE_MARK_CHARS => return (DASH.into(), Some(Repair::Inferred)),
        _ => return (t, None),
    };
    match sign {
        Some(sg) => (format!("{base}{sg}"), None),
        None => (base, None),
    }
}

/// The blood type printed when it is unknown.
pub const DASH: &str = "-";
/// A reading of at most this many characters, none of them a blood type's letter, is a mark.
const LONE_MARK_CHARS: usize = 2;

/// RT and RW as three digits each from `001/024`, `001 / 024`, `0011024` and the like.
pub fn rt_rw(s: &str) -> (String, String) {
    let t: String = s
        .chars()
        .map(|c| match c {
            'O' | 'o' | 'D' => '0',
            c => c,
        })
        .collect();
    let groups: Vec<String> = t
        .split(|c: char| !c.is_ascii_digit())
        .filter(|g| !g.is_empty())
        .map(str::to_string)
        .collect();
    let pad = |g: &str| format!("{:0>3}", g);
    match groups.as_slice() {
        [a, b] => (pad(a), pad(b)),
        // the slash read as a 1 or dropped: 0011024 or 001024
        [one] if one.len() == 7 => (one[..3].to_string(), one[4..].to_string()),
        [one] if one.len() == 6 => (one[..3].to_string(), one[3..].to_string()),
        [a, b, ..] => (pad(a), pad(b)),
        _ => {
            let dashes = s.chars().filter(|c| *c == '-').count();
            if dashes >= 2 {
                ("-".into(), "-".into())
            } else {
                (String::new(), String::new())
            }
        }
    }
}

/// A closed-list value as printed, and how it was repaired (see [`closed`]); kept as read
/// when no entry is close.
pub type Closed = (String, Option<Repair>);

/// An open value (address, village, district) without the watermark words the detector ran
/// its box on into (see [`super::watermark`]); the drop is reported as a repair.
pub fn open_value(s: &str) -> Closed {
    let value = clean_value(s);
    match super::watermark::without_tail(&value) {
        Some(kept) => (kept, Some(Repair::Trimmed)),
        None => (value, None),
    }
}

/// An address: an open value (see [`open_value`]) with the periods and word breaks the
/// recogniser blurred put back (see [`super::address`]); that is the form of the print,
/// not a guess at its words, so it is no repair.
pub fn address(s: &str) -> Closed {
    let (value, repair) = open_value(s);
    (super::address::mend(&value).unwrap_or(value), repair)
}

fn closed_value(s: &str, vocab: &[&str], ratio: f32) -> Closed {
    snap_closed(s, vocab, ratio).map_or_else(|| (clean_value(s), None), |(v, r)| (v.to_string(), r))
}

pub fn religion(s: &str) -> Closed {
    closed_value(s, &RELIGIONS, SNAP_RATIO)
}

pub fn marital(s: &str) -> Closed {
    closed_value(s, &MARITAL, SNAP_RATIO)
}

pub fn occupation(s: &str) -> Closed {
    closed_value(s, occupations(), OCCUPATION_SNAP_RATIO)
}

/// `WNI`, or what is printed (a WNA card's country) when it is nothing like it. A short
/// reading that begins with its `W` is what blur or glare left of it (no country's name is
/// that short and begins so).
pub fn nationality(s: &str) -> Closed {
    let key = alnum_upper(s);
    let cut = key.starts_with('W') && key.len() <= CITIZEN.len() + 1;
    if cut && key != CITIZEN {
        return (CITIZEN.into(), Some(Repair::Completed));
    }
    closed_value(s, &[CITIZEN], SNAP_RATIO)
}

/// `SEUMUR HIDUP` or a date.
pub fn valid_until(s: &str) -> Closed {
    if let Some(v) = snap(s, &[FOR_LIFE], SNAP_RATIO) {
        return (v.into(), None);
    }
    if let Some((d, _, _)) = find_date(&clean_value(s)) {
        return (d, None);
    }
    let (value, repair) = closed_value(s, &[FOR_LIFE], SNAP_RATIO);
    if value != FOR_LIFE && holds_half_of_for_life(s) {
        return (FOR_LIFE.into(), Some(Repair::Completed));
    }
    (value, repair)
}

/// Edits a word may be from `SEUMUR` or `HIDUP` and still be it.
const FOR_LIFE_WORD_EDITS: usize = 1;

/// Whether a validity reading with no digit holds a word of `SEUMUR HIDUP` (within
/// [`FOR_LIFE_WORD_EDITS`], glued letters around it allowed): the validity is that or a
/// date, so glare, blur or the watermark taking the other word (`IS RHIDUP`, `SSIIDUP`)
/// leaves no doubt which. The watermark's own words are three or more edits from both.
fn holds_half_of_for_life(s: &str) -> bool {
    if s.chars().any(|c| c.is_ascii_digit()) {
        return false;
    }
    clean_value(s).split(' ').map(alnum_upper).any(|w| {
        FOR_LIFE
            .split(' ')
            .any(|half| super::watermark::stretch_within(half, &w, FOR_LIFE_WORD_EDITS))
    })
}

pub fn date(s: &str) -> String {
    find_date(&clean_value(s)).map_or_else(|| clean_value(s), |(d, _, _)| d)
}

/// The 16 NIK digits (whatever digits were read; validation is separate).
pub fn nik(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_validity_holding_half_of_for_life_is_for_life() {
        for read in ["IS RHIDUP", "SSIIDUP", "SEUMUF"] {
            assert_eq!(
                valid_until(read),
                (FOR_LIFE.into(), Some(Repair::Completed)),
                "{read}"
            );
        }
        // the watermark, a date, a stray syllable: not for life
        for read in ["TANDA PENDUDUK KARTU", "DUDUK KARTU", "12-08-2017", "HI"] {
            assert_ne!(valid_until(read).0, FOR_LIFE, "{read}");
        }
    }

    #[test]
    fn a_year_misread_in_one_digit_of_its_century_is_mended() {
        let issue = |s: &str| {
            century_mended(s, &ISSUE_CENTURIES, crate::calendar::ISSUE_YEARS).map(|(d, _)| d)
        };
        assert_eq!(issue("30-09-2923").as_deref(), Some("30-09-2023"));
        assert_eq!(issue("14-03-7016").as_deref(), Some("14-03-2016"));
        // two digits off, or no calendar date once mended: not an issue date to guess at
        assert_eq!(issue("30-09-7923"), None);
        assert_eq!(issue("31-02-2913"), None);
        assert_eq!(issue("27-42-2024"), None);
        // before the rollout (2009 with slack) no e-KTP was issued
        assert_eq!(issue("01-02-2905"), None);
        // a birth year is 19YY or 20YY: one of them one digit off, or no guess
        assert_eq!(
            place_and_date("JAKARTA, 05-03-1187"),
            (
                "JAKARTA".into(),
                ("05-03-1987".into(), Some(Repair::Corrected))
            )
        );
        assert_eq!(
            place_and_date("JAKARTA, 05-03-2987").1,
            ("05-03-2987".into(), None)
        );
    }

    #[test]
    fn dates_and_places() {
        assert_eq!(
            place_and_date("JAKARTA, 13-01-1987"),
            ("JAKARTA".into(), ("13-01-1987".into(), None))
        );
        assert_eq!(
            place_and_date("TANJUNG BALAI KARIMUN,01.02-1990"),
            ("TANJUNG BALAI KARIMUN".into(), ("01-02-1990".into(), None))
        );
        assert_eq!(
            place_and_date("BANDUNG"),
            ("BANDUNG".into(), (String::new(), None))
        );
        assert_eq!(
            place_and_date("TEGAL: 24-12-1959"),
            ("TEGAL".into(), ("24-12-1959".into(), None))
        );
        // Glare took the end of the date: the place is still split off.
        let part = |p: &str, d: &str| (p.to_string(), (d.to_string(), None));
        assert_eq!(place_and_date("JAKARTA, 01-0"), part("JAKARTA", "01-0"));
        assert_eq!(
            place_and_date("KAYONG UTARA, 19-"),
            part("KAYONG UTARA", "19-")
        );
        assert_eq!(
            place_and_date("TASIKMALAYA 1-1984"),
            part("TASIKMALAYA", "1-1984")
        );
        // A lone trailing digit is a misread letter, not a date.
        assert_eq!(place_and_date("JAKART4"), part("JAKART4", ""));
        assert_eq!(place_and_date("KOTA 1"), part("KOTA 1", ""));
        assert_eq!(date("15-05 2015"), "15-05-2015");
        assert_eq!(date_digits("12-O8-2O16"), "12-08-2016");
        assert_eq!(date_digits("KOTA BEKASI"), "KOTA BEKASI");
        assert_eq!(valid_until("SEUMURHIDUP").0, "SEUMUR HIDUP");
        assert_eq!(valid_until("22-08-2017").0, "22-08-2017");
        assert_eq!(
            valid_until("SEUMUP HIDUP NDUDUK KART"),
            ("SEUMUR HIDUP".into(), Some(Repair::Trimmed))
        );
    }

    #[test]
    fn genders_and_blood() {
        assert_eq!(gender("LAKI-LAKl").0, "LAKI-LAKI");
        assert_eq!(gender("PEREMPUAM").0, "PEREMPUAN");
        assert_eq!(blood_type("0").0, "O");
        assert_eq!(blood_type("AB+").0, "AB+");
        assert_eq!(blood_type("-"), ("-".into(), None));
        assert_eq!(blood_type(": B").0, "B");
        for mark in ["1", "3", "6", "E", "'", ".", ": 2"] {
            assert_eq!(
                blood_type(mark),
                ("-".into(), Some(Repair::Inferred)),
                "{mark}"
            );
        }
        // a longer reading is no mark: kept as read (and fails the check)
        assert_eq!(blood_type("GOL.DARAH").0, "GOL.OARAH");
    }

    #[test]
    fn rt_rw_forms() {
        assert_eq!(rt_rw("001/024"), ("001".into(), "024".into()));
        assert_eq!(rt_rw("001 / 024"), ("001".into(), "024".into()));
        assert_eq!(rt_rw("0011024"), ("001".into(), "024".into()));
        assert_eq!(rt_rw("1/2"), ("001".into(), "002".into()));
        assert_eq!(rt_rw("- / -"), ("-".into(), "-".into()));
    }

    #[test]
    fn vocabularies_snap_within_bounds() {
        assert_eq!(religion("ISLAN").0, "ISLAM");
        assert_eq!(religion("KATHOLIK").0, "KATHOLIK");
        assert_eq!(marital("KAWFN").0, "KAWIN");
        assert_eq!(occupation("KARYAWANSWASTA").0, "KARYAWAN SWASTA");
        assert_eq!(occupation("PELAJAR/MAHASlSWA").0, "PELAJAR/MAHASISWA");
        // far from every entry: kept as read
        assert_eq!(occupation("ASTRONOT"), ("ASTRONOT".into(), None));
        assert_eq!(nationality("WNI"), ("WNI".into(), None));
        assert_eq!(nationality("WW"), ("WNI".into(), Some(Repair::Completed)));
        assert_eq!(nationality("JEPANG"), ("JEPANG".into(), None));
        // the issue place glued on: dropped
        assert_eq!(
            religion("ISLAM KOTA BEKASI"),
            ("ISLAM".into(), Some(Repair::Trimmed))
        );
    }
}

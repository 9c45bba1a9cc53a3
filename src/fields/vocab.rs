//! The closed vocabularies a KTP prints (see `ktp-layout.md`): one list each, shared by the
//! parser (snapping a reading to them), the row finder (telling a row by its form) and the
//! confidence checks. The generator in `ktp-synth` keeps its own copies on purpose.

use std::sync::OnceLock;

/// A man's gender as printed on a WNI card.
pub const MALE: &str = "LAKI-LAKI";
/// A woman's gender as printed on a WNI card.
pub const FEMALE: &str = "PEREMPUAN";
/// Genders, WNI then WNA (English) forms.
pub const GENDERS: [&str; 4] = [MALE, FEMALE, "MALE", "FEMALE"];
pub const RELIGIONS: [&str; 15] = [
    "ISLAM",
    "KRISTEN",
    "KATOLIK",
    "KATHOLIK",
    "HINDU",
    "BUDHA",
    "BUDDHA",
    "KHONGHUCU",
    "KONGHUCU",
    "KEPERCAYAAN TERHADAP TUHAN YME",
    "MOSLEM",
    "CHRISTIAN",
    "CATHOLIC",
    "BUDDHIST",
    "HINDUISM",
];
/// WNI cards print the Indonesian words; WNA cards the English ones (`NOT MARRIED` too,
/// which must stay a value of its own: snapped to `MARRIED` it would say the opposite).
pub const MARITAL: [&str; 9] = [
    "BELUM KAWIN",
    "KAWIN",
    "CERAI HIDUP",
    "CERAI MATI",
    "NOT MARRIED",
    "MARRIED",
    "UNMARRIED",
    "DIVORCED",
    "WIDOWED",
];
/// Blood types as printed; `-` when unknown.
pub const BLOOD_TYPES: [&str; 13] = [
    "A", "B", "AB", "O", "A+", "B+", "AB+", "O+", "A-", "B-", "AB-", "O-", "-",
];
/// Abbreviations that names and addresses print with a period (`JL.`, `GG.`, `NO.`, `M.`)
/// and, on some cards, without one. The period is the mark the recogniser loses most, so an
/// undotted one read cannot be told from a dot lost.
pub const ABBREVIATIONS: [&str; 23] = [
    "JL", "JLN", "GG", "KP", "NO", "LR", "BLK", "KOMP", "DS", "DSN", "LINGK", "KEL", "KEC", "RT",
    "RW", "H", "HJ", "KH", "M", "MUH", "MOH", "DR", "IR",
];
/// The validity of WNI cards printed since 2015.
pub const FOR_LIFE: &str = "SEUMUR HIDUP";
/// The nationality of an Indonesian citizen.
pub const CITIZEN: &str = "WNI";

/// The 89 standard Dukcapil occupations (`data/pekerjaan.tsv`).
pub fn occupations() -> &'static [&'static str] {
    static LIST: OnceLock<Vec<&'static str>> = OnceLock::new();
    LIST.get_or_init(|| {
        include_str!("../../data/pekerjaan.tsv")
            .lines()
            .skip(1)
            .filter_map(|l| l.split('\t').nth(1))
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect()
    })
}

/// The holder's sex.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sex {
    Male,
    Female,
}

impl Sex {
    /// The sex a printed gender names (WNI or WNA form, spacing and punctuation ignored).
    pub fn of_printed(s: &str) -> Option<Sex> {
        match super::text::alnum_upper(s).as_str() {
            "LAKILAKI" | "MALE" => Some(Sex::Male),
            "PEREMPUAN" | "FEMALE" => Some(Sex::Female),
            _ => None,
        }
    }

    /// The WNI card's word for it.
    pub fn printed(self) -> &'static str {
        match self {
            Sex::Male => MALE,
            Sex::Female => FEMALE,
        }
    }
}

/// Whether `s` is a value a KTP prints for the blood type.
pub fn is_blood_type(s: &str) -> bool {
    BLOOD_TYPES.contains(&s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_and_sexes() {
        assert_eq!(occupations().len(), 89);
        assert!(occupations().contains(&"WIRASWASTA"));
        assert_eq!(Sex::of_printed("LAKI - LAKI"), Some(Sex::Male));
        assert_eq!(Sex::of_printed("FEMALE"), Some(Sex::Female));
        assert_eq!(Sex::of_printed("LAK"), None);
        assert!(is_blood_type("AB-") && is_blood_type("-") && !is_blood_type("C"));
    }
}

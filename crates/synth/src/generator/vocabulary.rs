//! The values a card prints in its closed-list fields, from the generator's own lists (WNI and
//! WNA forms): what `eval` checks a reading against to tell a misread from garbage (a cut
//! occupation, watermark letters after the validity, a label read as the value).

use super::names::COUNTRIES;
use super::plan::WNA_OCCUPATIONS;
use super::values::{occupations, BLOOD_TYPES};
use std::collections::BTreeSet;

/// The fields printed from a closed list.
pub const CLOSED_FIELDS: [&str; 7] = [
    "agama",
    "status_perkawinan",
    "pekerjaan",
    "berlaku_hingga",
    "kewarganegaraan",
    "jenis_kelamin",
    "gol_darah",
];

const RELIGIONS_WNI: [&str; 10] = [
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
];
const STATUSES: [&str; 8] = [
    "BELUM KAWIN",
    "KAWIN",
    "CERAI HIDUP",
    "CERAI MATI",
    "NOT MARRIED",
    "MARRIED",
    "DIVORCED",
    "WIDOWED",
];
const GENDERS: [&str; 4] = ["LAKI-LAKI", "PEREMPUAN", "MALE", "FEMALE"];
/// A validity for life, printed on WNI cards from 2015.
const FOR_LIFE: &str = "SEUMUR HIDUP";

fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[2] == b'-'
        && b[5] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 2 || i == 5 || c.is_ascii_digit())
}

/// The values field `field` can print, or `None` when it is not a closed-list field
/// (`berlaku_hingga` also takes any `DD-MM-YYYY` date, see [`in_vocabulary`]).
pub fn values_of(field: &str) -> Option<BTreeSet<String>> {
    let own = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<BTreeSet<_>>();
    Some(match field {
        "agama" => {
            let mut set = own(&RELIGIONS_WNI);
            for c in COUNTRIES {
                set.extend(c.religions.iter().map(|(r, _)| r.to_string()));
            }
            set
        }
        "status_perkawinan" => own(&STATUSES),
        "pekerjaan" => {
            let mut set: BTreeSet<String> = occupations().iter().cloned().collect();
            set.extend(WNA_OCCUPATIONS.iter().map(|(o, _)| o.to_string()));
            set
        }
        "berlaku_hingga" => own(&[FOR_LIFE]),
        "kewarganegaraan" => {
            let mut set = own(&["WNI"]);
            set.extend(COUNTRIES.iter().map(|c| c.name.to_string()));
            set
        }
        "jenis_kelamin" => own(&GENDERS),
        "gol_darah" => BLOOD_TYPES.iter().map(|(b, _)| b.to_string()).collect(),
        _ => return None,
    })
}

/// Whether `value` is one a card prints in closed-list field `field` (always true for the
/// other fields).
pub fn in_vocabulary(field: &str, value: &str) -> bool {
    match values_of(field) {
        None => true,
        Some(_) if field == "berlaku_hingga" && is_date(value) => true,
        Some(set) => set.contains(value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closed_lists_hold_what_cards_print_and_not_garbage() {
        assert!(in_vocabulary("pekerjaan", "BELUM/TIDAK BEKERJA"));
        assert!(in_vocabulary("pekerjaan", "OTHERS"));
        assert!(!in_vocabulary("pekerjaan", "BELUMTIDAKT"));
        assert!(in_vocabulary("berlaku_hingga", "SEUMUR HIDUP"));
        assert!(in_vocabulary("berlaku_hingga", "16-03-2016"));
        assert!(!in_vocabulary("berlaku_hingga", "SEUMUP HIDUP NDUDUK KART"));
        assert!(in_vocabulary("kewarganegaraan", "JEPANG"));
        assert!(in_vocabulary("agama", "CHRISTIAN"));
        assert!(!in_vocabulary(
            "status_perkawinan",
            "Status Perkawinan KAWIN"
        ));
        assert!(in_vocabulary("gol_darah", "-"));
        assert!(!in_vocabulary("gol_darah", "1"));
        assert!(in_vocabulary("nama", "anything"));
    }
}

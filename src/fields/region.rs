//! Region names (province, regency/city, district, village, issue place) corrected against
//! the official Kemendagri table, within the hierarchy the card's header implies.
//!
//! Names are compared as letters and digits only, so a dropped or added space (the
//! recogniser's most common slip on the bold header) costs nothing. A reading is replaced
//! only when an official name is within a small edit distance; otherwise it is kept as read.

use super::text::{alnum_upper, edit_distance};
use crate::regions::{self, IssuePlaceForm, Region, RegionTable};

/// A reading may be this far (edits per character of the official name) from it.
const MAX_EDIT_RATIO: f32 = 0.2;
/// ...or this far from the one name a second source points to, when no name is within
/// [`MAX_EDIT_RATIO`]: the NIK's region code for the header, the card's own regency for the
/// issue place. It breaks the tie of an unclear print, never overrides a clear one.
const TIE_RATIO: f32 = 0.45;

/// The official name closest to `read` among `candidates` (each with its printed form),
/// when close enough; ties go to the first.
fn closest<'a>(
    read: &str,
    candidates: impl Iterator<Item = (String, &'a Region)>,
) -> Option<(String, &'a Region)> {
    closest_within(read, candidates, MAX_EDIT_RATIO)
}

fn closest_within<'a>(
    read: &str,
    candidates: impl Iterator<Item = (String, &'a Region)>,
    max_ratio: f32,
) -> Option<(String, &'a Region)> {
    let key = alnum_upper(read);
    if key.is_empty() {
        return None;
    }
    let mut best: Option<(usize, String, &Region)> = None;
    for (printed, region) in candidates {
        let official = alnum_upper(&printed);
        // cheap bound: the length difference alone is at least the distance
        if official.len().abs_diff(key.len()) as f32 > max_ratio * official.len() as f32 {
            continue;
        }
        let d = edit_distance(&key, &official);
        if d as f32 <= max_ratio * official.len() as f32 && best.as_ref().is_none_or(|b| d < b.0) {
            best = Some((d, printed, region));
        }
    }
    best.map(|(_, p, r)| (p, r))
}

/// The regions the card's header and address resolve to, as far as they do.
#[derive(Debug, Default, Clone)]
pub struct Resolved<'a> {
    pub province: Option<&'a Region>,
    pub regency: Option<&'a Region>,
    pub district: Option<&'a Region>,
    pub village: Option<&'a Region>,
    /// The only header line read was the regency's (the province line was cut off or lost):
    /// it moved to `kabupaten_kota`, and the province is its parent, inferred.
    pub province_inferred: bool,
}

impl Resolved<'_> {
    /// The region fields of `fields` that hold a value the table did not resolve (kept as
    /// read: a name missing from the table, or a misreading too far from every name).
    pub fn unresolved(&self, fields: &crate::ktp::KtpFields) -> Vec<&'static str> {
        [
            ("provinsi", self.province.is_some(), &fields.provinsi),
            (
                "kabupaten_kota",
                self.regency.is_some(),
                &fields.kabupaten_kota,
            ),
            ("kecamatan", self.district.is_some(), &fields.kecamatan),
            ("kel_desa", self.village.is_some(), &fields.kel_desa),
        ]
        .into_iter()
        .filter(|(_, resolved, value)| !resolved && !value.is_empty())
        .map(|(name, _, _)| name)
        .collect()
    }
}

/// A birth place is snapped to a regency's or city's bare name only when at least this
/// long (letters and digits)...
const MIN_BIRTH_PLACE_LEN: usize = 6;
/// ...and one edit away from it only when the name is at least this long: a birth place is
/// often a village or district, which a short regency name one letter off may not replace.
const BIRTH_PLACE_ONE_EDIT_LEN: usize = 8;

/// The birth place as a regency or city prints it (bare: `BONDOWOSO`, `JAKARTA SELATAN`),
/// when `read` is that name misread: the same letters spaced or dotted otherwise
/// (`HUMBANG HASUNDU TAN`), a digit or `!` standing for a letter (`PRING5EWU`), or one
/// letter off a long name (`BONDCWOSO`). A birth place may be any village or a town
/// abroad, so nothing looser, and never a name two regencies share at the same distance.
fn birth_place(read: &str) -> Option<String> {
    let key = alnum_upper(read);
    if key.chars().count() < MIN_BIRTH_PLACE_LEN {
        return None;
    }
    let misprinted = read.chars().any(|c| c.is_ascii_digit() || c == '!');
    let table = RegionTable::get();
    let mut best: Option<(usize, String)> = None;
    let mut tied = false;
    for g in table.all(regions::Level::Regency) {
        let printed = regions::regency_bare_name(g.name());
        let official = alnum_upper(&printed);
        let len = official.chars().count();
        if official.len().abs_diff(key.len()) > 2 {
            continue;
        }
        let d = edit_distance(&key, &official);
        let close = d == 0
            || (d == 1 && len >= BIRTH_PLACE_ONE_EDIT_LEN)
            || (misprinted && d as f32 <= MAX_EDIT_RATIO * len as f32);
        if !close {
            continue;
        }
        match &best {
            Some((bd, bp)) if *bd == d && *bp != printed => tied = true,
            Some((bd, _)) if *bd <= d => {}
            _ => {
                best = Some((d, printed));
                tied = false;
            }
        }
    }
    best.filter(|_| !tied).map(|(_, p)| p).filter(|p| p != read)
}

/// Whether `read` is an issue place: some regency's or city's name as printed under the
/// photo (bare, in full, `KOTA X`), within the usual misreading bound.
pub fn is_issue_place(read: &str) -> bool {
    let table = RegionTable::get();
    let forms = table.all(regions::Level::Regency).iter().flat_map(|g| {
        [IssuePlaceForm::Bare, IssuePlaceForm::Full]
            .map(|f| (regions::card_issue_place(g.name(), f), g))
    });
    closest(read, forms).is_some()
}

/// A place needs this many letters to be recognised at the end of a longer reading.
const MIN_TAIL_PLACE_LETTERS: usize = 4;

/// The card's own regency as the issue place, when a reading ends with one of its printed
/// `forms` letter for letter: what came before it is the watermark or the photo's foot
/// glued on (`NOUKOTA SIBOLGA`), or, for a city, the `KOTA` of a place wrapped onto two
/// lines whose first line was lost (`MAGELANG` under the photo of a card of `KOTA
/// MAGELANG`: a city is always printed `KOTA X` there, `ktp-layout.md`).
fn issue_place_at_end(read: &str, forms: &[String]) -> Option<String> {
    let read = alnum_upper(read);
    let ends_with = |tail: &str| {
        let tail = alnum_upper(tail);
        tail.len() >= MIN_TAIL_PLACE_LETTERS && read.ends_with(&tail)
    };
    forms
        .iter()
        .find(|printed| ends_with(printed))
        .or_else(|| {
            forms
                .iter()
                .find(|printed| printed.strip_prefix("KOTA ").is_some_and(ends_with))
        })
        .cloned()
}

/// The region the NIK's first `digits` digits name, when they are digits the table knows.
fn nik_region(nik: &str, digits: usize) -> Option<&'static Region> {
    let prefix = nik.get(..digits)?;
    prefix
        .bytes()
        .all(|b| b.is_ascii_digit())
        .then(|| RegionTable::get().lookup_digits(prefix))?
}

/// The official name for `read` among `candidates`; failing that, the NIK's own region when
/// it is among them and close enough to an unclear print.
fn closest_or_nik<'a>(
    read: &str,
    candidates: impl Iterator<Item = (String, &'a Region)> + Clone,
    nik: Option<&Region>,
) -> Option<(String, &'a Region)> {
    closest(read, candidates.clone()).or_else(|| {
        let nik = nik?;
        closest_within(
            read,
            candidates.filter(|(_, r)| r.code() == nik.code()),
            TIE_RATIO,
        )
    })
}

/// Correct the region fields in place; returns what was resolved. The NIK (`fields.nik`,
/// when read) breaks ties of unclear prints of the province and regency.
pub fn correct(fields: &mut crate::ktp::KtpFields) -> Resolved<'static> {
    let table = RegionTable::get();
    let mut r = Resolved::default();
    let (nik_province, nik_regency) = (nik_region(&fields.nik, 2), nik_region(&fields.nik, 4));
    let provinces = table
        .provinces()
        .iter()
        .map(|p| (regions::card_province(p.name()), p));
    if let Some((printed, region)) = closest_or_nik(&fields.provinsi, provinces, nik_province) {
        fields.provinsi = printed;
        r.province = Some(region);
    } else if fields.kabupaten_kota.is_empty() && !fields.provinsi.is_empty() {
        // One header line, and no province: the regency line, the province's cut off.
        let regencies = table
            .all(regions::Level::Regency)
            .iter()
            .map(|g| (regions::card_regency(g.name()), g));
        if let Some((printed, regency)) = closest_or_nik(&fields.provinsi, regencies, nik_regency) {
            if let Some(province) = regency.parent_code().and_then(|c| table.lookup(c)) {
                fields.kabupaten_kota = printed;
                fields.provinsi = regions::card_province(province.name());
                r.province = Some(province);
                r.province_inferred = true;
            }
        }
    }
    let regencies: &[Region] = match r.province {
        Some(p) => table.regencies(p.code()),
        None => table.all(regions::Level::Regency),
    };
    if let Some((printed, region)) = closest_or_nik(
        &fields.kabupaten_kota,
        regencies
            .iter()
            .map(|g| (regions::card_regency(g.name()), g)),
        nik_regency,
    ) {
        fields.kabupaten_kota = printed;
        r.regency = Some(region);
        if r.province.is_none() {
            r.province = region.parent_code().and_then(|c| table.lookup(c));
        }
    }
    if let Some(regency) = r.regency {
        if let Some((printed, region)) = closest(
            &fields.kecamatan,
            table
                .districts(regency.code())
                .iter()
                .map(|d| (regions::card_name(d.name()), d)),
        ) {
            fields.kecamatan = printed;
            r.district = Some(region);
        }
    }
    if let Some(district) = r.district {
        if let Some((printed, region)) = closest(
            &fields.kel_desa,
            table
                .villages(district.code())
                .iter()
                .map(|v| (regions::card_name(v.name()), v)),
        ) {
            fields.kel_desa = printed;
            r.village = Some(region);
        }
    }
    if let Some(printed) = birth_place(&fields.tempat_lahir) {
        fields.tempat_lahir = printed;
    }
    // The issue place is usually the card's own regency, printed bare or in full.
    if let Some(regency) = r.regency {
        let forms = [IssuePlaceForm::Bare, IssuePlaceForm::Full]
            .map(|f| (regions::card_issue_place(regency.name(), f), regency));
        // as read, else without the watermark's words it was read among, else as the tail
        // of what was read, else an unclear print nearer it than any regency's clear one
        let read = &fields.tempat_terbit;
        let found = closest(read, forms.clone().into_iter())
            .or_else(|| {
                let bare = super::watermark::without_words(read)?;
                closest(&bare, forms.clone().into_iter())
            })
            .map(|(printed, _)| printed)
            .or_else(|| issue_place_at_end(read, &forms.clone().map(|(p, _)| p)))
            .or_else(|| {
                let (printed, _) = closest_within(read, forms.into_iter(), TIE_RATIO)?;
                (!is_issue_place(read)).then_some(printed)
            });
        if let Some(printed) = found {
            fields.tempat_terbit = printed;
        }
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ktp::KtpFields;

    #[test]
    fn a_misread_regency_birth_place_is_snapped_and_nothing_looser() {
        for (read, want) in [
            ("HUMBANG HASUNDU TAN", "HUMBANG HASUNDUTAN"),
            ("LABUHANBATU UT. ARA", "LABUHANBATU UTARA"),
            ("PRING5EWU", "PRINGSEWU"),
            ("PEGUNUNGAN 8INTANG", "PEGUNUNGAN BINTANG"),
            ("BONDCWOSO", "BONDOWOSO"),
            ("MUS!RAWAS UTARA", "MUSI RAWAS UTARA"),
        ] {
            assert_eq!(birth_place(read).as_deref(), Some(want), "{read}");
        }
        // as printed, a village, a town abroad, a short name one letter off: kept
        for read in [
            "BONDOWOSO",
            "SUKAMAJU",
            "BUSAN",
            "GARUD",
            "SEOUL",
            "KOTA BANDUNG",
        ] {
            assert_eq!(birth_place(read), None, "{read}");
        }
    }

    #[test]
    fn restores_spaces_and_fixes_small_misreads_within_the_hierarchy() {
        let mut f = KtpFields {
            provinsi: "JAWABARAT".into(),
            kabupaten_kota: "KABUPATENGARUT".into(),
            kecamatan: "KARANGPAWITAM".into(),
            tempat_terbit: "GARUT".into(),
            ..Default::default()
        };
        let r = correct(&mut f);
        assert_eq!(f.provinsi, "JAWA BARAT");
        assert_eq!(f.kabupaten_kota, "KABUPATEN GARUT");
        assert_eq!(f.kecamatan, "KARANGPAWITAN");
        assert_eq!(f.tempat_terbit, "GARUT");
        assert_eq!(r.regency.map(|g| g.code()), Some("32.05"));
    }

    #[test]
    fn dki_city_and_kota_forms() {
        let mut f = KtpFields {
            provinsi: "DKIJAKARTA".into(),
            kabupaten_kota: "JAKARTASELATAN".into(),
            ..Default::default()
        };
        correct(&mut f);
        assert_eq!(f.provinsi, "DKI JAKARTA");
        assert_eq!(f.kabupaten_kota, "JAKARTA SELATAN");
    }

    #[test]
    fn refuses_to_replace_a_name_not_in_the_table() {
        let mut f = KtpFields {
            provinsi: "JAWA BARAT".into(),
            kabupaten_kota: "KOTA ATLANTIS".into(),
            kecamatan: "SOMEWHERE".into(),
            ..Default::default()
        };
        let r = correct(&mut f);
        assert_eq!(f.kabupaten_kota, "KOTA ATLANTIS");
        assert_eq!(f.kecamatan, "SOMEWHERE");
        assert!(r.regency.is_none());
        // kept as read, and flagged; the empty village is not
        assert_eq!(r.unresolved(&f), ["kabupaten_kota", "kecamatan"]);
    }

    #[test]
    fn issue_places_are_regency_names() {
        assert!(is_issue_place("KOTA BEKASI"));
        assert!(is_issue_place("GARUT"));
        assert!(is_issue_place("KABUPATEN MUSI RAWAS UTARA"));
        assert!(is_issue_place("JAKARTA SELATAN"));
        assert!(!is_issue_place("TANDA PENDUDUK"));
        assert!(!is_issue_place("KARTU"));
    }

    #[test]
    fn the_nik_breaks_the_tie_of_an_unclear_print_only() {
        // 32.05 is Kabupaten Garut, Jawa Barat
        let unclear = |provinsi: &str, nik: &str| {
            let mut f = KtpFields {
                provinsi: provinsi.into(),
                nik: nik.into(),
                ..Default::default()
            };
            correct(&mut f);
            f.provinsi
        };
        assert_eq!(unclear("JAWA BAHAI", "3205121508900001"), "JAWA BARAT");
        // without the NIK, too far from every name: kept as read
        assert_eq!(unclear("JAWA BAHAI", ""), "JAWA BAHAI");
        // a clear print is never overridden by the NIK (a holder who moved keeps it)
        assert_eq!(unclear("JAWA TIMUR", "3205121508900001"), "JAWA TIMUR");
    }

    #[test]
    fn a_lone_regency_line_is_the_regency_and_its_province_inferred() {
        let mut f = KtpFields {
            provinsi: "KABUPATEN GARUT".into(),
            ..Default::default()
        };
        let r = correct(&mut f);
        assert_eq!(f.kabupaten_kota, "KABUPATEN GARUT");
        assert_eq!(f.provinsi, "JAWA BARAT");
        assert!(r.province_inferred);
        let mut f = KtpFields {
            provinsi: "JAKARTA SELATAN".into(),
            ..Default::default()
        };
        correct(&mut f);
        assert_eq!(
            (f.provinsi.as_str(), f.kabupaten_kota.as_str()),
            ("DKI JAKARTA", "JAKARTA SELATAN")
        );
    }

    #[test]
    fn the_own_regency_at_the_end_of_the_issue_place_is_the_place() {
        let place = |regency: &str, read: &str| {
            let mut f = KtpFields {
                provinsi: "JAWA TENGAH".into(),
                kabupaten_kota: regency.into(),
                tempat_terbit: read.into(),
                ..Default::default()
            };
            correct(&mut f);
            f.tempat_terbit
        };
        // a city's `KOTA` line lost, or something glued before the name
        assert_eq!(place("KOTA MAGELANG", "MAGELANG"), "KOTA MAGELANG");
        assert_eq!(place("KOTA MAGELANG", "NOUKOTA MAGELANG"), "KOTA MAGELANG");
        assert_eq!(place("KABUPATEN CILACAP", "KARTUCILACAP"), "CILACAP");
        // another place, or the name cut short, stays as read
        assert_eq!(place("KOTA MAGELANG", "SEMARANG"), "SEMARANG");
        assert_eq!(place("KOTA MAGELANG", "MAGELANGXY"), "MAGELANGXY");
    }

    #[test]
    fn an_unclear_issue_place_near_the_own_regency_is_it() {
        let place = |province: &str, regency: &str, read: &str| {
            let mut f = KtpFields {
                provinsi: province.into(),
                kabupaten_kota: regency.into(),
                tempat_terbit: read.into(),
                ..Default::default()
            };
            correct(&mut f);
            f.tempat_terbit
        };
        // two letters lost or misread: too far for any regency's name, near the own one
        assert_eq!(
            place("JAWA TIMUR", "KABUPATEN BONDOWOSO", "BONDOWO"),
            "BONDOWOSO"
        );
        assert_eq!(place("RIAU", "KOTA DUMAI", "KOTA DUMN"), "KOTA DUMAI");
        // a clear print of another regency stays, however near the own one's name
        assert_eq!(
            place("JAWA TIMUR", "KOTA BATU", "KOTA BAU-BAU"),
            "KOTA BAU-BAU"
        );
        // and what is near no form of it stays as read
        assert_eq!(
            place("JAWA TIMUR", "KOTA BATU", "KARTU TANDA"),
            "KARTU TANDA"
        );
    }
}

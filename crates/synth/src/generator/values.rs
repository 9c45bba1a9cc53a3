//! Random but plausible field values for one card, and its NIK.
//!
//! Everything here is invented: names are assembled from short lists of common given names and
//! family names (`names`), addresses from street-name and housing-estate patterns
//! (`addresses`); only the region names and codes are real (from [`ktp_ocr::regions`]).

use super::addresses::random_address;
use super::names::{random_name, COUNTRIES};
use ktp_ocr::ktp::KtpFields;
use ktp_ocr::regions::{self, IssuePlaceForm, Region, RegionTable};
use rand::Rng;
use rand_chacha::ChaCha8Rng;

/// A calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: u32,
    pub month: u32,
    pub day: u32,
}

impl Date {
    pub fn days_in_month(year: u32, month: u32) -> u32 {
        time::Month::try_from(month as u8).map_or(31, |m| u32::from(m.length(year as i32)))
    }

    /// `DD-MM-YYYY`.
    pub fn format(self) -> String {
        format!("{:02}-{:02}-{:04}", self.day, self.month, self.year)
    }

    fn random_in_year(rng: &mut ChaCha8Rng, year: u32) -> Date {
        let month = rng.gen_range(1..=12);
        let day = rng.gen_range(1..=Date::days_in_month(year, month));
        Date { year, month, day }
    }

    /// The same day and month in another year (29 February becomes 28 February).
    fn with_year(self, year: u32) -> Date {
        let day = self.day.min(Date::days_in_month(year, self.month));
        Date { year, day, ..self }
    }
}

/// The generated content of one card plus what the renderer needs to know about it.
#[derive(Debug, Clone)]
pub struct CardValues {
    pub fields: KtpFields,
    pub nik_consistent: bool,
    pub female: bool,
    /// Foreign resident card (English values, a country as nationality).
    pub wna: bool,
    /// Year printed as the issue date.
    pub issue_year: u32,
    /// Muslim woman (the photo silhouette may wear a headscarf).
    pub muslim_woman: bool,
}

/// Pick from `(item, weight)` pairs.
pub(crate) fn pick<T: Copy>(rng: &mut ChaCha8Rng, items: &[(T, f32)]) -> T {
    let total: f32 = items.iter().map(|(_, w)| w).sum();
    let mut x = rng.gen::<f32>() * total;
    for (item, w) in items {
        if x < *w {
            return *item;
        }
        x -= w;
    }
    items[items.len() - 1].0
}

/// Pick uniformly from a slice.
pub(crate) fn one<'a, T>(rng: &mut ChaCha8Rng, items: &'a [T]) -> &'a T {
    &items[rng.gen_range(0..items.len())]
}

/// The 89 standard Dukcapil occupations, in the order of this crate's own
/// `data/pekerjaan.tsv`. The generator keeps its own copy of every vocabulary it prints, so
/// a value the parser does not know fails the end-to-end tests instead of going unseen.
pub fn occupations() -> &'static [String] {
    static LIST: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    LIST.get_or_init(|| {
        include_str!("../../data/pekerjaan.tsv")
            .lines()
            .skip(1)
            .filter_map(|l| l.split('\t').nth(1))
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect()
    })
}

// ---------------------------------------------------------------------------------------------
// Regions

/// Province codes with a weight roughly following population, flattened a little so the small
/// provinces still show up in a few hundred cards.
const PROVINCE_WEIGHTS: [(&str, f32); 38] = [
    ("11", 5.3),
    ("12", 14.8),
    ("13", 5.5),
    ("14", 6.4),
    ("15", 3.5),
    ("16", 8.5),
    ("17", 2.0),
    ("18", 9.0),
    ("19", 1.5),
    ("21", 2.1),
    ("31", 10.6),
    ("32", 48.3),
    ("33", 36.5),
    ("34", 3.7),
    ("35", 41.0),
    ("36", 11.9),
    ("51", 4.3),
    ("52", 5.3),
    ("53", 5.3),
    ("61", 5.4),
    ("62", 2.7),
    ("63", 4.1),
    ("64", 3.8),
    ("65", 0.7),
    ("71", 2.6),
    ("72", 3.0),
    ("73", 9.1),
    ("74", 2.6),
    ("75", 1.2),
    ("76", 1.4),
    ("81", 1.8),
    ("82", 1.3),
    ("91", 1.0),
    ("92", 0.6),
    ("93", 0.5),
    ("94", 1.4),
    ("95", 1.4),
    ("96", 0.6),
];

struct Place<'a> {
    province: &'a Region,
    regency: &'a Region,
    district: &'a Region,
    village: &'a Region,
}

fn random_place<'a>(rng: &mut ChaCha8Rng, t: &'a RegionTable, province: Option<&str>) -> Place<'a> {
    let prov_code = match province {
        Some(p) => p.to_string(),
        None => {
            let flat: Vec<(&str, f32)> = PROVINCE_WEIGHTS
                .iter()
                .map(|(c, w)| (*c, w.powf(0.8)))
                .collect();
            pick(rng, &flat).to_string()
        }
    };
    let province = t.lookup(&prov_code).unwrap_or_else(|| &t.provinces()[0]);
    let regency = one(rng, t.regencies(province.code()));
    let district = one(rng, t.districts(regency.code()));
    let village = one(rng, t.villages(district.code()));
    Place {
        province,
        regency,
        district,
        village,
    }
}

// ---------------------------------------------------------------------------------------------
// Religion

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Religion {
    Islam,
    Kristen,
    Katolik,
    Hindu,
    Budha,
    Khonghucu,
    Kepercayaan,
}

fn random_religion(rng: &mut ChaCha8Rng, province: &str) -> Religion {
    use Religion::*;
    // Islam, Kristen, Katolik, Hindu, Budha, Khonghucu, Kepercayaan
    let w: [f32; 7] = match province {
        "51" => [10.0, 2.0, 1.0, 86.0, 0.6, 0.1, 0.1],
        "53" => [9.0, 35.0, 55.0, 0.2, 0.1, 0.02, 0.4],
        "71" => [31.0, 63.0, 4.5, 0.5, 0.2, 0.1, 0.1],
        "91" | "92" | "93" | "94" | "95" | "96" => [22.0, 64.0, 14.0, 0.1, 0.1, 0.02, 0.1],
        "12" => [63.0, 27.0, 7.0, 0.1, 2.5, 0.1, 0.2],
        "81" => [52.0, 40.0, 7.0, 0.2, 0.1, 0.02, 0.1],
        "61" => [60.0, 12.0, 22.0, 0.1, 5.0, 0.8, 0.1],
        "62" => [73.0, 17.0, 3.0, 6.0, 0.3, 0.05, 0.2],
        "21" => [78.0, 10.0, 3.0, 0.2, 7.0, 1.0, 0.1],
        "72" => [78.0, 17.0, 1.0, 3.0, 0.2, 0.05, 0.1],
        "76" => [83.0, 14.0, 1.0, 1.5, 0.1, 0.02, 0.1],
        "31" => [83.0, 9.0, 4.0, 0.2, 3.5, 0.2, 0.1],
        "19" => [89.0, 2.0, 1.5, 0.2, 5.0, 2.0, 0.1],
        _ => [97.5, 1.3, 0.6, 0.15, 0.4, 0.04, 0.06],
    };
    let items = [
        (Islam, w[0]),
        (Kristen, w[1]),
        (Katolik, w[2]),
        (Hindu, w[3]),
        (Budha, w[4]),
        (Khonghucu, w[5]),
        (Kepercayaan, w[6]),
    ];
    pick(rng, &items)
}

fn religion_text(rng: &mut ChaCha8Rng, r: Religion) -> &'static str {
    match r {
        Religion::Islam => "ISLAM",
        Religion::Kristen => "KRISTEN",
        Religion::Katolik => pick(rng, &[("KATOLIK", 0.6), ("KATHOLIK", 0.4)]),
        Religion::Hindu => "HINDU",
        Religion::Budha => pick(rng, &[("BUDHA", 0.6), ("BUDDHA", 0.4)]),
        Religion::Khonghucu => pick(rng, &[("KHONGHUCU", 0.7), ("KONGHUCU", 0.3)]),
        Religion::Kepercayaan => "KEPERCAYAAN TERHADAP TUHAN YME",
    }
}

// ---------------------------------------------------------------------------------------------
// Occupation

fn occupation_weight(name: &str, age: u32, female: bool, kota: bool) -> f32 {
    let young = age <= 23;
    let old = age >= 57;
    let w = match name {
        "PELAJAR/MAHASISWA" => {
            if young {
                60.0
            } else if age < 27 {
                6.0
            } else {
                0.0
            }
        }
        "BELUM/TIDAK BEKERJA" => {
            if young {
                25.0
            } else {
                5.0
            }
        }
        "MENGURUS RUMAH TANGGA" => {
            if female {
                if young {
                    6.0
                } else {
                    30.0
                }
            } else {
                0.1
            }
        }
        "WIRASWASTA" => 18.0,
        "KARYAWAN SWASTA" => 17.0,
        "PETANI/PEKEBUN" => {
            if kota {
                1.0
            } else {
                12.0
            }
        }
        "BURUH HARIAN LEPAS" => 5.0,
        "BURUH TANI/PERKEBUNAN" => {
            if kota {
                0.2
            } else {
                3.0
            }
        }
        "PEDAGANG" => 4.0,
        "PERDAGANGAN" => 1.2,
        "PEGAWAI NEGERI SIPIL (PNS)" => 3.0,
        "GURU" => 2.5,
        "KARYAWAN HONORER" => 1.2,
        "KARYAWAN BUMN" => 0.8,
        "KARYAWAN BUMD" => 0.3,
        "SOPIR" => {
            if female {
                0.05
            } else {
                1.2
            }
        }
        "NELAYAN/PERIKANAN" => 1.0,
        "TENTARA NASIONAL INDONESIA (TNI)" | "KEPOLISIAN RI (POLRI)" => {
            if female {
                0.1
            } else {
                0.6
            }
        }
        "PENSIUNAN" => {
            if old {
                20.0
            } else {
                0.0
            }
        }
        "PERAWAT" | "BIDAN" if female => 0.5,
        "DOSEN" | "DOKTER" | "TRANSPORTASI" | "INDUSTRI" | "KONSTRUKSI" | "PETERNAK" => 0.3,
        "LAINNYA" | "PERANGKAT DESA" | "MEKANIK" | "TUKANG BATU" | "TUKANG KAYU"
        | "TUKANG JAHIT" => 0.3,
        "PRESIDEN"
        | "WAKIL PRESIDEN"
        | "ANGGOTA MAHKAMAH KONSTITUSI"
        | "ANGGOTA KABINET/KEMENTERIAN"
        | "DUTA BESAR"
        | "GUBERNUR"
        | "WAKIL GUBERNUR"
        | "ANGGOTA BPK"
        | "ANGGOTA DPD"
        | "ANGGOTA DPR-RI" => 0.003,
        "BUPATI" | "WAKIL BUPATI" | "WALIKOTA" | "WAKIL WALIKOTA" => 0.01,
        "BIARAWATI" if !female => 0.0,
        "PASTOR" | "PENDETA" | "IMAM MASJID" | "USTADZ/MUBALIGH" if female => 0.0,
        _ => 0.08,
    };
    if young
        && matches!(
            name,
            "PENSIUNAN" | "PEGAWAI NEGERI SIPIL (PNS)" | "DOSEN" | "DOKTER"
        )
    {
        return 0.0;
    }
    w
}

fn random_occupation(rng: &mut ChaCha8Rng, age: u32, female: bool, kota: bool) -> String {
    let items: Vec<(&str, f32)> = occupations()
        .iter()
        .map(|o| (o.as_str(), occupation_weight(o, age, female, kota)))
        .collect();
    pick(rng, &items).to_string()
}

// ---------------------------------------------------------------------------------------------

/// Blood types as printed.
pub const BLOOD_TYPES: [(&str, f32); 12] = [
    ("-", 42.0),
    ("O", 18.0),
    ("A", 12.0),
    ("B", 15.0),
    ("AB", 4.0),
    ("O+", 2.5),
    ("A+", 1.5),
    ("B+", 1.8),
    ("AB+", 0.6),
    ("O-", 0.3),
    ("A-", 0.2),
    ("B-", 0.2),
];

/// Blood type as printed.
fn random_blood(rng: &mut ChaCha8Rng) -> &'static str {
    pick(rng, &BLOOD_TYPES)
}

fn random_issue_year(rng: &mut ChaCha8Rng) -> u32 {
    pick(
        rng,
        &[
            (2011, 8.0),
            (2012, 14.0),
            (2013, 10.0),
            (2014, 4.0),
            (2015, 4.0),
            (2016, 5.0),
            (2017, 6.0),
            (2018, 7.0),
            (2019, 7.0),
            (2020, 5.0),
            (2021, 6.0),
            (2022, 7.0),
            (2023, 6.0),
            (2024, 5.0),
        ],
    )
}

fn random_rt_rw(rng: &mut ChaCha8Rng) -> (String, String) {
    if rng.gen_bool(0.01) {
        return ("000".into(), "000".into());
    }
    let rt: u32 = if rng.gen_bool(0.8) {
        rng.gen_range(1..=12)
    } else {
        rng.gen_range(1..=45)
    };
    let rw: u32 = if rng.gen_bool(0.8) {
        rng.gen_range(1..=10)
    } else {
        rng.gen_range(1..=30)
    };
    (format!("{rt:03}"), format!("{rw:03}"))
}

fn marital_status(rng: &mut ChaCha8Rng, age: u32) -> usize {
    // 0 BELUM KAWIN, 1 KAWIN, 2 CERAI HIDUP, 3 CERAI MATI
    let w: [f32; 4] = match age {
        0..=19 => [93.0, 7.0, 0.2, 0.0],
        20..=24 => [60.0, 38.0, 1.5, 0.2],
        25..=34 => [22.0, 72.0, 4.5, 1.0],
        35..=54 => [5.0, 84.0, 6.0, 5.0],
        55..=64 => [2.0, 76.0, 5.0, 17.0],
        _ => [1.0, 62.0, 5.0, 32.0],
    };
    pick(rng, &[(0, w[0]), (1, w[1]), (2, w[2]), (3, w[3])])
}

/// NIK: province(2) + regency(2) + district(2) + DDMMYY (+40 on DD for women) + serial(4).
pub fn nik_from_parts(district_digits: &str, birth: Date, female: bool, serial: u32) -> String {
    let dd = birth.day + if female { 40 } else { 0 };
    format!(
        "{}{:02}{:02}{:02}{:04}",
        district_digits,
        dd,
        birth.month,
        birth.year % 100,
        serial
    )
}

/// A place name that could be a birth place, printed the way people write it.
fn birth_place(rng: &mut ChaCha8Rng, t: &RegionTable, place: &Place) -> String {
    let regency_place = |rng: &mut ChaCha8Rng, reg: &Region| -> String {
        let name = reg.name();
        if regions::is_administrative(name) {
            if rng.gen_bool(0.7) {
                "JAKARTA".to_string()
            } else {
                regions::regency_bare_name(name)
            }
        } else if reg.is_kota() && rng.gen_bool(0.15) {
            regions::card_name(name)
        } else {
            regions::regency_bare_name(name)
        }
    };
    match rng.gen_range(0..100) {
        0..=54 => regency_place(rng, place.regency),
        55..=74 => {
            let reg = one(rng, t.regencies(place.province.code()));
            regency_place(rng, reg)
        }
        75..=86 => {
            let other = random_place(rng, t, None);
            regency_place(rng, other.regency)
        }
        87..=93 => regions::card_name(place.district.name()),
        _ => regions::card_name(place.village.name()),
    }
}

/// Generate every value printed on one card.
pub fn random_values(rng: &mut ChaCha8Rng) -> CardValues {
    random_values_as(rng, false)
}

/// [`random_values`], a foreign resident's card whenever `wna` is set (the same draws
/// otherwise).
pub fn random_values_as(rng: &mut ChaCha8Rng, wna: bool) -> CardValues {
    let t = RegionTable::get();
    let wna = rng.gen_bool(0.03) || wna;
    let place = random_place(rng, t, None);
    let female = rng.gen_bool(0.5);

    let issue_year = random_issue_year(rng);
    let issue = Date::random_in_year(rng, issue_year);
    let (lo, hi) = pick(
        rng,
        &[
            ((17, 24), 30.0),
            ((25, 39), 34.0),
            ((40, 59), 26.0),
            ((60, 80), 10.0),
        ],
    );
    let age_at_issue: u32 = rng.gen_range(lo..=hi);
    let birth_year = issue_year - age_at_issue - u32::from(rng.gen_bool(0.5));
    let birth = Date::random_in_year(rng, birth_year);

    // NIK, sometimes inconsistent with the printed region or birth date.
    let mut nik_district = place.district.digits();
    let mut nik_consistent = true;
    if rng.gen_bool(0.06) {
        let other = if rng.gen_bool(0.6) {
            let reg = one(rng, t.regencies(place.province.code()));
            one(rng, t.districts(reg.code())).digits()
        } else {
            random_place(rng, t, None).district.digits()
        };
        if other != nik_district {
            nik_district = other;
            nik_consistent = false;
        }
    }
    let mut nik_birth = birth;
    let mut nik_female = female;
    if rng.gen_bool(1.0 / 12.0) {
        match rng.gen_range(0..5) {
            0 => nik_female = !female,
            1 => {
                let d = if birth.day < 28 {
                    birth.day + 1
                } else {
                    birth.day - 1
                };
                nik_birth.day = d;
            }
            2 => {
                nik_birth.month = if birth.month < 12 { birth.month + 1 } else { 1 };
                nik_birth.day = nik_birth.day.min(28);
            }
            3 => nik_birth.year = birth.year + if rng.gen_bool(0.5) { 1 } else { 2 },
            _ => {
                // Day and month swapped where that is a different valid date, else shifted.
                if birth.day <= 12 && birth.day != birth.month {
                    nik_birth.day = birth.month;
                    nik_birth.month = birth.day;
                } else {
                    nik_birth.year = birth.year - 1;
                }
            }
        }
        if nik_birth != birth || nik_female != female {
            nik_consistent = false;
        }
    }
    let (lo, hi) = pick(
        rng,
        &[((1, 9), 40.0), ((10, 999), 42.0), ((1000, 5999), 18.0)],
    );
    let serial: u32 = rng.gen_range(lo..=hi);
    let nik = nik_from_parts(&nik_district, nik_birth, nik_female, serial);

    let (rt, rw) = random_rt_rw(rng);
    let kota = place.regency.is_kota();
    let alamat = random_address(rng, place.province.code(), place.village.name());
    let issue_form = if rng.gen_bool(0.8) {
        IssuePlaceForm::Bare
    } else {
        IssuePlaceForm::Full
    };

    let mut f = KtpFields {
        provinsi: regions::card_province(place.province.name()),
        kabupaten_kota: regions::card_regency(place.regency.name()),
        nik,
        rt,
        rw,
        alamat,
        kel_desa: regions::card_name(place.village.name()),
        kecamatan: regions::card_name(place.district.name()),
        gol_darah: random_blood(rng).to_string(),
        tempat_terbit: regions::card_issue_place(place.regency.name(), issue_form),
        tanggal_terbit: issue.format(),
        ..KtpFields::default()
    };

    let mut muslim_woman = false;
    if wna {
        let c = one(rng, COUNTRIES);
        let given = if female {
            one(rng, c.given_f)
        } else {
            one(rng, c.given_m)
        };
        let family = *one(rng, c.family);
        f.nama = if c.name == "MALAYSIA" {
            // The family list holds patronymics ("BIN ISMAIL"); BINTI for women.
            let father = family.split(' ').nth(1).unwrap_or("ISMAIL");
            format!("{given} {} {father}", if female { "BINTI" } else { "BIN" })
        } else if matches!(c.name, "KOREA SELATAN" | "TIONGKOK" | "SINGAPURA")
            || (c.name == "JEPANG" && rng.gen_bool(0.5))
        {
            // East Asian names as in the passport: family name first.
            format!("{family} {given}")
        } else {
            format!("{given} {family}")
        };
        f.tempat_lahir = one(rng, c.cities).to_string();
        f.jenis_kelamin = if female { "FEMALE" } else { "MALE" }.to_string();
        f.agama = pick(rng, c.religions).to_string();
        f.status_perkawinan = match marital_status(rng, age_at_issue) {
            0 => "NOT MARRIED",
            1 => "MARRIED",
            2 => "DIVORCED",
            _ => "WIDOWED",
        }
        .to_string();
        let occ = [
            ("KARYAWAN SWASTA", 30.0),
            ("WIRASWASTA", 15.0),
            ("KONSULTAN", 8.0),
            ("DOSEN", 5.0),
            ("GURU", 6.0),
            ("PENELITI", 3.0),
            ("MENGURUS RUMAH TANGGA", if female { 15.0 } else { 0.5 }),
            (
                "PELAJAR/MAHASISWA",
                if age_at_issue < 25 { 20.0 } else { 1.0 },
            ),
            ("PENSIUNAN", if age_at_issue > 58 { 20.0 } else { 0.0 }),
            ("LAINNYA", 8.0),
        ];
        f.pekerjaan = pick(rng, &occ).to_string();
        f.kewarganegaraan = c.name.to_string();
        let years = rng.gen_range(1..=5);
        f.berlaku_hingga = issue.with_year(issue_year + years).format();
        // Foreign residents live mostly in the big cities; keep the drawn region anyway.
    } else {
        let religion = random_religion(rng, place.province.code());
        muslim_woman = female && religion == Religion::Islam;
        f.nama = random_name(rng, place.province.code(), religion, female, birth_year);
        f.tempat_lahir = birth_place(rng, t, &place);
        f.jenis_kelamin = if female { "PEREMPUAN" } else { "LAKI-LAKI" }.to_string();
        f.agama = religion_text(rng, religion).to_string();
        f.status_perkawinan = ["BELUM KAWIN", "KAWIN", "CERAI HIDUP", "CERAI MATI"]
            [marital_status(rng, age_at_issue)]
        .to_string();
        f.pekerjaan = random_occupation(rng, age_at_issue, female, kota);
        f.kewarganegaraan = "WNI".to_string();
        let dated = match issue_year {
            ..=2013 => rng.gen_bool(0.85),
            2014 => rng.gen_bool(0.5),
            _ => rng.gen_bool(0.01),
        };
        f.berlaku_hingga = if dated {
            // The holder's birthday about five years after issue.
            let mut until = birth.with_year(issue_year + 5);
            if until < issue.with_year(issue_year + 5) && rng.gen_bool(0.6) {
                until = birth.with_year(issue_year + 6);
            }
            until.format()
        } else {
            "SEUMUR HIDUP".to_string()
        };
    }
    f.tanggal_lahir = birth.format();

    CardValues {
        fields: f,
        nik_consistent,
        female,
        wna,
        issue_year,
        muslim_woman,
    }
}

/// Leading abbreviations of an address that some printers set without their period.
const DOTTED_LEADS: [&str; 7] = ["JL.", "JLN.", "GG.", "KP.", "DSN.", "LR.", "BR."];

/// `alamat` with its leading abbreviation printed without the period (`JL. MAWAR NO. 3` ->
/// `JL MAWAR NO. 3`), or `None` when it has none.
pub fn undotted_abbreviation(alamat: &str) -> Option<String> {
    let (lead, rest) = alamat.split_once(' ')?;
    DOTTED_LEADS
        .contains(&lead)
        .then(|| format!("{} {rest}", lead.trim_end_matches('.')))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn leading_abbreviations_lose_their_period() {
        assert_eq!(
            undotted_abbreviation("JL. MAWAR NO. 3").as_deref(),
            Some("JL MAWAR NO. 3")
        );
        assert_eq!(
            undotted_abbreviation("GG. DAMAI NO. 1").as_deref(),
            Some("GG DAMAI NO. 1")
        );
        assert_eq!(undotted_abbreviation("DUSUN KRAJAN"), None);
        assert_eq!(undotted_abbreviation("KRAJAN"), None);
    }

    #[test]
    fn occupations_list_has_89() {
        assert_eq!(occupations().len(), 89);
        assert!(occupations().iter().any(|o| o == "WIRASWASTA"));
    }

    #[test]
    fn nik_parts() {
        let d = Date {
            year: 1987,
            month: 3,
            day: 9,
        };
        assert_eq!(nik_from_parts("320512", d, true, 12), "3205124903870012");
        assert_eq!(nik_from_parts("320512", d, false, 12), "3205120903870012");
    }

    #[test]
    fn values_are_filled() {
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        for _ in 0..300 {
            let v = random_values(&mut rng);
            let f = &v.fields;
            for name in ktp_ocr::ktp::FIELD_NAMES {
                assert!(!f.get(name).unwrap().is_empty(), "{name} empty: {f:?}");
            }
            assert_eq!(f.nik.len(), 16);
        }
    }
}

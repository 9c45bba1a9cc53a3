//! Invented personal names: common Indonesian given names and family names by region and
//! religion, and foreign residents' names with their birth cities and religions. Only the
//! combination is random; no list entry stands for a particular person.

use super::values::{one, pick, Religion};
use rand::Rng;
use rand_chacha::ChaCha8Rng;

// ---------------------------------------------------------------------------------------------
// Names (invented combinations of common name parts)

#[rustfmt::skip]
const MUSLIM_M: &[&str] = &[
    "MUHAMMAD", "MUHAMAD", "MOHAMAD", "AHMAD", "ABDUL", "ABDULLAH", "ARIF", "AGUS", "BUDI", "DEDI",
    "DENI", "EKO", "FAJAR", "FAISAL", "HENDRA", "IRFAN", "IWAN", "JOKO", "RUDI", "RAHMAT", "RIZKY",
    "RIZAL", "SYAHRUL", "TAUFIK", "WAHYU", "YUSUF", "ZAINAL", "HASAN", "HUSEIN", "ILHAM", "IMAM",
    "ANDI", "ADI", "ARYA", "BAYU", "DIMAS", "FIRMANSYAH", "GILANG", "HERU", "KURNIAWAN", "LUTFI",
    "NURDIN", "RAMADHAN", "SAIFUL", "SUKMA", "TEGUH", "USMAN", "YOGI", "ZULKIFLI", "FAUZI",
    "HIDAYAT", "ANWAR", "ARIFIN", "HAMDANI", "MAULANA", "NUGROHO", "PRATAMA", "SAPUTRA",
    "SETIAWAN", "HIDAYATULLAH", "SYAHPUTRA", "ALFIAN", "ADITYA", "ILHAMSYAH", "MUKHLIS", "ROHMAN",
    "SUHENDAR", "RIDWAN", "SULAIMAN", "ISMAIL",
];
#[rustfmt::skip]
const MUSLIM_F: &[&str] = &[
    "SITI", "NUR", "NURUL", "DEWI", "SRI", "AYU", "PUTRI", "INDAH", "LESTARI", "RAHMAWATI",
    "FITRI", "FITRIANI", "ANISA", "ANNISA", "AISYAH", "FATIMAH", "KHADIJAH", "ZAHRA", "NABILA",
    "RINA", "RATNA", "YULIANTI", "WULANDARI", "HANDAYANI", "KURNIASIH", "MAYA", "MELATI", "NOVITA",
    "OKTAVIANI", "PUSPITA", "RAHAYU", "SARI", "SUSANTI", "TRI", "UMI", "WAHYUNI", "YANTI",
    "ZULAIKHA", "AMINAH", "HALIMAH", "MASITOH", "NURHAYATI", "NURJANAH", "ROSITA", "SAFITRI",
    "SALSABILA", "AZZAHRA", "AULIA", "HIDAYAH", "MARYAM", "RAHMA", "SULASTRI",
];
#[rustfmt::skip]
const JAVANESE_M: &[&str] = &[
    "SUPARMAN", "SUGIYONO", "SLAMET", "SUTRISNO", "SUKIRNO", "PARJO", "SUMARNO", "WAGIMAN",
    "SUYATNO", "SUPRIYADI", "SUGENG", "BAMBANG", "HARYANTO", "PRIYONO", "SUHARTO", "MULYONO",
    "TRIYONO", "WIDODO", "SAMIDI", "KASMAN", "SUBAGYO", "DARMANTO", "SUWARNO", "TUKIMAN",
    "SUPARDI", "JUMADI", "SARIMAN", "PONIMAN", "SUKARDI", "WARSITO",
];
#[rustfmt::skip]
const JAVANESE_F: &[&str] = &[
    "SUMIATI", "SUPARMI", "SRI WAHYUNI", "SUTINAH", "PAINEM", "SUMINAH", "TUMINI", "SUYATMI",
    "WAGINEM", "SUKARMI", "SITI ROMLAH", "MARYATI", "SUPRAPTI", "KASINEM", "SUWARNI", "JUMINEM",
    "RUSMINI", "SRI MULYANI", "TRI WAHYUNI", "SUNARSIH", "SRIYATUN", "PARTINI", "SUDARMI",
];
const SUNDANESE_M: &[&str] = &[
    "ASEP", "UJANG", "DEDE", "CECEP", "DADANG", "ENDANG", "YAYAT", "AJAT", "UJANG", "JAJANG",
    "ENJANG", "DODI", "ENTIS", "OMAN", "IDING", "ADE", "AEP", "MAMAN", "ROHIDIN", "ENCEP",
];
const SUNDANESE_F: &[&str] = &[
    "ENTIN", "IMAS", "ENENG", "EUIS", "NENG", "YAYAH", "AI", "IYOS", "OOM", "CUCU", "IIS", "ENOK",
    "TITIN", "NUNUNG", "ELIS", "EPON", "NENGSIH", "ENI",
];
#[rustfmt::skip]
const CHRISTIAN_M: &[&str] = &[
    "YOHANES", "PETRUS", "PAULUS", "STEFANUS", "ANDREAS", "MARKUS", "YOSEF", "FRANSISKUS",
    "AGUSTINUS", "MARTHEN", "YAKOBUS", "MATIUS", "DANIEL", "SAMUEL", "YOSUA", "GABRIEL", "ROBERT",
    "FREDDY", "JOHNY", "BENNY", "DONI", "HERMANUS", "ALOYSIUS", "KORNELIUS", "YULIUS", "BERNADUS",
    "LEONARDUS", "ANTONIUS", "FERDINAND", "ELIAS",
];
#[rustfmt::skip]
const CHRISTIAN_F: &[&str] = &[
    "MARIA", "THERESIA", "MAGDALENA", "ELISABETH", "KRISTINA", "RUTH", "MARTA", "YOHANA", "AGNES",
    "MARGARETHA", "FRANSISKA", "KATARINA", "VERONIKA", "SELVI", "DEBORA", "LIDIA", "YULIANA",
    "REGINA", "MONIKA", "ROSALINA", "ANJELINA", "SUSANA", "HELENA", "NATALIA",
];
#[rustfmt::skip]
const BATAK_SURNAMES: &[&str] = &[
    "SIMANJUNTAK", "SITUMORANG", "NAINGGOLAN", "HUTAPEA", "SIREGAR", "NASUTION", "LUBIS",
    "SIMATUPANG", "PANJAITAN", "SIAHAAN", "MANURUNG", "SIHOMBING", "TAMPUBOLON", "SARAGIH",
    "GINTING", "SEMBIRING", "TARIGAN", "HARAHAP", "PASARIBU", "SINAGA", "PURBA", "SITORUS",
];
#[rustfmt::skip]
const EAST_SURNAMES: &[&str] = &[
    "RUMENGAN", "SUMAMPOUW", "WALANDOUW", "MANDAGI", "LUMINGKEWAS", "PANGEMANAN", "TUMEWU",
    "LATUPEIRISSA", "PATTIASINA", "TUHUMURY", "PARERA", "DA COSTA", "FERNANDEZ", "LAKE", "BERE",
    "TAEK", "NDUN", "BANOET", "WENDA", "KOGOYA", "TABUNI", "WAROMI", "RUMBIAK", "MANSUMBER",
    "KAMBU", "WANMA",
];
const BALI_M_PREFIX: &[&str] = &[
    "I WAYAN", "I MADE", "I NYOMAN", "I KETUT", "I GEDE", "I PUTU", "I KADEK", "I KOMANG",
];
#[rustfmt::skip]
const BALI_F_PREFIX: &[&str] = &[
    "NI LUH", "NI MADE", "NI NYOMAN", "NI KETUT", "NI WAYAN", "NI PUTU", "NI KADEK", "NI KOMANG",
];
#[rustfmt::skip]
const BALI_M: &[&str] = &[
    "SUDARSANA", "ARTAWAN", "WIRAWAN", "ADNYANA", "SUARDANA", "SUPARTA", "MERTA", "SUDIARTA",
    "DARMAWAN", "ARIANA", "SUKADANA", "WIDIANA", "ASTAWA", "SUYASA", "PARWATA",
];
#[rustfmt::skip]
const BALI_F: &[&str] = &[
    "SRI ARTINI", "SUASTINI", "ARIANI", "SUDARMI", "WIDIASTUTI", "SUKARNI", "KARTINI", "SUARNI",
    "ASTUTI", "MERTASARI", "PURNAMI", "SURYANI", "DEWI ASTARI",
];
const CHINESE_GIVEN_M: &[&str] = &[
    "HENDRA", "WILLIAM", "KEVIN", "WILLY", "JOHAN", "ROBBY", "FELIX", "SUNARDI", "HARRY", "ALBERT",
    "EDDY", "JIMMY", "STEVEN", "VINCENT", "ANDY",
];
const CHINESE_GIVEN_F: &[&str] = &[
    "LIANA", "MELIANA", "SUSANTI", "FELICIA", "JESSICA", "LIDYA", "MEILINA", "VIVIAN", "YENNY",
    "LINDA", "WINDA", "SHERLY", "CINDY", "MONICA",
];
#[rustfmt::skip]
const CHINESE_FAMILY: &[&str] = &[
    "GUNAWAN", "WIJAYA", "HALIM", "SANTOSO", "KURNIAWAN", "SETIAWAN", "TANUWIJAYA", "HARTONO",
    "SALIM", "LIMANTO", "SUGIARTO", "TJANDRA", "WIDJAJA", "TANOJO", "SURYADI", "CHANDRA",
];
const MODERN_M: &[&str] = &[
    "DIMAS", "RIZKY", "FAJAR", "ADITYA", "BAYU", "RANGGA", "RAFI", "ALDI", "REZA", "FARHAN",
    "DAFFA", "RAIHAN", "DANU", "GALIH", "YOGA", "ANGGA", "ARDI", "FIKRI", "HAIKAL", "NAUFAL",
];
const MODERN_F: &[&str] = &[
    "ANISA", "PUTRI", "DEWI", "AYU", "INDAH", "NABILA", "AMELIA", "CITRA", "DINDA", "FEBY",
    "INTAN", "KIRANA", "LARAS", "MUTIARA", "NADYA", "RISKA", "SALSA", "TIARA", "VINA", "YUNITA",
];
#[rustfmt::skip]
const SURNAME_M: &[&str] = &[
    "SAPUTRA", "PRATAMA", "NUGROHO", "SETIAWAN", "HIDAYAT", "KURNIAWAN", "WIBOWO", "SANTOSO",
    "GUNAWAN", "PERMANA", "RAMADHAN", "HAKIM", "FIRMANSYAH", "SUSILO", "SYAHPUTRA", "WIJAYA",
    "PURNAMA", "MAULANA", "RAHMAN", "PRASETYO", "HERMAWAN", "SUSANTO",
];
#[rustfmt::skip]
const SURNAME_F: &[&str] = &[
    "SAPUTRI", "PRATIWI", "ANGGRAINI", "LESTARI", "PERMATASARI", "WULANDARI", "PUSPITASARI",
    "KUSUMAWATI", "RAHMAWATI", "HANDAYANI", "NINGSIH", "SETIAWATI", "MAHARANI", "PURNAMASARI",
    "RAMADHANI", "HIDAYATI", "FEBRIANTI", "NOVIANTI",
];

fn surname_like(male: bool) -> &'static [&'static str] {
    if male {
        SURNAME_M
    } else {
        SURNAME_F
    }
}

fn two_distinct(rng: &mut ChaCha8Rng, a: &[&str], b: &[&str]) -> String {
    let x = *one(rng, a);
    let mut y = *one(rng, b);
    for _ in 0..4 {
        if y != x {
            break;
        }
        y = *one(rng, b);
    }
    format!("{x} {y}")
}

pub(super) fn random_name(
    rng: &mut ChaCha8Rng,
    province: &str,
    religion: Religion,
    female: bool,
    birth_year: u32,
) -> String {
    let m = !female;
    let given = |rng: &mut ChaCha8Rng, ms: &[&'static str], fs: &[&'static str]| {
        if m {
            *one(rng, ms)
        } else {
            *one(rng, fs)
        }
    };
    match religion {
        Religion::Hindu if province == "51" || rng.gen_bool(0.5) => {
            let prefix = given(rng, BALI_M_PREFIX, BALI_F_PREFIX);
            let name = given(rng, BALI_M, BALI_F);
            format!("{prefix} {name}")
        }
        Religion::Budha | Religion::Khonghucu => {
            let g = given(rng, CHINESE_GIVEN_M, CHINESE_GIVEN_F);
            if rng.gen_bool(0.2) {
                g.to_string()
            } else {
                format!("{g} {}", one(rng, CHINESE_FAMILY))
            }
        }
        Religion::Kristen | Religion::Katolik => {
            let g = given(rng, CHRISTIAN_M, CHRISTIAN_F);
            let surname = match province {
                "12" => *one(rng, BATAK_SURNAMES),
                "71" | "81" | "53" | "91" | "92" | "93" | "94" | "95" | "96" => {
                    *one(rng, EAST_SURNAMES)
                }
                _ => {
                    if rng.gen_bool(0.5) {
                        *one(rng, surname_like(m))
                    } else {
                        *one(rng, CHINESE_FAMILY)
                    }
                }
            };
            match rng.gen_range(0..10) {
                0 => g.to_string(),
                1..=6 => format!("{g} {surname}"),
                _ => {
                    let mid = given(rng, MODERN_M, MODERN_F);
                    format!("{g} {mid} {surname}")
                }
            }
        }
        _ => {
            let javanese = matches!(province, "33" | "34" | "35");
            let sundanese = matches!(province, "32" | "36");
            let old = birth_year < 1975;
            let young = birth_year >= 1995;
            if javanese && old && rng.gen_bool(0.6) {
                return given(rng, JAVANESE_M, JAVANESE_F).to_string();
            }
            if sundanese && !young && rng.gen_bool(0.45) {
                let g = given(rng, SUNDANESE_M, SUNDANESE_F);
                return match rng.gen_range(0..3) {
                    0 => g.to_string(),
                    _ => format!("{g} {}", given(rng, MUSLIM_M, MUSLIM_F)),
                };
            }
            if province == "12" && rng.gen_bool(0.35) {
                let g = given(rng, MUSLIM_M, MUSLIM_F);
                return format!("{g} {}", one(rng, BATAK_SURNAMES));
            }
            let pool_a: &[&str] = if young && rng.gen_bool(0.6) {
                if m {
                    MODERN_M
                } else {
                    MODERN_F
                }
            } else if m {
                MUSLIM_M
            } else {
                MUSLIM_F
            };
            match rng.gen_range(0..20) {
                0..=2 => one(rng, pool_a).to_string(),
                3..=11 => {
                    let second: &[&str] = if rng.gen_bool(0.5) {
                        surname_like(m)
                    } else if m {
                        MUSLIM_M
                    } else {
                        MUSLIM_F
                    };
                    two_distinct(rng, pool_a, second)
                }
                _ => {
                    let first = if m {
                        pick(
                            rng,
                            &[
                                ("MUHAMMAD", 3.0),
                                ("MUHAMAD", 1.0),
                                ("M.", 0.7),
                                ("AHMAD", 2.0),
                                ("ABDUL", 1.0),
                                ("", 4.0),
                            ],
                        )
                    } else {
                        pick(
                            rng,
                            &[("SITI", 3.0), ("NUR", 2.0), ("NURUL", 1.0), ("", 4.0)],
                        )
                    };
                    let second: &[&str] = if rng.gen_bool(0.6) {
                        surname_like(m)
                    } else if m {
                        MUSLIM_M
                    } else {
                        MUSLIM_F
                    };
                    let rest = two_distinct(rng, pool_a, second);
                    if first.is_empty() || rest.starts_with(&first[..first.len().min(3)]) {
                        rest
                    } else {
                        let mid = rest.split(' ').next().unwrap_or("").to_string();
                        let last = rest.split(' ').nth(1).unwrap_or("");
                        format!("{first} {mid} {last}")
                    }
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Foreign residents

pub(super) struct Country {
    pub(super) name: &'static str,
    pub(super) given_m: &'static [&'static str],
    pub(super) given_f: &'static [&'static str],
    pub(super) family: &'static [&'static str],
    pub(super) cities: &'static [&'static str],
    pub(super) religions: &'static [(&'static str, f32)],
}

const WESTERN_M: &[&str] = &[
    "JOHN", "DAVID", "PETER", "MICHAEL", "JAMES", "THOMAS", "MARK", "PAUL", "ROBERT", "DANIEL",
];
const WESTERN_F: &[&str] = &[
    "EMMA", "SARAH", "ANNA", "LAURA", "JESSICA", "EMILY", "HANNAH", "SOPHIE", "CLAIRE", "RACHEL",
];
const WESTERN_RELIGIONS: &[(&str, f32)] = &[("CHRISTIAN", 5.0), ("CATHOLIC", 3.0), ("OTHERS", 2.0)];

pub(super) const COUNTRIES: &[Country] = &[
    Country {
        name: "JEPANG",
        given_m: &["KENJI", "HIROSHI", "TAKESHI", "YUTA", "DAISUKE", "KOJI"],
        given_f: &["YUKI", "AKIKO", "HARUKA", "MEGUMI", "SAKURA", "AYAKA"],
        family: &[
            "TANAKA",
            "SATO",
            "SUZUKI",
            "TAKAHASHI",
            "WATANABE",
            "NAKAMURA",
            "KOBAYASHI",
        ],
        cities: &["TOKYO", "OSAKA", "NAGOYA", "FUKUOKA", "SAPPORO"],
        religions: &[("BUDDHIST", 4.0), ("OTHERS", 4.0), ("CHRISTIAN", 1.0)],
    },
    Country {
        name: "AUSTRALIA",
        given_m: WESTERN_M,
        given_f: WESTERN_F,
        family: &[
            "SMITH", "BROWN", "WILSON", "TAYLOR", "JONES", "WHITE", "MARTIN",
        ],
        cities: &["SYDNEY", "MELBOURNE", "PERTH", "BRISBANE", "DARWIN"],
        religions: WESTERN_RELIGIONS,
    },
    Country {
        name: "KOREA SELATAN",
        given_m: &["MIN JUN", "JI HOON", "SEUNG HO", "DONG HYUN"],
        given_f: &["JI WOO", "SEO YEON", "MIN JI", "HYE JIN"],
        family: &["KIM", "LEE", "PARK", "CHOI", "JUNG", "KANG"],
        cities: &["SEOUL", "BUSAN", "INCHEON", "DAEGU"],
        religions: &[("CHRISTIAN", 4.0), ("BUDDHIST", 3.0), ("OTHERS", 3.0)],
    },
    Country {
        name: "MALAYSIA",
        given_m: &["AHMAD", "MOHD FAIZAL", "AZMAN", "HAFIZ"],
        given_f: &["NURUL AIN", "SITI AISHAH", "FARAH", "AZLINA"],
        family: &["BIN ISMAIL", "BIN OTHMAN", "BINTI HASSAN", "BIN RAHMAN"],
        cities: &["KUALA LUMPUR", "JOHOR BAHRU", "PENANG", "MELAKA"],
        religions: &[("MOSLEM", 9.0), ("OTHERS", 1.0)],
    },
    Country {
        name: "SINGAPURA",
        given_m: &["WEI MING", "JUN HAO", "KELVIN", "DARREN"],
        given_f: &["HUI MIN", "XIN YI", "GRACE", "SHARON"],
        family: &["TAN", "LIM", "LEE", "NG", "WONG", "CHUA"],
        cities: &["SINGAPORE"],
        religions: &[("BUDDHIST", 4.0), ("CHRISTIAN", 3.0), ("OTHERS", 3.0)],
    },
    Country {
        name: "AMERIKA SERIKAT",
        given_m: WESTERN_M,
        given_f: WESTERN_F,
        family: &["JOHNSON", "MILLER", "DAVIS", "ANDERSON", "MOORE", "CLARK"],
        cities: &["NEW YORK", "LOS ANGELES", "CHICAGO", "HOUSTON", "SEATTLE"],
        religions: WESTERN_RELIGIONS,
    },
    Country {
        name: "BELANDA",
        given_m: &["JAN", "PIETER", "WILLEM", "DIRK", "HENDRIK"],
        given_f: &["ANNEKE", "SASKIA", "INGRID", "MARIEKE"],
        family: &[
            "DE VRIES",
            "VAN DIJK",
            "BAKKER",
            "JANSEN",
            "VISSER",
            "VAN DEN BERG",
        ],
        cities: &["AMSTERDAM", "ROTTERDAM", "UTRECHT", "DEN HAAG"],
        religions: WESTERN_RELIGIONS,
    },
    Country {
        name: "JERMAN",
        given_m: &["STEFAN", "MARKUS", "JUERGEN", "KLAUS", "TOBIAS"],
        given_f: &["SABINE", "KATRIN", "ANJA", "JULIA"],
        family: &[
            "MUELLER",
            "SCHMIDT",
            "SCHNEIDER",
            "FISCHER",
            "WEBER",
            "WAGNER",
        ],
        cities: &["BERLIN", "MUENCHEN", "HAMBURG", "KOELN"],
        religions: WESTERN_RELIGIONS,
    },
    Country {
        name: "INDIA",
        given_m: &["RAJESH", "AMIT", "SURESH", "VIKRAM", "ANIL"],
        given_f: &["PRIYA", "ANJALI", "SUNITA", "KAVITA"],
        family: &["SHARMA", "PATEL", "KUMAR", "SINGH", "GUPTA", "REDDY"],
        cities: &["MUMBAI", "NEW DELHI", "CHENNAI", "BANGALORE"],
        religions: &[
            ("HINDU", 7.0),
            ("MOSLEM", 1.5),
            ("CHRISTIAN", 1.0),
            ("OTHERS", 0.5),
        ],
    },
    Country {
        name: "FILIPINA",
        given_m: &["JOSE", "MARK ANTHONY", "RODEL", "JERICHO"],
        given_f: &["MARIA CRISTINA", "JOY", "ROSALIE", "MARICEL"],
        family: &["SANTOS", "REYES", "CRUZ", "BAUTISTA", "GARCIA", "MENDOZA"],
        cities: &["MANILA", "CEBU", "DAVAO", "QUEZON CITY"],
        religions: &[("CATHOLIC", 8.0), ("CHRISTIAN", 2.0)],
    },
    Country {
        name: "TIONGKOK",
        given_m: &["WEI", "JIAN", "HAO", "LEI", "QIANG"],
        given_f: &["LI NA", "XIAO MEI", "YAN", "FANG"],
        family: &["WANG", "LI", "ZHANG", "LIU", "CHEN", "YANG"],
        cities: &["BEIJING", "SHANGHAI", "GUANGZHOU", "SHENZHEN"],
        religions: &[("OTHERS", 6.0), ("BUDDHIST", 3.0), ("CHRISTIAN", 1.0)],
    },
    Country {
        name: "INGGRIS",
        given_m: WESTERN_M,
        given_f: WESTERN_F,
        family: &["EVANS", "HUGHES", "WRIGHT", "WALKER", "ROBERTS", "THOMPSON"],
        cities: &["LONDON", "MANCHESTER", "BIRMINGHAM", "LEEDS"],
        religions: WESTERN_RELIGIONS,
    },
    Country {
        name: "PRANCIS",
        given_m: &["PIERRE", "JEAN", "NICOLAS", "JULIEN", "ANTOINE"],
        given_f: &["MARIE", "CAMILLE", "SOPHIE", "CELINE"],
        family: &["MARTIN", "BERNARD", "DUBOIS", "LAURENT", "LEFEBVRE"],
        cities: &["PARIS", "LYON", "MARSEILLE", "TOULOUSE"],
        religions: WESTERN_RELIGIONS,
    },
];

//! Invented street addresses in the styles printed on cards: `JL. MERDEKA NO. 12`,
//! `KP. ...`, `DUSUN KRAJAN`, `PERUM GRIYA ASRI BLOK C2/15`, `BR. ...` (Bali), `JORONG ...`
//! (West Sumatra), `LR. ...`, `BTN ...`, `LINGK. ...`.

use super::values::{one, pick};
use ktp_ocr::regions;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

// ---------------------------------------------------------------------------------------------
// Addresses

#[rustfmt::skip]
const STREETS: &[&str] = &[
    "MERDEKA", "SUDIRMAN", "JEND. SUDIRMAN", "DIPONEGORO", "GATOT SUBROTO", "AHMAD YANI",
    "A. YANI", "PAHLAWAN", "VETERAN", "PEMUDA", "SILIWANGI", "PAJAJARAN", "KARTINI", "HASANUDDIN",
    "IMAM BONJOL", "TEUKU UMAR", "CUT NYAK DIEN", "MAWAR", "MELATI", "KENANGA", "ANGGREK",
    "DAHLIA", "FLAMBOYAN", "CEMPAKA", "KAMBOJA", "MANGGA", "RAMBUTAN", "DURIAN", "NANGKA",
    "KELAPA", "BELIMBING", "SAWO", "KH. AHMAD DAHLAN", "KH. HASYIM ASYARI", "H. AGUS SALIM",
    "DR. SUTOMO", "RA. KARTINI", "MT. HARYONO", "PANGERAN ANTASARI", "SULTAN AGUNG", "GAJAH MADA",
    "HAYAM WURUK", "PATTIMURA", "RAYA PASAR", "LINGKAR UTARA", "PERINTIS KEMERDEKAAN", "MASJID",
    "PESANTREN", "STASIUN", "PELABUHAN", "SIMPANG TIGA", "BUDI UTOMO", "SISINGAMANGARAJA",
    "NUSANTARA", "PENDIDIKAN", "KESEHATAN", "BHAYANGKARA", "CENDRAWASIH", "MERPATI", "RAJAWALI",
    "KASUARI", "SERUNI", "TERATAI", "SAKURA",
];
#[rustfmt::skip]
const GANGS: &[&str] = &[
    "MASJID", "MUSHOLA", "SEPAKAT", "DAMAI", "BERSAMA", "SETIA", "SEJAHTERA", "BUNTU", "MAKMUR",
    "RUKUN", "H. MANSYUR", "AL IKHLAS", "MELATI", "KELINCI", "SAWO", "BAHAGIA",
];
#[rustfmt::skip]
const ESTATES: &[&str] = &[
    "GRIYA ASRI", "GRIYA INDAH PERMAI", "BUMI ASRI", "TAMAN SARI INDAH", "PONDOK HIJAU",
    "CITRA INDAH", "GRAHA PERMAI", "VILLA MUTIARA", "PESONA ALAM", "GRIYA KENCANA", "TAMAN ASRI",
    "BUMI PERMATA", "PURI INDAH", "GRIYA PERSADA", "BUKIT HIJAU", "PERMATA HIJAU", "GRAND SAKINAH",
    "SAKINAH RESIDENCE", "KOTA BARU", "BUMI SANI",
];
#[rustfmt::skip]
const DUSUNS: &[&str] = &[
    "KRAJAN", "KAUMAN", "KRAJAN LOR", "KRAJAN KIDUL", "KRAJAN WETAN", "KRAJAN KULON", "NGASEM",
    "SUMBERSARI", "TEGALSARI", "KRANGGAN", "GONDANG", "SIDOREJO", "KARANGANYAR", "BANARAN",
    "NGRINGIN", "SUMBERAGUNG", "TAMBAKREJO", "PUCANG", "MOJOSARI", "JATIREJO",
];
#[rustfmt::skip]
const BANJARS: &[&str] = &[
    "DINAS KAJA", "DINAS KELOD", "TENGAH", "KELOD", "KAJA", "ANYAR", "PASEKAN", "DANGIN PURI",
    "DAUH PURI", "PENDEM", "SEKAR", "GEDE",
];
const ROMAN: &[&str] = &["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"];

fn house_number(rng: &mut ChaCha8Rng) -> String {
    let n: u32 = if rng.gen_bool(0.7) {
        rng.gen_range(1..40)
    } else {
        rng.gen_range(1..250)
    };
    if rng.gen_bool(0.12) {
        format!("{n}{}", one(rng, &["A", "B", "C"]))
    } else {
        n.to_string()
    }
}

fn block(rng: &mut ChaCha8Rng) -> String {
    let letter = *one(rng, &["A", "B", "C", "D", "E", "F", "G", "H", "J", "K"]);
    if rng.gen_bool(0.5) {
        format!("{letter}{}", rng.gen_range(1..12))
    } else {
        letter.to_string()
    }
}

/// A street address; `village` is used for `KP.`/`DUSUN` style addresses.
pub(super) fn random_address(rng: &mut ChaCha8Rng, province: &str, village: &str) -> String {
    #[derive(Clone, Copy)]
    enum K {
        Jalan,
        JalanGang,
        Gang,
        Kampung,
        Dusun,
        DusunRoman,
        Perum,
        Komplek,
        Btn,
        Lorong,
        Banjar,
        Lingkungan,
        Jorong,
    }
    use K::*;
    let kinds: &[(K, f32)] = match province {
        "32" | "36" => &[
            (Jalan, 30.0),
            (JalanGang, 8.0),
            (Kampung, 35.0),
            (Perum, 18.0),
            (Komplek, 4.0),
            (Gang, 5.0),
        ],
        "33" | "34" | "35" => &[
            (Jalan, 28.0),
            (JalanGang, 6.0),
            (Dusun, 38.0),
            (Perum, 16.0),
            (Gang, 6.0),
            (Lingkungan, 6.0),
        ],
        "31" => &[
            (Jalan, 50.0),
            (JalanGang, 20.0),
            (Gang, 10.0),
            (Komplek, 10.0),
            (Perum, 6.0),
            (Kampung, 4.0),
        ],
        "51" => &[(Banjar, 45.0), (Jalan, 40.0), (Perum, 15.0)],
        "13" => &[
            (Jorong, 30.0),
            (Jalan, 45.0),
            (Perum, 10.0),
            (Komplek, 15.0),
        ],
        "16" | "15" => &[
            (Jalan, 45.0),
            (Lorong, 25.0),
            (DusunRoman, 20.0),
            (Perum, 10.0),
        ],
        "71" | "72" | "73" | "74" | "75" | "76" => &[
            (Jalan, 45.0),
            (Btn, 20.0),
            (Lingkungan, 15.0),
            (DusunRoman, 20.0),
        ],
        _ => &[
            (Jalan, 50.0),
            (DusunRoman, 20.0),
            (Perum, 12.0),
            (Btn, 6.0),
            (Lingkungan, 12.0),
        ],
    };
    let village_upper = regions::card_name(village);
    match pick(rng, kinds) {
        Jalan => {
            let prefix = pick(
                rng,
                &[("JL.", 8.0), ("JLN.", 1.5), ("JL", 1.0), ("JALAN", 0.7)],
            );
            let street = one(rng, STREETS);
            if rng.gen_bool(0.1) {
                format!("{prefix} {street}")
            } else {
                format!("{prefix} {street} NO. {}", house_number(rng))
            }
        }
        JalanGang => format!(
            "JL. {} GG. {} NO. {}",
            one(rng, STREETS),
            one(rng, GANGS),
            house_number(rng)
        ),
        Gang => format!("GG. {} NO. {}", one(rng, GANGS), house_number(rng)),
        Kampung => {
            let name = if rng.gen_bool(0.6) {
                village_upper
            } else {
                one(
                    rng,
                    &[
                        "CIBEUREUM",
                        "CIKONENG",
                        "SUKAMAJU",
                        "BABAKAN",
                        "PASIR ANGIN",
                        "CILAME",
                        "SUKASARI",
                        "CIPEUCANG",
                        "LEUWILIANG",
                        "NAGROG",
                        "CIMANGGU",
                        "PASAWAHAN",
                    ],
                )
                .to_string()
            };
            format!("KP. {name}")
        }
        Dusun => {
            let name = if rng.gen_bool(0.5) {
                village_upper
            } else {
                one(rng, DUSUNS).to_string()
            };
            let prefix = pick(rng, &[("DUSUN", 3.0), ("DSN.", 2.0), ("DSN", 0.5)]);
            format!("{prefix} {name}")
        }
        DusunRoman => format!("DUSUN {}", one(rng, ROMAN)),
        Perum => {
            let prefix = pick(rng, &[("PERUM", 3.0), ("PERUMAHAN", 1.0)]);
            if rng.gen_bool(0.6) {
                format!(
                    "{prefix} {} BLOK {}/{}",
                    one(rng, ESTATES),
                    block(rng),
                    rng.gen_range(1..40)
                )
            } else {
                format!(
                    "{prefix} {} BLOK {} NO. {}",
                    one(rng, ESTATES),
                    block(rng),
                    rng.gen_range(1..40)
                )
            }
        }
        Komplek => format!(
            "KOMP. {} BLOK {} NO. {}",
            one(rng, ESTATES),
            block(rng),
            rng.gen_range(1..40)
        ),
        Btn => format!(
            "BTN {} BLOK {} NO. {}",
            one(rng, ESTATES),
            block(rng),
            rng.gen_range(1..40)
        ),
        Lorong => format!("LR. {} NO. {}", one(rng, STREETS), house_number(rng)),
        Banjar => format!("BR. {}", one(rng, BANJARS)),
        Lingkungan => {
            let name = if rng.gen_bool(0.5) {
                village_upper
            } else {
                one(rng, ROMAN).to_string()
            };
            format!("LINGK. {name}")
        }
        Jorong => format!("JORONG {village_upper}"),
    }
}

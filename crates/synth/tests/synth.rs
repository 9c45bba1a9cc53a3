//! Tests of the synthetic card generator: determinism, well-formed truth, decodable images with
//! their corners inside, EXIF orientation, and the dataset writer.

use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageReader, RgbImage};
use ktp_ocr::ktp::KtpFields;
use ktp_ocr::regions::{self, RegionTable};
use ktp_synth::{card_values, condition_for, generate_card, write_dataset, Condition, SynthCard};
use std::collections::HashSet;
use std::io::Cursor;

fn decode(bytes: &[u8]) -> (RgbImage, Orientation, (u32, u32)) {
    let mut decoder = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .unwrap()
        .into_decoder()
        .unwrap();
    let orientation = decoder.orientation().unwrap();
    let stored = decoder.dimensions();
    let mut img = DynamicImage::from_decoder(decoder).unwrap();
    img.apply_orientation(orientation);
    (img.to_rgb8(), orientation, stored)
}

fn is_date(s: &str) -> bool {
    let p: Vec<&str> = s.split('-').collect();
    if p.len() != 3 || p[0].len() != 2 || p[1].len() != 2 || p[2].len() != 4 {
        return false;
    }
    let (Ok(d), Ok(m), Ok(y)) = (
        p[0].parse::<u32>(),
        p[1].parse::<u32>(),
        p[2].parse::<u32>(),
    ) else {
        return false;
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let dim = match m {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        1..=12 => 31,
        _ => return false,
    };
    (1900..2030).contains(&y) && (1..=dim).contains(&d)
}

fn occupations() -> HashSet<String> {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/data/pekerjaan.tsv"))
        .unwrap()
        .lines()
        .skip(1)
        .filter_map(|l| l.split('\t').nth(1))
        .map(str::to_string)
        .collect()
}

/// District codes (undotted) that match the printed province, regency and kecamatan, and
/// whether the printed kelurahan/desa lies in one of them.
fn printed_districts(f: &KtpFields) -> (Vec<String>, bool) {
    let t = RegionTable::get();
    let mut out = Vec::new();
    let mut village_found = false;
    for p in t
        .provinces()
        .iter()
        .filter(|p| regions::card_province(p.name()) == f.provinsi)
    {
        for r in t
            .regencies(p.code())
            .iter()
            .filter(|r| regions::card_regency(r.name()) == f.kabupaten_kota)
        {
            for d in t
                .districts(r.code())
                .iter()
                .filter(|d| regions::card_name(d.name()) == f.kecamatan)
            {
                out.push(d.digits());
                village_found |= t
                    .villages(d.code())
                    .iter()
                    .any(|v| regions::card_name(v.name()) == f.kel_desa);
            }
        }
    }
    (out, village_found)
}

#[test]
fn same_seed_same_card() {
    for (i, c) in [
        Condition::FlatScan,
        Condition::PhonePhoto,
        Condition::ExifRotated,
        Condition::Photocopy,
    ]
    .into_iter()
    .enumerate()
    {
        let a = generate_card(99, i, c);
        let b = generate_card(99, i, c);
        assert_eq!(a.bytes, b.bytes, "{c}");
        assert_eq!(a.truth, b.truth, "{c}");
        assert_eq!(a.extension, b.extension);
    }
    // A different seed gives a different card; the printed values do not depend on the
    // condition.
    assert_ne!(card_values(1, 0).0, card_values(2, 0).0);
    let scan = generate_card(3, 5, Condition::FlatScan);
    let blur = generate_card(3, 5, Condition::HeavyBlur);
    assert_eq!(scan.truth.fields, blur.truth.fields);
    assert_eq!(scan.truth.fields, card_values(3, 5).0);
    assert_eq!(condition_for(8, 17, &[]), condition_for(8, 17, &[]));
}

#[test]
fn truth_values_are_well_formed() {
    let occ = occupations();
    assert_eq!(occ.len(), 89);
    let religions_wni = [
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
    let status_wni = ["BELUM KAWIN", "KAWIN", "CERAI HIDUP", "CERAI MATI"];
    let blood = [
        "-", "A", "B", "AB", "O", "A+", "B+", "AB+", "O+", "A-", "B-", "AB-", "O-",
    ];
    let n = 1500;
    let (mut inconsistent, mut wna, mut dated, mut female) = (0, 0, 0, 0);
    let mut religions = HashSet::new();
    for i in 0..n {
        let (f, consistent) = card_values(2024, i);
        let ctx = format!("card {i}: {f:?}");
        // Everything printed is upper case and present.
        for name in ktp_ocr::ktp::FIELD_NAMES {
            let v = f.get(name).unwrap();
            assert!(!v.is_empty(), "{name} empty, {ctx}");
            assert_eq!(v, v.to_uppercase(), "{name} not upper case, {ctx}");
        }
        assert!(!f.kabupaten_kota.starts_with("KAB."), "{ctx}");
        assert!(is_date(&f.tanggal_lahir), "{ctx}");
        assert!(is_date(&f.tanggal_terbit), "{ctx}");
        assert!(
            f.berlaku_hingga == "SEUMUR HIDUP" || is_date(&f.berlaku_hingga),
            "{ctx}"
        );
        dated += usize::from(f.berlaku_hingga != "SEUMUR HIDUP");
        for rt in [&f.rt, &f.rw] {
            assert!(
                rt.len() == 3 && rt.bytes().all(|b| b.is_ascii_digit()),
                "{ctx}"
            );
        }
        assert!(occ.contains(&f.pekerjaan), "{ctx}");
        assert!(blood.contains(&f.gol_darah.as_str()), "{ctx}");
        if f.kewarganegaraan == "WNI" {
            assert!(religions_wni.contains(&f.agama.as_str()), "{ctx}");
            assert!(status_wni.contains(&f.status_perkawinan.as_str()), "{ctx}");
            assert!(
                ["LAKI-LAKI", "PEREMPUAN"].contains(&f.jenis_kelamin.as_str()),
                "{ctx}"
            );
            religions.insert(f.agama.clone());
        } else {
            wna += 1;
            assert!(
                ["MALE", "FEMALE"].contains(&f.jenis_kelamin.as_str()),
                "{ctx}"
            );
            assert!(is_date(&f.berlaku_hingga), "{ctx}");
        }
        let is_female = matches!(f.jenis_kelamin.as_str(), "PEREMPUAN" | "FEMALE");
        female += usize::from(is_female);

        // Region: the printed names exist and hang together.
        let (districts, village_found) = printed_districts(&f);
        assert!(
            !districts.is_empty(),
            "printed region not in the table, {ctx}"
        );
        assert!(village_found, "village not in its district, {ctx}");

        // NIK
        assert_eq!(f.nik.len(), 16, "{ctx}");
        assert!(f.nik.bytes().all(|b| b.is_ascii_digit()), "{ctx}");
        let dd: u32 = f.nik[6..8].parse().unwrap();
        let printed_dd: u32 = f.tanggal_lahir[..2].parse().unwrap();
        let date_ok = dd == printed_dd + if is_female { 40 } else { 0 }
            && f.nik[8..10] == f.tanggal_lahir[3..5]
            && f.nik[10..12] == f.tanggal_lahir[8..10];
        let region_ok = districts.iter().any(|d| f.nik[..6] == *d);
        assert_eq!(
            consistent,
            date_ok && region_ok,
            "nik_consistent wrong, {ctx}"
        );
        inconsistent += usize::from(!consistent);
        assert!(f.nik[12..] != *"0000", "{ctx}");
    }
    let frac = |k: usize| k as f64 / n as f64;
    assert!((0.07..0.22).contains(&frac(inconsistent)), "{inconsistent}");
    assert!((0.01..0.06).contains(&frac(wna)), "{wna}");
    assert!((0.4..0.6).contains(&frac(female)), "{female}");
    assert!((0.15..0.45).contains(&frac(dated)), "{dated}");
    assert!(religions.len() >= 6, "{religions:?}");
}

fn check_card(card: &SynthCard, condition: Condition) -> RgbImage {
    assert_eq!(card.truth.condition, condition.name());
    assert!(card.truth.file.ends_with(card.extension));
    let (img, orientation, stored) = decode(&card.bytes);
    let (w, h) = (img.width() as f32, img.height() as f32);
    let inside = |[x, y]: [f32; 2]| (0.0..=w).contains(&x) && (0.0..=h).contains(&y);
    if condition == Condition::Cropped {
        // The frame cuts the card: some of it lies beyond the image edge.
        let cut = card
            .truth
            .corners
            .iter()
            .any(|&[x, y]| !inside([x, y]) || x < 1.0 || y < 1.0 || x > w - 1.0 || y > h - 1.0);
        assert!(cut, "{condition}: card whole");
    } else {
        for corner in card.truth.corners {
            assert!(
                inside(corner),
                "{condition}: corner {corner:?} outside {w}x{h}"
            );
        }
    }
    let c = card.truth.corners;
    let top = (c[1][0] - c[0][0], c[1][1] - c[0][1]);
    let len = (top.0 * top.0 + top.1 * top.1).sqrt();
    assert!(len > 200.0, "{condition}: card only {len} px wide");
    // Which way the card's top edge points in the displayed image.
    let (dx, dy) = (top.0 / len, top.1 / len);
    match condition {
        Condition::Rotated90 => assert!(dy > 0.85, "{condition}: {dx} {dy}"),
        Condition::Rotated180 => assert!(dx < -0.85, "{condition}: {dx} {dy}"),
        Condition::Rotated270 => assert!(dy < -0.85, "{condition}: {dx} {dy}"),
        _ => assert!(dx > 0.85, "{condition}: {dx} {dy}"),
    }
    if condition == Condition::ExifRotated {
        assert_eq!(card.extension, "jpg");
        assert!(
            matches!(
                orientation,
                Orientation::Rotate90 | Orientation::Rotate180 | Orientation::Rotate270
            ),
            "{orientation:?}"
        );
        if orientation != Orientation::Rotate180 {
            assert_eq!(
                stored,
                (img.height(), img.width()),
                "stored pixels are turned"
            );
        }
    } else {
        assert_eq!(orientation, Orientation::NoTransforms);
    }
    img
}

/// Map a point given in fractions of the upright card to the displayed image through the
/// truth corners (bilinear interpolation of the quad; fine for a point well inside).
fn card_point(c: &[[f32; 2]; 4], u: f32, v: f32) -> (u32, u32) {
    let lerp =
        |a: [f32; 2], b: [f32; 2], t: f32| [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t];
    let top = lerp(c[0], c[1], u);
    let bottom = lerp(c[3], c[2], u);
    let p = lerp(top, bottom, v);
    (p[0] as u32, p[1] as u32)
}

#[test]
fn every_condition_decodes_with_corners_inside() {
    for seed in [1u64, 77] {
        for (i, condition) in Condition::ALL.into_iter().enumerate() {
            let card = generate_card(seed, i, condition);
            let img = check_card(&card, condition);
            if matches!(
                condition,
                Condition::Photocopy | Condition::HeavyBlur | Condition::Glare
            ) {
                continue;
            }
            // The photo backdrop (saturated red or blue) sits where the truth says: just inside
            // the photo box's top-left corner of the upright card.
            let (x, y) = card_point(&card.truth.corners, 0.745, 0.215);
            let p = img.get_pixel(x, y).0;
            let sat = p.iter().max().unwrap() - p.iter().min().unwrap();
            assert!(
                sat > 70,
                "{condition} seed {seed}: photo backdrop {p:?} at ({x}, {y})"
            );
        }
    }
}

#[test]
fn exif_orientation_tag_is_present() {
    let mut seen = HashSet::new();
    for i in 0..12 {
        let card = generate_card(5, i, Condition::ExifRotated);
        let mut decoder = ImageReader::new(Cursor::new(&card.bytes))
            .with_guessed_format()
            .unwrap()
            .into_decoder()
            .unwrap();
        let o = decoder.orientation().unwrap();
        assert_ne!(o, Orientation::NoTransforms);
        seen.insert(format!("{o:?}"));
        // The APP1 Exif segment comes right after SOI.
        assert_eq!(&card.bytes[..4], &[0xff, 0xd8, 0xff, 0xe1]);
        assert_eq!(&card.bytes[6..12], b"Exif\0\0");
    }
    assert!(seen.len() >= 2, "{seen:?}");
}

#[test]
fn dataset_matches_single_cards() {
    let dir = std::env::temp_dir().join(format!("ktp-synth-test-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let calls = std::sync::atomic::AtomicUsize::new(0);
    let only = [
        Condition::LowRes,
        Condition::Rotated270,
        Condition::FlatScan,
    ];
    let records = write_dataset(5, 12, &only, &dir, &|_| {
        calls.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    })
    .unwrap();
    assert_eq!(calls.into_inner(), 5);
    assert_eq!(records.len(), 5);
    let text = std::fs::read_to_string(dir.join("truth.jsonl")).unwrap();
    assert_eq!(ktp_synth::truth::parse_jsonl(&text).unwrap(), records);
    for (i, r) in records.iter().enumerate() {
        let single = generate_card(12, i, only[i % only.len()]);
        assert_eq!(&single.truth, r);
        assert_eq!(std::fs::read(dir.join(&r.file)).unwrap(), single.bytes);
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Timing: `cargo test --release --test synth -- --ignored --nocapture write_300`.
#[test]
#[ignore]
fn write_300_cards_timing() {
    let dir = std::env::temp_dir().join("ktp-synth-300");
    let _ = std::fs::remove_dir_all(&dir);
    let start = std::time::Instant::now();
    let records = write_dataset(300, 1, &[], &dir, &|_| {}).unwrap();
    let secs = start.elapsed().as_secs_f64();
    let mut counts = std::collections::BTreeMap::new();
    for r in &records {
        *counts.entry(r.condition.clone()).or_insert(0) += 1;
    }
    let bytes: u64 = records
        .iter()
        .map(|r| std::fs::metadata(dir.join(&r.file)).unwrap().len())
        .sum();
    println!(
        "300 cards in {secs:.1} s ({:.1} MB): {counts:?}",
        bytes as f64 / 1e6
    );
    assert_eq!(records.len(), 300);
}

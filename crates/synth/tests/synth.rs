//! Tests of the synthetic card generator: determinism, well-formed truth, decodable images with
//! their corners inside, EXIF orientation, and the dataset writer.

use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageReader, RgbImage};
use ktp_ocr::ktp::KtpFields;
use ktp_ocr::regions::{self, RegionTable};
use ktp_synth::eval::{score, ClassScore, Outcome};
use ktp_synth::truth::TruthRecord;
use ktp_synth::{
    card_values, condition_for, generate_card, plan_for, planned_tags, write_dataset, Condition,
    SynthCard, Tag,
};
use std::collections::{BTreeMap, HashSet};
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
    // A tight crop may shave a few pixels off the card: its square corners then lie just
    // outside the frame.
    let slack = if condition == Condition::TightCrop {
        ktp_synth::CUT_TOLERANCE_W * card.truth.card_width()
    } else {
        0.0
    };
    let inside =
        |[x, y]: [f32; 2]| (-slack..=w + slack).contains(&x) && (-slack..=h + slack).contains(&y);
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
    let shown = Condition::DEFAULT_MIX
        .into_iter()
        .chain([Condition::TightCrop]);
    for seed in [1u64, 77] {
        for (i, condition) in shown.clone().enumerate() {
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

/// The share of `n` planned real_like cards (seed 4) that carry `tag`.
fn planned_share(plans: &[Vec<Tag>], tag: Tag) -> f64 {
    plans.iter().filter(|t| t.contains(&tag)).count() as f64 / plans.len() as f64
}

#[test]
fn real_like_shares_follow_the_real_inputs() {
    // Drawn without rendering: the plan and the values only.
    let n = 800;
    let plans: Vec<Vec<Tag>> = (0..n)
        .map(|i| planned_tags(4, i, Condition::RealLike))
        .collect();
    let either = |a: Tag, b: Tag| {
        plans
            .iter()
            .filter(|t| t.contains(&a) || t.contains(&b))
            .count() as f64
            / n as f64
    };
    // Shares of the 109 real images (docs/ktp-layout.md); three standard errors at n = 800
    // are under 4.5 points for shares up to 30%.
    let real = [
        (Tag::PhonePhoto, 0.68),
        (Tag::FlatScan, 0.27),
        (Tag::Blurred, 0.24),
        (Tag::Background, 0.20),
        (Tag::CutOff, 0.17),
        (Tag::LowRes, 0.16),
        (Tag::Worn, 0.14),
        (Tag::Perspective, 0.08),
        (Tag::Stretched, 0.08),
        (Tag::Dark, 0.07),
        (Tag::Rotated90, 0.06),
        (Tag::Wna, 0.04),
        (Tag::Overlay, 0.03),
        (Tag::Greyscale, 0.02),
        (Tag::Moire, 0.02),
        (Tag::Png, 15.0 / 108.0),
    ];
    for (tag, want) in real {
        let got = planned_share(&plans, tag);
        let tolerance = 0.045f64.min(want * 0.6).max(0.012);
        assert!(
            (got - want).abs() <= tolerance,
            "{tag:?}: {got:.3} of {n}, real {want}"
        );
    }
    let glare_or_washed = either(Tag::Glare, Tag::WashedOut);
    assert!((glare_or_washed - 0.17).abs() < 0.045, "{glare_or_washed}");
    // Several conditions per image, as on real ones; the print variations all show up.
    let mean = plans.iter().map(Vec::len).sum::<usize>() as f64 / n as f64;
    assert!(mean > 3.0, "{mean} tags per card");
    for tag in [
        Tag::TightSpacing,
        Tag::FaintPeriods,
        Tag::StrongWatermark,
        Tag::DashNearPhoto,
        Tag::UndottedAbbreviation,
    ] {
        assert!(planned_share(&plans, tag) > 0.05, "{tag:?}");
    }
    // The card's width in the stored image: real percentiles 482 / 804 / 1303 px.
    let mut widths: Vec<f32> = (0..n)
        .map(|i| plan_for(4, i, Condition::RealLike).unwrap().card_px)
        .collect();
    widths.sort_by(f32::total_cmp);
    let at = |p: f64| widths[((n - 1) as f64 * p) as usize];
    for (p, real) in [(0.1, 482.0), (0.5, 804.0), (0.9, 1303.0)] {
        assert!(
            (at(p) / real - 1.0).abs() < 0.12,
            "p{p}: {} vs {real}",
            at(p)
        );
    }
}

#[test]
fn real_like_cards_record_their_tags_and_whether_they_are_whole() {
    for i in 0..6 {
        let card = generate_card(7, i, Condition::RealLike);
        let t = &card.truth;
        assert_eq!(t.condition, "real_like");
        let planned: Vec<&str> = planned_tags(7, i, Condition::RealLike)
            .iter()
            .filter(|t| !matches!(t, Tag::CutOff | Tag::LowRes))
            .map(|t| t.name())
            .collect();
        for tag in &planned {
            assert!(t.has_tag(tag), "card {i}: {tag} planned, tags {:?}", t.tags);
        }
        let (img, _, _) = decode(&card.bytes);
        assert_eq!(t.has_tag("cut_off"), t.incomplete == Some(true), "card {i}");
        assert_eq!(
            t.has_tag("low_res"),
            t.card_width() < ktp_synth::LOW_RES_CARD_PX,
            "card {i}"
        );
        // The recorded width is the plan's, through a stretch or not.
        let plan = plan_for(7, i, Condition::RealLike).unwrap();
        if plan.stretch.is_none() && !plan.perspective {
            let w = t.card_width();
            assert!(
                (w / plan.card_px - 1.0).abs() < 0.08,
                "card {i}: {w} vs {}",
                plan.card_px
            );
        }
        if !t.is_incomplete() {
            let (w, h) = (img.width() as f32, img.height() as f32);
            for [x, y] in t.corners {
                // Square corners may poke out a little where the rounded card is inside.
                let slack = 0.02 * t.card_width();
                assert!(
                    x > -slack && y > -slack && x < w + slack && y < h + slack,
                    "card {i}"
                );
            }
        }
    }
    // An old truth line (no tags, no `incomplete`) still parses; a cropped card then counts
    // as incomplete.
    let old = r#"{"file":"a.jpg","condition":"cropped","corners":[[0,0],[1,0],[1,1],[0,1]],"fields":{"provinsi":"","kabupaten_kota":"","nik":"","nama":"","tempat_lahir":"","tanggal_lahir":"","jenis_kelamin":"","gol_darah":"","alamat":"","rt":"","rw":"","kel_desa":"","kecamatan":"","agama":"","status_perkawinan":"","pekerjaan":"","kewarganegaraan":"","berlaku_hingga":"","tempat_terbit":"","tanggal_terbit":""},"nik_consistent":true}"#;
    let r = &ktp_synth::truth::parse_jsonl(old).unwrap()[0];
    assert!(r.tags.is_empty() && r.is_incomplete());
}

#[test]
fn tight_crops_fill_the_frame_and_stay_whole() {
    for i in 0..4 {
        let card = generate_card(9, i, Condition::TightCrop);
        let t = &card.truth;
        let (img, _, _) = decode(&card.bytes);
        let (w, h) = (img.width() as f32, img.height() as f32);
        assert_eq!(t.incomplete, Some(false), "card {i}");
        assert!(t.has_tag("tight_crop"));
        let cw = t.card_width();
        assert!((650.0..950.0).contains(&cw), "card {i}: {cw} px wide");
        // Every side of the frame within a sliver (1.2% of the card width) of the card.
        let xs = t.corners.map(|c| c[0]);
        let ys = t.corners.map(|c| c[1]);
        let min = |v: [f32; 4]| v.into_iter().fold(f32::MAX, f32::min);
        let max = |v: [f32; 4]| v.into_iter().fold(f32::MIN, f32::max);
        let gaps = [min(xs), min(ys), w - max(xs), h - max(ys)];
        for g in gaps {
            assert!(g.abs() <= 0.013 * cw + 1.0, "card {i}: gaps {gaps:?}");
        }
    }
}

#[test]
fn a_stretched_card_changes_the_image_aspect() {
    let i = (0..400)
        .find(|&i| {
            let p = plan_for(2, i, Condition::RealLike).unwrap();
            p.stretch.is_some_and(|(f, widen)| widen && f > 1.15)
                && p.turn.is_none()
                && !p.padded
                && !p.background
                && p.cut.is_empty()
                && !p.perspective
        })
        .expect("a widened card in 400");
    let card = generate_card(2, i, Condition::RealLike);
    assert!(card.truth.has_tag("stretched"));
    let (img, _, _) = decode(&card.bytes);
    let aspect = img.width() as f32 / img.height() as f32;
    // ID-1 is 1.586; widened by more than 15% the frame is at least 1.75.
    assert!(aspect > 1.75, "aspect {aspect}");
    let c = card.truth.corners;
    let side = ((c[3][0] - c[0][0]).powi(2) + (c[3][1] - c[0][1]).powi(2)).sqrt();
    assert!(card.truth.card_width() / side > 1.75);
}

fn truth_with(fields: &[(&str, &str)]) -> TruthRecord {
    TruthRecord {
        file: "x.jpg".into(),
        condition: "real_like".into(),
        corners: [[0.0, 0.0], [800.0, 0.0], [800.0, 505.0], [0.0, 505.0]],
        fields: KtpFields::from_pairs(fields.iter().copied()),
        nik_consistent: true,
        glare: BTreeMap::new(),
        tags: vec!["phone_photo".into()],
        incomplete: Some(false),
    }
}

fn read_as(fields: &[(&str, &str)]) -> Outcome {
    Outcome::new(Ok(KtpFields::from_pairs(fields.iter().copied())), 10.0)
}

fn class<'a>(classes: &'a [ClassScore], name: &str) -> &'a ClassScore {
    classes.iter().find(|c| c.class == name).unwrap()
}

#[test]
fn failure_classes_are_counted_from_truth_and_reading() {
    let card = [
        ("provinsi", "JAWA BARAT"),
        ("kabupaten_kota", "KABUPATEN GARUT"),
        ("nama", "SITI AMINAH"),
        ("alamat", "JL. MAWAR NO. 3"),
        ("kel_desa", "SUKAMAJU"),
        ("gol_darah", "-"),
        ("pekerjaan", "BELUM/TIDAK BEKERJA"),
        ("berlaku_hingga", "SEUMUR HIDUP"),
        ("tempat_terbit", "GARUT"),
        ("tanggal_terbit", "01-02-2015"),
    ];
    let truth = vec![truth_with(&card), truth_with(&card), truth_with(&card)];
    let outcomes = vec![
        // Everything right.
        read_as(&card),
        // A space dropped, a period dropped, the issue place lost, the dash read as 1, the
        // regency read as the province, a cut occupation, watermark after the validity, a
        // space added inside one word.
        read_as(&[
            ("provinsi", "GARUT"),
            ("kabupaten_kota", "KABUPATEN GARUT"),
            ("nama", "SITIAMINAH"),
            ("alamat", "JLMAWAR NO. 3"),
            ("kel_desa", "SUKA MAJU"),
            ("gol_darah", "1"),
            ("pekerjaan", "BELUMTIDAKT"),
            ("berlaku_hingga", "SEUMUR HIDUP NDUDUK"),
            ("tempat_terbit", ""),
            ("tanggal_terbit", "01-02-2015"),
        ]),
        Outcome::new(Err("DETECTION_FAILED".into()), 10.0),
    ];
    let fields = ktp_synth::eval::all_fields();
    let report = score(&truth, &outcomes, &fields);
    let c = &report.failure_classes;
    let space = class(c, "space dropped or added");
    assert_eq!(space.affected, 2, "{space:?}");
    assert_eq!(space.by_field["nama"], [1, 2]);
    assert_eq!(space.by_field["kel_desa"], [1, 2]);
    let period = class(c, "period dropped");
    assert_eq!((period.affected, period.eligible), (1, 2), "{period:?}");
    assert_eq!(class(c, "issue place not returned").affected, 1);
    assert_eq!(class(c, "issue date not returned").affected, 0);
    assert_eq!(class(c, "issue date not returned").eligible, 2);
    let dash = class(c, "blood type - missed");
    assert_eq!((dash.affected, dash.eligible), (1, 2));
    assert_eq!(class(c, "province wrong or lost").affected, 1);
    assert_eq!(class(c, "regency returned as the province").affected, 1);
    let closed = class(c, "closed-list value not in its vocabulary");
    // Occupation, validity and the blood type `1`; empty fields are not garbage.
    assert_eq!(closed.affected, 3, "{closed:?}");
    assert_eq!(closed.by_field["pekerjaan"], [1, 2]);
    let none = class(c, "no result");
    assert_eq!((none.affected, none.eligible), (1, 3));
    // The tag table and the class table are printed.
    let md = ktp_synth::eval::markdown(&report);
    assert!(md.contains("| phone_photo | 3 |"), "{md}");
    assert!(
        md.contains("| period dropped | 1 | 2 | 50.0% | alamat 1/2 |"),
        "{md}"
    );
}

#[test]
fn capture_warnings_are_scored_against_the_truth() {
    let mut whole = truth_with(&[("nama", "A")]);
    whole.tags = vec!["blurred".into()];
    let mut cut = truth_with(&[("nama", "A")]);
    cut.incomplete = Some(true);
    // A card 400 px wide is small; the tight 800 px ones are not.
    let mut small = truth_with(&[("nama", "A")]);
    small.corners = [[0.0, 0.0], [400.0, 0.0], [400.0, 252.0], [0.0, 252.0]];
    let warned = |codes: &[&str]| Outcome {
        warnings: codes.iter().map(|c| c.to_string()).collect(),
        ..read_as(&[("nama", "A")])
    };
    let outcomes = vec![
        warned(&["CARD_INCOMPLETE"]),
        warned(&["CARD_INCOMPLETE"]),
        warned(&["LOW_RESOLUTION"]),
    ];
    let report = score(&[whole, cut, small], &outcomes, &["nama"]);
    let w = &report.warnings;
    // CARD_INCOMPLETE raised on a whole card and on the cut one.
    assert_eq!(w["CARD_INCOMPLETE"].expected, 1);
    assert!((w["CARD_INCOMPLETE"].precision - 0.5).abs() < 1e-9);
    assert!((w["CARD_INCOMPLETE"].recall - 1.0).abs() < 1e-9);
    assert_eq!(w["LOW_RESOLUTION"].true_positives, 1);
    assert_eq!(w["BLURRY"].expected, 1);
    assert!((w["BLURRY"].recall).abs() < 1e-9);
}

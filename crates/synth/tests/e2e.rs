//! End to end on synthetic cards with the real models: bytes in, exact field values out.
//!
//! Cards come from the project's generator (`ktp_synth`), so no real person's card is
//! needed; every assertion compares real model output with the card's printed truth.

mod common;

use common::engine;
use ktp_ocr::ktp::{KtpFields, FIELD_NAMES};
use ktp_synth::pdf::pdf_with_jpeg;
use ktp_synth::{generate_card, Condition};

/// Fields that differ between what was read and what is printed.
fn wrong_fields(truth: &KtpFields, read: &KtpFields) -> Vec<String> {
    FIELD_NAMES
        .iter()
        .filter(|f| truth.get(f) != read.get(f))
        .map(|f| {
            format!(
                "{f}: want {:?} got {:?}",
                truth.get(f).unwrap_or(""),
                read.get(f).unwrap_or("")
            )
        })
        .collect()
}

#[test]
fn flat_scans_read_every_field() {
    let (mut cards_exact, mut fields_right, mut fields_total) = (0, 0, 0);
    let n = 12;
    for i in 0..n {
        let card = generate_card(11, i, Condition::FlatScan);
        let reading = engine().read(&card.bytes).expect("a flat scan reads");
        let read = reading.values();
        let wrong = wrong_fields(&card.truth.fields, &read);
        assert_eq!(read.nik, card.truth.fields.nik, "card {i}: NIK");
        if wrong.is_empty() {
            cards_exact += 1;
        } else {
            eprintln!("card {i}: {wrong:?}");
        }
        fields_total += FIELD_NAMES.len();
        fields_right += FIELD_NAMES.len() - wrong.len();
        for (name, f) in &reading.fields {
            assert!((0.0..=1.0).contains(&f.confidence), "{name} confidence");
            assert_eq!(f.quad.is_some(), !f.value.is_empty(), "{name} box");
        }
    }
    // Measured: 11 of 12 cards exact (a dropped space in a name is the usual miss).
    assert!(
        cards_exact >= 10,
        "{cards_exact}/{n} cards with every field exact"
    );
    assert!(
        fields_right as f64 >= 0.98 * fields_total as f64,
        "{fields_right}/{fields_total} fields exact"
    );
}

#[test]
fn rotated_exif_and_low_resolution_cards_read_like_scans() {
    let conditions = [
        Condition::Rotated90,
        Condition::Rotated180,
        Condition::Rotated270,
        Condition::ExifRotated,
        Condition::LowRes,
        Condition::PhonePhoto,
    ];
    for (i, condition) in conditions.into_iter().enumerate() {
        let card = generate_card(12, i, condition);
        let reading = engine().read(&card.bytes).expect("card reads");
        let read = reading.values();
        assert_eq!(read.nik, card.truth.fields.nik, "{condition:?}: NIK");
        let wrong = wrong_fields(&card.truth.fields, &read);
        assert!(wrong.len() <= 1, "{condition:?}: {wrong:?}");
        if condition == Condition::ExifRotated {
            assert_ne!(reading.exif_orientation, 1, "EXIF orientation applied");
        }
    }
}

#[test]
fn pdf_first_page_is_read() {
    let card = generate_card(13, 0, Condition::FlatScan);
    let img = image::load_from_memory(&card.bytes).unwrap().to_rgb8();
    let mut jpeg = Vec::new();
    img.write_with_encoder(image::codecs::jpeg::JpegEncoder::new_with_quality(
        &mut jpeg, 92,
    ))
    .unwrap();
    // a card scanned at true size (85.6 mm = 243 pt) on an A4 page
    let pdf = pdf_with_jpeg(
        &jpeg,
        img.width(),
        img.height(),
        243.0 * img.width() as f32 / 1024.0,
    );
    let read = engine().read(&pdf).expect("the PDF reads").values();
    assert_eq!(read.nik, card.truth.fields.nik);
    assert_eq!(read.nama, card.truth.fields.nama);
}

#[test]
fn holder_photo_is_cut_from_the_card() {
    use base64::Engine as _;
    let card = generate_card(14, 0, Condition::FlatScan);
    let (reading, _) = engine().read_with(
        &card.bytes,
        &ktp_ocr::ReadOptions {
            head_image: true,
            ..Default::default()
        },
    );
    let photo = reading.unwrap().photo.expect("photo");
    let jpeg = base64::engine::general_purpose::STANDARD
        .decode(photo)
        .unwrap();
    let img = image::load_from_memory(&jpeg).unwrap();
    // about 20 x 25 mm on an 85.6 mm card read at 1000 px: ~230 x 290 px
    assert!((180..300).contains(&img.width()), "{}", img.width());
    assert!(img.height() > img.width());
}

#[test]
fn not_a_card_gives_detection_failed() {
    // a page of text that is not a KTP: few of the card's labels
    let mut page = image::RgbImage::from_pixel(900, 600, image::Rgb([250, 250, 250]));
    let font = ab_glyph::FontRef::try_from_slice(include_bytes!(
        "../data/fonts/LiberationSans-Regular.ttf"
    ))
    .unwrap();
    for (i, line) in [
        "INVOICE 2026-11",
        "Item: coffee beans 2 kg",
        "Total: Rp 250.000",
        "Thank you",
    ]
    .iter()
    .enumerate()
    {
        imageproc::drawing::draw_text_mut(
            &mut page,
            image::Rgb([0, 0, 0]),
            60,
            60 + 60 * i as i32,
            ab_glyph::PxScale::from(32.0),
            &font,
            line,
        );
    }
    let mut png = Vec::new();
    image::DynamicImage::ImageRgb8(page)
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .unwrap();
    match engine().read(&png) {
        Err(ktp_ocr::Error::DetectionFailed(_)) => {}
        other => panic!("expected DetectionFailed, got {other:?}"),
    }
}

#[test]
fn the_engine_is_shared_across_threads() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<ktp_ocr::Engine>();
    let cards: Vec<_> = (0..2)
        .map(|i| generate_card(15, i, Condition::FlatScan))
        .collect();
    std::thread::scope(|s| {
        let handles: Vec<_> = cards
            .iter()
            .map(|c| s.spawn(move || engine().read(&c.bytes).map(|r| r.values().nik)))
            .collect();
        for (h, c) in handles.into_iter().zip(&cards) {
            assert_eq!(h.join().unwrap().unwrap(), c.truth.fields.nik);
        }
    });
}

fn codes(reading: &ktp_ocr::reading::KtpReading) -> Vec<&str> {
    reading.warnings.iter().map(|w| w.code.as_str()).collect()
}

#[test]
fn the_nik_is_decoded_and_checked_against_the_printed_card() {
    for i in 0..4 {
        let card = generate_card(13, i, Condition::FlatScan);
        let reading = engine().read(&card.bytes).expect("a flat scan reads");
        let check = reading.nik_check.as_ref().expect("a NIK was read");
        let truth = &card.truth.fields;
        assert!(check.valid, "card {i}: {:?}", check.checks);
        assert_eq!(check.checks.len(), 6);
        assert_eq!(
            check.sex,
            Some(truth.jenis_kelamin.as_str()),
            "card {i}: sex"
        );
        let mismatch = codes(&reading)
            .iter()
            .any(|c| c.starts_with("NIK_") && c.ends_with("_MISMATCH"));
        if card.truth.nik_consistent {
            assert_eq!(
                check.birth_date.as_deref(),
                Some(truth.tanggal_lahir.as_str())
            );
            assert_eq!(check.province.as_deref(), Some(truth.provinsi.as_str()));
            assert!(!mismatch, "card {i}: {:?}", codes(&reading));
        } else {
            assert!(mismatch, "card {i}: inconsistent NIK not flagged");
        }
        // Printed values stay as printed whatever the NIK says.
        assert_eq!(reading.values().tanggal_lahir, truth.tanggal_lahir);
    }
}

#[test]
fn capture_problems_are_flagged_without_stopping_the_reading() {
    let cases = [
        (Condition::Cropped, "CARD_INCOMPLETE"),
        (Condition::Photocopy, "PHOTOCOPY"),
        (Condition::Glare, "GLARE"),
        (Condition::LowRes, "LOW_RESOLUTION"),
        (Condition::ScreenPhoto, "SCREEN_PHOTO"),
    ];
    for (condition, code) in cases {
        // Cropped cards 0-3 of seed 14 lose only margin: every field and the layout's frame
        // are inside the picture, so CARD_INCOMPLETE would be a false alarm. Card 4's crop
        // runs into the layout.
        let index = if condition == Condition::Cropped {
            4
        } else {
            0
        };
        let card = generate_card(14, index, condition);
        let reading = engine().read(&card.bytes).expect("card reads");
        assert!(
            codes(&reading).contains(&code),
            "{condition:?}: {:?}",
            codes(&reading)
        );
        // Glare may wash out whatever it covers; elsewhere the text is all there.
        if condition != Condition::Glare {
            let read = reading.values();
            assert_eq!(read.nama, card.truth.fields.nama, "{condition:?}");
            assert_eq!(read.nik, card.truth.fields.nik, "{condition:?}");
        }
        let tencent = ktp_ocr::format::tencent::warn_card_infos(&reading);
        let expected = ktp_ocr::Code::from_name(code).and_then(ktp_ocr::format::tencent::warn_code);
        assert!(expected.is_none_or(|c| tencent.contains(&c)), "{tencent:?}");
    }
    // A clean scan raises none of them.
    let card = generate_card(14, 1, Condition::FlatScan);
    let reading = engine().read(&card.bytes).expect("a flat scan reads");
    let q = reading.quality.expect("quality measured");
    assert!(
        q.sharpness > 0.35 && q.colour > 6.0 && !q.incomplete,
        "{q:?}"
    );
    assert!(
        !codes(&reading).iter().any(|c| [
            "BLURRY",
            "GLARE",
            "LOW_RESOLUTION",
            "CARD_INCOMPLETE",
            "PHOTOCOPY",
            "SCREEN_PHOTO"
        ]
        .contains(c)),
        "{:?}",
        codes(&reading)
    );
}

#[test]
fn a_heavily_blurred_card_is_refused_with_the_reason() {
    // Most heavily blurred cards cannot be read; the error says why.
    let card = generate_card(11, 19, Condition::HeavyBlur);
    match engine().read(&card.bytes) {
        Err(ktp_ocr::Error::DetectionFailed(m)) => assert!(m.contains("blurred"), "{m}"),
        Ok(r) => assert!(codes(&r).contains(&"BLURRY"), "{:?}", codes(&r)),
        Err(e) => panic!("{e}"),
    }
}

/// A card filling much of the frame, cut by it, whose holder's photo has a blue backdrop:
/// the blueness split falls between the card's ground and the backdrop, and the card is
/// still found (by the plain threshold), so the cut is seen and reported.
#[test]
fn a_cut_card_with_a_blue_photo_backdrop_is_still_outlined() {
    let card = generate_card(1, 61, Condition::Cropped);
    let reading = engine().read(&card.bytes).expect("card reads");
    let q = reading.quality.expect("quality measured");
    assert!(q.incomplete, "{q:?}");
    assert!(codes(&reading).contains(&"CARD_INCOMPLETE"));
    assert_eq!(reading.values().nik, card.truth.fields.nik);
}

/// A card cropped to its edges, 613 px wide in the image: its outline runs inside the
/// rounded edge and measured it under 600 px (`LOW_RESOLUTION` raised); the layout's frame,
/// placed from the labels and the issue date, keeps the measure near the truth.
#[test]
fn a_card_just_over_600_px_is_not_called_low_resolution() {
    let card = generate_card(77, 27, Condition::RealLike);
    let width = card.truth.card_width();
    assert!(
        (600.0..640.0).contains(&width),
        "the case needs a card of 600-640 px: {width}"
    );
    let reading = engine().read(&card.bytes).expect("card reads");
    let q = reading.quality.expect("quality measured");
    assert!(
        q.card_width_px >= 600.0 && (q.card_width_px - width).abs() < 0.05 * width,
        "{q:?} against {width} px"
    );
    assert!(
        !codes(&reading).contains(&"LOW_RESOLUTION"),
        "{:?}",
        codes(&reading)
    );
}

/// A flat scan with a strong watermark: the detector merges the issue place and date
/// with the watermark's diagonal lines into one region it drops, so the card's reading has
/// neither; the area under the photo, read again on its print alone, gives both.
#[test]
fn the_issue_place_and_date_are_read_through_a_strong_watermark() {
    let card = generate_card(77, 2, Condition::RealLike);
    assert!(
        card.truth.tags.iter().any(|t| t == "strong_watermark"),
        "the case needs a strong watermark: {:?}",
        card.truth.tags
    );
    let reading = engine().read(&card.bytes).expect("card reads");
    let (want, got) = (&card.truth.fields, reading.values());
    assert_eq!(got.tempat_terbit, want.tempat_terbit);
    assert_eq!(got.tanggal_terbit, want.tanggal_terbit);
}

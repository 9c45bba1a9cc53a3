//! The pipeline's decisions with stand-in models, no model files: a card drawn as coloured
//! bars (one per printed line, a black mark at each line's start), a detector that finds the
//! bars, a recogniser that knows each bar's text by its colour, and a classifier that calls
//! a line upside down when its mark is at the right.

use super::*;
use crate::ocr::detect::TextBox;
use crate::ocr::geometry::Quad;
use crate::ocr::recognize::{CharFilter, Recognized};
use crate::warning::Code;
use image::{Rgb, RgbImage};
use imageproc::region_labelling::{connected_components, Connectivity};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

/// Card ground (light sky blue) and the paper around it.
const GROUND: Rgb<u8> = Rgb([190, 225, 240]);
const GREY_GROUND: Rgb<u8> = Rgb([215, 215, 215]);
const PAPER: Rgb<u8> = Rgb([246, 246, 246]);
const MARK: Rgb<u8> = Rgb([0, 0, 0]);
/// A card of 1000 x 631 at (100, 80) in a 1200 x 800 frame.
const CARD_AT: (u32, u32) = (100, 80);

/// The printed lines: (text, x, y) on a 1000 x 631 card, 20 px text, 29 px pitch.
fn card_lines() -> Vec<(&'static str, f32, f32)> {
    let mut out = vec![
        ("PROVINSI JAWA BARAT", 330.0, 20.0),
        ("KOTA BEKASI", 400.0, 58.0),
        ("NIK", 20.0, 110.0),
        (": 3275014512900003", 200.0, 110.0),
    ];
    let rows = [
        ("Nama", ": SITI AMINAH"),
        ("Tempat/Tgl Lahir", ": BEKASI, 05-12-1990"),
        ("Jenis kelamin", ": PEREMPUAN"),
        ("Alamat", ": JL. MAWAR NO. 5"),
        ("RT/RW", ": 001/024"),
        ("Kel/Desa", ": MARGAHAYU"),
        ("Kecamatan", ": BEKASI TIMUR"),
        ("Agama", ": ISLAM"),
        ("Status Perkawinan", ": KAWIN"),
        ("Pekerjaan", ": KARYAWAN SWASTA"),
        ("Kewarganegaraan", ": WNI"),
        ("Berlaku Hingga", ": SEUMUR HIDUP"),
    ];
    for (i, (label, value)) in rows.into_iter().enumerate() {
        let y = 165.0 + 29.0 * i as f32;
        let indent = if ["RT/RW", "Kel/Desa", "Kecamatan"].contains(&label) {
            55.0
        } else {
            0.0
        };
        out.push((label, 25.0 + indent, y));
        out.push((value, 235.0, y));
    }
    out.push(("Gol. Darah", 495.0, 223.0));
    out.push((": AB", 610.0, 223.0));
    out.push(("KOTA BEKASI", 770.0, 428.0));
    out.push(("12-06-2016", 775.0, 456.0));
    out
}

/// The bar colour of line `id`: its red channel says which line it is.
fn colour(id: usize) -> Rgb<u8> {
    Rgb([60 + 4 * id as u8, 20, 20])
}

fn id_of(red: u8) -> Option<usize> {
    (red >= 58).then(|| ((f32::from(red) - 60.0) / 4.0).round() as usize)
}

/// An upright frame holding the card with `lines` (indices into [`card_lines`]).
fn frame(ground: Rgb<u8>, keep: impl Fn(usize) -> bool) -> RgbImage {
    let mut img = RgbImage::from_pixel(1200, 800, PAPER);
    let (cx, cy) = CARD_AT;
    for y in 0..631 {
        for x in 0..1000 {
            img.put_pixel(cx + x, cy + y, ground);
        }
    }
    for (id, (text, x, y)) in card_lines().into_iter().enumerate() {
        if !keep(id) {
            continue;
        }
        let w = 11 * text.chars().count() as u32;
        let (x0, y0) = (cx + x as u32, cy + y as u32);
        for yy in y0..y0 + 20 {
            for xx in x0..x0 + w {
                let mark = xx < x0 + 6;
                img.put_pixel(xx, yy, if mark { MARK } else { colour(id) });
            }
        }
    }
    img
}

/// Bar body, mark, or the blend of the two at their border.
fn is_bar(p: &Rgb<u8>) -> bool {
    let [r, g, b] = p.0;
    r < 200 && g < 60 && b < 60
}

/// Finds the bars, counting its calls.
struct BarDetector {
    calls: Arc<AtomicUsize>,
}

impl crate::ocr::model::TextDetector for BarDetector {
    fn detect(&self, image: &RgbImage, _max_side: u32) -> Result<Vec<TextBox>> {
        self.calls.fetch_add(1, Ordering::Relaxed);
        let mask = image::GrayImage::from_fn(image.width(), image.height(), |x, y| {
            image::Luma([if is_bar(image.get_pixel(x, y)) {
                255
            } else {
                0
            }])
        });
        let labels = connected_components(&mask, Connectivity::Eight, image::Luma([0]));
        let mut bounds: std::collections::BTreeMap<u32, (u32, u32, u32, u32)> = Default::default();
        for (x, y, l) in labels.enumerate_pixels() {
            if l.0[0] == 0 {
                continue;
            }
            let b = bounds.entry(l.0[0]).or_insert((x, y, x, y));
            *b = (b.0.min(x), b.1.min(y), b.2.max(x), b.3.max(y));
        }
        let mut boxes: Vec<TextBox> = bounds
            .values()
            .filter(|(x0, y0, x1, y1)| (x1 - x0).max(y1 - y0) > 8)
            .map(|&(x0, y0, x1, y1)| TextBox {
                quad: Quad::from_rect(x0 as f32, y0 as f32, x1 as f32 + 1.0, y1 as f32 + 1.0),
                score: 0.9,
            })
            .collect();
        crate::ocr::detect::sort_reading_order(&mut boxes);
        Ok(boxes)
    }
}

/// Knows every bar's text by its colour; reads the NIK's `:` as nothing and its digits only
/// when asked for digits, and reads everything at `confidence`.
struct BarRecognizer {
    confidence: f32,
    /// What the unrestricted read makes of the NIK (a letter for a digit, say).
    nik_as_letters: &'static str,
    /// What the province header reads as.
    header: &'static str,
}

impl crate::ocr::model::TextRecognizer for BarRecognizer {
    fn recognize(&self, crops: &[RgbImage], filter: CharFilter) -> Result<Vec<Recognized>> {
        let lines = card_lines();
        Ok(crops
            .iter()
            .map(|crop| {
                let mid = crop.height() / 2;
                let mut reds: Vec<u8> = (0..crop.width())
                    .map(|x| crop.get_pixel(x, mid))
                    .filter(|p| p.0[0] > 50 && p.0[1] < 60)
                    .map(|p| p.0[0])
                    .collect();
                reds.sort_unstable();
                let id = reds.get(reds.len() / 2).and_then(|&r| id_of(r));
                let text = match id.and_then(|i| lines.get(i)) {
                    Some((t, ..)) if filter == CharFilter::Digits => {
                        t.chars().filter(char::is_ascii_digit).collect()
                    }
                    Some((t, ..)) if t.contains("3275014512900003") => {
                        format!(": {}", self.nik_as_letters)
                    }
                    Some((t, ..)) if t.starts_with("PROVINSI") => self.header.to_string(),
                    Some((t, ..)) => t.to_string(),
                    None => String::new(),
                };
                // characters spread evenly over the model's output steps (8 px of a 48 px
                // high input each), as the real recogniser places them
                let n = text.chars().count();
                let steps = 48.0 * crop.width() as f32 / crop.height().max(1) as f32 / 8.0;
                Recognized {
                    char_confidences: vec![self.confidence; n],
                    char_steps: (0..n)
                        .map(|i| ((i as f32 + 0.5) / n as f32 * steps) as u32)
                        .collect(),
                    char_alternatives: vec![None; n],
                    gaps_before: vec![Default::default(); n],
                    text,
                }
            })
            .collect())
    }
}

/// A line is upside down when its black mark is at its right end.
struct MarkClassifier;

impl crate::ocr::model::LineClassifier for MarkClassifier {
    fn upside_down(&self, crops: &[RgbImage]) -> Result<Vec<f32>> {
        let dark = |crop: &RgbImage, xs: std::ops::Range<u32>| {
            let mid = crop.height() / 2;
            xs.filter(|&x| crop.get_pixel(x, mid).0.iter().all(|&c| c < 40))
                .count()
        };
        Ok(crops
            .iter()
            .map(|c| {
                let w = c.width();
                let (left, right) = (dark(c, 0..w / 4), dark(c, w - w / 4..w));
                if right > left {
                    0.95
                } else {
                    0.05
                }
            })
            .collect())
    }
}

/// An engine over the stand-ins, and its detector's call count.
fn engine(confidence: f32) -> (Engine, Arc<AtomicUsize>) {
    engine_reading_header(confidence, "PROVINSI JAWA BARAT")
}

/// [`engine`], its recogniser reading the province header as `header`.
fn engine_reading_header(confidence: f32, header: &'static str) -> (Engine, Arc<AtomicUsize>) {
    let calls = Arc::new(AtomicUsize::new(0));
    let models = Models {
        detector: Box::new(BarDetector {
            calls: calls.clone(),
        }),
        recognizer: Box::new(BarRecognizer {
            confidence,
            nik_as_letters: "3275O145129OOOO3",
            header,
        }),
        classifier: Box::new(MarkClassifier),
    };
    let engine = Engine::builder()
        .models(models)
        .build()
        .expect("stand-in models");
    (engine, calls)
}

fn png(img: &RgbImage) -> Vec<u8> {
    let mut out = Vec::new();
    image::DynamicImage::ImageRgb8(img.clone())
        .write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .expect("encode PNG");
    out
}

fn all_lines(_: usize) -> bool {
    true
}

#[test]
fn a_card_with_an_outline_is_read_in_one_pass() {
    let (engine, calls) = engine(0.99);
    let reading = engine.read(&png(&frame(GROUND, all_lines))).expect("reads");
    let v = reading.values();
    assert_eq!(v.nama, "SITI AMINAH");
    assert_eq!(v.kabupaten_kota, "KOTA BEKASI");
    assert_eq!(v.pekerjaan, "KARYAWAN SWASTA");
    assert_eq!(v.tanggal_terbit, "12-06-2016");
    assert_eq!(reading.orientation, 0);
    // a sure card pass is the only one: no whole-image reading after it
    assert_eq!(calls.load(Ordering::Relaxed), 1);
    // boxes are in input pixels: the name's box lies where it was drawn in the frame
    let [tl, ..] = reading.fields["nama"].quad.expect("a box");
    assert!((tl[0] - (100.0 + 235.0)).abs() < 8.0, "{tl:?}");
}

#[test]
fn the_nik_is_read_again_with_digits_only() {
    let (engine, _) = engine(0.99);
    let reading = engine.read(&png(&frame(GROUND, all_lines))).expect("reads");
    // the unrestricted read had letters for digits; the digits-only read is kept
    assert_eq!(reading.fields["nik"].value, "3275014512900003");
    assert!(reading.nik_check.as_ref().is_some_and(|c| c.valid));
}

#[test]
fn an_upside_down_card_is_turned_once() {
    let (engine, calls) = engine(0.99);
    let turned = image::imageops::rotate180(&frame(GROUND, all_lines));
    let reading = engine.read(&png(&turned)).expect("reads");
    assert_eq!(reading.values().nama, "SITI AMINAH");
    assert_eq!(reading.orientation, 180);
    // detected once, its boxes turned with the card, no whole-image pass
    assert_eq!(calls.load(Ordering::Relaxed), 1);
}

#[test]
fn without_an_outline_the_whole_image_is_read() {
    let (engine, _) = engine(0.99);
    let reading = engine
        .read(&png(&frame(GREY_GROUND, all_lines)))
        .expect("reads");
    assert_eq!(reading.values().nama, "SITI AMINAH");
    assert_eq!(reading.values().agama, "ISLAM");
    assert_eq!(reading.orientation, 0);
}

#[test]
fn a_quarter_turned_image_without_an_outline_is_turned_upright() {
    let (engine, _) = engine(0.99);
    // the card turned a quarter counter-clockwise: a quarter clockwise puts it upright
    let turned = image::imageops::rotate270(&frame(GREY_GROUND, all_lines));
    let reading = engine.read(&png(&turned)).expect("reads");
    assert_eq!(reading.values().nama, "SITI AMINAH");
    assert_eq!(reading.orientation, 90);
}

#[test]
fn an_unsure_card_pass_is_compared_with_the_whole_image() {
    // every character at 0.7: the card pass holds about 14 of 20 and is not sure enough
    let (engine, calls) = engine(0.7);
    let reading = engine.read(&png(&frame(GROUND, all_lines))).expect("reads");
    assert_eq!(reading.values().nama, "SITI AMINAH");
    // the card, then the whole image (detected once to orient it, once more when cut)
    assert!(calls.load(Ordering::Relaxed) >= 2, "{calls:?}");
}

#[test]
fn too_few_labels_and_no_province_header_is_no_card() {
    let (engine, _) = engine(0.99);
    // the regency and the NIK, but no province header to confirm the NIK
    let img = frame(GROUND, |id| (1..4).contains(&id));
    match engine.read(&png(&img)) {
        Err(Error::DetectionFailed(m)) => assert!(m.contains("labels were read"), "{m}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_card_whose_labels_are_unreadable_is_read_from_its_nik_under_its_province() {
    let (engine, _) = engine(0.99);
    // only the header and the NIK: too few labels, but the NIK is valid and the header
    // names its province (32: Jawa Barat)
    let reading = engine
        .read(&png(&frame(GROUND, |id| id < 4)))
        .expect("reads");
    let values = reading.values();
    assert_eq!(values.nik, "3275014512900003");
    assert_eq!(values.provinsi, "JAWA BARAT");
    assert_eq!(values.kabupaten_kota, "KOTA BEKASI");
    assert_eq!(values.nama, "");
    assert!(reading.fields["nik"].confidence >= 0.9);
    assert!(reading
        .warnings
        .iter()
        .any(|w| w.code == Code::FieldNotFound && w.field == Some("nama")));
}

#[test]
fn a_card_read_without_its_labels_is_not_called_cut() {
    let (engine, _) = engine(0.99);
    // the header and the NIK only, the card's bottom fifth below the image's edge: with
    // no labels to place the card, nothing says where its edges are
    let img = frame(GROUND, |id| id < 4);
    let cut = image::imageops::crop_imm(&img, 0, 0, 1200, 580).to_image();
    let reading = engine.read(&png(&cut)).expect("reads");
    assert_eq!(reading.values().nik, "3275014512900003");
    assert!(!reading
        .warnings
        .iter()
        .any(|w| w.code == Code::CardIncomplete));
}

#[test]
fn a_header_naming_another_province_does_not_confirm_the_nik() {
    let (engine, _) = engine_reading_header(0.99, "PROVINSI JAWA TENGAH");
    match engine.read(&png(&frame(GROUND, |id| id < 4))) {
        Err(Error::DetectionFailed(m)) => assert!(m.contains("labels were read"), "{m}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn missing_fields_are_warned_and_confidences_are_capped() {
    let (engine, _) = engine(0.99);
    let position = |text: &str| card_lines().iter().position(|(t, ..)| *t == text).unwrap();
    // neither the issue date nor the blood type's value is printed
    let (date, blood) = (position("12-06-2016"), position(": AB"));
    let reading = engine
        .read(&png(&frame(GROUND, |id| id != date && id != blood)))
        .expect("reads");
    let warned = |code: Code, field: &str| {
        reading
            .warnings
            .iter()
            .any(|w| w.code == code && w.field == Some(field))
    };
    assert!(warned(Code::FieldNotFound, "tanggal_terbit"));
    // nothing after the Gol. Darah label: the dash half the cards print, inferred
    assert_eq!(reading.fields["gol_darah"].value, "-");
    assert!(warned(Code::FieldRepaired, "gol_darah"));
    assert!(reading.fields["gol_darah"].confidence <= crate::confidence::INFERRED_VALUE);
    for (name, f) in &reading.fields {
        assert!((0.0..=1.0).contains(&f.confidence), "{name}");
        assert_eq!(f.quad.is_some(), !f.value.is_empty(), "{name}");
    }
}

#[test]
fn the_trace_shows_the_lines_and_their_fields() {
    let (engine, _) = engine(0.99);
    let options = ReadOptions {
        trace: true,
        ..ReadOptions::default()
    };
    let (reading, trace) = engine.read_with(&png(&frame(GROUND, all_lines)), &options);
    assert!(reading.is_ok());
    let trace = trace.expect("asked for");
    assert!(trace.outline.is_some());
    assert_eq!(trace.lines.len(), card_lines().len());
    assert!(trace.lines.iter().any(|l| l.field == Some("nama")));
}

#[test]
fn a_value_the_detector_missed_is_read_from_its_row_band() {
    let (engine, _) = engine(0.99);
    let mut img = frame(GROUND, all_lines);
    // The address's bar drawn bluer than any bar the detector finds (as a stamp printed
    // over a value leaves the real detector with no box), and without its start mark.
    let lines = card_lines();
    let id = lines
        .iter()
        .position(|(t, ..)| *t == ": JL. MAWAR NO. 5")
        .expect("the address line");
    let (text, x, y) = lines[id];
    let (x0, y0) = (CARD_AT.0 + x as u32, CARD_AT.1 + y as u32);
    for yy in y0..y0 + 20 {
        for xx in x0..x0 + 11 * text.chars().count() as u32 {
            img.put_pixel(xx, yy, Rgb([colour(id).0[0], 20, 70]));
        }
    }
    let reading = engine.read(&png(&img)).expect("reads");
    let v = reading.values();
    assert_eq!(v.alamat, "JL. MAWAR NO. 5");
    assert_eq!(v.rt, "001", "the rows below keep their values");
}

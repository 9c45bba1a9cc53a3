//! Time per pipeline stage on the sample photo, with 2 inference threads (the reference
//! machine's cores): `cargo bench --bench stages`.
//!
//! - `locate_and_rectify`: finding the card's outline and straightening it;
//! - `detect`: text detection of the straightened card at the engine's input size;
//! - `recognize_lines`: recognition of every line the detector found (batched by width, as
//!   the engine does), which with detection is the models' own time: the physical limit;
//! - `parse`: the field parser over the recognised lines.
//!
//! The end-to-end figure is `cargo bench --bench pipeline`.

use criterion::{criterion_group, criterion_main, Criterion};
use ktp_ocr::card;
use ktp_ocr::fields::{self, Line};
use ktp_ocr::ocr::detect::Detector;
use ktp_ocr::ocr::geometry::crop_quad;
use ktp_ocr::ocr::model::{TextDetector, TextRecognizer};
use ktp_ocr::ocr::recognize::{CharFilter, Recognizer};
use ktp_ocr::ocr::runtime::{Device, ModelFiles, ModelSource, SessionOptions, SessionPool};

fn stages(c: &mut Criterion) {
    let files = ModelFiles::find().expect("models missing: run scripts/setup.sh");
    let options = SessionOptions {
        runtime: files.runtime.clone(),
        device: Device::Cpu,
        intra_threads: 2,
        pool_size: 1,
    };
    let pool = |p: &std::path::Path| {
        SessionPool::new(&ModelSource::Path(p.to_path_buf()), &options).expect("model loads")
    };
    let detector = Detector::new(pool(&files.detection));
    let recognizer = Recognizer::new(pool(&files.recognition)).expect("recogniser loads");

    let path = format!("{}/testdata/sample-photo.jpg", env!("CARGO_MANIFEST_DIR"));
    let image = image::open(&path).expect("sample photo").to_rgb8();
    let outline = card::locate::locate(&image).expect("the sample photo has an outline");
    let rect = card::rectify(&image, &outline).expect("rectified");
    let boxes = detector
        .detect(&rect.image, card::CARD_DETECT_SIDE)
        .expect("detects");
    let crops: Vec<_> = boxes
        .iter()
        .filter_map(|b| crop_quad(&rect.image, &b.quad))
        .collect();
    let read = recognizer
        .recognize(&crops, CharFilter::Ascii)
        .expect("recognises");
    let lines: Vec<Line> = read
        .into_iter()
        .zip(&boxes)
        .map(|(r, b)| Line {
            text: r.text,
            char_confidences: r.char_confidences,
            quad: b.quad,
        })
        .collect();

    let mut group = c.benchmark_group("stage");
    group.sample_size(20);
    group.bench_function("locate_and_rectify", |b| {
        b.iter(|| {
            let q = card::locate::locate(&image).expect("outline");
            card::rectify(&image, &q).expect("rectified")
        })
    });
    group.bench_function("detect", |b| {
        b.iter(|| {
            detector
                .detect(&rect.image, card::CARD_DETECT_SIDE)
                .expect("detects")
        })
    });
    group.bench_function(format!("recognize_lines ({} lines)", crops.len()), |b| {
        b.iter(|| {
            recognizer
                .recognize(&crops, CharFilter::Ascii)
                .expect("recognises")
        })
    });
    group.bench_function("parse", |b| b.iter(|| fields::parse(&lines)));
    group.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);

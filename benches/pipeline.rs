//! End-to-end time per card: `cargo bench --bench pipeline`.
//!
//! Reads the sample cards in testdata/ through the whole pipeline (decode, orientation,
//! detection, classification, recognition, parsing) with 2 inference threads, the size of
//! the reference machine.

use criterion::{criterion_group, criterion_main, Criterion};
use ktp_ocr::Engine;

fn pipeline(c: &mut Criterion) {
    let engine = Engine::builder()
        .threads(2)
        .build()
        .expect("models missing: run scripts/setup.sh");
    let mut group = c.benchmark_group("read_card");
    group.sample_size(20);
    for name in ["sample-card.jpg", "sample-photo.jpg"] {
        let path = format!("{}/testdata/{name}", env!("CARGO_MANIFEST_DIR"));
        let bytes = std::fs::read(&path).expect("sample card missing");
        group.bench_function(name, |b| {
            b.iter(|| engine.read(&bytes).expect("sample card must read"))
        });
    }
    group.finish();
}

criterion_group!(benches, pipeline);
criterion_main!(benches);

//! Batching across cards (`EngineBuilder::batch_cards`) with the real models: cards read at
//! the same time share model calls, and each reads exactly as it does alone. This is the
//! GPU's batching path, run on the CPU (CI has no GPU).

use ktp_ocr::Engine;
use ktp_synth::{generate_card, Condition};
use std::sync::Barrier;

#[test]
fn cards_read_together_share_model_calls_and_read_as_they_do_alone() {
    let alone = Engine::builder()
        .threads(2)
        .build()
        .expect("models missing: run scripts/setup.sh");
    let together = Engine::builder()
        .threads(2)
        .concurrency(1)
        .batch_cards(4)
        .build()
        .expect("models missing: run scripts/setup.sh");
    let cards: Vec<_> = [Condition::FlatScan, Condition::PhonePhoto]
        .into_iter()
        .flat_map(|c| (0..2).map(move |i| generate_card(41, i, c)))
        .collect();
    let values_alone: Vec<_> = cards
        .iter()
        .map(|c| alone.read(&c.bytes).expect("reads alone").values())
        .collect();
    assert_eq!(alone.batch_stats().recognition.mean_batch(), 1.0);

    let start = Barrier::new(cards.len());
    let values_together: Vec<_> = std::thread::scope(|s| {
        let handles: Vec<_> = cards
            .iter()
            .map(|c| {
                let (together, start) = (&together, &start);
                s.spawn(move || {
                    start.wait();
                    together.read(&c.bytes).expect("reads in a batch").values()
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    for (i, (a, t)) in values_alone.iter().zip(&values_together).enumerate() {
        assert_eq!(a, t, "card {i} read differently in a batch");
    }
    // Four cards at once, one session: requests queue while a call runs and go together.
    let stats = together.batch_stats();
    eprintln!("{stats:?}");
    assert!(
        stats.recognition.requests > stats.recognition.calls,
        "no recognition call carried two cards: {stats:?}"
    );
    assert!(stats.detection.requests >= cards.len() as u64, "{stats:?}");
}

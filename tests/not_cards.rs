//! Every image in testdata/not-cards/ (a blank page, an invoice, a landscape photo, a
//! light-blue card of another kind) must give DETECTION_FAILED, never a made-up reading.

mod common;

#[test]
fn non_card_images_give_detection_failed() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/testdata/not-cards");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "png" || e == "jpg"))
        .collect();
    files.sort();
    assert!(files.len() >= 4, "the not-card set is missing");
    for f in files {
        let bytes = std::fs::read(&f).unwrap();
        match common::engine().read(&bytes) {
            Err(ktp_ocr::Error::DetectionFailed(_)) => {}
            other => panic!("{}: expected DetectionFailed, got {other:?}", f.display()),
        }
    }
}

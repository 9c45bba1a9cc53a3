//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::sync::OnceLock;

/// One engine for the whole test binary (models load once; ONNX Runtime allows one
/// environment per process).
pub fn engine() -> &'static ktp_ocr::Engine {
    static ENGINE: OnceLock<ktp_ocr::Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        ktp_ocr::Engine::builder()
            .threads(2)
            .build()
            .expect("models missing: run scripts/setup.sh")
    })
}

//! A GPU asked for is never served by the CPU: on a machine without the GPU runtime, its
//! libraries or the `cuda` build, building the engine fails with an error that says what is
//! missing and how to get it. (CI has no GPU: these are the checks a CPU machine can make.)

use ktp_ocr::ocr::runtime::{
    Device, CLASSIFIER_MODEL, CUDA_PROVIDER_LIBRARY, DETECTION_MODEL, GPU_DIR, ONNXRUNTIME_LIBRARY,
    RECOGNITION_MODEL,
};
use ktp_ocr::{Engine, Error};
use std::path::{Path, PathBuf};

/// A fresh folder holding links to the repo's CPU models, and `gpu_files` (empty stand-ins)
/// under gpu/.
fn folder(name: &str, gpu_files: &[&str]) -> PathBuf {
    let models = Path::new(env!("CARGO_MANIFEST_DIR")).join("models");
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join(GPU_DIR)).unwrap();
    for f in [
        ONNXRUNTIME_LIBRARY,
        DETECTION_MODEL,
        RECOGNITION_MODEL,
        CLASSIFIER_MODEL,
    ] {
        std::os::unix::fs::symlink(models.join(f), dir.join(f)).unwrap();
    }
    for f in gpu_files {
        std::fs::write(dir.join(GPU_DIR).join(f), b"").unwrap();
    }
    dir
}

fn gpu_engine_error(dir: &Path) -> String {
    match Engine::builder()
        .models_dir(dir)
        .device(Device::Cuda(0))
        .build()
    {
        Ok(_) => panic!("a GPU engine was built without a GPU runtime"),
        Err(Error::Setup(m)) => m,
        Err(e) => panic!("not a set-up error: {e}"),
    }
}

#[test]
fn without_the_gpu_runtime_the_error_names_its_folder_and_the_set_up() {
    let dir = folder("models-no-gpu", &[]);
    let m = gpu_engine_error(&dir);
    assert!(m.contains(&dir.join(GPU_DIR).display().to_string()), "{m}");
    assert!(
        m.contains(ONNXRUNTIME_LIBRARY) && m.contains(CUDA_PROVIDER_LIBRARY),
        "{m}"
    );
    assert!(m.contains("scripts/setup.sh --gpu"), "{m}");
}

#[test]
fn with_the_runtime_files_but_no_gpu_the_engine_still_refuses() {
    // Empty stand-ins: without the `cuda` feature the build says so; with it, the stand-in
    // GPU runtime fails to load.
    let dir = folder(
        "models-fake-gpu",
        &[ONNXRUNTIME_LIBRARY, CUDA_PROVIDER_LIBRARY],
    );
    let m = gpu_engine_error(&dir);
    if cfg!(feature = "cuda") {
        // the GPU runtime named cannot be loaded, and the CPU one is never taken instead
        let gpu_runtime = dir.join(GPU_DIR).join(ONNXRUNTIME_LIBRARY);
        assert!(m.contains(&gpu_runtime.display().to_string()), "{m}");
    } else {
        assert!(m.contains("no `cuda` feature"), "{m}");
    }
}

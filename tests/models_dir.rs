//! The models folder belongs to the engine built with it: two engines with two folders in
//! one process each load their own files, and an explicit folder is authoritative (a file
//! missing there is an error naming the folder, never a silent fallback elsewhere).

use ktp_ocr::ocr::runtime::{
    CLASSIFIER_MODEL, DETECTION_MODEL, ONNXRUNTIME_LIBRARY, PDFIUM_LIBRARY, RECOGNITION_MODEL,
};
use ktp_ocr::{Engine, Error};
use std::path::{Path, PathBuf};

fn repo_models() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("models")
}

/// A fresh folder under the target directory holding links to `files` of the repo's models.
fn folder_with(name: &str, files: &[&str]) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for f in files {
        std::os::unix::fs::symlink(repo_models().join(f), dir.join(f)).unwrap();
    }
    dir
}

const ALL: [&str; 5] = [
    ONNXRUNTIME_LIBRARY,
    DETECTION_MODEL,
    RECOGNITION_MODEL,
    CLASSIFIER_MODEL,
    PDFIUM_LIBRARY,
];

#[test]
fn two_engines_with_two_folders_each_load_their_own() {
    let other = folder_with("models-b", &ALL);
    let a = Engine::builder()
        .models_dir(repo_models())
        .threads(1)
        .build()
        .expect("the repository's models: run scripts/setup.sh");
    let b = Engine::builder()
        .models_dir(&other)
        .threads(1)
        .build()
        .expect("the linked folder");
    let (fa, fb) = (a.model_files().unwrap(), b.model_files().unwrap());
    assert_eq!(fa.dir, repo_models());
    assert_eq!(fb.dir, other);
    for path in [&fb.detection, &fb.recognition, &fb.classifier] {
        assert!(path.starts_with(&other), "{}", path.display());
    }
    assert!(fb.pdfium.as_ref().is_some_and(|p| p.starts_with(&other)));
    let card =
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/sample-card.jpg"))
            .unwrap();
    let (ra, rb) = (a.read(&card).unwrap(), b.read(&card).unwrap());
    assert_eq!(ra.values(), rb.values());
}

#[test]
fn an_empty_explicit_folder_is_an_error_naming_it() {
    let empty = folder_with("models-empty", &[]);
    match Engine::builder().models_dir(&empty).build() {
        Err(Error::Setup(m)) => {
            assert!(m.contains(&empty.display().to_string()), "{m}");
            assert!(m.contains(DETECTION_MODEL), "{m}");
        }
        Err(e) => panic!("wrong error: {e}"),
        Ok(_) => panic!("an empty models folder must not build"),
    }
}

#[test]
fn a_folder_missing_one_model_names_that_model() {
    let partial = folder_with(
        "models-partial",
        &[ONNXRUNTIME_LIBRARY, DETECTION_MODEL, CLASSIFIER_MODEL],
    );
    match Engine::builder().models_dir(&partial).build() {
        Err(Error::Setup(m)) => {
            assert!(m.contains(RECOGNITION_MODEL), "{m}");
            assert!(!m.contains(DETECTION_MODEL), "{m}");
        }
        Err(e) => panic!("wrong error: {e}"),
        Ok(_) => panic!("a folder without the recogniser must not build"),
    }
}

#[test]
fn the_reference_date_is_the_engines_own() {
    let date = ktp_ocr::calendar::Date::new(2031, 1, 15).unwrap();
    let e = Engine::builder()
        .models_dir(repo_models())
        .threads(1)
        .reference_date(date)
        .build()
        .unwrap();
    assert_eq!(e.reference_date(), date);
    let d = Engine::builder()
        .models_dir(repo_models())
        .threads(1)
        .build()
        .unwrap();
    assert_eq!(
        d.reference_date(),
        ktp_ocr::calendar::DEFAULT_REFERENCE_DATE
    );
}

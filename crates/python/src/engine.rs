//! `ktp_ocr._native.Engine`: the models loaded once, read from any thread.

use crate::errors::to_py;
use crate::models;
use ktp_ocr::calendar::Date;
use ktp_ocr::format::tencent::{self, Scene};
use ktp_ocr::format::{accuauth, native, new_request_id, new_tencent_request_id};
use ktp_ocr::{Error, KtpReading, ReadOptions};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use std::path::PathBuf;

/// The schema of an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Native,
    Accuauth,
    Tencent,
}

impl Format {
    pub fn parse(name: &str) -> PyResult<Format> {
        match name {
            "native" => Ok(Format::Native),
            "accuauth" => Ok(Format::Accuauth),
            "tencent" => Ok(Format::Tencent),
            other => Err(PyValueError::new_err(format!(
                "format must be 'native', 'accuauth' or 'tencent', not {other:?}"
            ))),
        }
    }
}

fn parse_scene(name: &str) -> PyResult<Scene> {
    match name {
        "V1" => Ok(Scene::V1),
        "V2" => Ok(Scene::V2),
        other => Err(PyValueError::new_err(format!(
            "scene must be 'V1' or 'V2', not {other:?}"
        ))),
    }
}

/// A JSON text as Python objects (dicts, lists, str, float, int, bool, None).
pub fn json_to_py(py: Python<'_>, text: &str) -> PyResult<Py<PyAny>> {
    Ok(py.import("json")?.call_method1("loads", (text,))?.unbind())
}

fn answer_json(reading: &KtpReading, format: Format, head_image: bool, scene: Scene) -> String {
    let text = match format {
        Format::Native => serde_json::to_string(&native::response(reading, new_request_id())),
        Format::Accuauth => serde_json::to_string(&accuauth::response(reading, new_request_id())),
        Format::Tencent => {
            let photo = if head_image {
                reading.photo.clone().unwrap_or_default()
            } else {
                String::new()
            };
            let answer = tencent::response_for(reading, new_tencent_request_id(), photo, scene);
            serde_json::to_string(&answer)
        }
    };
    // The schemas are plain structs of strings and numbers: serialising cannot fail.
    text.unwrap_or_else(|e| format!("{{\"status\":\"INTERNAL_ERROR\",\"reason\":\"{e}\"}}"))
}

/// The engine: models loaded once (a few seconds), then `read_bytes` from any thread; the
/// GIL is released while loading and while reading.
#[pyclass(frozen, subclass, module = "ktp_ocr._native", name = "Engine")]
pub struct Engine {
    inner: ktp_ocr::Engine,
    models_dir: PathBuf,
}

#[pymethods]
impl Engine {
    /// `models_dir`: the folder with the models and ONNX Runtime (default: `$KTPOCR_MODELS`,
    /// else the checkout's `models/`). `threads`: inference threads per read (default: all
    /// cores). `concurrency`: reads that run at once (each holds its own model sessions,
    /// ~0.5 GB; default 1, so more threads wait their turn). `reference_date`: `YYYY-MM-DD`
    /// cards are judged against (default: the library's fixed date).
    #[new]
    #[pyo3(signature = (models_dir = None, *, threads = None, concurrency = None, reference_date = None))]
    fn new(
        py: Python<'_>,
        models_dir: Option<PathBuf>,
        threads: Option<usize>,
        concurrency: Option<usize>,
        reference_date: Option<&str>,
    ) -> PyResult<Self> {
        let Some(dir) = models::resolve(models_dir) else {
            return Err(to_py(
                py,
                &Error::Setup(models::not_found()),
                Format::Native,
            ));
        };
        let mut b = ktp_ocr::Engine::builder().models_dir(&dir);
        if let Some(t) = threads {
            if t == 0 {
                return Err(PyValueError::new_err("threads must be at least 1"));
            }
            b = b.threads(t);
        }
        if let Some(c) = concurrency {
            if c == 0 {
                return Err(PyValueError::new_err("concurrency must be at least 1"));
            }
            b = b.concurrency(c);
        }
        if let Some(d) = reference_date {
            let date = Date::parse_iso(d).ok_or_else(|| {
                PyValueError::new_err(format!(
                    "reference_date {d:?} is not a calendar date YYYY-MM-DD"
                ))
            })?;
            b = b.reference_date(date);
        }
        let inner = py
            .detach(|| b.build())
            .map_err(|e| to_py(py, &e, Format::Native))?;
        Ok(Self {
            inner,
            models_dir: dir,
        })
    }

    /// The models folder this engine loaded.
    #[getter]
    fn models_dir(&self) -> PathBuf {
        self.models_dir.clone()
    }

    /// Read the card in `image` (JPG, PNG or PDF bytes) and return the answer in `format`
    /// (`native`, `accuauth` or `tencent`) as a dict; a failure raises a `KtpOcrError`.
    /// `head_image` returns the holder's photo (native `photo`, Tencent `Photo`); `scene`
    /// is Tencent's (`V1` leaves `Provinsi` and `Kota` empty).
    #[pyo3(signature = (image, *, format = "native", head_image = false, scene = "V1"))]
    fn read_bytes(
        &self,
        py: Python<'_>,
        image: &[u8],
        format: &str,
        head_image: bool,
        scene: &str,
    ) -> PyResult<Py<PyAny>> {
        let format = Format::parse(format)?;
        let scene = parse_scene(scene)?;
        if head_image && format == Format::Accuauth {
            return Err(PyValueError::new_err(
                "head_image has no place in the accuauth format: the photo is returned in the \
                 native and tencent formats",
            ));
        }
        let options = ReadOptions {
            head_image,
            ..ReadOptions::default()
        };
        let inner = &self.inner;
        let result = py.detach(|| {
            inner
                .read_with(image, &options)
                .0
                .map(|reading| answer_json(&reading, format, head_image, scene))
        });
        match result {
            Ok(text) => json_to_py(py, &text),
            Err(e) => Err(to_py(py, &e, format)),
        }
    }

    fn __repr__(&self) -> String {
        format!(
            "ktp_ocr.Engine(models_dir={:?})",
            self.models_dir.display().to_string()
        )
    }
}

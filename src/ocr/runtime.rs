//! ONNX Runtime plumbing: finding the shared library and the models, the one environment a
//! process may have, execution provider choice, and a pool of sessions per model.
//!
//! `ort` 2.0.0-rc.15 takes `&mut self` in `Session::run`, so a shared engine keeps a small pool
//! of sessions per model and lends one to each call.

use crate::error::{Error, Result};
use ort::session::Session;
use std::path::{Path, PathBuf};
use std::sync::{Condvar, Mutex, OnceLock};

/// File names under the models folder (see `models/SHA256SUMS`).
pub const ONNXRUNTIME_LIBRARY: &str = "libonnxruntime.so.1.31.1";
pub const PDFIUM_LIBRARY: &str = "libpdfium.so";
pub const DETECTION_MODEL: &str = "ppocrv6_det.onnx";
pub const RECOGNITION_MODEL: &str = "ppocrv6_rec.onnx";
pub const CLASSIFIER_MODEL: &str = "ppocr_cls.onnx";

/// Environment variable that overrides where models and libraries are looked up.
pub const MODELS_DIR_ENV: &str = "KTPOCR_MODELS";

/// Explicit models folder set by the caller (CLI flag or builder); wins over everything else.
static MODELS_DIR_OVERRIDE: OnceLock<PathBuf> = OnceLock::new();

/// Set the folder holding models and libraries for this process (first call wins).
pub fn set_models_dir(dir: PathBuf) {
    let _ = MODELS_DIR_OVERRIDE.set(dir);
}

/// Folders searched, in order: an explicit folder, `$KTPOCR_MODELS`, `models/` next to the
/// executable and two and three levels up (a `target/<profile>/` build), `./models`, and the
/// source checkout the binary was built from.
pub fn search_dirs() -> Vec<PathBuf> {
    let mut dirs = Vec::new();
    if let Some(d) = MODELS_DIR_OVERRIDE.get() {
        dirs.push(d.clone());
    }
    if let Some(d) = std::env::var_os(MODELS_DIR_ENV) {
        dirs.push(PathBuf::from(d));
    }
    if let Ok(exe) = std::env::current_exe() {
        let mut dir = exe.parent().map(Path::to_path_buf);
        for _ in 0..4 {
            if let Some(d) = dir {
                dirs.push(d.join("models"));
                dir = d.parent().map(Path::to_path_buf);
            }
        }
    }
    dirs.push(PathBuf::from("models"));
    dirs.push(PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/models"
    )));
    dirs
}

/// Find one of the files fetched by `scripts/setup.sh`.
pub fn locate_file(name: &str) -> Result<PathBuf> {
    let dirs = search_dirs();
    dirs.iter()
        .map(|d| d.join(name))
        .find(|p| p.is_file())
        .ok_or_else(|| {
            Error::Setup(format!(
                "{name} not found (looked in: {}); run scripts/setup.sh or pass --models DIR",
                dirs.iter()
                    .map(|d| d.display().to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
        })
}

/// Where inference runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Device {
    #[default]
    Cpu,
    /// CUDA device index; needs the `cuda` cargo feature and the GPU build of ONNX Runtime.
    Cuda(i32),
}

static ENVIRONMENT: OnceLock<std::result::Result<ort::environment::Environment, String>> =
    OnceLock::new();

/// The process-wide ONNX Runtime environment, created on first use from the located library.
pub fn environment() -> Result<&'static ort::environment::Environment> {
    ENVIRONMENT
        .get_or_init(|| {
            let lib = locate_file(ONNXRUNTIME_LIBRARY).map_err(|e| e.to_string())?;
            ort::init_from(&lib)
                .map_err(|e| format!("cannot load ONNX Runtime from {}: {e}", lib.display()))?
                .with_name("ktp-ocr")
                .build()
                .map_err(|e| format!("cannot create the ONNX Runtime environment: {e}"))
        })
        .as_ref()
        .map_err(|e| Error::Setup(e.clone()))
}

/// Where a model's bytes come from.
#[derive(Debug, Clone)]
pub enum ModelSource {
    Path(PathBuf),
    Bytes(std::sync::Arc<[u8]>),
}

/// Session settings shared by every model of an engine.
#[derive(Debug, Clone, Copy)]
pub struct SessionOptions {
    pub device: Device,
    /// Threads one inference call may use.
    pub intra_threads: usize,
    /// Sessions per model: how many requests can run one model at the same time.
    pub pool_size: usize,
}

fn build_session(source: &ModelSource, opts: &SessionOptions) -> Result<Session> {
    let env = environment()?;
    let setup = |e: ort::Error| Error::Setup(format!("cannot create an ONNX session: {e}"));
    let mut builder = Session::builder(env)
        .map_err(setup)?
        .with_intra_threads(opts.intra_threads.max(1))
        .map_err(|e| setup(e.into()))?
        .with_optimization_level(ort::session::builder::GraphOptimizationLevel::Level3)
        .map_err(|e| setup(e.into()))?;
    if let Device::Cuda(_id) = opts.device {
        #[cfg(feature = "cuda")]
        {
            builder = builder
                .with_execution_providers([ort::ep::CUDA::default()
                    .with_device_id(_id)
                    .build()
                    .error_on_failure()])
                .map_err(|e| setup(e.into()))?;
        }
        #[cfg(not(feature = "cuda"))]
        return Err(Error::Setup(
            "the GPU was requested but this build has no `cuda` feature".into(),
        ));
    }
    match source {
        ModelSource::Path(p) => builder
            .commit_from_file(p)
            .map_err(|e| Error::Setup(format!("cannot load the model {}: {e}", p.display()))),
        ModelSource::Bytes(b) => builder
            .commit_from_memory(b)
            .map_err(|e| Error::Setup(format!("cannot load a model from memory: {e}"))),
    }
}

/// A fixed set of sessions of one model, lent out one per call.
pub struct SessionPool {
    free: Mutex<Vec<Session>>,
    available: Condvar,
}

impl SessionPool {
    pub fn new(source: &ModelSource, opts: &SessionOptions) -> Result<Self> {
        let sessions = (0..opts.pool_size.max(1))
            .map(|_| build_session(source, opts))
            .collect::<Result<Vec<_>>>()?;
        Ok(Self {
            free: Mutex::new(sessions),
            available: Condvar::new(),
        })
    }

    /// Run `f` with a session, waiting for one to be free.
    pub fn with<T>(&self, f: impl FnOnce(&mut Session) -> Result<T>) -> Result<T> {
        let poisoned = || Error::Internal("session pool lock poisoned".into());
        let mut session = {
            let mut free = self.free.lock().map_err(|_| poisoned())?;
            loop {
                if let Some(s) = free.pop() {
                    break s;
                }
                free = self.available.wait(free).map_err(|_| poisoned())?;
            }
        };
        let out = f(&mut session);
        self.free.lock().map_err(|_| poisoned())?.push(session);
        self.available.notify_one();
        out
    }

    /// A custom metadata value of the model (any session will do).
    pub fn metadata(&self, key: &str) -> Result<Option<String>> {
        self.with(|s| Ok(s.metadata()?.custom(key)))
    }
}

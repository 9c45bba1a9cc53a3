//! ONNX Runtime plumbing: the folder of the shared library and the models, the one
//! environment a process may have, execution provider choice, and a pool of sessions per
//! model.
//!
//! `ort` 2.0.0-rc.15 takes `&mut self` in `Session::run`, so a shared engine keeps a small pool
//! of sessions per model and lends one to each call.

use crate::error::{Error, Result};
use ort::session::Session;
use std::path::{Path, PathBuf};
use std::sync::{Condvar, Mutex, OnceLock};

// Only one ONNX Runtime environment may exist per process; see [`environment`].

/// File names under the models folder (see `models/SHA256SUMS`).
pub const ONNXRUNTIME_LIBRARY: &str = "libonnxruntime.so.1.31.1";
pub const PDFIUM_LIBRARY: &str = "libpdfium.so";
pub const DETECTION_MODEL: &str = "ppocrv6_det.onnx";
pub const RECOGNITION_MODEL: &str = "ppocrv6_rec.onnx";
pub const CLASSIFIER_MODEL: &str = "ppocr_cls.onnx";

/// The folder under the models folder that `scripts/setup.sh --gpu` fills: the CUDA build
/// of ONNX Runtime (another file than the CPU one of the same name) and the CUDA 13 and
/// cuDNN 9 libraries its provider needs (models/SHA256SUMS.gpu, docs/gpu.md).
pub const GPU_DIR: &str = "gpu";
/// The CUDA execution provider, beside the GPU build of ONNX Runtime.
pub const CUDA_PROVIDER_LIBRARY: &str = "libonnxruntime_providers_cuda.so";

/// Environment variable naming the models folder when none is given explicitly.
pub const MODELS_DIR_ENV: &str = "KTPOCR_MODELS";

/// The files one engine loads, all from one folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelFiles {
    /// The folder they are in.
    pub dir: PathBuf,
    pub runtime: PathBuf,
    pub detection: PathBuf,
    pub recognition: PathBuf,
    pub classifier: PathBuf,
    /// pdfium, needed for PDF input only; `None` when the folder lacks it.
    pub pdfium: Option<PathBuf>,
}

impl ModelFiles {
    /// The files in `dir`, which must hold ONNX Runtime and the three models; the error
    /// names the folder and what it lacks.
    pub fn in_dir(dir: &Path) -> Result<ModelFiles> {
        let required = [
            ONNXRUNTIME_LIBRARY,
            DETECTION_MODEL,
            RECOGNITION_MODEL,
            CLASSIFIER_MODEL,
        ];
        let missing: Vec<&str> = required
            .iter()
            .copied()
            .filter(|name| !dir.join(name).is_file())
            .collect();
        if !missing.is_empty() {
            return Err(Error::Setup(format!(
                "the models folder {} lacks {}; run scripts/setup.sh (or point --models / {MODELS_DIR_ENV} at a folder it filled)",
                dir.display(),
                missing.join(", ")
            )));
        }
        let pdfium = dir.join(PDFIUM_LIBRARY);
        Ok(ModelFiles {
            dir: dir.to_path_buf(),
            runtime: dir.join(ONNXRUNTIME_LIBRARY),
            detection: dir.join(DETECTION_MODEL),
            recognition: dir.join(RECOGNITION_MODEL),
            classifier: dir.join(CLASSIFIER_MODEL),
            pdfium: pdfium.is_file().then_some(pdfium),
        })
    }

    /// The ONNX Runtime library for `device`: the CPU build beside the models, or for a GPU
    /// the CUDA build under [`GPU_DIR`] (an error naming that folder when it is missing:
    /// a GPU asked for is never served by the CPU).
    pub fn runtime_for(&self, device: Device) -> Result<PathBuf> {
        match device {
            Device::Cpu => Ok(self.runtime.clone()),
            Device::Cuda(_) => {
                let gpu = self.dir.join(GPU_DIR);
                let missing: Vec<&str> = [ONNXRUNTIME_LIBRARY, CUDA_PROVIDER_LIBRARY]
                    .into_iter()
                    .filter(|name| !gpu.join(name).is_file())
                    .collect();
                if missing.is_empty() {
                    Ok(gpu.join(ONNXRUNTIME_LIBRARY))
                } else {
                    Err(Error::Setup(format!(
                        "the GPU was requested but {} lacks {}; run scripts/setup.sh --gpu",
                        gpu.display(),
                        missing.join(", ")
                    )))
                }
            }
        }
    }

    /// The files of the first folder that holds them all: `$KTPOCR_MODELS` when set (and
    /// then only there: an explicit folder is authoritative), else `models/` next to the
    /// executable or up to three folders above it (a `target/<profile>/` or
    /// `target/<profile>/deps/` build of this repository).
    pub fn find() -> Result<ModelFiles> {
        if let Some(dir) = std::env::var_os(MODELS_DIR_ENV) {
            return ModelFiles::in_dir(Path::new(&dir));
        }
        let dirs = beside_executable();
        dirs.iter()
            .find_map(|d| ModelFiles::in_dir(d).ok())
            .ok_or_else(|| {
                Error::Setup(format!(
                    "no models folder found (looked in: {}); run scripts/setup.sh, or pass --models DIR or set {MODELS_DIR_ENV}",
                    dirs.iter()
                        .map(|d| d.display().to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                ))
            })
    }
}

/// `models/` in the executable's folder and the three above it.
fn beside_executable() -> Vec<PathBuf> {
    let mut dirs = Vec::new();
    if let Ok(exe) = std::env::current_exe() {
        let mut dir = exe.parent().map(Path::to_path_buf);
        for _ in 0..4 {
            if let Some(d) = dir {
                dirs.push(d.join("models"));
                dir = d.parent().map(Path::to_path_buf);
            }
        }
    }
    dirs
}

/// Where inference runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Device {
    #[default]
    Cpu,
    /// CUDA device index; needs the `cuda` cargo feature and the GPU build of ONNX Runtime.
    Cuda(i32),
}

static ENVIRONMENT: OnceLock<(ort::environment::Environment, PathBuf)> = OnceLock::new();
static ENVIRONMENT_INIT: Mutex<()> = Mutex::new(());

/// The process-wide ONNX Runtime environment. ONNX Runtime allows one per process: the
/// first engine built loads the library from its models folder (`library`), and later
/// engines share it whatever folder they were given. A failed load is not remembered, so a
/// later engine with a good folder still starts.
pub fn environment(library: &Path) -> Result<&'static ort::environment::Environment> {
    environment_with(library, false)
}

/// [`environment`]; with `exact`, an error unless the library loaded is `library` (a GPU
/// engine cannot run on a CPU build loaded earlier in the process, and must not silently).
fn environment_with(library: &Path, exact: bool) -> Result<&'static ort::environment::Environment> {
    let loaded = |(env, path): &'static (ort::environment::Environment, PathBuf)| {
        if exact && path != library {
            Err(Error::Setup(format!(
                "ONNX Runtime is already loaded from {} in this process; a GPU engine needs {} \
                 (one kind of engine per process)",
                path.display(),
                library.display()
            )))
        } else {
            Ok(env)
        }
    };
    if let Some(env) = ENVIRONMENT.get() {
        return loaded(env);
    }
    let _init = ENVIRONMENT_INIT
        .lock()
        .map_err(|_| Error::Internal("ONNX Runtime start-up lock poisoned".into()))?;
    if let Some(env) = ENVIRONMENT.get() {
        return loaded(env);
    }
    let env = ort::init_from(library)
        .map_err(|e| {
            Error::Setup(format!(
                "cannot load ONNX Runtime from {}: {e}",
                library.display()
            ))
        })?
        .with_name("ktp-ocr")
        .build()
        .map_err(|e| Error::Setup(format!("cannot create the ONNX Runtime environment: {e}")))?;
    Ok(&ENVIRONMENT.get_or_init(|| (env, library.to_path_buf())).0)
}

/// Where a model's bytes come from.
#[derive(Debug, Clone)]
pub enum ModelSource {
    Path(PathBuf),
    Bytes(std::sync::Arc<[u8]>),
}

/// Session settings shared by every model of an engine.
#[derive(Debug, Clone)]
pub struct SessionOptions {
    /// The ONNX Runtime library (loaded once per process, see [`environment`]).
    pub runtime: PathBuf,
    pub device: Device,
    /// Threads one inference call may use.
    pub intra_threads: usize,
    /// Sessions per model: how many requests can run one model at the same time.
    pub pool_size: usize,
}

/// Load the CUDA and cuDNN libraries the CUDA provider needs from the folder of the GPU
/// runtime, once per process. The provider library has no RUNPATH, so without this it finds
/// them only through `LD_LIBRARY_PATH`.
#[cfg(feature = "cuda")]
fn preload_cuda(runtime: &Path) -> Result<()> {
    static LOADED: OnceLock<std::result::Result<(), String>> = OnceLock::new();
    let dir = runtime.parent().unwrap_or(Path::new("."));
    LOADED
        .get_or_init(|| {
            ort::ep::cuda::preload_dylibs(Some(dir), Some(dir)).map_err(|e| e.to_string())
        })
        .clone()
        .map_err(|e| {
            Error::Setup(format!(
                "cannot load the CUDA libraries from {}: {e}; run scripts/setup.sh --gpu (the \
                 NVIDIA driver, R580 or newer, provides libcuda.so.1)",
                dir.display()
            ))
        })
}

fn build_session(source: &ModelSource, opts: &SessionOptions) -> Result<Session> {
    let gpu = matches!(opts.device, Device::Cuda(_));
    #[cfg(not(feature = "cuda"))]
    if gpu {
        return Err(Error::Setup(
            "the GPU was requested but this build has no `cuda` feature".into(),
        ));
    }
    let env = environment_with(&opts.runtime, gpu)?;
    // After the runtime is loaded: `ort` words a preload failure through its API.
    #[cfg(feature = "cuda")]
    if gpu {
        preload_cuda(&opts.runtime)?;
    }
    let setup = |e: ort::Error| Error::Setup(format!("cannot create an ONNX session: {e}"));
    let mut builder = Session::builder(env)
        .map_err(setup)?
        .with_intra_threads(opts.intra_threads.max(1))
        .map_err(|e| setup(e.into()))?
        .with_optimization_level(ort::session::builder::GraphOptimizationLevel::Level3)
        .map_err(|e| setup(e.into()))?;
    if opts.device == Device::Cpu {
        // No arena: it keeps the largest tensors each model ever needed (a detection map
        // of a big card, a batch of wide lines) for the life of the session, per session.
        builder = builder
            .with_memory_pattern(false)
            .map_err(|e| setup(e.into()))?
            .with_execution_providers([ort::ep::CPU::default().with_arena_allocator(false).build()])
            .map_err(|e| setup(e.into()))?;
    }
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

//! A [`PdfRenderer`] that renders each PDF in a child process it can bound and kill.
//!
//! A PDF is a program: a small file can ask pdfium for minutes of drawing or gigabytes of
//! memory, and pdfium cannot be interrupted. So the page is rendered by a child (the
//! `ktpocr` binary re-executed with its hidden `__render-pdf` command, see [`child`]) that
//! limits itself before pdfium loads: address space ([`RenderLimits::memory_bytes`], so an
//! allocation beyond it fails inside the child) and CPU time ([`RenderLimits::cpu_seconds`],
//! after which the kernel ends it). The parent ([`Sandbox`]) kills it at a wall-clock
//! deadline ([`RenderLimits::deadline`]) in any case, and reads at most one page's worth of
//! answer from it. Inside the child the library checks the document's bounds first
//! ([`ktp_ocr::pdf::bounds`]: pages, page size, content size, objects, image sizes). Every
//! broken bound is an [`Error::InvalidArgument`] that names the bound and its value.
//!
//! Several children may run at once (there is no lock across PDFs); at most
//! [`Sandbox::max_children`] do, and a PDF that finds them all busy waits for one at most the
//! deadline.

pub mod child;
mod parent;
mod protocol;
mod slots;

pub use child::ChildArgs;
pub use parent::Sandbox;

use ktp_ocr::Error;
use std::time::Duration;

/// What one render may cost. [`RenderLimits::default`] gives the documented defaults.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RenderLimits {
    /// Wall-clock time from starting the child to its answer; the child is killed then.
    pub deadline: Duration,
    /// CPU time the child may use (`RLIMIT_CPU`).
    pub cpu_seconds: u64,
    /// Address space the child may map (`RLIMIT_AS`), pdfium and its page bitmap included.
    pub memory_bytes: u64,
}

/// Default wall-clock deadline of one render: a scanned card renders in a fraction of a
/// second; the request deadline (`ktpocr serve --timeout`, 60 s) is far above.
pub const DEFAULT_DEADLINE: Duration = Duration::from_secs(5);
/// Default CPU time of one render (the child is single-threaded: as long as the deadline).
pub const DEFAULT_CPU_SECONDS: u64 = 5;
/// Default address-space limit of one render child.
pub const DEFAULT_MEMORY_BYTES: u64 = 1024 * 1024 * 1024;

impl Default for RenderLimits {
    fn default() -> Self {
        Self {
            deadline: DEFAULT_DEADLINE,
            cpu_seconds: DEFAULT_CPU_SECONDS,
            memory_bytes: DEFAULT_MEMORY_BYTES,
        }
    }
}

impl RenderLimits {
    fn timed_out(&self) -> Error {
        Error::InvalidArgument(format!(
            "the PDF page was not rendered within {} s (the PDF render time limit)",
            secs(self.deadline)
        ))
    }

    fn out_of_cpu(&self) -> Error {
        Error::InvalidArgument(format!(
            "rendering the PDF page used more than {} s of CPU time (the PDF render CPU limit)",
            self.cpu_seconds
        ))
    }

    fn out_of_memory(&self) -> Error {
        Error::InvalidArgument(format!(
            "rendering the PDF page needed more than {} MiB of memory (the PDF render memory \
             limit)",
            self.memory_bytes >> 20
        ))
    }
}

fn secs(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s.fract() == 0.0 {
        format!("{s:.0}")
    } else {
        format!("{s:.1}")
    }
}

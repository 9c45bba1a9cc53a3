//! The parent side: start a child per PDF, feed it, bound it, read its answer.

use crate::child::ChildArgs;
use crate::protocol::{self, MAX_ANSWER_BYTES};
use crate::slots::Slots;
use crate::RenderLimits;
use image::RgbImage;
use ktp_ocr::pdf::PdfRenderer;
use ktp_ocr::{Error, Result};
use std::ffi::OsString;
use std::io::{Read, Write};
use std::os::unix::process::ExitStatusExt;
use std::path::PathBuf;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Renders PDFs in child processes (see the crate's documentation).
pub struct Sandbox {
    program: PathBuf,
    /// Arguments before the child's own (a test harness's, say); usually none.
    prefix: Vec<OsString>,
    pdfium: Option<PathBuf>,
    limits: RenderLimits,
    max_children: usize,
    slots: Slots,
}

impl std::fmt::Debug for Sandbox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sandbox")
            .field("program", &self.program)
            .field("pdfium", &self.pdfium)
            .field("limits", &self.limits)
            .field("max_children", &self.max_children)
            .finish_non_exhaustive()
    }
}

/// How often the parent looks whether a child that closed its output has exited.
const EXIT_POLL: Duration = Duration::from_millis(2);

impl Sandbox {
    /// Children run `program` (a `ktpocr` binary: it has the hidden command) with pdfium
    /// from `pdfium`; default limits, one child at a time.
    pub fn new(program: impl Into<PathBuf>, pdfium: Option<PathBuf>) -> Self {
        Self {
            program: program.into(),
            prefix: Vec::new(),
            pdfium,
            limits: RenderLimits::default(),
            max_children: 1,
            slots: Slots::new(1),
        }
    }

    /// Arguments put before the hidden command's.
    pub fn args_before(mut self, prefix: Vec<OsString>) -> Self {
        self.prefix = prefix;
        self
    }

    pub fn limits(mut self, limits: RenderLimits) -> Self {
        self.limits = limits;
        self
    }

    /// At most `n` children at once (at least one).
    pub fn max_children(mut self, n: usize) -> Self {
        self.max_children = n.max(1);
        self.slots = Slots::new(self.max_children);
        self
    }

    fn command(&self) -> Command {
        let mut c = Command::new(&self.program);
        c.args(&self.prefix)
            .args(ChildArgs::new(self.pdfium.clone(), &self.limits).to_args())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            // pdfium's own complaints would otherwise reach the server's log.
            .stderr(Stdio::null())
            .env_clear();
        c
    }

    /// The exit of a child that answered nothing, in words.
    fn failure(&self, status: ExitStatus) -> Error {
        use nix::sys::signal::Signal;
        match status.signal().and_then(|s| Signal::try_from(s).ok()) {
            Some(Signal::SIGXCPU) | Some(Signal::SIGKILL) => self.limits.out_of_cpu(),
            // An allocation refused under the address-space limit ends pdfium (it has no
            // way to report it) and the Rust runtime alike with one of these.
            Some(Signal::SIGABRT | Signal::SIGSEGV | Signal::SIGTRAP | Signal::SIGBUS) => {
                self.limits.out_of_memory()
            }
            _ => Error::DecodeFailed(format!(
                "the PDF renderer stopped without an answer ({status})"
            )),
        }
    }
}

/// Kills and reaps the child on every way out (a panic included).
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

impl PdfRenderer for Sandbox {
    fn render_first_page(&self, pdf: &[u8]) -> Result<RgbImage> {
        let deadline = Instant::now() + self.limits.deadline;
        let Some(_slot) = self.slots.take(self.limits.deadline) else {
            return Err(Error::Internal(format!(
                "all {} PDF renderers stayed busy for {} s; retry later",
                self.max_children,
                crate::secs(self.limits.deadline)
            )));
        };
        let mut child = Running(self.command().spawn().map_err(|e| {
            Error::Setup(format!(
                "cannot start the PDF renderer {}: {e}",
                self.program.display()
            ))
        })?);
        let (Some(mut stdin), Some(stdout)) = (child.0.stdin.take(), child.0.stdout.take()) else {
            return Err(Error::Internal("the PDF renderer has no pipes".into()));
        };
        let answer = std::thread::scope(|scope| {
            // The child reads all its input before it answers; a child that stops reading
            // ends the write with a broken pipe once it is killed.
            scope.spawn(move || {
                let _ = stdin.write_all(pdf);
            });
            let (tx, rx) = mpsc::channel();
            scope.spawn(move || {
                let mut answer = Vec::new();
                let read = stdout
                    .take(MAX_ANSWER_BYTES as u64 + 1)
                    .read_to_end(&mut answer);
                let _ = tx.send(read.map(|_| answer));
            });
            let left = deadline.saturating_duration_since(Instant::now());
            let answer = rx.recv_timeout(left);
            if answer.is_err() {
                // Past the deadline: the kill ends both pipes, so both threads end.
                let _ = child.0.kill();
            }
            answer
        });
        let Ok(Ok(answer)) = answer else {
            return Err(self.limits.timed_out());
        };
        let status = loop {
            match child.0.try_wait() {
                Ok(Some(status)) => break status,
                Ok(None) if Instant::now() < deadline => std::thread::sleep(EXIT_POLL),
                Ok(None) => return Err(self.limits.timed_out()),
                Err(e) => return Err(Error::Internal(format!("the PDF renderer was lost: {e}"))),
            }
        };
        match protocol::read_answer(&answer) {
            Some(result) if status.success() => result,
            _ if !status.success() => Err(self.failure(status)),
            _ => Err(Error::DecodeFailed(
                "the PDF renderer gave an answer that is not a page".into(),
            )),
        }
    }
}

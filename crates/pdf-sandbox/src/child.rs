//! The child side: `ktpocr __render-pdf` reads one PDF on standard input, limits itself,
//! renders the first page with the library's checks and writes the answer
//! ([`crate::protocol`]) on standard output.

use crate::protocol;
use crate::RenderLimits;
use ktp_ocr::input::MAX_FILE_BYTES;
use ktp_ocr::Error;
use nix::sys::resource::{setrlimit, Resource};
use std::ffi::OsString;
use std::io::{Read, Write};
use std::path::PathBuf;

/// The name of the hidden command the parent runs.
pub const COMMAND: &str = "__render-pdf";

/// The arguments of the hidden command (the parent writes them with [`ChildArgs::to_args`]).
#[derive(clap::Args, Debug, Clone, PartialEq, Eq)]
pub struct ChildArgs {
    /// pdfium's shared library.
    #[arg(long)]
    pub pdfium: Option<PathBuf>,
    /// Address-space limit, in bytes.
    #[arg(long)]
    pub memory_bytes: u64,
    /// CPU-time limit, in seconds.
    #[arg(long)]
    pub cpu_seconds: u64,
}

impl ChildArgs {
    pub fn new(pdfium: Option<PathBuf>, limits: &RenderLimits) -> Self {
        Self {
            pdfium,
            memory_bytes: limits.memory_bytes,
            cpu_seconds: limits.cpu_seconds,
        }
    }

    /// The command line after the program: the command's name, then its options.
    pub fn to_args(&self) -> Vec<OsString> {
        let mut args: Vec<OsString> = vec![COMMAND.into()];
        if let Some(p) = &self.pdfium {
            args.push("--pdfium".into());
            args.push(p.into());
        }
        args.push("--memory-bytes".into());
        args.push(self.memory_bytes.to_string().into());
        args.push("--cpu-seconds".into());
        args.push(self.cpu_seconds.to_string().into());
        args
    }
}

/// Exit status when the answer could not be written (the parent sees no answer).
const NO_ANSWER: i32 = 70;

/// Run the child: the process's exit status. Limits come first, before pdfium is loaded and
/// before a byte of the PDF is read; a limit that cannot be set is an answer, not a render
/// without it.
pub fn run(args: &ChildArgs) -> i32 {
    let result = limit_self(args).and_then(|()| {
        let pdf = read_input()?;
        ktp_ocr::pdf::render_first_page(&pdf, args.pdfium.as_deref())
    });
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match protocol::write_answer(&mut out, &result).and_then(|()| out.flush()) {
        Ok(()) => 0,
        Err(_) => NO_ANSWER,
    }
}

fn limit_self(args: &ChildArgs) -> Result<(), Error> {
    let set = |what: &str, resource, soft, hard| {
        setrlimit(resource, soft, hard)
            .map_err(|e| Error::Setup(format!("the PDF renderer cannot limit its {what}: {e}")))
    };
    // Ended with the parent, whatever ends it: a render never outlives the request.
    #[cfg(target_os = "linux")]
    nix::sys::prctl::set_pdeathsig(nix::sys::signal::Signal::SIGKILL).map_err(|e| {
        Error::Setup(format!(
            "the PDF renderer cannot tie itself to its parent: {e}"
        ))
    })?;
    set(
        "memory",
        Resource::RLIMIT_AS,
        args.memory_bytes,
        args.memory_bytes,
    )?;
    // SIGXCPU at the soft limit, SIGKILL a second later should it be caught.
    set(
        "CPU time",
        Resource::RLIMIT_CPU,
        args.cpu_seconds,
        args.cpu_seconds + 1,
    )?;
    set("core dumps", Resource::RLIMIT_CORE, 0, 0)?;
    // It writes no file: only its answer, on a pipe.
    set("file writes", Resource::RLIMIT_FSIZE, 0, 0)?;
    Ok(())
}

fn read_input() -> Result<Vec<u8>, Error> {
    let mut pdf = Vec::new();
    std::io::stdin()
        .lock()
        .take(MAX_FILE_BYTES as u64 + 1)
        .read_to_end(&mut pdf)
        .map_err(|e| Error::Internal(format!("the PDF renderer could not read its input: {e}")))?;
    ktp_ocr::input::check_container(&pdf)?;
    Ok(pdf)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser)]
    struct Cli {
        #[command(subcommand)]
        command: Command,
    }

    #[derive(clap::Subcommand)]
    enum Command {
        #[command(name = "__render-pdf")]
        RenderPdf(ChildArgs),
    }

    #[test]
    fn the_arguments_written_are_the_arguments_parsed() {
        for pdfium in [None, Some(PathBuf::from("/models dir/libpdfium.so"))] {
            let args = ChildArgs::new(pdfium, &RenderLimits::default());
            let line = std::iter::once(OsString::from("ktpocr")).chain(args.to_args());
            let Command::RenderPdf(parsed) = Cli::parse_from(line).command;
            assert_eq!(parsed, args);
        }
    }
}

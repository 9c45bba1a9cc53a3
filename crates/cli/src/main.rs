//! `ktpocr`: the command-line front of the ktp-ocr library. It only parses arguments, does
//! the file I/O and prints; the work is in the library.

mod debug;
mod eval;
mod scan;
#[cfg(feature = "server")]
mod serve;
mod synth;

use clap::{Parser, Subcommand, ValueEnum};
use ktp_ocr::calendar::Date;
use ktp_ocr::ocr::batch::BATCH_SESSIONS;
use ktp_ocr::ocr::runtime::Device;
use ktp_ocr::{Engine, EngineBuilder, Error};
use std::path::PathBuf;
#[cfg(feature = "pdf")]
use std::sync::Arc;

#[derive(Parser, Debug)]
#[command(
    name = "ktpocr",
    version,
    about = "Read Indonesian identity cards (e-KTP) on this machine"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// Cards a model call may carry on a GPU when `--batch` is not given: a GPU left with one
/// card a call idles (docs/gpu.md); 8 is a start until the GPU table is measured
/// (scripts/bench-batch.sh --gpu 0 prints it for 1, 8 and 32).
const GPU_BATCH_CARDS: usize = 8;

#[derive(clap::Args, Debug, Clone)]
pub struct EngineArgs {
    /// Folder with the models and ONNX Runtime; the only place looked in when given (default:
    /// $KTPOCR_MODELS, else models/ beside the binary or up to three folders above it).
    #[arg(long, global = true)]
    pub models: Option<PathBuf>,
    /// Threads per inference, 1-256 (default: all cores; for `serve`, the cores divided
    /// among its workers).
    #[arg(long, global = true, value_parser = clap::value_parser!(u16).range(1..=256))]
    pub threads: Option<u16>,
    /// Run inference on this CUDA GPU (needs a build with `--features cuda`).
    #[arg(long, global = true)]
    pub gpu: Option<i32>,
    /// Cards whose detection and recognition inputs may share one model call, 1-64
    /// (default 1: none; with --gpu, 8). What makes a GPU pay; on the CPU it only changes
    /// the padding.
    /// `scan` then reads at least this many inputs at once and `serve` runs at least this
    /// many workers, so there are cards to batch (docs/gpu.md).
    #[arg(long, global = true, value_parser = clap::value_parser!(u16).range(1..=64))]
    pub batch: Option<u16>,
    /// The date cards are judged against, YYYY-MM-DD: the century of a NIK's birth year when
    /// the issue date is unreadable, and the latest year a printed date may have (default:
    /// the fixed date in the README, so the same card always reads the same way).
    #[arg(long, global = true, value_parser = parse_date)]
    pub reference_date: Option<Date>,
}

fn parse_date(s: &str) -> Result<Date, String> {
    Date::parse_iso(s).ok_or_else(|| format!("{s:?} is not a calendar date of the form YYYY-MM-DD"))
}

impl EngineArgs {
    /// The engine these options ask for; `threads` when `--threads` is not given (default:
    /// all cores).
    pub fn builder(&self, threads: Option<usize>) -> EngineBuilder {
        let mut b = Engine::builder();
        if let Some(m) = &self.models {
            b = b.models_dir(m);
        }
        if let Some(t) = self.threads.map(usize::from).or(threads) {
            b = b.threads(t);
        }
        if let Some(d) = self.reference_date {
            b = b.reference_date(d);
        }
        if let Some(g) = self.gpu {
            b = b.device(Device::Cuda(g));
        }
        b = b.batch_cards(self.batch_cards());
        #[cfg(feature = "pdf")]
        {
            b = b.pdf_renderer(Arc::new(self.pdf_sandbox(1)));
        }
        b
    }

    /// PDFs are rendered by this binary re-executed (`ktpocr __render-pdf`), each in a
    /// child bounded in time, CPU and memory, at most `children` at once; pdfium comes
    /// from the models folder these options name.
    #[cfg(feature = "pdf")]
    pub fn pdf_sandbox(&self, children: usize) -> ktp_pdf_sandbox::Sandbox {
        use ktp_ocr::ocr::runtime::ModelFiles;
        let files = match &self.models {
            Some(dir) => ModelFiles::in_dir(dir),
            None => ModelFiles::find(),
        };
        // Without a models folder the engine does not start, so no PDF reaches the child.
        let pdfium = files.ok().and_then(|f| f.pdfium);
        // /proc/self/exe names this very binary even when it was started by a relative path.
        let program = std::env::current_exe().unwrap_or_else(|_| "/proc/self/exe".into());
        ktp_pdf_sandbox::Sandbox::new(program, pdfium).max_children(children)
    }

    /// Cards one model call may carry (1: no batching across cards).
    pub fn batch_cards(&self) -> usize {
        match (self.batch, self.gpu) {
            (Some(n), _) => n.into(),
            (None, Some(_)) => GPU_BATCH_CARDS,
            (None, None) => 1,
        }
    }

    /// Sessions per model for `readers` reads at once: one each, or with batching at most
    /// [`BATCH_SESSIONS`] that the reads share.
    pub fn sessions(&self, readers: usize) -> usize {
        if self.batch_cards() > 1 {
            readers.clamp(1, BATCH_SESSIONS)
        } else {
            readers.max(1)
        }
    }

    /// Inference threads per session so that `readers` reads at once use every core once.
    pub fn threads_for(&self, readers: usize) -> usize {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        (cores / self.sessions(readers)).max(1)
    }

    pub fn build(&self) -> Result<Engine, Error> {
        self.builder(None).build()
    }
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputFormat {
    Native,
    Accuauth,
    Tencent,
    /// `ktpocr scan` only: a CSV row of the fields per input.
    Csv,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Read cards from JPG, PNG or PDF files (or folders of them) and print JSON.
    Scan(scan::ScanArgs),
    /// Generate synthetic KTP cards with ground truth.
    Synth(synth::SynthArgs),
    /// Score the engine (or an HTTP endpoint) on a folder with a truth.jsonl.
    Eval(eval::EvalArgs),
    /// Serve the accuauth (/ocr/idcard) and Tencent (RecognizeIndonesiaIDCardOCR) APIs over
    /// HTTP.
    #[cfg(feature = "server")]
    Serve(serve::ServeArgs),
    /// Render one PDF read on stdin, in a bounded child of `scan` or `serve` (internal).
    #[cfg(feature = "pdf")]
    #[command(name = "__render-pdf", hide = true)]
    RenderPdf(ktp_pdf_sandbox::ChildArgs),
}

pub fn run(cli: Cli) -> i32 {
    match cli.command {
        Command::Scan(a) => scan::run(a),
        Command::Synth(a) => synth::run(a),
        Command::Eval(a) => eval::run(a),
        #[cfg(feature = "server")]
        Command::Serve(a) => serve::run(a),
        #[cfg(feature = "pdf")]
        Command::RenderPdf(a) => ktp_pdf_sandbox::child::run(&a),
    }
}

/// A progress bar on stderr when it is a terminal and there is more than one item.
pub fn progress(len: usize) -> indicatif::ProgressBar {
    use std::io::IsTerminal;
    if len > 1 && std::io::stderr().is_terminal() {
        let pb = indicatif::ProgressBar::new(len as u64);
        pb.set_style(
            indicatif::ProgressStyle::with_template(
                "{bar:40} {pos}/{len} {elapsed_precise} eta {eta}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        pb
    } else {
        indicatif::ProgressBar::hidden()
    }
}

fn main() {
    let args = Cli::parse();
    std::process::exit(run(args));
}

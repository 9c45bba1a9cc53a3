//! `ktpocr scan FILE|DIR...`: read cards and print one answer per input (native JSON
//! naming its input, an exact cloud API answer, or a CSV row), or write one file per input
//! (`--out DIR`); `--csv FILE` adds a CSV export beside either.

mod inputs;
mod ordered;
mod table;

use super::{progress, EngineArgs, OutputFormat};
use inputs::Input;
use ktp_ocr::format::tencent::{self, Scene};
use ktp_ocr::format::{accuauth, native, new_request_id, new_tencent_request_id};
use ktp_ocr::{Engine, Error, KtpReading, ReadOptions};
use serde::Serialize;
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(clap::Args, Debug)]
pub struct ScanArgs {
    /// Image or PDF files, or folders (their .jpg, .jpeg, .png and .pdf files are read; their
    /// sub-folders with --recursive).
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// Output schema: native JSON (each answer names its `input`), the exact accuauth or
    /// Tencent answer, or CSV rows of the fields.
    #[arg(long, value_enum, default_value = "native")]
    pub format: OutputFormat,
    /// Read the sub-folders of the folders given too (otherwise each is named in a warning).
    #[arg(long, short = 'r')]
    pub recursive: bool,
    /// Write one file per input into this folder (`NAME.json`, or `NAME.csv` for --format
    /// csv, NAME being the input's path below the folder given) instead of printing.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Also write every input's fields as CSV to this file (one row per input).
    #[arg(long, value_name = "FILE")]
    pub csv: Option<PathBuf>,
    /// Tencent `Scene`, with --format tencent: V1 (the API's default) leaves `Provinsi` and
    /// `Kota` empty, V2 fills them, as the server answers.
    #[arg(long, value_enum, ignore_case = true)]
    pub scene: Option<SceneArg>,
    /// Return the holder's photo (base64 JPEG): `photo` in the native form, `Photo` in the
    /// Tencent form (the accuauth and CSV forms have no place for it).
    #[arg(long)]
    pub return_head_image: bool,
    /// Write a picture of what the engine saw: the card outline, the text boxes and the field
    /// each line went to. With several inputs, a folder that gets one PNG per input.
    #[arg(long, value_name = "OUT.png")]
    pub debug_image: Option<PathBuf>,
    /// Inputs read at once, 1-64 (default: one per core, at most one per input). The cores
    /// are shared among them: each read's inference gets cores / jobs threads unless
    /// --threads says otherwise.
    #[arg(long, value_parser = clap::value_parser!(u16).range(1..=64))]
    pub jobs: Option<u16>,
    #[command(flatten)]
    pub engine: EngineArgs,
}

#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum SceneArg {
    #[value(name = "V1")]
    V1,
    #[value(name = "V2")]
    V2,
}

impl From<SceneArg> for Scene {
    fn from(s: SceneArg) -> Scene {
        match s {
            SceneArg::V1 => Scene::V1,
            SceneArg::V2 => Scene::V2,
        }
    }
}

/// Options that would be silently ignored together, refused instead.
fn check_options(args: &ScanArgs) -> Result<(), String> {
    if args.return_head_image && matches!(args.format, OutputFormat::Accuauth | OutputFormat::Csv) {
        return Err(format!(
            "--return-head-image has no place in --format {}: the photo is returned in the \
             native and tencent formats",
            format_name(args.format)
        ));
    }
    if args.scene.is_some() && args.format != OutputFormat::Tencent {
        return Err("--scene applies to --format tencent only".into());
    }
    Ok(())
}

fn format_name(f: OutputFormat) -> &'static str {
    match f {
        OutputFormat::Native => "native",
        OutputFormat::Accuauth => "accuauth",
        OutputFormat::Tencent => "tencent",
        OutputFormat::Csv => "csv",
    }
}

/// The native answer, with the input it is for.
#[derive(Serialize)]
struct Named<'a, T: Serialize> {
    input: &'a str,
    #[serde(flatten)]
    answer: T,
}

/// One answer as JSON, or a CSV header and row for [`OutputFormat::Csv`].
fn render(
    args: &ScanArgs,
    input: &str,
    result: &Result<KtpReading, Error>,
    pretty: bool,
) -> String {
    fn json<T: Serialize>(v: &T, pretty: bool) -> String {
        let text = if pretty {
            serde_json::to_string_pretty(v)
        } else {
            serde_json::to_string(v)
        };
        text.unwrap_or_else(|e| format!("{{\"status\":\"INTERNAL_ERROR\",\"reason\":\"{e}\"}}"))
    }
    let named = |answer| Named { input, answer };
    match (args.format, result) {
        (OutputFormat::Native, Ok(r)) => {
            json(&named(native::response(r, new_request_id())), pretty)
        }
        (OutputFormat::Native, Err(e)) => {
            let answer = native::error(e, new_request_id());
            json(&Named { input, answer }, pretty)
        }
        (OutputFormat::Accuauth, Ok(r)) => json(&accuauth::response(r, new_request_id()), pretty),
        (OutputFormat::Accuauth, Err(e)) => json(&accuauth::error(e, new_request_id()), pretty),
        (OutputFormat::Tencent, Ok(r)) => {
            let photo = r.photo.clone().unwrap_or_default();
            let scene = args.scene.map_or(Scene::default(), Scene::from);
            json(
                &tencent::response_for(r, new_tencent_request_id(), photo, scene),
                pretty,
            )
        }
        (OutputFormat::Tencent, Err(e)) => {
            json(&tencent::error(e, new_tencent_request_id()), pretty)
        }
        (OutputFormat::Csv, _) => {
            let mut w = csv::Writer::from_writer(Vec::new());
            let _ = w.write_record(table::row(input, result));
            let bytes = w.into_inner().unwrap_or_default();
            String::from_utf8_lossy(&bytes).trim_end().to_string()
        }
    }
}

/// An error answer for the whole run (no input, bad folder), in the chosen format.
fn render_run_error(args: &ScanArgs, e: Error) -> String {
    match args.format {
        OutputFormat::Csv => format!("scan: {e}"),
        _ => render(args, "", &Err(e), true),
    }
}

fn read_file(
    engine: &Engine,
    path: &Path,
    options: &ReadOptions,
) -> (Result<KtpReading, Error>, Option<ktp_ocr::trace::Trace>) {
    match inputs::read_checked(path) {
        Ok(bytes) => engine.read_with(&bytes, options),
        Err(e) => (Err(e), None),
    }
}

/// Where the debug picture of `input` goes.
fn debug_path(out: &Path, input: &Path, single: bool) -> PathBuf {
    if single {
        out.to_path_buf()
    } else {
        let stem = input
            .file_stem()
            .map_or("input".into(), |s| s.to_string_lossy());
        out.join(format!("{stem}.debug.png"))
    }
}

/// The file of `input` under `--out DIR`: its name with `.json` (or `.csv`) added, so
/// `a.jpg` and `a.png` do not collide.
fn out_path(dir: &Path, input: &Input, format: OutputFormat) -> PathBuf {
    let ext = if format == OutputFormat::Csv {
        "csv"
    } else {
        "json"
    };
    let mut name = input.name.clone().into_os_string();
    name.push(".");
    name.push(ext);
    dir.join(name)
}

/// Two inputs that would write the same file under `--out`.
fn first_collision(inputs: &[Input]) -> Option<(&Input, &Input)> {
    let mut seen = std::collections::HashMap::new();
    for i in inputs {
        if let Some(prev) = seen.insert(&i.name, i) {
            return Some((prev, i));
        }
    }
    None
}

fn write_out(path: &Path, text: &str, header: bool) -> std::io::Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let mut f = std::fs::File::create(path)?;
    if header {
        let mut w = table::writer(Vec::new()).map_err(std::io::Error::other)?;
        w.flush()?;
        let head = w
            .into_inner()
            .map_err(|e| std::io::Error::other(e.to_string()))?;
        f.write_all(&head)?;
    }
    writeln!(f, "{text}")
}

pub fn run(args: ScanArgs) -> i32 {
    if let Err(m) = check_options(&args) {
        eprintln!("scan: {m}");
        return 2;
    }
    let expanded = match inputs::expand(&args.inputs, args.recursive) {
        Ok(x) if !x.inputs.is_empty() => x,
        Ok(_) => {
            let e = Error::InvalidArgument("no JPG, PNG or PDF file in the given folders".into());
            println!("{}", render_run_error(&args, e));
            return 2;
        }
        Err(e) => {
            let e = Error::InvalidArgument(format!("cannot list the inputs: {e}"));
            println!("{}", render_run_error(&args, e));
            return 2;
        }
    };
    for dir in &expanded.skipped_folders {
        if args.recursive {
            eprintln!(
                "scan: warning: {} is a link to a folder: not followed",
                dir.display()
            );
        } else {
            eprintln!(
                "scan: warning: {} is a sub-folder: not read (add --recursive to read it)",
                dir.display()
            );
        }
    }
    let files = expanded.inputs;
    if args.out.is_some() {
        if let Some((a, b)) = first_collision(&files) {
            eprintln!(
                "scan: {} and {} would both be written as {} under --out",
                a.path.display(),
                b.path.display(),
                a.name.display()
            );
            return 2;
        }
    }
    let mut csv_file = match &args.csv {
        None => None,
        Some(path) => match std::fs::File::create(path).map(std::io::BufWriter::new) {
            Ok(f) => match table::writer(f) {
                Ok(w) => Some(w),
                Err(e) => {
                    eprintln!("scan: cannot write {}: {e}", path.display());
                    return 2;
                }
            },
            Err(e) => {
                eprintln!("scan: cannot write {}: {e}", path.display());
                return 2;
            }
        },
    };
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    // With batching across cards, enough reads at once to fill a batch.
    let jobs = args
        .jobs
        .map_or(
            cores.max(args.engine.batch_cards()).min(files.len()),
            usize::from,
        )
        .clamp(1, files.len().max(1));
    let engine = match args
        .engine
        .builder(Some(args.engine.threads_for(jobs)))
        .concurrency(jobs)
        .build()
    {
        Ok(e) => e,
        Err(e) => {
            println!("{}", render_run_error(&args, e));
            return 3;
        }
    };
    let single = files.len() == 1 && !args.inputs[0].is_dir();
    let pb = progress(files.len());
    let options = ReadOptions {
        head_image: args.return_head_image,
        trace: args.debug_image.is_some(),
        ..ReadOptions::default()
    };
    let debug_dir = args.debug_image.as_ref().filter(|_| !single);
    for dir in [args.out.as_ref(), debug_dir].into_iter().flatten() {
        if let Err(e) = std::fs::create_dir_all(dir) {
            eprintln!("scan: cannot create {}: {e}", dir.display());
            return 2;
        }
    }
    if args.format == OutputFormat::Csv && args.out.is_none() {
        println!("{}", table::header().join(","));
    }
    let mut failures = 0;
    let mut exit = None;
    ordered::read_in_order(
        &files,
        jobs,
        |f| read_file(&engine, &f.path, &options),
        |i, (result, debug)| {
            let f = &files[i];
            if let (Some(out), Some(trace)) = (&args.debug_image, debug) {
                let path = debug_path(out, &f.path, single);
                if let Err(e) = crate::debug::render(&trace).save(&path) {
                    eprintln!("scan: cannot write {}: {e}", path.display());
                }
            }
            failures += usize::from(result.is_err());
            let input = f.path.display().to_string();
            if let Some(w) = csv_file.as_mut() {
                if let Err(e) = w.write_record(table::row(&input, &result)) {
                    eprintln!("scan: cannot write the CSV file: {e}");
                    exit = Some(1);
                    return false;
                }
            }
            match &args.out {
                Some(dir) => {
                    let path = out_path(dir, f, args.format);
                    let text = render(&args, &input, &result, true);
                    if let Err(e) = write_out(&path, &text, args.format == OutputFormat::Csv) {
                        eprintln!("scan: cannot write {}: {e}", path.display());
                        exit = Some(1);
                        return false;
                    }
                }
                None => {
                    let out = render(&args, &input, &result, single);
                    // A closed stdout (`| head`) ends the run quietly instead of panicking.
                    let written = pb.suspend(|| writeln!(std::io::stdout(), "{out}"));
                    if written.is_err() {
                        exit = Some(1);
                        return false;
                    }
                }
            }
            pb.inc(1);
            true
        },
    );
    if let Some(code) = exit {
        return code;
    }
    pb.finish_and_clear();
    if let Some(mut w) = csv_file {
        if let Err(e) = w.flush() {
            eprintln!("scan: cannot write the CSV file: {e}");
            return 1;
        }
    }
    if args.engine.batch_cards() > 1 {
        let stats = engine.batch_stats();
        eprintln!(
            "scan: batching across cards: {} detection calls for {} cards ({:.1} a call), \
             {} recognition runs for {} requests ({:.1} a run)",
            stats.detection.calls,
            stats.detection.requests,
            stats.detection.mean_batch(),
            stats.recognition.calls,
            stats.recognition.requests,
            stats.recognition.mean_batch()
        );
    }
    if let Some(dir) = &args.out {
        eprintln!(
            "scan: {} read, {failures} failed; one file per input in {}",
            files.len() - failures,
            dir.display()
        );
    }
    if failures > 0 {
        1
    } else {
        0
    }
}

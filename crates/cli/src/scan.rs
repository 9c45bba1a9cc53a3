//! `ktpocr scan FILE...`

use super::{progress, EngineArgs, OutputFormat};
use ktp_ocr::format::{accuauth, native, new_request_id, new_tencent_request_id, tencent};
use ktp_ocr::{Engine, Error, KtpReading, ReadOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(clap::Args, Debug)]
pub struct ScanArgs {
    /// Image or PDF files, or folders (their .jpg, .jpeg, .png and .pdf files are read).
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// Output schema.
    #[arg(long, value_enum, default_value = "native")]
    pub format: OutputFormat,
    /// Return the holder's photo (base64 JPEG): `photo` in the native form, `Photo` in the
    /// Tencent form.
    #[arg(long)]
    pub return_head_image: bool,
    /// Write a picture of what the engine saw: the card outline, the text boxes and the field
    /// each line went to. With several inputs, a folder that gets one PNG per input.
    #[arg(long, value_name = "OUT.png")]
    pub debug_image: Option<PathBuf>,
    #[command(flatten)]
    pub engine: EngineArgs,
}

const EXTENSIONS: [&str; 4] = ["jpg", "jpeg", "png", "pdf"];

/// Expand folders into their supported files, sorted by name.
pub fn expand_inputs(inputs: &[PathBuf]) -> std::io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for p in inputs {
        if p.is_dir() {
            let mut inner: Vec<PathBuf> = std::fs::read_dir(p)?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|f| {
                    f.extension()
                        .and_then(|e| e.to_str())
                        .is_some_and(|e| EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
                })
                .collect();
            inner.sort();
            files.extend(inner);
        } else {
            files.push(p.clone());
        }
    }
    Ok(files)
}

fn render(format: OutputFormat, result: &Result<KtpReading, Error>, pretty: bool) -> String {
    let photo = |r: &KtpReading| r.photo.clone().unwrap_or_default();
    let to = |v: serde_json::Result<String>| {
        v.unwrap_or_else(|e| format!("{{\"status\":\"INTERNAL_ERROR\",\"reason\":\"{e}\"}}"))
    };
    let json = |v: &dyn erased::Ser| {
        if pretty {
            to(v.pretty())
        } else {
            to(v.compact())
        }
    };
    match (format, result) {
        (OutputFormat::Native, Ok(r)) => json(&native::response(r, new_request_id())),
        (OutputFormat::Native, Err(e)) => json(&native::error(e, new_request_id())),
        (OutputFormat::Accuauth, Ok(r)) => json(&accuauth::response(r, new_request_id())),
        (OutputFormat::Accuauth, Err(e)) => json(&accuauth::error(e, new_request_id())),
        (OutputFormat::Tencent, Ok(r)) => {
            json(&tencent::response(r, new_tencent_request_id(), photo(r)))
        }
        (OutputFormat::Tencent, Err(e)) => json(&tencent::error(e, new_tencent_request_id())),
    }
}

/// Serialising different response types through one path.
mod erased {
    pub trait Ser {
        fn pretty(&self) -> serde_json::Result<String>;
        fn compact(&self) -> serde_json::Result<String>;
    }
    impl<T: serde::Serialize> Ser for T {
        fn pretty(&self) -> serde_json::Result<String> {
            serde_json::to_string_pretty(self)
        }
        fn compact(&self) -> serde_json::Result<String> {
            serde_json::to_string(self)
        }
    }
}

fn read_file(
    engine: &Engine,
    path: &Path,
    options: &ReadOptions,
) -> (Result<KtpReading, Error>, Option<ktp_ocr::trace::Trace>) {
    match std::fs::read(path) {
        Ok(bytes) => engine.read_with(&bytes, options),
        Err(e) => (
            Err(Error::InvalidArgument(format!(
                "cannot read {}: {e}",
                path.display()
            ))),
            None,
        ),
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

pub fn run(args: ScanArgs) -> i32 {
    let files = match expand_inputs(&args.inputs) {
        Ok(f) if !f.is_empty() => f,
        Ok(_) => {
            let e = Error::InvalidArgument("no JPG, PNG or PDF file in the given folders".into());
            println!("{}", render(args.format, &Err(e), true));
            return 2;
        }
        Err(e) => {
            let e = Error::InvalidArgument(format!("cannot list the inputs: {e}"));
            println!("{}", render(args.format, &Err(e), true));
            return 2;
        }
    };
    let engine = match args.engine.build() {
        Ok(e) => e,
        Err(e) => {
            println!("{}", render(args.format, &Err(e), true));
            return 3;
        }
    };
    let single = files.len() == 1 && !args.inputs[0].is_dir();
    let pb = progress(files.len());
    let options = ReadOptions {
        head_image: args.return_head_image,
        trace: args.debug_image.is_some(),
    };
    if let (Some(dir), false) = (&args.debug_image, single) {
        if let Err(e) = std::fs::create_dir_all(dir) {
            eprintln!("scan: cannot create {}: {e}", dir.display());
            return 2;
        }
    }
    let mut failures = 0;
    for f in &files {
        let (result, debug) = read_file(&engine, f, &options);
        if let (Some(out), Some(trace)) = (&args.debug_image, debug) {
            let path = debug_path(out, f, single);
            if let Err(e) = crate::debug::render(&trace).save(&path) {
                eprintln!("scan: cannot write {}: {e}", path.display());
            }
        }
        failures += usize::from(result.is_err());
        let out = render(args.format, &result, single);
        // A closed stdout (`| head`) ends the run quietly instead of panicking.
        let written = pb.suspend(|| writeln!(std::io::stdout(), "{out}"));
        if written.is_err() {
            return 1;
        }
        pb.inc(1);
    }
    pb.finish_and_clear();
    if failures > 0 {
        1
    } else {
        0
    }
}

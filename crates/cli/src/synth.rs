//! `ktpocr synth --count N --seed S --out DIR`: synthetic cards with ground truth.

use super::progress;
use ktp_synth::{write_dataset, Condition};
use std::path::PathBuf;
use std::time::Instant;

#[derive(clap::Args, Debug)]
pub struct SynthArgs {
    /// Number of cards.
    #[arg(long, default_value_t = 100)]
    pub count: usize,
    /// Seed: the same seed always gives the same cards.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Output folder (created), gets card_NNNN.jpg/png and truth.jsonl.
    #[arg(long)]
    pub out: PathBuf,
    /// Only this capture condition (repeatable); default: the twelve-condition mix. One of:
    /// flat_scan, phone_photo, rotated_90, rotated_180, rotated_270, exif_rotated, low_res,
    /// glare, heavy_blur, photocopy, cropped, screen_photo, tight_crop, real_like.
    #[arg(long = "condition", value_parser = parse_condition)]
    pub conditions: Vec<Condition>,
    /// A named mix instead of conditions: `default` (the twelve conditions) or `real_like`
    /// (every card drawn from the shares of real inputs, the same as `--condition
    /// real_like`).
    #[arg(long, value_parser = ["default", "real_like"], conflicts_with = "conditions")]
    pub mix: Option<String>,
}

fn parse_condition(s: &str) -> Result<Condition, String> {
    Condition::from_name(s).ok_or_else(|| {
        let names: Vec<&str> = Condition::ALL.iter().map(|c| c.name()).collect();
        format!("unknown condition `{s}`; one of: {}", names.join(", "))
    })
}

pub fn run(args: SynthArgs) -> i32 {
    let started = Instant::now();
    let pb = progress(args.count);
    let conditions = match args.mix.as_deref() {
        Some("real_like") => vec![Condition::RealLike],
        _ => args.conditions.clone(),
    };
    let result = write_dataset(args.count, args.seed, &conditions, &args.out, &|n| {
        pb.set_position(n as u64)
    });
    pb.finish_and_clear();
    match result {
        Ok(records) => {
            eprintln!(
                "synth: {} cards and truth.jsonl written to {} in {:.1} s",
                records.len(),
                args.out.display(),
                started.elapsed().as_secs_f64()
            );
            0
        }
        Err(e) => {
            eprintln!("synth: {e}");
            1
        }
    }
}

//! `ktpocr synth` (the generator lands with the synthetic-card work).

#[derive(clap::Args, Debug)]
pub struct SynthArgs {}

pub fn run(_args: SynthArgs) -> i32 {
    eprintln!("synth: not built yet");
    2
}

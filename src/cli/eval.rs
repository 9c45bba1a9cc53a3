//! `ktpocr eval`.

#[derive(clap::Args, Debug)]
pub struct EvalArgs {}

pub fn run(_args: EvalArgs) -> i32 {
    eprintln!("eval: not built yet");
    2
}

//! `ktpocr`: the command-line front of the ktp-ocr library. It only parses arguments, does
//! the file I/O and prints; the work is in the library.

mod cli;

use clap::Parser;

fn main() {
    let args = cli::Cli::parse();
    std::process::exit(cli::run(args));
}

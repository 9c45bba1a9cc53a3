//! ktp-synth: synthetic e-KTP cards with ground truth, and the evaluator that scores a
//! reader on them.
//!
//! Every card is invented (see [`generate_card`]); the generator keeps its own copy of the
//! vocabularies it prints, so the reader is tested against lists it did not write. The
//! evaluator ([`eval`]) compares what a reader returned with the truth ([`truth`]).

pub mod eval;
pub mod fonts;
mod generator;
pub mod pdf;
pub mod truth;

pub use generator::*;

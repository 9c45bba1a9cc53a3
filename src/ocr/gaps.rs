//! Word spaces and abbreviation periods the recogniser outvoted. PP-OCRv6 drops many Latin
//! word spaces (more so on the narrow spaces real cards print) and small periods: the blank
//! wins the steps between two characters, though the space or the period class rose there.
//! A space is also seen in the pixels: the run of ink-free columns between two letters is
//! much wider at a word gap than between the letters of a word.
//!
//! Each rule weighs, for every pair of neighbouring letters with nothing between them, the
//! recogniser's evidence ([`GapEvidence`]) and the widest ink-free run between the two
//! letters, measured against the line's own letter gaps and height.

use super::recognize::{crop_x_of_step, GapEvidence, Recognized};
use image::RgbImage;

/// Gaps between letters of one line, as ink-free runs in crop pixels.
pub struct InkGaps {
    /// For each crop column, whether it holds ink.
    ink: Vec<bool>,
    height: f32,
}

/// A column holds ink when one of its pixels is darker than this share of the way from the
/// ground (the bright end) to the ink (the dark end).
const INK_LEVEL: f32 = 0.5;
/// Columns this close to the top or bottom are ignored: a neighbour line's descender or
/// ascender may reach in.
const EDGE_ROWS: f32 = 0.12;

impl InkGaps {
    pub fn new(crop: &RgbImage) -> Self {
        let (w, h) = crop.dimensions();
        let grey: Vec<u8> = crop
            .pixels()
            .map(|p| ((u16::from(p.0[0]) + u16::from(p.0[1]) * 2 + u16::from(p.0[2])) / 4) as u8)
            .collect();
        let mut sorted = grey.clone();
        sorted.sort_unstable();
        let pick = |q: f32| sorted[((sorted.len().max(1) - 1) as f32 * q) as usize];
        let (dark, ground) = if sorted.is_empty() {
            (0, 255)
        } else {
            (pick(0.03), pick(0.7))
        };
        let level = f32::from(ground) - INK_LEVEL * f32::from(ground.saturating_sub(dark));
        let skip = (EDGE_ROWS * h as f32) as u32;
        let ink = (0..w)
            .map(|x| {
                (skip..h.saturating_sub(skip))
                    .any(|y| f32::from(grey[(y * w + x) as usize]) < level)
            })
            .collect();
        InkGaps {
            ink,
            height: h as f32,
        }
    }

    /// The widest ink-free run of columns in `from..to`.
    pub fn widest_gap(&self, from: u32, to: u32) -> u32 {
        let (mut best, mut run) = (0u32, 0u32);
        for x in from..to.min(self.ink.len() as u32) {
            if self.ink[x as usize] {
                run = 0;
            } else {
                run += 1;
                best = best.max(run);
            }
        }
        best
    }
}

/// A space the recogniser scored this high between two letters is put back when the
/// pixels also show a gap wider than the line's usual letter gap (the plain rule, without
/// the pixels, is `recognize::SPACE_RESCUE`). Measured on 60 real_like cards (`ktpocr synth
/// --mix real_like --seed 77`): of the word gaps the recogniser dropped, 20 of 36 pass these
/// three bounds; of 1,675 gaps inside words, none.
const SPACE_WITH_GAP: f32 = 0.008;
/// ...the gap this many times the line's median gap between letters...
const GAP_OVER_MEDIAN: f32 = 1.8;
/// ...and at least this share of the line's height.
const MIN_GAP_HEIGHT: f32 = 0.08;
/// A period the recogniser scored this high after a short word is put back (3 of 16 dropped
/// periods on the same cards; no false one among 103 spaces read).
const PERIOD_RESCUE: f32 = 0.03;
/// Only an abbreviation takes a period back: a word of at most this many letters (`JL`,
/// `GG`, `KP`, `NO`, `H`, `LINGK`).
const ABBREVIATION_LETTERS: usize = 5;

/// Put back the spaces and periods the recogniser outvoted in `rec`, read from `crop`.
pub fn restore(crop: &RgbImage, rec: &mut Recognized) {
    let chars: Vec<char> = rec.text.chars().collect();
    if chars.len() < 2
        || rec.char_steps.len() != chars.len()
        || rec.gaps_before.len() != chars.len()
    {
        return;
    }
    // Most lines have no evidence of either mark: nothing to weigh, so no pixels to measure.
    let any = rec
        .gaps_before
        .iter()
        .any(|e| e.space >= SPACE_WITH_GAP || e.period >= PERIOD_RESCUE);
    if !any {
        return;
    }
    let gaps = InkGaps::new(crop);
    let x_of = |i: usize| crop_x_of_step(crop, rec.char_steps[i]);
    // Letters of the word ending at i - 1.
    let word_before = |i: usize| {
        chars[..i]
            .iter()
            .rev()
            .take_while(|c| c.is_alphanumeric())
            .count()
    };
    let abbreviation =
        |i: usize| chars[i - 1].is_alphabetic() && word_before(i) <= ABBREVIATION_LETTERS;
    // Ink-free runs between neighbouring letters of the line.
    let letter_gaps: Vec<(usize, u32)> = (1..chars.len())
        .filter(|&i| chars[i - 1].is_alphanumeric() && chars[i].is_alphanumeric())
        .map(|i| (i, gaps.widest_gap(x_of(i - 1), x_of(i))))
        .collect();
    let widths: Vec<f32> = letter_gaps.iter().map(|&(_, g)| g as f32).collect();
    let median = crate::stats::median(widths).unwrap_or(0.0).max(1.0);
    let mut insert: Vec<(usize, char, f32)> = Vec::new();
    for &(i, gap) in &letter_gaps {
        let evidence: GapEvidence = rec.gaps_before[i];
        let gap = gap as f32;
        if evidence.period >= PERIOD_RESCUE && abbreviation(i) {
            insert.push((i, '.', evidence.period));
        } else if evidence.space >= SPACE_WITH_GAP
            && gap >= GAP_OVER_MEDIAN * median
            && gap >= MIN_GAP_HEIGHT * gaps.height
        {
            insert.push((i, ' ', evidence.space));
        }
    }
    // A space read after an abbreviation whose period the blank outvoted.
    for (i, (&c, evidence)) in chars.iter().zip(&rec.gaps_before).enumerate().skip(1) {
        if c == ' ' && evidence.period >= PERIOD_RESCUE && abbreviation(i) {
            insert.push((i, '.', evidence.period));
        }
    }
    insert.sort_by_key(|&(i, ..)| i);
    let mut text = chars;
    for &(i, c, confidence) in insert.iter().rev() {
        text.insert(i, c);
        rec.char_confidences.insert(i, confidence);
        rec.char_steps.insert(i, rec.char_steps[i]);
        rec.char_alternatives.insert(i, None);
        rec.gaps_before.insert(i, GapEvidence::default());
    }
    rec.text = text.into_iter().collect();
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::Rgb;

    /// A 40 px high line with ink blocks at the given column ranges.
    fn line(blocks: &[(u32, u32)], width: u32) -> RgbImage {
        RgbImage::from_fn(width, 40, |x, y| {
            if (8..32).contains(&y) && blocks.iter().any(|&(a, b)| (a..b).contains(&x)) {
                Rgb([20, 20, 20])
            } else {
                Rgb([220, 230, 240])
            }
        })
    }

    fn read(text: &str, gaps: &[(f32, f32)]) -> Recognized {
        let n = text.chars().count();
        Recognized {
            text: text.into(),
            char_confidences: vec![0.99; n],
            // 5 steps (40 px of the 48 px high input, 33 px of this 40 px crop) a character
            char_steps: (0..n as u32).map(|i| 5 * i + 2).collect(),
            char_alternatives: vec![None; n],
            gaps_before: gaps
                .iter()
                .map(|&(space, period)| GapEvidence { space, period })
                .collect(),
        }
    }

    #[test]
    fn a_wide_gap_the_space_class_rose_in_is_a_space() {
        // "ABCD" at 33 px a letter; a 16 px ink-free gap between B and C, 3 px elsewhere
        let blocks = [(0, 30), (33, 63), (79, 109), (112, 142)];
        let crop = line(&blocks, 150);
        let mut r = read("ABCD", &[(0.0, 0.0), (0.0, 0.0), (0.02, 0.0), (0.0, 0.0)]);
        restore(&crop, &mut r);
        assert_eq!(r.text, "AB CD");
        assert_eq!(r.char_confidences.len(), 5);
        // the same gap without any space evidence stays a letter gap
        let mut r = read("ABCD", &[(0.0, 0.0); 4]);
        restore(&crop, &mut r);
        assert_eq!(r.text, "ABCD");
    }

    #[test]
    fn an_abbreviations_period_comes_back_a_long_words_does_not() {
        let crop = line(&[(0, 300)], 300);
        let mut r = read("JL SUDIRMAN", &evidence_at(11, 2, (0.9, 0.2)));
        restore(&crop, &mut r);
        assert_eq!(r.text, "JL. SUDIRMAN");
        let mut r = read("SUDIRMAN JL", &evidence_at(11, 8, (0.9, 0.2)));
        restore(&crop, &mut r);
        assert_eq!(r.text, "SUDIRMAN JL");
    }

    /// Evidence for `n` characters: none but `(space, period)` before character `i`.
    fn evidence_at(n: usize, i: usize, e: (f32, f32)) -> Vec<(f32, f32)> {
        (0..n)
            .map(|k| if k == i { e } else { (0.0, 0.0) })
            .collect()
    }

    #[test]
    fn ink_free_runs_are_measured() {
        let g = InkGaps::new(&line(&[(0, 10), (14, 24), (40, 50)], 60));
        assert_eq!(g.widest_gap(0, 24), 4);
        assert_eq!(g.widest_gap(10, 45), 16);
    }
}

//! The strokes of a Roman numeral's `I`s, counted in the pixels: `DUSUN VIII` and
//! `LINGK. III` come out of the recogniser one `I` short. CTC emits a repeated letter twice
//! only with a blank step between them, and three narrow `I`s printed closer than that lose
//! one (on five `real_like` seeds, 4 addresses: `VIII` -> `VII`, `III` -> `II`, `VI` -> `V`).
//! An `I` is one upright stroke in every face a card is printed in, so the run's strokes
//! say how many there are.

use super::recognize::{crop_x_of_step, Recognized};
use crate::card::ink::{dark_print, ink_per_column};
use image::RgbImage;

/// A Roman numeral holds at most this many `I`s in a row.
const MAX_RUN: usize = 3;
/// A column belongs to a stroke when its ink is at least this share of the tallest column
/// of the run's span (an `I` is as tall as a capital; the arm of a `V` before it crosses a
/// column in a short slant).
const STROKE_SHARE: f32 = 0.7;

/// Add the `I`s the recogniser merged into one in each word made of `I`, `V` and `X` only
/// that ends in a run of one or two `I`s, where the run's span holds more upright strokes.
pub fn restore(crop: &RgbImage, rec: &mut Recognized) {
    let chars: Vec<char> = rec.text.chars().collect();
    if rec.char_steps.len() != chars.len() {
        return;
    }
    let mut inserts: Vec<(usize, usize, f32)> = Vec::new();
    let mut print: Option<Option<RgbImage>> = None;
    let mut start = 0;
    while start < chars.len() {
        let end = chars[start..]
            .iter()
            .position(|&c| c == ' ')
            .map_or(chars.len(), |p| start + p);
        let word = &chars[start..end];
        let run = word.iter().rev().take_while(|&&c| c == 'I').count();
        let numeral = word.iter().all(|c| matches!(c, 'I' | 'V' | 'X'));
        if numeral && (1..MAX_RUN).contains(&run) {
            let first = end - run;
            let steps = &rec.char_steps;
            // The run's span: from halfway after the letter before it (a step before its
            // first `I` when it begins the word) to halfway to the next character (two
            // steps after its last `I` when it ends the line).
            let x0 = if first > start {
                crop_x_of_step(crop, (steps[first - 1] + steps[first]).div_ceil(2))
            } else {
                crop_x_of_step(crop, steps[first].saturating_sub(1))
            };
            let x1 = match steps.get(end) {
                Some(&next) => crop_x_of_step(crop, (steps[end - 1] + next) / 2),
                None => crop_x_of_step(crop, steps[end - 1] + 2),
            };
            let print = print.get_or_insert_with(|| dark_print(crop, 0));
            if let Some(print) = print {
                let strokes = strokes_in(print, x0, x1);
                if strokes > run && strokes <= MAX_RUN {
                    let confidence = rec.char_confidences[end - 1];
                    inserts.push((end, strokes - run, confidence));
                }
            }
        }
        start = end + 1;
    }
    for &(at, count, confidence) in inserts.iter().rev() {
        for _ in 0..count {
            rec.insert_char(at, 'I', confidence);
        }
    }
}

/// The upright strokes between columns `x0` and `x1` of the print: runs of columns whose
/// ink is near the tallest's, apart by at least one column that is not.
fn strokes_in(print: &RgbImage, x0: u32, x1: u32) -> usize {
    let ink = ink_per_column(print, x0..x1);
    let tallest = ink.iter().copied().max().unwrap_or(0);
    if tallest == 0 {
        return 0;
    }
    let stroke = |n: usize| n as f32 >= STROKE_SHARE * tallest as f32;
    let mut count = 0;
    let mut inside = false;
    for &n in &ink {
        if stroke(n) && !inside {
            count += 1;
        }
        inside = stroke(n);
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::card::ink::drawn::{GROUND, PRINT, WATERMARK};
    use crate::ocr::recognize::GapEvidence;

    /// A 48 px high line crop: a `V` (two slants) at 10-40, upright strokes 4 px wide at
    /// the `strokes` given, and the watermark's letters further on.
    fn crop_with(strokes: &[u32]) -> RgbImage {
        RgbImage::from_fn(160, 48, |x, y| {
            let in_v = (10..40).contains(&x) && (10..38).contains(&y) && {
                // the V's two arms, 5 px wide, meeting at the bottom
                let t = (y - 10) as f32 / 28.0;
                let (l, r) = (10.0 + 12.0 * t, 40.0 - 12.0 * t);
                ((x as f32) - l).abs() < 2.5 || ((x as f32) - r).abs() < 2.5
            };
            let in_stroke =
                (10..38).contains(&y) && strokes.iter().any(|&s| (s..s + 4).contains(&x));
            if in_v || in_stroke {
                PRINT
            } else if (110..150).contains(&x) && (5..40).contains(&y) {
                WATERMARK
            } else {
                GROUND
            }
        })
    }

    /// What the recogniser made of it: `text`, one step per character at `steps`.
    fn read(text: &str, steps: &[u32]) -> Recognized {
        let n = text.chars().count();
        Recognized {
            text: text.into(),
            char_confidences: vec![0.97; n],
            char_steps: steps.to_vec(),
            char_alternatives: vec![None; n],
            gaps_before: vec![GapEvidence::default(); n],
        }
    }

    #[test]
    fn three_strokes_read_as_two_i_are_three() {
        // V at steps 2-3 (16-40 px of 48 px high: the crop is read at its own scale), the
        // strokes at 48, 60 and 72 px: the recogniser emitted I at steps 6 and 8
        let crop = crop_with(&[48, 60, 72]);
        let mut rec = read("VII", &[3, 6, 8]);
        restore(&crop, &mut rec);
        assert_eq!(rec.text, "VIII");
        assert_eq!(rec.char_steps.len(), 4);
        assert_eq!(rec.gaps_before.len(), 4);
    }

    #[test]
    fn two_strokes_read_as_two_stay() {
        let crop = crop_with(&[48, 60]);
        let mut rec = read("VII", &[3, 6, 7]);
        restore(&crop, &mut rec);
        assert_eq!(rec.text, "VII");
    }

    #[test]
    fn only_words_of_numeral_letters_are_counted() {
        let crop = crop_with(&[48, 60, 72]);
        let mut rec = read("VAI", &[3, 5, 8]);
        restore(&crop, &mut rec);
        assert_eq!(rec.text, "VAI");
    }
}

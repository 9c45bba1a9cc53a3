//! Word spaces and abbreviation periods the recogniser outvoted. PP-OCRv6 drops many Latin
//! word spaces (more so on the narrow spaces real cards print) and small periods: the blank
//! wins the steps between two characters, though the space or the period class rose there.
//! A space is also seen in the pixels: the run of ink-free columns between two letters is
//! much wider at a word gap than between the letters of a word.
//!
//! Each rule weighs, for every pair of neighbouring letters with nothing between them, the
//! recogniser's evidence ([`GapEvidence`]) and the widest ink-free run between the two
//! letters, measured against the line's own letter gaps and height. A period can leave no
//! evidence at all (faded, blurred away) yet still leaves its white: after an abbreviation,
//! a period and a space are twice as wide as the line's plain word gaps.

use super::recognize::{crop_x_of_step, GapEvidence, Recognized};
use image::RgbImage;

/// Gaps between letters of one line, as ink-free runs in crop pixels.
pub struct InkGaps {
    /// For each crop column, whether it holds ink.
    ink: Vec<bool>,
    height: f32,
    /// The crop's grey levels, row by row, `width` a row.
    grey: Vec<u8>,
    width: u32,
    /// The ground's grey level and how much darker the ink is.
    ground: f32,
    contrast: f32,
    /// The rows the line's letters span (top, bottom inclusive), if any ink was found.
    band: Option<(u32, u32)>,
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
        let band = letter_band(&grey, w, h, level);
        InkGaps {
            ink,
            height: h as f32,
            grey,
            width: w,
            ground: f32::from(ground),
            contrast: f32::from(ground.saturating_sub(dark)),
            band,
        }
    }

    /// The white between characters `i - 1` and `i` of a line read from `crop` whose
    /// characters were emitted at output `steps`: the widest ink-free run between the two
    /// steps' columns.
    pub fn white_before(&self, crop: &RgbImage, steps: &[u32], i: usize) -> u32 {
        self.widest_gap(
            crop_x_of_step(crop, steps[i - 1]),
            crop_x_of_step(crop, steps[i]),
        )
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

    /// The height of the line's letters in crop pixels, if any ink was found.
    pub fn letter_height(&self) -> Option<f32> {
        self.band.map(|(top, bottom)| (bottom - top + 1) as f32)
    }

    /// The white between the word that ends in columns `from..` and the word that starts
    /// before `to`: from the last inked column of the first blob of ink to the first of the
    /// last. A small blob on the baseline between them (a period, printed or read) is part
    /// of the white; any other ink between them (a letter, a colon, a comma) makes it no
    /// word gap at all (`None`).
    pub fn word_gap(&self, from: u32, to: u32) -> Option<u32> {
        let (top, bottom) = self.band?;
        let to = to.min(self.width);
        let band_h = (bottom - top + 1) as f32;
        let margin = (DOT_BAND_MARGIN * band_h) as u32;
        let rows = top.saturating_sub(margin)..(bottom + margin + 1).min(self.height as u32);
        let level = self.ground - DOT_INK * self.contrast;
        // Each column's inked rows (first, last), None where it holds no ink.
        let extent = |x: u32| {
            let mut inked = rows
                .clone()
                .filter(|&y| f32::from(self.grey[(y * self.width + x) as usize]) < level);
            let first = inked.next()?;
            Some((first, inked.next_back().unwrap_or(first)))
        };
        // Runs of inked columns: (first column, last column, top row, bottom row).
        let mut blobs: Vec<(u32, u32, u32, u32)> = Vec::new();
        let mut open = false;
        for x in from..to {
            match (extent(x), open) {
                (Some((a, b)), true) => {
                    let last = blobs.last_mut().expect("an open run");
                    *last = (last.0, x, last.2.min(a), last.3.max(b));
                }
                (Some((a, b)), false) => {
                    blobs.push((x, x, a, b));
                    open = true;
                }
                (None, _) => open = false,
            }
        }
        let dot = |&(x0, x1, y0, y1): &(u32, u32, u32, u32)| {
            (x1 - x0 + 1) as f32 <= DOT_MAX_SIZE * band_h
                && y0 as f32 >= top as f32 + DOT_LOWEST_TOP * band_h
                && y1 as f32 <= bottom as f32 + DOT_BELOW_BASELINE * band_h
        };
        let (first, rest) = blobs.split_first()?;
        let (last, between) = rest.split_last()?;
        if dot(first) || dot(last) || between.len() > 1 || !between.iter().all(dot) {
            return None;
        }
        Some(last.0 - first.1 - 1)
    }
}

/// The rows of the letters: the run of rows around the most inked one where at least this
/// share of its ink columns are inked too (a neighbour line reaching in inks far fewer).
const BAND_ROW_SHARE: f32 = 0.2;
/// A period's ink may be fainter than the letters': a column holds a period's ink when a
/// pixel is darker than this share of the way from the ground to the ink.
const DOT_INK: f32 = 0.3;
/// Rows this share of the letters' height above and below them are searched for a period.
const DOT_BAND_MARGIN: f32 = 0.25;
/// A period is at most this share of the letters' height wide...
const DOT_MAX_SIZE: f32 = 0.4;
/// ...its top at least this share of the letters' height below their top...
const DOT_LOWEST_TOP: f32 = 0.6;
/// ...and its foot at most this share of it below the baseline (a comma reaches further).
const DOT_BELOW_BASELINE: f32 = 0.12;
/// Words printed with a period after them on KTPs (`JL. MERDEKA NO. 5`, `GG. X`,
/// `KP. X`, `H. AHMAD`); a single letter (an initial) counts too. Some cards print them
/// without the period, which the white after them tells apart.
const ABBREVIATIONS: &[&str] = &[
    "JL", "JLN", "GG", "NO", "KP", "KOMP", "LINGK", "LING", "LK", "BR", "DSN", "DS", "BLK", "KAV",
    "KEL", "KEC", "HJ", "KH", "MUH", "MOH", "MHD", "DR", "IR", "TGK",
];
/// A single letter is an initial (`M. ALDI`, `H. AGUS`) when the word after it has at
/// least this many letters; before a shorter one it is a block's letter (`BLOK C NO. 5`).
const INITIAL_BEFORE_LETTERS: usize = 3;
/// A period that left no ink the recogniser read still leaves its white: a period's
/// advance is as wide as a space's, so the white after an abbreviation whose period the
/// recogniser missed is about twice the line's plain word gap. Taken at this many times
/// the plain gap: on 180 real_like cards (seeds 77, 101, 303) the dropped periods measured
/// 1.33-4 (17 of 19), the undotted abbreviations 0.62-1.2 (23 of 23)...
const PERIOD_GAP_OVER_WORD_GAP: f32 = 1.3;
/// ...and at least this share of the letters' height, so that a line whose plain gaps are
/// a few pixels (blur closing them) does not make every wider one a period.
const PERIOD_GAP_HEIGHT: f32 = 0.3;
/// A line with no plain word gap to compare with (`LINGK V`, `KP NAGROG`, two words) takes
/// the period where the white is this share of the letters' height: on 300 real_like cards
/// (seeds 77, 101, 303, 404, 505) such whites measured 0.32-0.50 after abbreviations
/// printed without a period (9 lines) and 0.56-0.83 where its period was lost (4).
const PERIOD_GAP_ALONE_HEIGHT: f32 = 0.55;
/// The confidence given to a period told by its white.
const PERIOD_BY_GAP_CONFIDENCE: f32 = 0.8;

/// The rows the letters of a line span, from the grey levels of a `w` x `h` crop: the run
/// of rows around the most inked one where rows stay inked.
fn letter_band(grey: &[u8], w: u32, h: u32, level: f32) -> Option<(u32, u32)> {
    let counts: Vec<usize> = (0..h)
        .map(|y| {
            (0..w)
                .filter(|&x| f32::from(grey[(y * w + x) as usize]) < level)
                .count()
        })
        .collect();
    let (peak, &most) = counts.iter().enumerate().max_by_key(|&(_, c)| *c)?;
    if most == 0 {
        return None;
    }
    let inked = |y: usize| counts[y] as f32 >= BAND_ROW_SHARE * most as f32;
    let top = (0..peak)
        .rev()
        .take_while(|&y| inked(y))
        .last()
        .unwrap_or(peak);
    let bottom = (peak + 1..counts.len())
        .take_while(|&y| inked(y))
        .last()
        .unwrap_or(peak);
    Some((top as u32, bottom as u32))
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
/// Narrow word spaces (tight print, blur) leave the space class far lower: a space scored
/// this high is put back when the pixels show a clearer gap than [`SPACE_WITH_GAP`] asks...
const FAINT_SPACE: f32 = 0.002;
/// ...this many times the line's median gap between letters...
const FAINT_SPACE_GAP_OVER_MEDIAN: f32 = 2.5;
/// ...and between these shares of the letters' height (a wider white inside a line is
/// glare or a stain, not a space). A [`NARROW`] glyph on either side is left alone.
/// Measured on 240 real_like cards (seeds 77, 101, 303, 404): of 48 word gaps the rules
/// above miss, 12 pass; of 29,400 gaps inside words, none.
const FAINT_SPACE_MIN_HEIGHT: f32 = 0.25;
const FAINT_SPACE_MAX_HEIGHT: f32 = 1.0;
/// Glyphs whose narrow stem leaves a white beside them that looks wide against the line's
/// letter gaps (`II` of a roman numeral, `H10` of a block number).
const NARROW: &str = "I1";
/// The narrowest spaces (tight print, blur) leave the space class lower still. Such a gap
/// is put back where it stands alone in its word: the space scored at least this...
const LONE_GAP_SPACE: f32 = 0.0003;
/// ...the gap at least this many times the word's next widest...
const LONE_GAP_OVER_NEXT: f32 = 2.0;
/// ...and this many times the line's median gap between letters, between this share of the
/// letters' height and [`FAINT_SPACE_MAX_HEIGHT`]. Measured on 300 real_like cards (seeds
/// 77, 101, 303, 404, 505): of the 35 words whose dropped space the rules above miss, 8
/// pass, and 2 of 4,700 words printed as one (`MUL|YA`, `BARA|T`), which the letters below
/// exclude.
const LONE_GAP_OVER_MEDIAN: f32 = 3.0;
const LONE_GAP_MIN_HEIGHT: f32 = 0.3;
/// Pairs whose shapes leave a wide white between the columns of one word: a letter open at
/// its right (`L`'s head, `T`'s foot) before one open at its left (`A`'s head, `Y`'s foot).
const OPEN_AT_RIGHT: &str = "FLPTVWY7";
const OPEN_AT_LEFT: &str = "AJTVWY";
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
    // Where a period may have been read as nothing, a comma or a colon: after an
    // abbreviation, before the next word.
    let unmarked: Vec<(usize, usize)> = (1..chars.len())
        .filter(|&i| matches!(chars[i], ' ' | ',' | ':') && known_abbreviation(&chars[..i]))
        .filter_map(|i| {
            let next = next_unspaced(&chars, i)?;
            let spaced = chars[i] == ' ' || chars[i + 1] == ' ';
            // An initial comes before a name; a lone letter before `NO` is a block's.
            let initial = word_before(i) == 1;
            let next_word = chars[next..]
                .iter()
                .take_while(|c| c.is_alphabetic())
                .count();
            let fits = !initial || next_word >= INITIAL_BEFORE_LETTERS;
            (spaced && fits && chars[next].is_alphanumeric()).then_some((i, next))
        })
        .collect();
    // Most lines have no evidence of either mark: nothing to weigh, so no pixels to measure.
    let any = rec
        .gaps_before
        .iter()
        .any(|e| e.space >= LONE_GAP_SPACE || e.period >= PERIOD_RESCUE);
    if !any && unmarked.is_empty() {
        return;
    }
    let gaps = InkGaps::new(crop);
    let x_of = |i: usize| crop_x_of_step(crop, rec.char_steps[i]);
    // Ink-free runs between neighbouring letters of the line.
    let letter_gaps: Vec<(usize, u32)> = (1..chars.len())
        .filter(|&i| chars[i - 1].is_alphanumeric() && chars[i].is_alphanumeric())
        .map(|i| (i, gaps.white_before(crop, &rec.char_steps, i)))
        .collect();
    let widths: Vec<f32> = letter_gaps.iter().map(|&(_, g)| g as f32).collect();
    let median = crate::stats::median(widths).unwrap_or(0.0).max(1.0);
    let plain_space = |space: f32, gap: f32| {
        space >= SPACE_WITH_GAP
            && gap >= GAP_OVER_MEDIAN * median
            && gap >= MIN_GAP_HEIGHT * gaps.height
    };
    let faint_space = |space: f32, gap: f32, i: usize| {
        space >= FAINT_SPACE
            && gap >= FAINT_SPACE_GAP_OVER_MEDIAN * median
            && gaps.letter_height().is_some_and(|h| {
                (FAINT_SPACE_MIN_HEIGHT * h..=FAINT_SPACE_MAX_HEIGHT * h).contains(&gap)
            })
            && !NARROW.contains(chars[i - 1])
            && !NARROW.contains(chars[i])
    };
    let mut insert: Vec<(usize, char, f32)> = Vec::new();
    for &(i, gap) in &letter_gaps {
        let evidence: GapEvidence = rec.gaps_before[i];
        let gap = gap as f32;
        if evidence.period >= PERIOD_RESCUE && abbreviation(i) {
            insert.push((i, '.', evidence.period));
        } else if plain_space(evidence.space, gap) || faint_space(evidence.space, gap, i) {
            insert.push((i, ' ', evidence.space));
        }
    }
    if let Some(height) = gaps.letter_height() {
        for (i, word) in lone_word_gaps(&chars, &letter_gaps, median, height) {
            let space = rec.gaps_before[i].space;
            if space >= LONE_GAP_SPACE && !insert.iter().any(|&(at, ..)| word.contains(&at)) {
                insert.push((i, ' ', space));
            }
        }
    }
    // A space read after an abbreviation whose period the blank outvoted.
    for (i, (&c, evidence)) in chars.iter().zip(&rec.gaps_before).enumerate().skip(1) {
        if c == ' ' && evidence.period >= PERIOD_RESCUE && abbreviation(i) {
            insert.push((i, '.', evidence.period));
        }
    }
    let mut text = chars.clone();
    for (i, c) in periods_by_gap(&chars, &unmarked, &gaps, |i| {
        (x_of(i), crop_x_of_step(crop, rec.char_steps[i] + 1))
    }) {
        if insert.iter().any(|&(at, c, _)| at == i && c == '.') {
            continue;
        }
        if c == ' ' {
            insert.push((i, '.', PERIOD_BY_GAP_CONFIDENCE));
        } else {
            text[i] = '.';
            rec.char_confidences[i] = PERIOD_BY_GAP_CONFIDENCE;
        }
    }
    rec.text = text.into_iter().collect();
    insert.sort_by_key(|&(i, ..)| i);
    for &(i, c, confidence) in insert.iter().rev() {
        rec.insert_char(i, c, confidence);
    }
}

/// The places (before character `i`) where a word of the line holds one gap between two
/// letters far wider than its others and than the line's (`median`): two words printed
/// with a narrow space; each with the word's gaps (the places before its second to last
/// letter). `letter_gaps` are the widest ink-free runs between neighbouring letters;
/// `height` is the letters'. A word needs three gaps or more to tell one apart.
fn lone_word_gaps(
    chars: &[char],
    letter_gaps: &[(usize, u32)],
    median: f32,
    height: f32,
) -> Vec<(usize, std::ops::RangeInclusive<usize>)> {
    let mut found = Vec::new();
    for word in letter_gaps.chunk_by(|a, b| b.0 == a.0 + 1) {
        if word.len() < 3 {
            continue;
        }
        let mut widths: Vec<(u32, usize)> = word.iter().map(|&(i, g)| (g, i)).collect();
        widths.sort_unstable_by(|a, b| b.cmp(a));
        let ((widest, i), next) = (widths[0], widths[1].0 as f32);
        let gap = widest as f32;
        let open = OPEN_AT_RIGHT.contains(chars[i - 1]) || OPEN_AT_LEFT.contains(chars[i]);
        if !open
            && gap >= LONE_GAP_OVER_NEXT * next.max(1.0)
            && gap >= LONE_GAP_OVER_MEDIAN * median
            && (LONE_GAP_MIN_HEIGHT * height..=FAINT_SPACE_MAX_HEIGHT * height).contains(&gap)
        {
            found.push((i, word[0].0..=word[word.len() - 1].0));
        }
    }
    found
}

/// The first character after `i` that is no space.
fn next_unspaced(chars: &[char], i: usize) -> Option<usize> {
    (i + 1..chars.len()).find(|&j| chars[j] != ' ')
}

/// Whether the word ending at the end of `before` is an abbreviation that takes a period:
/// one letter (an initial) or one of [`ABBREVIATIONS`].
fn known_abbreviation(before: &[char]) -> bool {
    let letters = before
        .iter()
        .rev()
        .take_while(|c| c.is_alphanumeric())
        .count();
    let word: String = before[before.len() - letters..].iter().collect();
    // Balinese names open with `I` (and `NI`), a word of its own that takes no period.
    let initial = word.len() == 1 && word != "I";
    word.chars().all(|c| c.is_ascii_uppercase())
        && (initial || ABBREVIATIONS.contains(&word.as_str()))
}

/// The places among `unmarked` (a space, comma or colon after an abbreviation, and the next
/// word's first character) where a period is printed though none was read: the white
/// between the abbreviation and the next word is as wide as a period and a space together.
/// `span(i)` is where character `i`'s first output step begins and ends, in crop pixels.
fn periods_by_gap(
    chars: &[char],
    unmarked: &[(usize, usize)],
    gaps: &InkGaps,
    span: impl Fn(usize) -> (u32, u32),
) -> Vec<(usize, char)> {
    let Some(height) = gaps.letter_height() else {
        return Vec::new();
    };
    let gap_at = |i: usize, next: usize| gaps.word_gap(span(i - 1).0, span(next).1);
    // The line's plain word gaps: spaces after a word that is no abbreviation.
    let plain: Vec<f32> = (1..chars.len())
        .filter(|&i| chars[i] == ' ' && chars[i - 1].is_alphanumeric())
        .filter(|&i| !known_abbreviation(&chars[..i]))
        .filter_map(|i| gap_at(i, next_unspaced(chars, i)?))
        .map(|g| g as f32)
        .collect();
    let word_gap = crate::stats::median(plain);
    let period_wide = |g: f32| match word_gap {
        Some(word_gap) => {
            g >= PERIOD_GAP_HEIGHT * height && g >= PERIOD_GAP_OVER_WORD_GAP * word_gap
        }
        None => g >= PERIOD_GAP_ALONE_HEIGHT * height,
    };
    unmarked
        .iter()
        .filter(|&&(i, next)| gap_at(i, next).is_some_and(|g| period_wide(g as f32)))
        .map(|&(i, _)| (i, chars[i]))
        .collect()
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
    fn a_faint_space_needs_a_clearer_gap_and_no_narrow_glyph_beside_it() {
        // "ABCD", letters 30 px, 3 px apart; a 9 px gap between B and C (3 letter gaps,
        // 0.375 of the letters' 24 px height)
        let crop = line(&[(0, 30), (33, 63), (72, 102), (105, 135)], 140);
        let faint = [(0.0, 0.0), (0.0, 0.0), (0.004, 0.0), (0.0, 0.0)];
        let mut r = read("ABCD", &faint);
        restore(&crop, &mut r);
        assert_eq!(r.text, "AB CD");
        // the same gap beside an `I`, whose stem leaves as wide a white on its other side
        let beside_i = line(&[(0, 30), (39, 69), (78, 108), (111, 141)], 150);
        let mut r = read("AICD", &faint);
        restore(&beside_i, &mut r);
        assert_eq!(r.text, "AICD");
        // a gap of 6 px (2 letter gaps) is a letter gap at this evidence
        let crop = line(&[(0, 30), (33, 63), (69, 99), (102, 132)], 140);
        let mut r = read("ABCD", &faint);
        restore(&crop, &mut r);
        assert_eq!(r.text, "ABCD");
    }

    #[test]
    fn a_gap_alone_in_its_word_is_a_space_even_at_little_evidence() {
        // six 30 px letters 3 px apart, 11 px (0.46 of the letters' 24 px) before the fourth
        let blocks = [
            (0, 30),
            (33, 63),
            (66, 96),
            (107, 137),
            (140, 170),
            (173, 203),
        ];
        let crop = line(&blocks, 210);
        let little = evidence_at(6, 3, (0.001, 0.0));
        let mut r = read("ABCDEF", &little);
        restore(&crop, &mut r);
        assert_eq!(r.text, "ABC DEF");
        // no evidence at all: a letter gap
        let mut r = read("ABCDEF", &[(0.0, 0.0); 6]);
        restore(&crop, &mut r);
        assert_eq!(r.text, "ABCDEF");
        // `L` before `Y` leaves that white inside a word
        let mut r = read("ABLYEF", &little);
        restore(&crop, &mut r);
        assert_eq!(r.text, "ABLYEF");
        // a second gap as wide: neither stands alone
        let blocks = [
            (0, 30),
            (33, 63),
            (66, 96),
            (107, 137),
            (148, 178),
            (181, 211),
        ];
        let mut r = read("ABCDEF", &little);
        restore(&line(&blocks, 220), &mut r);
        assert_eq!(r.text, "ABCDEF");
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

    /// `FIRST AB CD` with `white` pixels between `FIRST` and `AB` and 12 between `AB` and
    /// `CD`, 30 px letters 3 px apart, and small blocks of ink at the foot of the letters
    /// in the columns `dots`.
    fn address(first: &str, white: u32, dots: &[(u32, u32)]) -> (RgbImage, Recognized) {
        let n = first.len() as u32;
        let mut starts: Vec<u32> = (0..n).map(|k| 33 * k).collect();
        let a = 33 * n - 3 + white;
        starts.extend([0, a, a + 33, 0, a + 75, a + 108]);
        let blocks: Vec<(u32, u32)> = starts
            .iter()
            .enumerate()
            .filter(|&(i, _)| i != n as usize && i != n as usize + 3)
            .map(|(_, &x)| (x, x + 30))
            .collect();
        let mut crop = line(&blocks, a + 150);
        for &(x0, x1) in dots {
            for x in x0..x1 {
                for y in 27..32 {
                    crop.put_pixel(x, y, Rgb([20, 20, 20]));
                }
            }
        }
        let text = format!("{first} AB CD");
        let mut r = read(&text, &vec![(0.0, 0.0); starts.len()]);
        // each character's first output step (6.7 crop pixels a step) inside its block
        r.char_steps = starts
            .iter()
            .map(|&x| (x as f32 / 6.67) as u32 + 1)
            .collect();
        (crop, r)
    }

    #[test]
    fn an_abbreviations_period_is_told_by_the_white_it_left() {
        // the white of a period and a space: twice the line's plain word gap
        let (crop, mut r) = address("JL", 24, &[]);
        restore(&crop, &mut r);
        assert_eq!(r.text, "JL. AB CD");
        // a period's dot printed in that white does not hide it
        let (crop, mut r) = address("JL", 24, &[(70, 74)]);
        restore(&crop, &mut r);
        assert_eq!(r.text, "JL. AB CD");
        // an abbreviation printed without its period: a plain word gap
        let (crop, mut r) = address("JL", 12, &[]);
        restore(&crop, &mut r);
        assert_eq!(r.text, "JL AB CD");
        // a word that is no abbreviation, and the Balinese `I`, take no period
        for word in ["XY", "I"] {
            let (crop, mut r) = address(word, 24, &[]);
            restore(&crop, &mut r);
            assert_eq!(r.text, format!("{word} AB CD"));
        }
        // ink in the white wider than a period tells nothing
        let (crop, mut r) = address("JL", 24, &[(70, 82)]);
        restore(&crop, &mut r);
        assert_eq!(r.text, "JL AB CD");
    }

    #[test]
    fn a_two_word_line_takes_the_period_its_white_alone_tells() {
        // `JL ABCD`: 30 px letters 3 px apart (24 px high), `white` pixels after `JL`
        let two_words = |white: u32| {
            let a = 63 + white;
            let starts = [0, 33, 0, a, a + 33, a + 66, a + 99];
            let blocks: Vec<(u32, u32)> = starts
                .iter()
                .enumerate()
                .filter(|&(i, _)| i != 2)
                .map(|(_, &x)| (x, x + 30))
                .collect();
            let mut r = read("JL ABCD", &[(0.0, 0.0); 7]);
            r.char_steps = starts
                .iter()
                .map(|&x| (x as f32 / 6.67) as u32 + 1)
                .collect();
            (line(&blocks, a + 140), r)
        };
        // 16 px, 0.67 of the letters' height: a period and a space
        let (crop, mut r) = two_words(16);
        restore(&crop, &mut r);
        assert_eq!(r.text, "JL. ABCD");
        // 10 px, 0.42: a space alone
        let (crop, mut r) = two_words(10);
        restore(&crop, &mut r);
        assert_eq!(r.text, "JL ABCD");
    }

    #[test]
    fn ink_free_runs_are_measured() {
        let g = InkGaps::new(&line(&[(0, 10), (14, 24), (40, 50)], 60));
        assert_eq!(g.widest_gap(0, 24), 4);
        assert_eq!(g.widest_gap(10, 45), 16);
    }
}

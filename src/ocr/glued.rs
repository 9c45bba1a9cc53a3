//! Words the recogniser glued together or cut apart, told by the [`Lexicon`]. Where a word
//! space is narrow (tight print, blur, a small card) neither the recogniser's space evidence
//! nor the white between the letters clears the bars of [`super::gaps`], and two names come
//! out as one (`ZULKIFLIPERMANA`, `GRIYAASRI`); where letters stand apart one word comes out
//! as two (`WIJA YA`, `PERU MAHAN`). The lexicon says where a word may be cut; the line
//! itself must still point at that place: the recogniser's space evidence or the white
//! between the letters must be the word's strongest there. No letter is ever changed.

use super::gaps::InkGaps;
use super::recognize::Recognized;
use crate::lexicon::Lexicon;
use image::RgbImage;

/// Each of the two words a glued word is cut into has at least this many letters: a cut
/// off `SRI` or `NUR` is too often a real one-word name (`SRIYATUN`, `NURHAYATI`).
const MIN_PART_LETTERS: usize = 4;
/// A cut is where the recogniser's space evidence ([`super::recognize::GapEvidence`]) is
/// at least this and higher than at every other place in the word...
const CUT_SPACE_EVIDENCE: f32 = 0.001;
/// ...or where the white between the two letters is at least as wide as anywhere else in
/// the word and this many times the word's median white between letters.
const CUT_GAP_OVER_MEDIAN: f32 = 1.5;
/// Two words this short that each hold a vowel are never joined (see [`could_be_pieces`]).
const SYLLABLE_LETTERS: usize = 2;
/// The confidence of a space put back at a cut (as for a period found by its white in
/// [`super::gaps`]): the line supports it, but the recogniser did not read it.
const CUT_CONFIDENCE: f32 = 0.8;

/// Join the pieces of a word read apart, then cut the words read glued together.
pub fn restore(crop: &RgbImage, rec: &mut Recognized, lexicon: &Lexicon) {
    if rec.char_steps.len() != rec.text.chars().count()
        || rec.gaps_before.len() != rec.char_steps.len()
    {
        return;
    }
    join_pieces(rec, lexicon);
    cut_glued(crop, rec, lexicon);
}

/// The maximal runs of capital letters in `chars`, as index ranges.
fn words(chars: &[char]) -> Vec<std::ops::Range<usize>> {
    let mut found = Vec::new();
    let mut start = None;
    for (i, c) in chars.iter().chain(std::iter::once(&' ')).enumerate() {
        match (c.is_ascii_uppercase(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                found.push(s..i);
                start = None;
            }
            _ => {}
        }
    }
    found
}

/// Remove a space between two words that are each no word of the lexicon while the two
/// together are (`WIJA YA` -> `WIJAYA`).
fn join_pieces(rec: &mut Recognized, lexicon: &Lexicon) {
    loop {
        let chars: Vec<char> = rec.text.chars().collect();
        let text = |r: &std::ops::Range<usize>| chars[r.clone()].iter().collect::<String>();
        let join = words(&chars).windows(2).find_map(|pair| {
            let (a, b) = (&pair[0], &pair[1]);
            let one_space = b.start == a.end + 1 && chars[a.end] == ' ';
            let (ta, tb) = (text(a), text(b));
            (one_space
                && could_be_pieces(&ta, &tb)
                && !lexicon.contains(&ta)
                && !lexicon.contains(&tb)
                && lexicon.contains(&(ta + &tb)))
            .then_some(a.end)
        });
        match join {
            Some(space) => rec.remove_char(space),
            None => return,
        }
    }
}

/// Whether two words may be the pieces of one: not when both are syllables of at most
/// [`SYLLABLE_LETTERS`] letters, as a Chinese name prints them (`LI NA`), or a block's
/// letter before `NO` (`E NO`); a piece without a vowel is no word of its own (`BL OK`).
fn could_be_pieces(a: &str, b: &str) -> bool {
    let voiced = |w: &str| w.chars().any(|c| "AEIOUY".contains(c));
    let syllable = |w: &str| w.len() <= SYLLABLE_LETTERS && voiced(w);
    !(syllable(a) && syllable(b))
}

/// Put a space back where a word not in the lexicon is two words of it and the line points
/// at the place (see the module's comment).
fn cut_glued(crop: &RgbImage, rec: &mut Recognized, lexicon: &Lexicon) {
    let chars: Vec<char> = rec.text.chars().collect();
    let mut gaps: Option<InkGaps> = None;
    let mut cuts = Vec::new();
    // One cut a word: both words it leaves are in the lexicon, so neither is cut again.
    for word in words(&chars) {
        let text: String = chars[word.clone()].iter().collect();
        if word.len() < 2 * MIN_PART_LETTERS || lexicon.contains(&text) {
            continue;
        }
        let splits: Vec<usize> = (word.start + MIN_PART_LETTERS..=word.end - MIN_PART_LETTERS)
            .filter(|&p| {
                let (a, b) = text.split_at(p - word.start);
                lexicon.contains(a) && lexicon.contains(b)
            })
            .collect();
        if splits.is_empty() {
            continue;
        }
        let gaps = gaps.get_or_insert_with(|| InkGaps::new(crop));
        // The white and the space evidence before each letter of the word but its first.
        let places: Vec<(usize, u32, f32)> = (word.start + 1..word.end)
            .map(|i| {
                let white = gaps.white_before(crop, &rec.char_steps, i);
                (i, white, rec.gaps_before[i].space)
            })
            .collect();
        let median =
            crate::stats::median(places.iter().map(|p| p.1 as f32).collect()).unwrap_or(0.0);
        let pointed = |p: usize| {
            let Some(&(_, white, space)) = places.iter().find(|q| q.0 == p) else {
                return false;
            };
            let others = places.iter().filter(|q| q.0 != p);
            let by_evidence = space >= CUT_SPACE_EVIDENCE && others.clone().all(|q| q.2 < space);
            let by_white = white > 0
                && white as f32 >= CUT_GAP_OVER_MEDIAN * median
                && others.clone().all(|q| q.1 <= white);
            by_evidence || by_white
        };
        if let Some(&cut) = splits.iter().find(|&&p| pointed(p)) {
            cuts.push(cut);
        }
    }
    for &at in cuts.iter().rev() {
        rec.insert_char(at, ' ', CUT_CONFIDENCE);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::card::ink::drawn::{GROUND, PRINT};
    use crate::ocr::recognize::{crop_x_of_step, GapEvidence};

    /// A line of `text` as read, each letter at its own step (8 crop pixels a step, one
    /// letter every 3 steps), with the space evidence `space[i]` before letter `i`, drawn
    /// as a block of print per letter with `white[i]` blank columns before letter `i`.
    fn line(text: &str, white: &[u32], space: &[f32]) -> (RgbImage, Recognized) {
        let n = text.chars().count();
        assert!(white.len() == n && space.len() == n, "one entry a letter");
        let steps: Vec<u32> = (0..n as u32).map(|i| 3 * i + 1).collect();
        let width = 8 * (3 * n as u32 + 2);
        let mut crop = RgbImage::from_pixel(width, 48, GROUND);
        for i in 0..n {
            let centre = crop_x_of_step(&crop, steps[i]);
            let next = steps
                .get(i + 1)
                .map_or(width, |&s| crop_x_of_step(&crop, s));
            let gap_after = white.get(i + 1).copied().unwrap_or(0);
            let right = (centre + next) / 2 - gap_after / 2;
            let prev = if i == 0 {
                0
            } else {
                crop_x_of_step(&crop, steps[i - 1])
            };
            let left = (prev + centre).div_ceil(2) + white[i].div_ceil(2);
            for x in left.min(width)..right.min(width) {
                for y in 12..36 {
                    crop.put_pixel(x, y, PRINT);
                }
            }
        }
        let rec = Recognized {
            text: text.to_string(),
            char_confidences: vec![0.99; n],
            char_steps: steps,
            char_alternatives: vec![None; n],
            gaps_before: space
                .iter()
                .map(|&s| GapEvidence {
                    space: s,
                    period: 0.0,
                })
                .collect(),
        };
        (crop, rec)
    }

    fn lexicon() -> Lexicon {
        Lexicon::from_lists(&["GRIYA\nASRI\nRAHMAT\nJOKO\nWIJAYA\nPURNAMA\nSARI\nPURNAMASARI"])
    }

    #[test]
    fn a_glued_word_is_cut_where_the_space_evidence_is_strongest() {
        // GRIYA|ASRI: no white anywhere, the space class rose only at the cut.
        let mut space = vec![0.0; 9];
        space[5] = 0.05;
        let (crop, mut rec) = line("GRIYAASRI", &[0; 9], &space);
        restore(&crop, &mut rec, &lexicon());
        assert_eq!(rec.text, "GRIYA ASRI");
        assert_eq!(rec.char_confidences.len(), 10);
    }

    #[test]
    fn a_glued_word_is_cut_where_the_white_is_widest() {
        let mut white = vec![2; 10];
        white[6] = 6;
        let (crop, mut rec) = line("RAHMATJOKO", &white, &[0.0; 10]);
        restore(&crop, &mut rec, &lexicon());
        assert_eq!(rec.text, "RAHMAT JOKO");
    }

    #[test]
    fn a_glued_word_the_line_does_not_point_at_stays_whole() {
        // The white is even and no space evidence rose: the lexicon alone cuts nothing.
        let (crop, mut rec) = line("RAHMATJOKO", &[2; 10], &[0.0; 10]);
        restore(&crop, &mut rec, &lexicon());
        assert_eq!(rec.text, "RAHMATJOKO");
    }

    #[test]
    fn a_word_of_the_lexicon_is_never_cut() {
        let mut space = vec![0.0; 11];
        space[7] = 0.05;
        let (crop, mut rec) = line("PURNAMASARI", &[0; 11], &space);
        restore(&crop, &mut rec, &lexicon());
        assert_eq!(rec.text, "PURNAMASARI");
    }

    #[test]
    fn pieces_of_a_word_read_apart_are_joined() {
        let (crop, mut rec) = line("WIJA YA JOKO", &[0; 12], &[0.0; 12]);
        restore(&crop, &mut rec, &lexicon());
        assert_eq!(rec.text, "WIJAYA JOKO");
        assert_eq!(rec.char_steps.len(), 11);
    }

    #[test]
    fn syllables_of_a_name_and_a_block_letter_are_not_joined() {
        let lexicon = Lexicon::from_lists(&["LINA\nENO\nBLOK"]);
        for (read, kept) in [
            ("ZHANG LI NA", "ZHANG LI NA"),
            ("BLOK E NO", "BLOK E NO"),
            ("BL OK E", "BLOK E"),
        ] {
            let n = read.len();
            let (crop, mut rec) = line(read, &vec![0; n], &vec![0.0; n]);
            restore(&crop, &mut rec, &lexicon);
            assert_eq!(rec.text, kept);
        }
    }

    #[test]
    fn two_words_of_the_lexicon_are_not_joined() {
        let (crop, mut rec) = line("PURNAMA SARI", &[0; 12], &[0.0; 12]);
        restore(&crop, &mut rec, &lexicon());
        assert_eq!(rec.text, "PURNAMA SARI");
    }
}

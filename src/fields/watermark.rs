//! The card's background watermark read into a value.
//!
//! Every e-KTP carries `KARTU TANDA PENDUDUK` repeated diagonally over its lower right
//! (`ktp-layout.md`). Where it is strong, the detector runs a value's box on into it and
//! the recogniser reads its words after the value (`NONGSA KARTU TANDA PENDUDUK KA`), cut
//! anywhere, since the phrase repeats (`NDUDUK KART`). Such a tail is a run of words that
//! are each a stretch of the repeated phrase, misread by at most one letter in four.

/// The phrase, without its spaces; a word of the watermark is a stretch of its repetition.
const PHRASE: &str = "KARTUTANDAPENDUDUK";
/// A tail is dropped only when it holds at least this many letters: a short word that
/// happens to be a stretch of the phrase (`A`, `KA`, `TANDA`) may be a real value's.
const MIN_TAIL_LETTERS: usize = 7;
/// ...and a word of at least this many letters: a run of one- and two-letter words is more
/// likely a value's initials or numerals than the watermark.
const MIN_LONGEST_WORD: usize = 4;
/// A word may have one misread letter for every this many letters beyond its first: none in
/// a word of up to 4 (`UJAN` of the village `SI UJAN UJAN` is one letter from `UTAN`), one
/// in 5-8 (`NOUDUK`), two in 9-12. `MENDURUK`, a village word two letters from
/// `PENDUDUK`, stays a village.
const LETTERS_PER_EDIT: usize = 4;
/// Among words read that closely, a tail's other words may be misread further: one letter
/// in every two they hold (`JATIMULYA NOUDUK KARTU T ANDA PENDUDUK T AIDA`, `PLUMBON KARTU
/// THDA PEU KA`): the watermark's print, fainter than the value's and cut by the box, reads
/// worse.
const LOOSE_LETTERS_PER_EDIT: usize = 2;

/// Whether `word` (letters only) reads as a stretch of the repeated phrase with at most
/// `edits(letters)` letters misread.
fn is_watermark_word(word: &str, edits: impl Fn(usize) -> usize) -> bool {
    let letters: String = word.chars().filter(|c| c.is_ascii_alphabetic()).collect();
    if letters.is_empty() || word.chars().any(|c| c.is_ascii_digit()) {
        return false;
    }
    // three repetitions hold every stretch a recognised word can be
    let text = PHRASE.repeat(3);
    stretch_within(&letters, &text, edits(letters.len()))
}

/// Whether `word` reads closely as the watermark's (see [`LETTERS_PER_EDIT`]).
fn is_close_watermark_word(word: &str) -> bool {
    is_watermark_word(word, |n| (n - 1) / LETTERS_PER_EDIT)
}

/// Whether `word` reads loosely as the watermark's (see [`LOOSE_LETTERS_PER_EDIT`]).
fn is_loose_watermark_word(word: &str) -> bool {
    is_watermark_word(word, |n| n / LOOSE_LETTERS_PER_EDIT)
}

/// Whether `pattern` equals some stretch of `text` with at most `edits` letters inserted,
/// dropped or changed (edit distance with a free start and end in `text`).
pub(super) fn stretch_within(pattern: &str, text: &str, edits: usize) -> bool {
    let t: Vec<char> = text.chars().collect();
    // row of the empty pattern: every start in the text is free
    let mut prev = vec![0usize; t.len() + 1];
    for (i, pc) in pattern.chars().enumerate() {
        let mut cur = vec![i + 1; t.len() + 1];
        for j in 1..=t.len() {
            let change = prev[j - 1] + usize::from(pc != t[j - 1]);
            cur[j] = change.min(prev[j] + 1).min(cur[j - 1] + 1);
        }
        prev = cur;
    }
    prev.into_iter().min().is_some_and(|d| d <= edits)
}

/// `value` without the watermark words read after it, when something is left; `None` when
/// there is no such tail. The tail begins with a word read closely as the watermark's, its
/// other words are read closely or loosely (see [`LOOSE_LETTERS_PER_EDIT`]), those read
/// closely hold enough letters (see [`MIN_TAIL_LETTERS`]), and the word before it is not
/// the watermark's; the first word that begins one begins it.
pub fn without_tail(value: &str) -> Option<String> {
    let words: Vec<&str> = value.split(' ').collect();
    // each word judged once: (read closely, read loosely, its letters)
    let judged: Vec<(bool, bool, usize)> = words
        .iter()
        .map(|w| {
            let letters = w.chars().filter(|c| c.is_ascii_alphabetic()).count();
            (
                is_close_watermark_word(w),
                is_loose_watermark_word(w),
                letters,
            )
        })
        .collect();
    (1..words.len()).find_map(|start| {
        let tail = &judged[start..];
        // what is kept ends in a word of its own: a value that is the phrase stays whole
        if judged[start - 1].0 || !tail[0].0 || !tail.iter().all(|j| j.1) {
            return None;
        }
        let close = || tail.iter().filter(|j| j.0).map(|j| j.2);
        let total: usize = close().sum();
        let longest = close().max().unwrap_or(0);
        (total >= MIN_TAIL_LETTERS && longest >= MIN_LONGEST_WORD).then(|| words[..start].join(" "))
    })
}

/// `value` without any word that is a stretch of the watermark, wherever it stands; `None`
/// when it holds none or nothing else. Only for a value a table then confirms (the issue
/// place, read among the watermark's lines under the photo): a short word of a real name
/// may be one.
pub fn without_words(value: &str) -> Option<String> {
    let words: Vec<&str> = value.split(' ').collect();
    let kept: Vec<&str> = words
        .iter()
        .copied()
        .filter(|w| !is_close_watermark_word(w))
        .collect();
    (!kept.is_empty() && kept.len() < words.len()).then(|| kept.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::regions::{Level, RegionTable};

    #[test]
    fn the_watermark_read_after_a_value_is_dropped() {
        for (read, value) in [
            ("NONGSA KARTU TANDA PENDUDUK KARTU TAND", "NONGSA"),
            ("SUKABUNGAH KARTU TANDA PENDUDUK KA", "SUKABUNGAH"),
            ("KASOKANDEL HDUDUK KARTU TANDA PENDUDUK KAR", "KASOKANDEL"),
            ("JATIMULYA NOUDUK KARTU T ANDA PENDUDUK", "JATIMULYA"),
            ("SEUMUR HIDUP NDUDUK KART", "SEUMUR HIDUP"),
            // the tail's last words misread further
            ("JATIMULYA NOUDUK KARTU T ANDA PENDUDUK T AIDA", "JATIMULYA"),
            ("PLUMBON KARTU THDA PEU KA", "PLUMBON"),
        ] {
            assert_eq!(without_tail(read).as_deref(), Some(value), "{read}");
        }
    }

    #[test]
    fn the_watermark_words_around_a_place_are_all_found() {
        assert_eq!(
            without_words("TU TANDA PENDUDUK KARTU TA BANYUMAS KARTU U TANDA PEN").as_deref(),
            Some("BANYUMAS")
        );
        assert_eq!(without_words("KARAWANG KARTI").as_deref(), Some("KARAWANG"));
        assert_eq!(without_words("KOTA BEKASI"), None);
        assert_eq!(without_words("KARTU TANDA"), None);
    }

    #[test]
    fn a_value_that_ends_in_a_word_of_the_phrase_is_kept() {
        for value in [
            "JL. PENDIDIKAN NO. 21",
            "BLOK A",
            "DUSUN KARTA",
            "SIMPANG TANDA",
            "JL. KARTINI GG. MASJID NO. 4",
            "KARTU TANDA PENDUDUK",
            "NO. 12 KA",
        ] {
            assert_eq!(without_tail(value), None, "{value}");
        }
    }

    #[test]
    fn no_district_or_village_name_loses_a_word() {
        // Every district and village of the 2025 table, as printed: the tail rule must
        // leave all of them whole.
        let table = RegionTable::get();
        let cut: Vec<String> = [Level::District, Level::Village]
            .into_iter()
            .flat_map(|level| table.all(level))
            .map(|r| crate::regions::card_name(r.name()))
            .filter(|name| without_tail(name).is_some())
            .collect();
        assert!(
            cut.is_empty(),
            "{} cut, e.g. {:?}",
            cut.len(),
            &cut[..cut.len().min(10)]
        );
    }
}

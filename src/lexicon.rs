//! Words a card prints in its free-text fields: the word forms of the region table (every
//! province, regency, district and village name, each word and the whole name written as one)
//! and two lists written for this purpose, independently of the test-card generator: words
//! of Indonesian personal names (`data/lexicon/name-words.txt`) and of street addresses
//! (`data/lexicon/address-words.txt`). Used to tell two words the recogniser glued together
//! from one word ([`crate::ocr::glued`]); never to change a letter.

use crate::regions::{Level, RegionTable};
use std::collections::HashSet;
use std::sync::OnceLock;

static NAME_WORDS: &str = include_str!("../data/lexicon/name-words.txt");
static ADDRESS_WORDS: &str = include_str!("../data/lexicon/address-words.txt");

/// Shorter words are left out: two- and one-letter pieces (`NO`, `RT`, initials) would let
/// almost any long word be cut somewhere.
pub const MIN_WORD_LETTERS: usize = 3;

/// A set of upper-case words.
#[derive(Debug, Default)]
pub struct Lexicon {
    words: HashSet<String>,
}

static LEXICON: OnceLock<Lexicon> = OnceLock::new();

impl Lexicon {
    /// The embedded lexicon, built on first use (about 60 000 words; a few tens of ms, the
    /// region table's decoding included).
    pub fn get() -> &'static Lexicon {
        LEXICON.get_or_init(|| {
            let mut lexicon = Lexicon::from_lists(&[NAME_WORDS, ADDRESS_WORDS]);
            let table = RegionTable::get();
            for level in [
                Level::Province,
                Level::Regency,
                Level::District,
                Level::Village,
            ] {
                for region in table.all(level) {
                    lexicon.add_name(region.name());
                }
            }
            lexicon
        })
    }

    /// A lexicon of the words of `lists` (one word a line).
    pub fn from_lists(lists: &[&str]) -> Lexicon {
        let mut lexicon = Lexicon::default();
        for list in lists {
            for line in list.lines() {
                lexicon.add_name(line);
            }
        }
        lexicon
    }

    /// Add each word of `name`, and the whole name written as one word: compound names are
    /// printed both ways (`PURNAMA SARI`, `PURNAMASARI`), and a word that may be printed
    /// whole is never cut. Measured: without the whole names, a name printed `PURNAMASARI`
    /// was cut on five `real_like` seeds, and no glued word was cut right in exchange.
    pub fn add_name(&mut self, name: &str) {
        let upper = name.to_ascii_uppercase();
        let words: Vec<&str> = upper
            .split(|c: char| !c.is_ascii_uppercase())
            .filter(|w| w.len() >= MIN_WORD_LETTERS)
            .collect();
        if words.len() > 1 {
            self.words.insert(words.concat());
        }
        for w in words {
            self.words.insert(w.to_string());
        }
    }

    /// Whether `word` (upper case) is in the lexicon.
    pub fn contains(&self, word: &str) -> bool {
        self.words.contains(word)
    }

    /// The number of words held.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// Whether no word is held.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn holds_each_word_and_the_whole_name_but_no_short_piece() {
        let lexicon = Lexicon::from_lists(&["Karang Tengah\nNO\nGriya"]);
        assert!(lexicon.contains("KARANG"));
        assert!(lexicon.contains("TENGAH"));
        assert!(lexicon.contains("KARANGTENGAH"));
        assert!(lexicon.contains("GRIYA"));
        assert!(!lexicon.contains("NO"));
    }

    #[test]
    fn the_embedded_lexicon_holds_names_addresses_and_places() {
        let lexicon = Lexicon::get();
        for word in ["RAHMAT", "PERUMAHAN", "KEBUMEN", "PONCOWARNO"] {
            assert!(lexicon.contains(word), "{word}");
        }
        assert!(lexicon.len() > 10_000);
    }
}

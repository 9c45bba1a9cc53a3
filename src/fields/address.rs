//! The address's marks and words where the recogniser blurred them: an abbreviation's period
//! read as a comma or a colon, and address words run into their neighbour.
//!
//! Both rules rest on how addresses are written, not on a card's layout: an abbreviation
//! (`JL`, `GG`, `NO`, `BLK`, ...) is followed by a period or nothing, never by a comma or a
//! colon, so one read there is the period (a period and a comma differ by a tail a blurred
//! or small print loses); and a few address words are never part of a longer word, so one
//! found glued to its neighbour is two words.

use super::vocab::ABBREVIATIONS;

/// What a character must be.
type CharTest = fn(char) -> bool;

/// The words a house number or block code follows (`NO. 12`, `BLOK F`), and which no
/// Indonesian word ends with, each with what the next word begins with; glued to the word
/// before them (`PATTIMURANO. 71`, `PERMATABLOK F`) they are split off. `NO` only with its
/// period: many names end in `NO` (`SUDARNO`), none is written with a period before a
/// number.
const GLUED_AFTER: [(&str, CharTest); 2] = [
    ("NO.", |c| c.is_ascii_digit()),
    ("BLOK", |c| c.is_alphanumeric()),
];
/// Acronyms that open an address and begin no Indonesian word (no vowel): `BTNSAKINAH` is
/// `BTN SAKINAH`.
const GLUED_BEFORE: [&str; 1] = ["BTN"];
/// Words numbered with a roman numeral (`DUSUN VI`, `LINGK. III`); the numeral glued to
/// them (`DUSUNV`) is split off.
const NUMBERED: [&str; 3] = ["DUSUN", "DSN", "LINGK"];
/// A glued word is split only when the part left beside the address word has at least this
/// many characters: a single one is more likely a misread than a word of its own.
const MIN_PART: usize = 2;

/// The address with its marks and glued words mended; `None` when nothing changed.
pub fn mend(value: &str) -> Option<String> {
    let words: Vec<String> = value
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(period_for_comma)
        .collect();
    let mut out: Vec<String> = Vec::with_capacity(words.len() + 2);
    for (i, word) in words.iter().enumerate() {
        let next = words.get(i + 1).map(String::as_str);
        out.extend(split_glued(word, next));
    }
    number_dotted_as_the_rest(&mut out);
    let mended = out.join(" ");
    (mended != value).then_some(mended)
}

/// `NO` before a house number takes the period the address's other abbreviations carry
/// (`JL. MERDEKA NO 1`): one clerk typed the address in one style, and the period after
/// `NO` is the mark the recogniser loses most (a small dot between two whites, blurred
/// away with them). Where no other abbreviation is dotted (`JL MAWAR NO 3`), or the period
/// after a leading one was lost too, `NO` stays as read: cards print both styles.
fn number_dotted_as_the_rest(words: &mut [String]) {
    let dotted = words.iter().any(|w| {
        w.strip_suffix('.')
            .is_some_and(|stem| stem.len() >= 2 && stem != "NO" && ABBREVIATIONS.contains(&stem))
    });
    if !dotted {
        return;
    }
    for i in 1..words.len() {
        if words[i - 1] == "NO" && words[i].starts_with(|c: char| c.is_ascii_digit()) {
            words[i - 1].push('.');
        }
    }
}

/// `NO,` or `GG:` as the period it is: an abbreviation followed by a comma, colon or
/// semicolon.
fn period_for_comma(word: &str) -> String {
    let Some(stem) = word.strip_suffix([',', ':', ';']) else {
        return word.to_string();
    };
    if ABBREVIATIONS.contains(&stem) {
        format!("{stem}.")
    } else {
        word.to_string()
    }
}

/// A word split where an address word is glued to it; `next` is the word that follows.
fn split_glued(word: &str, next: Option<&str>) -> Vec<String> {
    for (glued, opens_next) in GLUED_AFTER {
        if let Some(head) = word.strip_suffix(glued) {
            let fits = next.is_some_and(|n| n.starts_with(opens_next));
            if fits && head.chars().count() >= MIN_PART && head.ends_with(char::is_alphanumeric) {
                return vec![head.to_string(), glued.to_string()];
            }
        }
    }
    for glued in GLUED_BEFORE {
        if let Some(tail) = word.strip_prefix(glued) {
            if tail.chars().count() >= MIN_PART && tail.chars().all(|c| c.is_ascii_alphabetic()) {
                return vec![glued.to_string(), tail.to_string()];
            }
        }
    }
    for numbered in NUMBERED {
        if let Some(numeral) = word.strip_prefix(numbered) {
            if is_roman_numeral(numeral) {
                return vec![numbered.to_string(), numeral.to_string()];
            }
        }
    }
    vec![word.to_string()]
}

/// `I` to `XXX`: the numerals hamlets and neighbourhoods are numbered with.
fn is_roman_numeral(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 6
        && s.chars().all(|c| matches!(c, 'I' | 'V' | 'X'))
        && !s.contains("IIII")
        && !s.contains("VV")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_comma_or_colon_after_an_abbreviation_is_its_period() {
        assert_eq!(
            mend("JL ANGGREK NO: 94").as_deref(),
            Some("JL ANGGREK NO. 94")
        );
        assert_eq!(
            mend("PERUM PONDOK HIJAU BLOK B NO, 30").as_deref(),
            Some("PERUM PONDOK HIJAU BLOK B NO. 30")
        );
        assert_eq!(
            mend("JL SIMPANG GG, AL IKHLAS").as_deref(),
            Some("JL SIMPANG GG. AL IKHLAS")
        );
        // a comma after a word that is no abbreviation stays
        assert_eq!(mend("JL. MAWAR, GANG BUNTU"), None);
        assert_eq!(mend("JL. MERDEKA NO. 1"), None);
    }

    #[test]
    fn a_house_number_takes_the_period_the_other_abbreviations_carry() {
        assert_eq!(
            mend("JL. MERDEKA NO 1").as_deref(),
            Some("JL. MERDEKA NO. 1")
        );
        assert_eq!(
            mend("KOMP. VILLA MUTIARA BLOK C NO 21").as_deref(),
            Some("KOMP. VILLA MUTIARA BLOK C NO. 21")
        );
        // no other abbreviation dotted: both styles are printed, so it stays as read
        assert_eq!(mend("JL MAWAR NO 3"), None);
        assert_eq!(mend("PERUM BUKIT HIJAU BLOK J NO 27"), None);
        // an initial's period says nothing of the clerk's style; no number, no period
        assert_eq!(mend("H. AGUS SALIM NO 5"), None);
        assert_eq!(mend("JL. SUDIRMAN NO"), None);
    }

    #[test]
    fn a_house_number_or_block_glued_to_the_word_before_is_split_off() {
        assert_eq!(
            mend("JL. PATTIMURANO. 71").as_deref(),
            Some("JL. PATTIMURA NO. 71")
        );
        assert_eq!(
            mend("PERUMAHAN BUMI PERMATABLOK B4 NO. 27").as_deref(),
            Some("PERUMAHAN BUMI PERMATA BLOK B4 NO. 27")
        );
        assert_eq!(mend("BLOK A11NO. 22").as_deref(), Some("BLOK A11 NO. 22"));
        // a name ending in NO, without the period and its number, is a name
        assert_eq!(mend("JL. SUDARNO"), None);
        assert_eq!(mend("JL SUDARNO 5"), None);
        assert_eq!(mend("DUSUN KRAJANNO."), None);
    }

    #[test]
    fn an_acronym_or_a_numeral_glued_to_its_word_is_split_off() {
        assert_eq!(
            mend("BTNSAKINAH RESIDENCE").as_deref(),
            Some("BTN SAKINAH RESIDENCE")
        );
        assert_eq!(mend("DUSUNV").as_deref(), Some("DUSUN V"));
        assert_eq!(mend("DUSUNVIII").as_deref(), Some("DUSUN VIII"));
        // words that merely begin like them stay whole
        assert_eq!(mend("DUSUNAN"), None);
        assert_eq!(mend("LINGKUNGAN III"), None);
        assert_eq!(mend("DSNIL"), None);
    }
}

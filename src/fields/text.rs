//! Small text helpers shared by the field rules: normalisation and edit distance.

/// Upper-case letters and digits only: the form labels are compared in.
pub fn alnum_upper(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_uppercase)
        .collect()
}

/// Levenshtein distance over chars.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// Collapse runs of whitespace, trim, upper-case, and put the space back after `.` and `,`
/// where the recogniser dropped it (its most common error) but not inside numbers (`1.5`).
pub fn clean_value(s: &str) -> String {
    let upper: String = s.chars().flat_map(char::to_uppercase).collect();
    let chars: Vec<char> = upper.chars().collect();
    let mut out = String::with_capacity(upper.len() + 4);
    for (i, &c) in chars.iter().enumerate() {
        out.push(c);
        if (c == '.' || c == ',') && i + 1 < chars.len() {
            let next = chars[i + 1];
            let prev_digit = i > 0 && chars[i - 1].is_ascii_digit();
            if next.is_alphanumeric() && !(prev_digit && next.is_ascii_digit()) {
                out.push(' ');
            }
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Strip the colons, spaces and stray punctuation that sit between a label and its value.
pub fn strip_separator(s: &str) -> &str {
    s.trim_start_matches(|c: char| c == ':' || c == ';' || c.is_whitespace())
        .trim_end()
}

/// The closest entry of `vocab` to `s` (compared as [`alnum_upper`]) when its distance is at
/// most `max_ratio` of the entry's length; `None` when nothing is close enough.
pub fn snap<'a>(s: &str, vocab: &[&'a str], max_ratio: f32) -> Option<&'a str> {
    let key = alnum_upper(s);
    if key.is_empty() {
        return None;
    }
    let mut best: Option<(&str, usize)> = None;
    for v in vocab {
        let d = edit_distance(&key, &alnum_upper(v));
        if best.is_none_or(|(_, bd)| d < bd) {
            best = Some((v, d));
        }
    }
    best.filter(|&(v, d)| d as f32 <= max_ratio * alnum_upper(v).len() as f32)
        .map(|(v, _)| v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance() {
        assert_eq!(edit_distance("KAWIN", "KAWFN"), 1);
        assert_eq!(edit_distance("", "ABC"), 3);
        assert_eq!(edit_distance("ISLAM", "ISLAM"), 0);
    }

    #[test]
    fn clean_restores_spaces_after_punctuation() {
        assert_eq!(clean_value(" jl.merdeka  no.12 "), "JL. MERDEKA NO. 12");
        assert_eq!(clean_value("BANDUNG,12-01-1990"), "BANDUNG, 12-01-1990");
        assert_eq!(clean_value("KM 1.5"), "KM 1.5");
    }

    #[test]
    fn snap_respects_distance_bound() {
        let v = ["KAWIN", "BELUM KAWIN", "CERAI HIDUP", "CERAI MATI"];
        assert_eq!(snap("KAWFN", &v, 0.3), Some("KAWIN"));
        assert_eq!(snap("BELUMKAWIN", &v, 0.3), Some("BELUM KAWIN"));
        assert_eq!(snap("PETANI", &v, 0.3), None);
    }
}

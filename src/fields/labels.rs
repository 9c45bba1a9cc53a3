//! The printed labels of the card and tolerant matching of a line's leading label.
//!
//! OCR misreads labels, glues them to their colon or value and drops spaces, so labels are
//! compared as upper-case letters and digits only, with an edit-distance budget that grows
//! with the label's length.

use super::text::edit_distance;

/// A row label of the left column (plus `Gol. Darah`, which shares the gender row).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Label {
    Nik,
    Nama,
    TempatTglLahir,
    JenisKelamin,
    GolDarah,
    Alamat,
    RtRw,
    KelDesa,
    Kecamatan,
    Agama,
    StatusPerkawinan,
    Pekerjaan,
    Kewarganegaraan,
    BerlakuHingga,
}

impl Label {
    /// Left-column labels in printed order (`Gol. Darah` is not in the column).
    pub const ROWS: [Label; 13] = [
        Label::Nik,
        Label::Nama,
        Label::TempatTglLahir,
        Label::JenisKelamin,
        Label::Alamat,
        Label::RtRw,
        Label::KelDesa,
        Label::Kecamatan,
        Label::Agama,
        Label::StatusPerkawinan,
        Label::Pekerjaan,
        Label::Kewarganegaraan,
        Label::BerlakuHingga,
    ];

    /// Normalised spellings seen on cards.
    fn keys(self) -> &'static [&'static str] {
        match self {
            Label::Nik => &["NIK"],
            Label::Nama => &["NAMA"],
            Label::TempatTglLahir => &["TEMPATTGLLAHIR", "TEMPATTANGGALLAHIR", "TEMPATLAHIR"],
            Label::JenisKelamin => &["JENISKELAMIN"],
            Label::GolDarah => &["GOLDARAH", "GOLONGANDARAH"],
            Label::Alamat => &["ALAMAT"],
            Label::RtRw => &["RTRW"],
            Label::KelDesa => &["KELDESA", "KELURAHANDESA"],
            Label::Kecamatan => &["KECAMATAN"],
            Label::Agama => &["AGAMA"],
            Label::StatusPerkawinan => &["STATUSPERKAWINAN"],
            Label::Pekerjaan => &["PEKERJAAN"],
            Label::Kewarganegaraan => &["KEWARGANEGARAAN"],
            Label::BerlakuHingga => &["BERLAKUHINGGA"],
        }
    }

    /// Position in [`Label::ROWS`]; `Gol. Darah` shares the gender row.
    pub fn row(self) -> usize {
        match self {
            Label::GolDarah => 3,
            l => Label::ROWS.iter().position(|r| *r == l).unwrap_or(0),
        }
    }

    /// The fields its row's value holds (`Gol. Darah`'s is read with the gender row).
    pub fn fields(self) -> &'static [&'static str] {
        match self {
            Label::Nik => &["nik"],
            Label::Nama => &["nama"],
            Label::TempatTglLahir => &["tempat_lahir", "tanggal_lahir"],
            Label::JenisKelamin => &["jenis_kelamin"],
            Label::GolDarah => &["gol_darah"],
            Label::Alamat => &["alamat"],
            Label::RtRw => &["rt", "rw"],
            Label::KelDesa => &["kel_desa"],
            Label::Kecamatan => &["kecamatan"],
            Label::Agama => &["agama"],
            Label::StatusPerkawinan => &["status_perkawinan"],
            Label::Pekerjaan => &["pekerjaan"],
            Label::Kewarganegaraan => &["kewarganegaraan"],
            Label::BerlakuHingga => &["berlaku_hingga"],
        }
    }

    /// Whether an indented label (`RT/RW`, `Kel/Desa`, `Kecamatan`).
    pub fn indented(self) -> bool {
        matches!(self, Label::RtRw | Label::KelDesa | Label::Kecamatan)
    }
}

/// Edit budget for a label of `len` normalised characters.
fn budget(len: usize) -> usize {
    match len {
        0..=3 => 0,
        4..=6 => 1,
        7..=10 => 2,
        _ => 3,
    }
}

/// A label found at the start of a text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LabelMatch {
    pub label: Label,
    /// Char index in the text where the label ends (the value, if any, starts at or after it).
    pub end: usize,
    /// Edit distance of the match (0 = exact).
    pub distance: usize,
}

/// The label a text starts with, if any. `candidates` limits which labels are tried.
pub fn match_prefix(text: &str, candidates: &[Label]) -> Option<LabelMatch> {
    // Normalised chars with the index of the source char each came from.
    let norm: Vec<(usize, char)> = text
        .chars()
        .enumerate()
        .filter(|(_, c)| c.is_alphanumeric())
        .flat_map(|(i, c)| c.to_uppercase().map(move |u| (i, u)))
        .collect();
    // A value that merely starts like a short label (e.g. a name `NAMAN`) must not count:
    // after a label the text ends, or a separator or a non-letter follows.
    let rest_of = |m: &LabelMatch| text.chars().skip(m.end).collect::<Vec<char>>();
    let boundary = |m: &LabelMatch| match rest_of(m).first() {
        None => true,
        Some(c) if !c.is_alphanumeric() => true,
        // glued value: accept only when the label was exact and long enough to be safe
        Some(_) => {
            m.distance == 0
                && text
                    .chars()
                    .take(m.end)
                    .filter(|c| c.is_alphanumeric())
                    .count()
                    >= 5
        }
    };
    // Where the closest reading ends inside a word, a reading within the budget that ends
    // at the label's colon is the label (`Gol Daraly:`: `GOLDARAL` ends before `y`).
    let at_colon = |m: &LabelMatch| rest_of(m).iter().find(|c| **c != ' ') == Some(&':');
    let mut best: Option<LabelMatch> = None;
    let mut best_at_colon: Option<LabelMatch> = None;
    let closer = |found: &LabelMatch, best: &Option<LabelMatch>| match best {
        None => true,
        Some(m) => {
            found.distance < m.distance || (found.distance == m.distance && found.end > m.end)
        }
    };
    for &label in candidates {
        for key in label.keys() {
            let klen = key.chars().count();
            let b = budget(klen);
            for take in klen.saturating_sub(b).max(1)..=(klen + b).min(norm.len()) {
                let prefix: String = norm[..take].iter().map(|(_, c)| *c).collect();
                let d = edit_distance(&prefix, key);
                if d > b {
                    continue;
                }
                let found = LabelMatch {
                    label,
                    end: norm[take - 1].0 + 1,
                    distance: d,
                };
                if closer(&found, &best) {
                    best = Some(found);
                }
                if at_colon(&found) && closer(&found, &best_at_colon) {
                    best_at_colon = Some(found);
                }
            }
        }
    }
    match best {
        Some(m) if boundary(&m) => Some(m),
        Some(_) => best_at_colon,
        None => None,
    }
}

/// Find `Gol. Darah` anywhere in a text: (start char, end char) of the label. Glare or a
/// scratch may leave only `Darah`: that counts when it is read exactly and only a short
/// blood type follows (a place name like `DARAT` does not qualify).
pub fn find_gol_darah(text: &str) -> Option<(usize, usize)> {
    let chars: Vec<char> = text.chars().collect();
    for start in 0..chars.len() {
        if !matches!(chars[start].to_ascii_uppercase(), 'G' | 'C' | '6') {
            continue;
        }
        let rest: String = chars[start..].iter().collect();
        if let Some(m) = match_prefix(&rest, &[Label::GolDarah]) {
            return Some((start, start + m.end));
        }
    }
    darah_alone(&chars)
}

/// Longest blood-type text after a lone `Darah` label: `AB+`, with a colon.
const BLOOD_TYPE_TAIL: usize = 4;

fn darah_alone(chars: &[char]) -> Option<(usize, usize)> {
    const DARAH: [char; 5] = ['D', 'A', 'R', 'A', 'H'];
    (0..chars.len().saturating_sub(DARAH.len() - 1)).find_map(|start| {
        let end = start + DARAH.len();
        let word = chars[start..end].iter().map(|c| c.to_ascii_uppercase());
        let starts_word = start == 0 || !chars[start - 1].is_alphanumeric();
        let tail: Vec<&char> = chars[end..].iter().filter(|c| !c.is_whitespace()).collect();
        let separated = tail.first().is_none_or(|c| !c.is_alphanumeric());
        (starts_word && word.eq(DARAH) && separated && tail.len() <= BLOOD_TYPE_TAIL)
            .then_some((start, end))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all() -> Vec<Label> {
        let mut v = Label::ROWS.to_vec();
        v.push(Label::GolDarah);
        v
    }

    #[test]
    fn exact_and_variant_labels() {
        let m = match_prefix("Jenis kelamin", &all()).unwrap();
        assert_eq!(m.label, Label::JenisKelamin);
        let m = match_prefix("Tempat/Tgl Lahir", &all()).unwrap();
        assert_eq!((m.label, m.end), (Label::TempatTglLahir, 16));
        assert_eq!(
            match_prefix("Gol Darah", &all()).unwrap().label,
            Label::GolDarah
        );
        assert_eq!(match_prefix("RT/RW", &all()).unwrap().label, Label::RtRw);
    }

    #[test]
    fn misread_and_glued_labels() {
        let m = match_prefix("Kewarqanegaraan:WNI", &all()).unwrap();
        assert_eq!(m.label, Label::Kewarganegaraan);
        assert_eq!(&"Kewarqanegaraan:WNI"[m.end..], ":WNI");
        let m = match_prefix("Agama:ISLAM", &all()).unwrap();
        assert_eq!(m.label, Label::Agama);
        let m = match_prefix("StatusPerkawinan KAWIN", &all()).unwrap();
        assert_eq!(m.label, Label::StatusPerkawinan);
        let m = match_prefix("Pekeriaan", &all()).unwrap();
        assert_eq!(m.label, Label::Pekerjaan);
    }

    #[test]
    fn values_are_not_labels() {
        assert_eq!(match_prefix("ISLAM", &all()), None);
        assert_eq!(match_prefix("NANANG SUPRIYADI", &all()), None);
        assert_eq!(match_prefix("KAWIN", &all()), None);
        assert_eq!(match_prefix("NAMAN", &all()), None);
    }

    #[test]
    fn a_misread_label_ends_at_its_colon_where_the_closest_reading_ends_in_a_word() {
        // `GOLDARAL` is one edit from the label but ends before `y`; `GOLDARALY` ends at the
        // colon, two edits away
        let m = match_prefix("Gol Daraly:", &[Label::GolDarah]).unwrap();
        assert_eq!((m.end, m.distance), (10, 2));
        assert_eq!(find_gol_darah("Gol Daraly:"), Some((0, 10)));
        // without the colon it is not taken for the label
        assert_eq!(match_prefix("Gol Daraly", &[Label::GolDarah]), None);
        assert_eq!(match_prefix("NAMANG", &all()), None);
    }

    #[test]
    fn gol_darah_inside_a_line() {
        let t = "LAKI-LAKI Gol. Darah : O";
        let (s, e) = find_gol_darah(t).unwrap();
        assert_eq!(&t[s..e], "Gol. Darah");
        assert_eq!(find_gol_darah("PEREMPUAN"), None);
        // Glare took `Gol.`: a lone `Darah` with a blood type still counts, a place does not.
        assert_eq!(find_gol_darah("Darah : A"), Some((0, 5)));
        assert_eq!(find_gol_darah("PEREMPUAN Darah: AB+"), Some((10, 15)));
        assert_eq!(find_gol_darah("DARAH SAWAH"), None);
        assert_eq!(find_gol_darah("DARAT : A"), None);
    }
}

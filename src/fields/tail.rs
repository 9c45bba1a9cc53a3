//! Rows below the last label read. Glare or wear can take the labels of the last rows while
//! their values stay legible; with no row to go to, those values would be read as wrapped
//! lines of the last row found (`PERDAGANGAN WNI`) or dropped. Each line of value text below
//! the last label belongs to the row its distance in pitches says, unless it is the wrapped
//! continuation of a row that wraps and lacks the next row's form: the closed vocabularies
//! (religion, marital status, occupation, nationality, validity) and the RT/RW digits tell
//! the two apart.

use super::labels::Label;
use super::text::snap;
use super::values;
use super::vocab::{occupations, CITIZEN, FOR_LIFE, GENDERS, MARITAL, RELIGIONS};
use super::{group_lines, joined, Segment};

/// How far a line's text may be from a vocabulary entry to have that row's form (looser than
/// the snapping of values: this only chooses a row).
const FORM_RATIO: f32 = 0.4;

/// Adds to `rows` ((row, y), sorted by row) the rows below the last one, placed on the lines
/// of value text below it: the pieces `is_value` accepts (the caller leaves out labels, what
/// is left of unreadable labels, and the right column of photo and issue date).
pub(super) fn extend_below(
    rows: &mut Vec<(usize, f32)>,
    segments: &[Segment],
    pitch: f32,
    is_value: impl Fn(&Segment) -> bool,
) {
    let Some(&(last_row, last_y)) = rows.last() else {
        return;
    };
    if last_row + 1 >= Label::ROWS.len() || pitch <= 0.0 {
        return;
    }
    let (mut row, mut y) = (last_row, last_y);
    for (line_y, text) in lines_below(segments, last_y + 0.5 * pitch, &is_value, pitch) {
        let steps = ((line_y - y) / pitch).round().max(1.0) as usize;
        let candidate = row + steps;
        let Some(&label) = Label::ROWS.get(candidate) else {
            break;
        };
        let wrapped =
            steps == 1 && can_wrap(Label::ROWS[row]) && has_form(label, &text) == Some(false);
        if !wrapped {
            rows.push((candidate, line_y));
            row = candidate;
        }
        y = line_y;
    }
}

/// Lines (y, text left to right) of the value pieces below `from_y`.
fn lines_below(
    segments: &[Segment],
    from_y: f32,
    is_value: &dyn Fn(&Segment) -> bool,
    pitch: f32,
) -> Vec<(f32, String)> {
    let mut below: Vec<usize> = (0..segments.len())
        .filter(|&i| segments[i].y > from_y && is_value(&segments[i]))
        .collect();
    below.sort_by(|a, b| segments[*a].y.total_cmp(&segments[*b].y));
    group_lines(segments, &below, 0.5 * pitch)
        .into_iter()
        .map(|line| (segments[line[0]].y, joined(segments, &line)))
        .collect()
}

/// Rows whose value may run onto a second line.
fn can_wrap(label: Label) -> bool {
    matches!(
        label,
        Label::Nama
            | Label::TempatTglLahir
            | Label::Alamat
            | Label::KelDesa
            | Label::Kecamatan
            | Label::Pekerjaan
    )
}

/// Whether `text` has the form of `label`'s value; `None` for free text (names, places).
fn has_form(label: Label, text: &str) -> Option<bool> {
    let in_vocabulary = |vocabulary: &[&str]| snap(text, vocabulary, FORM_RATIO).is_some();
    let digits = text.chars().filter(char::is_ascii_digit).count();
    match label {
        Label::JenisKelamin => Some(in_vocabulary(&GENDERS) || text.contains("LAKI")),
        // `005/018`, or its six digits with the slash lost; an address number is shorter.
        Label::RtRw => {
            let letters = text.chars().filter(|c| c.is_alphabetic()).count();
            Some(digits >= 5 || text.contains('/') && digits >= 3 && letters <= 1)
        }
        Label::Agama => Some(in_vocabulary(&RELIGIONS)),
        Label::StatusPerkawinan => Some(in_vocabulary(&MARITAL)),
        Label::Pekerjaan => Some(in_vocabulary(occupations())),
        Label::Kewarganegaraan => Some(in_vocabulary(&[CITIZEN, "WNA"])),
        Label::BerlakuHingga => {
            Some(in_vocabulary(&[FOR_LIFE]) || values::find_date(text).is_some())
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Values are the unlabelled pieces left of x = 600 (the right column).
    fn left_of_600(s: &Segment) -> bool {
        s.label.is_none() && s.x0 < 600.0
    }

    fn piece(text: &str, y: f32) -> Segment {
        Segment {
            line: 0,
            from: 0,
            label: None,
            text: text.into(),
            conf: vec![],
            x0: 300.0,
            x1: 500.0,
            y,
            h: 20.0,
        }
    }

    #[test]
    fn values_below_the_last_label_get_their_rows() {
        // Labels read down to Pekerjaan (row 10); glare took the last two.
        let mut rows = vec![(9, 400.0), (10, 420.0)];
        let pieces = [piece("WNI", 441.0), piece("SEUMUR HIDUP", 460.0)];
        extend_below(&mut rows, &pieces, 20.0, left_of_600);
        assert_eq!(rows[2..], [(11, 441.0), (12, 460.0)]);
    }

    #[test]
    fn a_wrapped_address_is_not_taken_for_the_next_row() {
        // Alamat (row 4) wraps; RT/RW's label and the rest are gone.
        let mut rows = vec![(3, 380.0), (4, 400.0)];
        let pieces = [
            piece("BLOK F NO. 124", 420.0),
            piece(":005/018", 440.0),
            piece("CILANDAK BARAT", 460.0),
        ];
        extend_below(&mut rows, &pieces, 20.0, left_of_600);
        assert_eq!(rows[2..], [(5, 440.0), (6, 460.0)]);
    }

    #[test]
    fn the_right_column_and_the_last_row_are_left_alone() {
        let mut rows = vec![(11, 400.0), (12, 420.0)];
        extend_below(&mut rows, &[piece("KOTA BEKASI", 440.0)], 20.0, left_of_600);
        assert_eq!(rows.len(), 2);
        let mut rows = vec![(10, 400.0)];
        let far_right = Segment {
            x0: 700.0,
            ..piece("12-06-2016", 421.0)
        };
        extend_below(&mut rows, &[far_right], 20.0, left_of_600);
        assert_eq!(rows.len(), 1);
    }
}

//! The card's layout measured from the labels read: the label column, each label's row and
//! height, the row pitch, rows whose label was not read, the value column and where the
//! header ends. Nothing here is a fixed pixel position.

use super::labels::Label;
use super::segments::Segment;
use super::values::find_date;
use crate::calendar::{parse_printed, ISSUE_YEARS};
use crate::stats::median;
use std::collections::BTreeMap;

/// Missing rows are placed between two read labels when the gap holds them at this share
/// of the measured pitch or more (or at half a pitch less, when that is less).
const MIN_PITCH_SHARE: f32 = 0.8;
/// A label this many text heights or more from the label column is a value, not a label.
const LABEL_COLUMN_REACH: f32 = 6.0;
/// Pieces starting this many text heights right of the value column or more are in the
/// right column (photo, issue place and date), not in a row...
const RIGHT_COLUMN_GAP: f32 = 8.0;
/// ...or this many, on a card stored squeezed sideways (an app saved it at another aspect:
/// widths shrink, text heights do not) where the issue date stands nearer the values than
/// [`RIGHT_COLUMN_GAP`]. About the width of the longest label: no value begins that far
/// right of the value column.
const SQUEEZED_RIGHT_GAP: f32 = 4.0;
/// A piece ending less than this many text heights into the value column is what was read of
/// a label (a value's first characters reach further).
const LABEL_FRAGMENT_REACH: f32 = 0.5;
/// Row pitch over text height when no two neighbouring rows were read.
const DEFAULT_PITCH_RATIO: f32 = 1.7;
/// The header ends this many pitches above the NIK row.
const HEADER_GAP: f32 = 0.8;

/// What the labels say about the card's geometry.
#[derive(Debug, Clone)]
pub(super) struct Layout {
    /// Median height of the pieces.
    pub text_h: f32,
    /// Left edge of the unindented labels read exactly.
    pub label_col: Option<f32>,
    /// Each label read near the label column: its row's y and its segment.
    pub anchors: BTreeMap<Label, (f32, usize)>,
    /// Distance between two rows.
    pub pitch: f32,
    /// Rows with their y, sorted by row: the anchored ones and those placed between them.
    pub rows: Vec<(usize, f32)>,
    /// Left edge of the values.
    pub value_col: Option<f32>,
    /// Pieces above this are the header.
    pub top_y: f32,
    /// Where the right column (photo, issue place and date) begins.
    right_col: Option<f32>,
    /// How far the value column leans against the label column over the rows, in text
    /// heights (see [`column_skew`]); `None` with fewer than three rows of each.
    pub column_skew: Option<f32>,
}

impl Layout {
    pub fn measure(segments: &[Segment]) -> Layout {
        // Label column: where exactly-read labels start; labels far right of it are values.
        let text_h = median(segments.iter().map(|s| s.h).collect()).unwrap_or(10.0);
        let col = median(
            segments
                .iter()
                .filter(|s| {
                    s.label
                        .is_some_and(|l| l != Label::GolDarah && !l.indented())
                })
                .map(|s| s.x0)
                .collect(),
        );
        let mut anchors: BTreeMap<Label, (f32, usize)> = BTreeMap::new();
        for (i, s) in segments.iter().enumerate() {
            let Some(l) = s.label else { continue };
            if l == Label::GolDarah {
                continue;
            }
            if let Some(col) = col {
                if (s.x0 - col).abs() > LABEL_COLUMN_REACH * text_h {
                    continue;
                }
            }
            anchors.entry(l).or_insert((s.y, i));
        }

        // Row pitch from neighbouring anchors one row apart (a wrapped row above makes a gap
        // of two pitches; the median ignores it). The NIK's larger print sets it further from
        // the name than the other rows are apart: that gap says nothing of the pitch.
        let known: Vec<(usize, f32)> = {
            let mut r: Vec<(usize, f32)> =
                anchors.iter().map(|(l, (y, _))| (l.row(), *y)).collect();
            r.sort_by_key(|x| x.0);
            r
        };
        let nik_row = Label::Nik.row();
        let pitch = median(
            known
                .windows(2)
                .filter(|w| w[1].0 == w[0].0 + 1 && w[0].0 != nik_row)
                .map(|w| w[1].1 - w[0].1)
                .filter(|d| *d > 0.0)
                .collect(),
        )
        .unwrap_or(text_h * DEFAULT_PITCH_RATIO);
        let rows = with_unread_rows(&known, pitch);

        // Value column: median left edge of the first piece right of each label.
        let firsts: Vec<(Label, f32, Option<f32>)> = anchors
            .iter()
            .map(|(&l, &(y, li))| (l, y, first_value_x(segments, li, y, pitch, text_h)))
            .collect();
        let value_col = median(firsts.iter().filter_map(|f| f.2).collect());
        // The columns' lean, from the rows whose print is the body's (the NIK's larger
        // print puts its colon elsewhere).
        let value_starts: Vec<(f32, f32)> = firsts
            .iter()
            .filter(|f| f.0 != Label::Nik)
            .filter_map(|&(_, y, x)| Some((y, x?)))
            .collect();
        let label_starts: Vec<(f32, f32)> = anchors
            .iter()
            .filter(|(l, _)| **l != Label::Nik && !l.indented())
            .map(|(_, &(y, li))| (y, segments[li].x0))
            .collect();
        let column_skew = column_skew(&value_starts, &label_starts, text_h);

        // The header zone lies above the NIK (or above where it would be).
        let top_y = anchors
            .get(&Label::Nik)
            .map(|(y, _)| *y - HEADER_GAP * pitch)
            .or_else(|| {
                rows.first()
                    .map(|(r, y)| *y - (*r as f32 + HEADER_GAP) * pitch)
            })
            .unwrap_or(f32::MIN);
        let right_col = value_col.map(|vc| right_column(segments, vc, text_h, top_y));
        Layout {
            text_h,
            label_col: col,
            anchors,
            pitch,
            rows,
            value_col,
            top_y,
            right_col,
            column_skew,
        }
    }

    /// Labels recognised; a card with almost none is not a KTP reading.
    pub fn labels_found(&self) -> usize {
        self.anchors.len()
    }

    /// Where the right column (photo, issue place and date) begins.
    pub fn right_col(&self) -> Option<f32> {
        self.right_col
    }

    /// Whether a piece ends before the value column has really begun: what was read of a
    /// label, not a value.
    pub fn is_label_fragment(&self, s: &Segment) -> bool {
        self.value_col
            .is_some_and(|vc| s.x1 <= vc + LABEL_FRAGMENT_REACH * self.text_h)
    }
}

/// Where the right column begins, for values starting at `vc`: [`RIGHT_COLUMN_GAP`] text
/// heights right of them, or [`SQUEEZED_RIGHT_GAP`] where only that nearer boundary has an
/// issue date right of it. A date of an issue year that far right is the issue date: a
/// birth date is older (a holder is 17 or more) and the validity begins in the value column.
fn right_column(segments: &[Segment], vc: f32, text_h: f32, top_y: f32) -> f32 {
    // where each piece holding a date of an issue year begins
    let issue_dates: Vec<f32> = segments
        .iter()
        .filter(|s| s.label.is_none() && s.y >= top_y)
        .filter(|s| {
            find_date(&s.text)
                .and_then(|(date, ..)| parse_printed(&date))
                .is_some_and(|(_, _, year)| ISSUE_YEARS.contains(&year))
        })
        .map(|s| s.x0)
        .collect();
    let issue_date_right_of = |x: f32| issue_dates.iter().any(|&x0| x0 > x);
    let usual = vc + RIGHT_COLUMN_GAP * text_h;
    let squeezed = vc + SQUEEZED_RIGHT_GAP * text_h;
    if !issue_date_right_of(usual) && issue_date_right_of(squeezed) {
        squeezed
    } else {
        usual
    }
}

/// The rows read (sorted by row) plus the rows between them whose label was not read: such
/// a row still has its place between the rows around it, so its value is not taken for a
/// wrapped line of the row above.
fn with_unread_rows(known: &[(usize, f32)], pitch: f32) -> Vec<(usize, f32)> {
    let mut rows = known.to_vec();
    for w in known.windows(2) {
        let ((a, ya), (b, yb)) = (w[0], w[1]);
        // Rows are never closer than the pitch (wrapped values only add space); the margin
        // allows for a pitch measured on few rows.
        let rows_apart = (b - a) as f32;
        let room = (rows_apart * MIN_PITCH_SHARE).min(rows_apart - 0.5) * pitch;
        if b > a + 1 && yb - ya >= room {
            for r in a + 1..b {
                rows.push((r, ya + (yb - ya) * (r - a) as f32 / (b - a) as f32));
            }
        }
    }
    rows.sort_by_key(|x| x.0);
    rows
}

/// The left edge of the first value piece right of the label `label` (a segment index) on
/// the row at `y`.
fn first_value_x(
    segments: &[Segment],
    label: usize,
    y: f32,
    pitch: f32,
    text_h: f32,
) -> Option<f32> {
    let lab = &segments[label];
    segments
        .iter()
        .filter(|s| s.label.is_none() && (s.y - y).abs() < 0.5 * pitch && s.x0 >= lab.x1 - text_h)
        .map(|s| s.x0)
        .min_by(f32::total_cmp)
}

/// How far the value column leans against the label column from the first row read to the
/// last, in text heights: both are printed upright, one above the other, so on a card
/// straightened right they lean alike. A straightening by a wrong outline (an edge taken
/// along a text line or through the photo) stretches the card unevenly and tilts one
/// column against the other. Each lean is the median slope over the pairs of rows (`(y, x)`
/// points), which one value read without its colon does not move; `None` with fewer than
/// three rows in either column.
fn column_skew(values: &[(f32, f32)], labels: &[(f32, f32)], text_h: f32) -> Option<f32> {
    let slope = |pts: &[(f32, f32)]| {
        if pts.len() < 3 {
            return None;
        }
        let pairs = pts
            .iter()
            .enumerate()
            .flat_map(|(i, a)| pts[i + 1..].iter().map(move |b| (a, b)));
        median(
            pairs
                .filter(|(a, b)| (b.0 - a.0).abs() > text_h)
                .map(|(a, b)| (b.1 - a.1) / (b.0 - a.0))
                .collect(),
        )
    };
    let (top, bottom) = values
        .iter()
        .map(|p| p.0)
        .fold((f32::MAX, f32::MIN), |(lo, hi), y| (lo.min(y), hi.max(y)));
    Some((slope(values)? - slope(labels)?) * (bottom - top) / text_h.max(1.0))
}

#[cfg(test)]
mod tests {
    use super::column_skew;

    #[test]
    fn columns_printed_one_above_the_other_do_not_lean_apart() {
        // rows 34 px apart, text 20 px high; the whole card tilted alike, one value read
        // without its colon
        let labels: Vec<(f32, f32)> = (0..9)
            .map(|r| (100.0 + 34.0 * r as f32, 40.0 + 0.02 * 34.0 * r as f32))
            .collect();
        let mut values: Vec<(f32, f32)> = labels.iter().map(|&(y, x)| (y, x + 230.0)).collect();
        values[4].1 += 12.0;
        let skew = column_skew(&values, &labels, 20.0).unwrap();
        assert!(skew.abs() < 0.1, "{skew}");
        // a straightening that stretched the card unevenly: the values drift 60 px right
        // from the first row to the last while the labels stand
        let leaning: Vec<(f32, f32)> = values
            .iter()
            .map(|&(y, x)| (y, x + 60.0 * (y - 100.0) / 272.0))
            .collect();
        let skew = column_skew(&leaning, &labels, 20.0).unwrap();
        assert!((skew - 3.0).abs() < 0.2, "{skew}");
        // too few rows to tell
        assert_eq!(column_skew(&values[..2], &labels, 20.0), None);
    }
}

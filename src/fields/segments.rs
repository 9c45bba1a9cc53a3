//! Lines cut into pieces: a label read at a line's start (or `Gol. Darah` inside it), and
//! the runs of value text, each with its extent in coordinates turned by the card's tilt so
//! that rows are horizontal.

use super::labels::{find_gol_darah, match_prefix, Label, LabelMatch};
use super::text::strip_separator;
use super::Line;
use crate::ocr::geometry::Point;
use crate::stats::median;

/// A piece of a line: a label, or a run of value text, with its horizontal extent.
#[derive(Debug, Clone)]
pub(super) struct Segment {
    pub line: usize,
    /// Char index in the line where this piece begins.
    pub from: usize,
    pub label: Option<Label>,
    pub text: String,
    pub conf: Vec<f32>,
    pub x0: f32,
    pub x1: f32,
    pub y: f32,
    pub h: f32,
}

/// A piece with this many digits is the NIK (16 printed; a few may be lost to glare).
pub(super) const NIK_MIN_DIGITS: usize = 12;
/// A piece that starts this many text heights left of the value column starts in the label
/// column.
const LABEL_COLUMN_LEAD: f32 = 2.0;

/// Every line cut into its pieces, and the card's tilt they were turned back by.
pub(super) fn split(lines: &[Line]) -> (Vec<Segment>, f32) {
    let mut all_labels = Label::ROWS.to_vec();
    all_labels.push(Label::GolDarah);
    // each line's label, matched once: the tilt and the pieces both need it
    let heads: Vec<Option<LabelMatch>> = lines
        .iter()
        .map(|l| match_prefix(&l.text, &all_labels))
        .collect();
    let angle = dominant_angle(lines, &heads);
    let segments = lines
        .iter()
        .zip(&heads)
        .enumerate()
        .flat_map(|(i, (l, head))| split_line(i, l, *head, angle))
        .collect();
    (segments, angle)
}

/// Cut what lies in the label column off a piece reaching from there into the value column
/// (an unrecognised label read in one box with its value): after its colon when there is
/// one, else where the value column begins. The NIK, whose digits may start a little left
/// of the other values, is left whole.
pub(super) fn drop_label_head(s: &mut Segment, value_col: f32, text_h: f32) {
    let digits = s.text.chars().filter(char::is_ascii_digit).count();
    let starts_in_labels = s.x0 < value_col - LABEL_COLUMN_LEAD * text_h;
    if !starts_in_labels || s.x1 <= value_col + text_h || digits >= NIK_MIN_DIGITS {
        return;
    }
    let chars: Vec<char> = s.text.chars().collect();
    let per_char = (s.x1 - s.x0) / chars.len().max(1) as f32;
    let at_column = (((value_col - s.x0) / per_char).floor().max(0.0) as usize).min(chars.len());
    // A colon up to two characters past the column's estimate ends the label.
    let cut = chars[..(at_column + 2).min(chars.len())]
        .iter()
        .rposition(|&c| c == ':')
        .map_or(at_column, |i| i + 1);
    s.text = chars[cut..].iter().collect();
    s.conf = s.conf.get(cut..).map_or(Vec::new(), <[f32]>::to_vec);
    s.from += cut;
    s.x0 += per_char * cut as f32;
}

/// The card's tilt, in radians: the median direction of the boxes that start with a
/// label, when enough do; else of the long text boxes. A strong watermark's diagonal lines
/// can outnumber the rows among the long boxes (their median then leans 15-30 degrees, and
/// the layout placed from it leans with it); they never start with a label.
/// `heads` holds each line's label match.
fn dominant_angle(lines: &[Line], heads: &[Option<LabelMatch>]) -> f32 {
    let direction = |l: &Line| {
        let [tl, tr, _, _] = l.quad.0;
        (tr.y - tl.y).atan2(tr.x - tl.x)
    };
    let labelled: Vec<f32> = lines
        .iter()
        .zip(heads)
        .filter(|(l, head)| {
            head.is_some() && l.quad.width() > MIN_LABEL_BOX_ASPECT * l.quad.height()
        })
        .map(|(l, _)| direction(l))
        .collect();
    if labelled.len() >= MIN_LABELLED_BOXES {
        return median(labelled).unwrap_or(0.0);
    }
    let angles: Vec<f32> = lines
        .iter()
        .filter(|l| l.quad.width() > 3.0 * l.quad.height())
        .map(direction)
        .collect();
    median(angles).unwrap_or(0.0)
}

/// The tilt is taken from the labelled boxes when at least this many were read...
const MIN_LABELLED_BOXES: usize = 4;
/// ...each at least this many times as wide as high (`Nama` alone is about 2.5; a box
/// closer to square gives no direction).
const MIN_LABEL_BOX_ASPECT: f32 = 2.0;

/// `head` is the label the line starts with, if any.
fn split_line(idx: usize, line: &Line, head: Option<LabelMatch>, angle: f32) -> Vec<Segment> {
    let chars: Vec<char> = line.text.chars().collect();
    let n = chars.len().max(1) as f32;
    // Work in coordinates turned by the card's tilt, so that rows are horizontal.
    let (sin, cos) = (-angle).sin_cos();
    let quad = line
        .quad
        .map(|p| Point::new(p.x * cos - p.y * sin, p.x * sin + p.y * cos));
    let (bx0, _, bx1, _) = quad.bounds();
    let c = quad.center();
    let h = quad.height();
    let x_at = |i: usize| bx0 + (bx1 - bx0) * i as f32 / n;
    let piece = |label, from: usize, to: usize| Segment {
        line: idx,
        from,
        label,
        text: chars[from..to].iter().collect(),
        conf: line
            .char_confidences
            .get(from..to)
            .map_or(vec![], <[f32]>::to_vec),
        x0: x_at(from),
        x1: x_at(to),
        y: c.y,
        h,
    };
    let mut out = Vec::new();
    let mut start = 0;
    if let Some(m) = head {
        out.push(piece(Some(m.label), 0, m.end));
        start = m.end;
    }
    // `Gol. Darah` may sit inside a line: `LAKI-LAKI Gol. Darah : O`.
    let rest: String = chars[start..].iter().collect();
    if let Some((s, e)) = find_gol_darah(&rest) {
        if s > 0 {
            out.push(piece(None, start, start + s));
        }
        out.push(piece(Some(Label::GolDarah), start + s, start + e));
        start += e;
    }
    if start < chars.len() {
        // The tail of a label cut by the detector sticks to its value: `r :EMPAT LAWANG`
        // (from `Tempat/Tgl Lahir`). Up to three letters before the colon are that tail.
        let head: String = chars[start..].iter().take(6).collect();
        if let Some(colon) = head.find(':') {
            let before = head[..colon].trim();
            if !before.is_empty() && before.len() <= 3 && before.chars().all(char::is_alphabetic) {
                start += head[..colon].chars().count() + 1;
            }
        }
    }
    if start < chars.len() {
        let p = piece(None, start, chars.len());
        let t = strip_separator(&p.text);
        if !t.is_empty() && t.chars().any(char::is_alphanumeric) || t == "-" || t.contains('-') {
            out.push(p);
        }
    }
    out
}

//! The right column under the photo: the issue date, and the issue place above it.

use super::layout::Layout;
use super::rows::put;
use super::segments::Segment;
use super::text::clean_value;
use super::{values, FieldValue, Repair};
use crate::calendar::ISSUE_YEARS;
use std::collections::BTreeMap;

/// Read the issue place and date from the pieces no row took; returns the date's centre x.
pub(super) fn read(
    fields: &mut BTreeMap<&'static str, FieldValue>,
    segments: &[Segment],
    unassigned: Vec<usize>,
    layout: &Layout,
) -> Option<f32> {
    let (pitch, text_h, right_col) = (layout.pitch, layout.text_h, layout.right_col());
    let mut right: Vec<usize> = unassigned
        .into_iter()
        .filter(|&i| right_col.is_none_or(|r| segments[i].x0 > r))
        .collect();
    right.sort_by(|a, b| segments[*a].y.total_cmp(&segments[*b].y));
    let Some((pos, (date, repair))) = right
        .iter()
        .enumerate()
        .find_map(|(pos, &i)| Some((pos, issue_date(&segments[i].text)?)))
    else {
        place_without_date(fields, segments, &right, pitch);
        return None;
    };
    {
        let di = right[pos];
        put(fields, "tanggal_terbit", date, segments, &[di]);
        if let Some(f) = fields.get_mut("tanggal_terbit") {
            f.repair = repair;
        }
        let d = &segments[di];
        let place: Vec<usize> = right[..pos]
            .iter()
            .copied()
            .filter(|&i| {
                let s = &segments[i];
                d.y - s.y < 2.6 * pitch && s.x1 > d.x0 - 2.0 * text_h && s.x0 < d.x1 + 2.0 * text_h
            })
            .collect();
        if let Some(place) = nearest_place(segments, &place) {
            let text = joined(segments, place);
            put(fields, "tempat_terbit", text, segments, place);
        }
        Some((d.x0 + d.x1) / 2.0)
    }
}

/// The issue date `text` holds, and its repair: as read, or with its year's century mended
/// (see [`values::century_mended`]).
fn issue_date(text: &str) -> Option<(String, Option<Repair>)> {
    let digits = values::date_digits(text);
    if values::find_date(&digits).is_some() {
        return Some((values::date(&digits), None));
    }
    values::century_mended(&digits, &values::ISSUE_CENTURIES, ISSUE_YEARS)
        .map(|(d, _)| (d, Some(Repair::Corrected)))
}

/// The pieces above the date that are the place: all of them when together they name a
/// regency or city; else the nearest one or two that do (the watermark's words or a
/// scribble above them are no part of it: the place is one line, or two when it wraps);
/// else all of them, as read.
fn nearest_place<'a>(segments: &[Segment], above: &'a [usize]) -> Option<&'a [usize]> {
    if above.is_empty() {
        return None;
    }
    let named = |p: &[usize]| super::region::is_issue_place(&joined(segments, p));
    let n = above.len();
    [n, 2, 1]
        .into_iter()
        .filter(|&k| k <= n)
        .map(|k| &above[n - k..])
        .find(|p| named(p))
        .or(Some(above))
}

/// The cleaned text of `pieces`, one space between them.
fn joined(segments: &[Segment], pieces: &[usize]) -> String {
    pieces
        .iter()
        .map(|&i| clean_value(&segments[i].text))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The issue date unread: the place is still the first line (or two lines) of the right
/// column that names a regency or city; the watermark's words and the signature's scribble
/// name none.
fn place_without_date(
    fields: &mut BTreeMap<&'static str, FieldValue>,
    segments: &[Segment],
    right: &[usize],
    pitch: f32,
) {
    let wordy = |i: usize| {
        let t = &segments[i].text;
        t.chars().filter(|c| c.is_alphabetic()).count() >= MIN_PLACE_LETTERS
            && t.chars().filter(char::is_ascii_digit).count() <= 1
    };
    for (k, &i) in right.iter().enumerate() {
        if !wordy(i) {
            continue;
        }
        // the place may wrap onto a second line just below
        let second = right
            .get(k + 1)
            .copied()
            .filter(|&j| wordy(j) && segments[j].y - segments[i].y < PLACE_WRAP * pitch);
        let lines: Vec<usize> = std::iter::once(i).chain(second).collect();
        let both = joined(segments, &lines);
        let one = clean_value(&segments[i].text);
        if second.is_some() && super::region::is_issue_place(&both) {
            put(fields, "tempat_terbit", both, segments, &lines);
            return;
        }
        if super::region::is_issue_place(&one) {
            put(fields, "tempat_terbit", one, segments, &[i]);
            return;
        }
    }
}

/// An issue place has at least this many letters.
const MIN_PLACE_LETTERS: usize = 3;
/// Its second line lies within this many row pitches below the first.
const PLACE_WRAP: f32 = 1.3;

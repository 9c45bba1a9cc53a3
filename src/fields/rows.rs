//! Value pieces to rows: each piece goes to the row its height says (or, a little below
//! a row that wraps, to that row's continuation), is chained left to right from the value
//! column, and the row's text becomes its field's value.

use super::labels::Label;
use super::layout::Layout;
use super::segments::{Segment, NIK_MIN_DIGITS};
use super::text::{clean_value, strip_separator};
use super::{values, vocab, FieldValue};
use crate::ocr::recognize::mean_confidence;
use std::collections::BTreeMap;

/// Max gap between two pieces of one value on a row, in text heights.
const CHAIN_GAP: f32 = 2.5;
/// A value piece is on a row when its centre is within this many pitches of the row.
const ROW_TOLERANCE: f32 = 0.5;
/// A piece taller than this many text heights is no printed value: beside the blood type,
/// the oval of the holder's face (3-5 text heights) reads as `O` or `0`.
const MAX_PIECE_HEIGHT: f32 = 2.0;
/// A wrapped continuation may sit up to this many pitches below its row.
const WRAP_REACH: f32 = 1.6;
/// A row's first piece starts at most this many text heights right of the value column.
const FIRST_PIECE_REACH: f32 = 4.0;

/// Where each value piece went.
pub(super) struct Assignment {
    /// Row -> its pieces.
    pub by_row: BTreeMap<usize, Vec<usize>>,
    /// Pieces in no row (right column, stray text).
    pub unassigned: Vec<usize>,
    /// Pieces above the rows: the header.
    pub header: Vec<usize>,
}

/// Assign the value pieces to `rows`.
pub(super) fn assign(segments: &[Segment], layout: &Layout, rows: &[(usize, f32)]) -> Assignment {
    let (pitch, top_y) = (layout.pitch, layout.top_y);
    let mut by_row: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    let mut unassigned = Vec::new();
    let mut header = Vec::new();
    for (i, s) in segments.iter().enumerate() {
        if s.label.is_some() {
            continue;
        }
        if s.y < top_y {
            header.push(i);
            continue;
        }
        let nearest = rows
            .iter()
            .min_by(|a, b| (a.1 - s.y).abs().total_cmp(&(b.1 - s.y).abs()));
        let row = match nearest {
            Some(&(r, y)) if (y - s.y).abs() <= ROW_TOLERANCE * pitch => Some(r),
            _ => rows
                .iter()
                .filter(|(_, y)| *y < s.y && s.y - *y <= WRAP_REACH * pitch)
                .max_by(|a, b| a.1.total_cmp(&b.1))
                .map(|&(r, _)| r),
        };
        match row {
            Some(r) => by_row.entry(r).or_default().push(i),
            None => unassigned.push(i),
        }
    }

    Assignment {
        by_row,
        unassigned,
        header,
    }
}

/// Read every row's value from its pieces; pieces left out of a row's chain join
/// `unassigned`.
pub(super) fn read(
    fields: &mut BTreeMap<&'static str, FieldValue>,
    segments: &[Segment],
    layout: &Layout,
    rows: &[(usize, f32)],
    assignment: &mut Assignment,
) {
    let (pitch, text_h, value_col) = (layout.pitch, layout.text_h, layout.value_col);
    let (top_y, right_col) = (layout.top_y, layout.right_col());
    let anchors = &layout.anchors;
    let unassigned = &mut assignment.unassigned;
    // The right column (photo, issue place and date) is centred on the issue date: a piece
    // centred well towards it is not part of a left-column value, however close it sits.
    let issue_date_centre = segments
        .iter()
        .filter(|s| s.label.is_none() && s.y >= top_y && right_col.is_some_and(|r| s.x0 > r))
        .filter(|s| values::find_date(&s.text).is_some())
        .map(|s| (s.x0 + s.x1) / 2.0)
        .min_by(f32::total_cmp);
    let right_centre_min = value_col
        .zip(issue_date_centre)
        .map(|(vc, centre)| vc + 0.6 * (centre - vc));
    let gol = segments
        .iter()
        .position(|s| s.label == Some(Label::GolDarah));
    for (&row, idxs) in &assignment.by_row {
        let label = Label::ROWS[row];
        let row_y = rows
            .iter()
            .find(|(r, _)| *r == row)
            .map_or(0.0, |(_, y)| *y);
        // The line holding the row's label: a value read in the same box follows it directly.
        let label_line = anchors.get(&label).map(|&(_, si)| segments[si].line);
        // Split into the row's own line and wrapped continuation lines, each chained left to
        // right from the value column; the rest of the row (right column) is left out.
        let mut lines_of_row: BTreeMap<i64, Vec<usize>> = BTreeMap::new();
        for &i in idxs {
            let k = ((segments[i].y - row_y) / pitch).round() as i64;
            lines_of_row.entry(k).or_default().push(i);
        }
        let mut parts: Vec<&Segment> = Vec::new();
        let mut gol_parts: Vec<&Segment> = Vec::new();
        for (_, mut ids) in lines_of_row {
            ids.sort_by(|a, b| segments[*a].x0.total_cmp(&segments[*b].x0));
            let mut last_x1: Option<f32> = None;
            for i in ids {
                let s = &segments[i];
                if let (Some(g), Label::JenisKelamin) = (gol, label) {
                    if (segments[g].y - s.y).abs() < ROW_TOLERANCE * pitch
                        && s.x0 >= segments[g].x1 - text_h
                        && s.h < MAX_PIECE_HEIGHT * text_h
                    {
                        gol_parts.push(s);
                        continue;
                    }
                }
                let ok = match last_x1 {
                    None => {
                        Some(s.line) == label_line
                            || value_col.is_none_or(|vc| s.x0 < vc + FIRST_PIECE_REACH * text_h)
                                && !layout.is_label_fragment(s)
                    }
                    Some(x1) => {
                        s.x0 < x1 + CHAIN_GAP * text_h
                            && right_centre_min.is_none_or(|m| (s.x0 + s.x1) / 2.0 < m)
                    }
                };
                if ok {
                    parts.push(s);
                    last_x1 = Some(s.x1);
                } else {
                    unassigned.push(i);
                }
            }
        }
        if label == Label::JenisKelamin && gol.is_none() {
            if let Some(i) = lone_blood_type(segments, &parts, row_y, layout, issue_date_centre) {
                unassigned.retain(|&u| u != i);
                gol_parts.push(&segments[i]);
            }
        }
        store_row(fields, label, &parts, &gol_parts);
    }
}

/// The blood type when glare or wear took its `Gol. Darah` label: the first piece on the
/// gender row, past the gender value's chain and left of the issue date's centre (where the
/// photo begins), that is a blood type and nothing else (`O`, `AB+`, `-`). The gender row
/// holds only the gender, a closed word, and the blood type, so such a piece there is one.
fn lone_blood_type(
    segments: &[Segment],
    gender: &[&Segment],
    row_y: f32,
    layout: &Layout,
    issue_date_centre: Option<f32>,
) -> Option<usize> {
    let gender_end = gender.last()?.x1;
    segments
        .iter()
        .enumerate()
        .filter(|(_, s)| s.label.is_none())
        .filter(|(_, s)| (s.y - row_y).abs() < ROW_TOLERANCE * layout.pitch)
        .filter(|(_, s)| s.x0 >= gender_end + CHAIN_GAP * layout.text_h)
        .filter(|(_, s)| s.h < MAX_PIECE_HEIGHT * layout.text_h)
        .filter(|(_, s)| issue_date_centre.is_none_or(|c| s.x1 < c))
        .filter(|(_, s)| vocab::is_blood_type(strip_separator(&s.text)))
        .min_by(|a, b| a.1.x0.total_cmp(&b.1.x0))
        .map(|(i, _)| i)
}

/// When the NIK label was unreadable, the NIK is still the one line of (almost) only digits,
/// 12 or more of them, above the other rows; its line leaves the header.
pub(super) fn nik_without_label(
    fields: &mut BTreeMap<&'static str, FieldValue>,
    segments: &[Segment],
    header: &mut Vec<usize>,
) {
    if !fields.contains_key("nik") {
        let candidate = segments
            .iter()
            .filter(|s| s.label.is_none())
            .filter(|s| {
                let digits = s.text.chars().filter(char::is_ascii_digit).count();
                let letters = s.text.chars().filter(|c| c.is_alphabetic()).count();
                digits >= NIK_MIN_DIGITS && letters <= 3
            })
            .min_by(|a, b| a.y.total_cmp(&b.y));
        if let Some(c) = candidate {
            put_parts(fields, "nik", values::nik(&c.text), &[c]);
            header.retain(|&i| segments[i].line != c.line);
        }
    }
}

/// Store `value` as field `name` read from the pieces `idxs`.
pub(super) fn put(
    fields: &mut BTreeMap<&'static str, FieldValue>,
    name: &'static str,
    value: String,
    segments: &[Segment],
    idxs: &[usize],
) {
    let parts: Vec<&Segment> = idxs.iter().map(|&i| &segments[i]).collect();
    put_parts(fields, name, value, &parts);
}

pub(super) fn put_parts(
    fields: &mut BTreeMap<&'static str, FieldValue>,
    name: &'static str,
    value: String,
    parts: &[&Segment],
) {
    if value.is_empty() {
        return;
    }
    let (mut lines, mut starts) = (Vec::new(), Vec::new());
    for s in parts {
        if !lines.contains(&s.line) {
            lines.push(s.line);
            starts.push(s.from);
        }
    }
    fields.insert(
        name,
        FieldValue {
            value,
            confidence: confidence_of(parts),
            lines,
            starts,
            repair: None,
        },
    );
}

/// Store a value with how it was repaired (a closed-list value snapped, an open one
/// trimmed).
fn put_repaired(
    fields: &mut BTreeMap<&'static str, FieldValue>,
    name: &'static str,
    (value, repair): values::Closed,
    parts: &[&Segment],
) {
    put_parts(fields, name, value, parts);
    if let Some(f) = fields.get_mut(name) {
        f.repair = repair;
    }
}

fn store_row(
    fields: &mut BTreeMap<&'static str, FieldValue>,
    label: Label,
    parts: &[&Segment],
    gol: &[&Segment],
) {
    let raw = parts
        .iter()
        .map(|s| strip_separator(&s.text).to_string())
        .collect::<Vec<_>>()
        .join(" ");
    let raw = raw.trim();
    match label {
        Label::Nik => put_parts(fields, "nik", values::nik(raw), parts),
        Label::Nama => put_parts(fields, "nama", clean_value(raw), parts),
        Label::TempatTglLahir => {
            let (place, date) = values::place_and_date(raw);
            put_parts(fields, "tempat_lahir", place, parts);
            put_repaired(fields, "tanggal_lahir", date, parts);
        }
        Label::JenisKelamin => {
            put_repaired(fields, "jenis_kelamin", values::gender(raw), parts);
            let g = gol
                .iter()
                .map(|s| strip_separator(&s.text).to_string())
                .collect::<Vec<_>>()
                .join("");
            put_repaired(fields, "gol_darah", values::blood_type(&g), gol);
        }
        Label::GolDarah => {}
        Label::Alamat => put_repaired(fields, "alamat", values::address(raw), parts),
        Label::RtRw => {
            let (rt, rw) = values::rt_rw(raw);
            put_parts(fields, "rt", rt, parts);
            put_parts(fields, "rw", rw, parts);
        }
        Label::KelDesa => put_repaired(fields, "kel_desa", values::open_value(raw), parts),
        Label::Kecamatan => put_repaired(fields, "kecamatan", values::open_value(raw), parts),
        Label::Agama => put_repaired(fields, "agama", values::religion(raw), parts),
        Label::StatusPerkawinan => {
            put_repaired(fields, "status_perkawinan", values::marital(raw), parts)
        }
        Label::Pekerjaan => put_repaired(fields, "pekerjaan", values::occupation(raw), parts),
        Label::Kewarganegaraan => {
            put_repaired(fields, "kewarganegaraan", values::nationality(raw), parts)
        }
        Label::BerlakuHingga => {
            put_repaired(fields, "berlaku_hingga", values::valid_until(raw), parts)
        }
    }
}

/// The mean confidence of the characters of `parts`.
fn confidence_of(parts: &[&Segment]) -> f32 {
    let confs: Vec<f32> = parts.iter().flat_map(|s| s.conf.iter().copied()).collect();
    mean_confidence(&confs)
}

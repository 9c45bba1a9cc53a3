//! From recognised lines and their geometry to every field on the card.
//!
//! Geometry is taken relative to the labels found, never from fixed pixel positions: the
//! labels give the row anchors and the row pitch, the values on each row give the value
//! column, and anything far right of the value chain (photo, issue place and date,
//! signature) is kept out of the left-column fields.

pub mod labels;
pub mod text;
pub mod values;

use crate::ktp::KtpFields;
use crate::ocr::geometry::Quad;
use labels::{find_gol_darah, match_prefix, Label};
use std::collections::BTreeMap;
use text::{clean_value, strip_separator};

/// One recognised text line, in the coordinates of the image it was read from.
#[derive(Debug, Clone)]
pub struct Line {
    pub text: String,
    pub char_confidences: Vec<f32>,
    pub quad: Quad,
}

/// One field as read: its value, a confidence in [0, 1] and where it came from.
#[derive(Debug, Clone, Default)]
pub struct FieldValue {
    pub value: String,
    pub confidence: f32,
    /// Indices of the lines the value was read from.
    pub lines: Vec<usize>,
}

/// The parser's result: each field by its name in [`crate::ktp::FIELD_NAMES`].
#[derive(Debug, Clone, Default)]
pub struct ParsedFields {
    pub fields: BTreeMap<&'static str, FieldValue>,
    /// Number of labels recognised; a card with almost none is not a KTP reading.
    pub labels_found: usize,
}

impl ParsedFields {
    pub fn values(&self) -> KtpFields {
        let mut out = KtpFields::default();
        for (name, f) in &self.fields {
            if let Some(slot) = out.get_mut(name) {
                slot.clone_from(&f.value);
            }
        }
        out
    }
}

/// A piece of a line: a label, or a run of value text, with its horizontal extent.
#[derive(Debug, Clone)]
struct Segment {
    line: usize,
    label: Option<Label>,
    text: String,
    conf: Vec<f32>,
    x0: f32,
    x1: f32,
    y: f32,
    h: f32,
}

/// Max gap between two pieces of one value on a row, in text heights.
const CHAIN_GAP: f32 = 2.5;
/// A value piece is on a row when its centre is within this many pitches of the row.
const ROW_TOLERANCE: f32 = 0.5;
/// A wrapped continuation may sit up to this many pitches below its row.
const WRAP_REACH: f32 = 1.6;

fn split_line(idx: usize, line: &Line, all_labels: &[Label]) -> Vec<Segment> {
    let chars: Vec<char> = line.text.chars().collect();
    let n = chars.len().max(1) as f32;
    let (bx0, _, bx1, _) = line.quad.bounds();
    let c = line.quad.center();
    let h = line.quad.height();
    let x_at = |i: usize| bx0 + (bx1 - bx0) * i as f32 / n;
    let piece = |label, from: usize, to: usize| Segment {
        line: idx,
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
    if let Some(m) = match_prefix(&line.text, all_labels) {
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
        let p = piece(None, start, chars.len());
        let t = strip_separator(&p.text);
        if !t.is_empty() && t.chars().any(char::is_alphanumeric) || t == "-" || t.contains('-') {
            out.push(p);
        }
    }
    out
}

fn median(mut v: Vec<f32>) -> Option<f32> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(f32::total_cmp);
    Some(v[v.len() / 2])
}

/// Parse the fields of a card from its recognised lines.
pub fn parse(lines: &[Line]) -> ParsedFields {
    let mut all_labels = Label::ROWS.to_vec();
    all_labels.push(Label::GolDarah);
    let segments: Vec<Segment> = lines
        .iter()
        .enumerate()
        .flat_map(|(i, l)| split_line(i, l, &all_labels))
        .collect();

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
    let mut anchors: BTreeMap<Label, (f32, usize)> = BTreeMap::new(); // label -> (y, segment)
    for (i, s) in segments.iter().enumerate() {
        let Some(l) = s.label else { continue };
        if l == Label::GolDarah {
            continue;
        }
        if let Some(col) = col {
            if (s.x0 - col).abs() > 6.0 * text_h {
                continue;
            }
        }
        anchors.entry(l).or_insert((s.y, i));
    }
    let labels_found = anchors.len();

    // Row pitch from neighbouring anchors one row apart (a wrapped row above makes a gap of
    // two pitches; the median ignores it).
    let rows: Vec<(usize, f32)> = {
        let mut r: Vec<(usize, f32)> = anchors.iter().map(|(l, (y, _))| (l.row(), *y)).collect();
        r.sort_by_key(|x| x.0);
        r
    };
    let pitch = median(
        rows.windows(2)
            .filter(|w| w[1].0 == w[0].0 + 1)
            .map(|w| w[1].1 - w[0].1)
            .filter(|d| *d > 0.0)
            .collect(),
    )
    .unwrap_or(text_h * 1.7);

    // Rows that have an anchor, as (row, y), plus the header zone above the NIK (or above
    // where it would be).
    let top_y = anchors
        .get(&Label::Nik)
        .map(|(y, _)| *y - 0.8 * pitch)
        .or_else(|| rows.first().map(|(r, y)| *y - (*r as f32 + 0.8) * pitch))
        .unwrap_or(f32::MIN);

    // Assign value pieces to rows.
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

    // Value column: median left edge of the first piece right of each label.
    let value_col = median(
        anchors
            .values()
            .filter_map(|&(y, li)| {
                let lab = &segments[li];
                segments
                    .iter()
                    .filter(|s| {
                        s.label.is_none()
                            && (s.y - y).abs() < 0.5 * pitch
                            && s.x0 >= lab.x1 - text_h
                    })
                    .map(|s| s.x0)
                    .min_by(f32::total_cmp)
            })
            .collect(),
    );

    let mut fields: BTreeMap<&'static str, FieldValue> = BTreeMap::new();
    let gol = segments
        .iter()
        .position(|s| s.label == Some(Label::GolDarah));
    for (&row, idxs) in &by_row {
        let label = Label::ROWS[row];
        let row_y = rows
            .iter()
            .find(|(r, _)| *r == row)
            .map_or(0.0, |(_, y)| *y);
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
                    {
                        gol_parts.push(s);
                        continue;
                    }
                }
                let ok = match last_x1 {
                    None => value_col.is_none_or(|vc| s.x0 < vc + 4.0 * text_h),
                    Some(x1) => s.x0 < x1 + CHAIN_GAP * text_h,
                };
                if ok {
                    parts.push(s);
                    last_x1 = Some(s.x1);
                } else {
                    unassigned.push(i);
                }
            }
        }
        store_row(&mut fields, label, &parts, &gol_parts);
    }

    // Header: `PROVINSI X` then the regency/city line.
    header.sort_by(|a, b| segments[*a].y.total_cmp(&segments[*b].y));
    let header_lines = group_lines(&segments, &header, pitch * 0.4);
    let mut hl = header_lines.iter();
    if let Some(first) = hl.next() {
        let text = joined(&segments, first);
        let value = clean_value(&text);
        let value = value
            .strip_prefix("PROVINSI")
            .map_or(value.clone(), |v| v.trim().to_string());
        put(&mut fields, "provinsi", value, &segments, first);
    }
    if let Some(second) = hl.next() {
        let value = clean_value(&joined(&segments, second));
        put(&mut fields, "kabupaten_kota", value, &segments, second);
    }

    // Right column under the photo: the issue date, and the place above it.
    let right_min_x = value_col.map_or(f32::MIN, |vc| vc + 8.0 * text_h);
    let mut right: Vec<usize> = unassigned
        .into_iter()
        .filter(|&i| segments[i].x0 > right_min_x)
        .collect();
    right.sort_by(|a, b| segments[*a].y.total_cmp(&segments[*b].y));
    if let Some(pos) = right
        .iter()
        .position(|&i| values::find_date(&segments[i].text).is_some())
    {
        let di = right[pos];
        let date = values::date(&segments[di].text);
        put(&mut fields, "tanggal_terbit", date, &segments, &[di]);
        let d = &segments[di];
        let place: Vec<usize> = right[..pos]
            .iter()
            .copied()
            .filter(|&i| {
                let s = &segments[i];
                d.y - s.y < 2.6 * pitch && s.x1 > d.x0 - 2.0 * text_h && s.x0 < d.x1 + 2.0 * text_h
            })
            .collect();
        if !place.is_empty() {
            let text = place
                .iter()
                .map(|&i| clean_value(&segments[i].text))
                .collect::<Vec<_>>()
                .join(" ");
            put(&mut fields, "tempat_terbit", text, &segments, &place);
        }
    }

    ParsedFields {
        fields,
        labels_found,
    }
}

/// Group segment indices (sorted by y) into printed lines.
fn group_lines(segments: &[Segment], idxs: &[usize], tol: f32) -> Vec<Vec<usize>> {
    let mut out: Vec<Vec<usize>> = Vec::new();
    for &i in idxs {
        match out.last_mut() {
            Some(g) if (segments[g[0]].y - segments[i].y).abs() < tol => g.push(i),
            _ => out.push(vec![i]),
        }
    }
    for g in &mut out {
        g.sort_by(|a, b| segments[*a].x0.total_cmp(&segments[*b].x0));
    }
    out
}

fn joined(segments: &[Segment], idxs: &[usize]) -> String {
    idxs.iter()
        .map(|&i| strip_separator(&segments[i].text))
        .collect::<Vec<_>>()
        .join(" ")
}

fn confidence_of<'a>(parts: impl IntoIterator<Item = &'a Segment>) -> f32 {
    let confs: Vec<f32> = parts
        .into_iter()
        .flat_map(|s| s.conf.iter().copied())
        .collect();
    if confs.is_empty() {
        0.0
    } else {
        confs.iter().sum::<f32>() / confs.len() as f32
    }
}

fn put(
    fields: &mut BTreeMap<&'static str, FieldValue>,
    name: &'static str,
    value: String,
    segments: &[Segment],
    idxs: &[usize],
) {
    let parts: Vec<&Segment> = idxs.iter().map(|&i| &segments[i]).collect();
    put_parts(fields, name, value, &parts);
}

fn put_parts(
    fields: &mut BTreeMap<&'static str, FieldValue>,
    name: &'static str,
    value: String,
    parts: &[&Segment],
) {
    if value.is_empty() {
        return;
    }
    let mut lines: Vec<usize> = parts.iter().map(|s| s.line).collect();
    lines.dedup();
    fields.insert(
        name,
        FieldValue {
            value,
            confidence: confidence_of(parts.iter().copied()),
            lines,
        },
    );
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
            put_parts(fields, "tanggal_lahir", date, parts);
        }
        Label::JenisKelamin => {
            put_parts(fields, "jenis_kelamin", values::gender(raw), parts);
            let g = gol
                .iter()
                .map(|s| strip_separator(&s.text).to_string())
                .collect::<Vec<_>>()
                .join("");
            put_parts(fields, "gol_darah", values::blood_type(&g), gol);
        }
        Label::GolDarah => {}
        Label::Alamat => put_parts(fields, "alamat", clean_value(raw), parts),
        Label::RtRw => {
            let (rt, rw) = values::rt_rw(raw);
            put_parts(fields, "rt", rt, parts);
            put_parts(fields, "rw", rw, parts);
        }
        Label::KelDesa => put_parts(fields, "kel_desa", clean_value(raw), parts),
        Label::Kecamatan => put_parts(fields, "kecamatan", clean_value(raw), parts),
        Label::Agama => put_parts(fields, "agama", values::religion(raw), parts),
        Label::StatusPerkawinan => {
            put_parts(fields, "status_perkawinan", values::marital(raw), parts)
        }
        Label::Pekerjaan => put_parts(fields, "pekerjaan", values::occupation(raw), parts),
        Label::Kewarganegaraan => {
            put_parts(fields, "kewarganegaraan", values::nationality(raw), parts)
        }
        Label::BerlakuHingga => {
            put_parts(fields, "berlaku_hingga", values::valid_until(raw), parts)
        }
    }
}

//! From recognised lines and their geometry to every field on the card.
//!
//! Geometry is taken relative to the labels found, never from fixed pixel positions: the
//! labels give the row anchors and the row pitch, the values on each row give the value
//! column, and anything far right of the value chain (photo, issue place and date,
//! signature) is kept out of the left-column fields.

pub mod labels;
pub mod region;
mod tail;
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
    /// For each of `lines`, the char index where the value begins in that line (after a
    /// label and colon read in the same box).
    pub starts: Vec<usize>,
}

/// The parser's result: each field by its name in [`crate::ktp::FIELD_NAMES`].
#[derive(Debug, Clone, Default)]
pub struct ParsedFields {
    pub fields: BTreeMap<&'static str, FieldValue>,
    /// Number of labels recognised; a card with almost none is not a KTP reading.
    pub labels_found: usize,
    /// The line holding the `Gol. Darah` label, if read: its value is a single short
    /// character that the detector's box sometimes leaves out.
    pub gol_darah_label_line: Option<usize>,
    /// What the NIK validator did to the digits-only reading, when it ran.
    pub nik_correction: Option<crate::nik::Correction>,
    /// Region fields whose value the official table did not resolve (kept as read).
    pub unresolved_regions: Vec<&'static str>,
    /// Fields whose text glare touches (set by the engine, which sees the pixels).
    pub glared_fields: Vec<&'static str>,
}

impl ParsedFields {
    pub fn values(&self) -> KtpFields {
        KtpFields::from_pairs(self.fields.iter().map(|(n, f)| (*n, f.value.as_str())))
    }

    /// How much of a card this reading holds: the sum of its values' confidences (a card
    /// read whole and sure scores about 20, one per field). Compares two readings of the
    /// same image.
    pub fn evidence(&self) -> f32 {
        self.fields
            .values()
            .filter(|f| !f.value.is_empty())
            .map(|f| f.confidence)
            .sum()
    }
}

impl ParsedFields {
    /// Correct the region names against the official table (see [`region`]); a value
    /// changes only where an official name is close to what was read.
    pub fn correct_regions(&mut self) {
        let mut values = self.values();
        let resolved = region::correct(&mut values);
        self.unresolved_regions = resolved.unresolved(&values);
        for (name, field) in self.fields.iter_mut() {
            if let Some(v) = values.get(name) {
                if v != field.value {
                    field.confidence =
                        crate::confidence::after_region_repair(field.confidence, &field.value, v);
                    field.value = v.to_string();
                }
            }
        }
    }
}

/// A piece of a line: a label, or a run of value text, with its horizontal extent.
#[derive(Debug, Clone)]
struct Segment {
    line: usize,
    /// Char index in the line where this piece begins.
    from: usize,
    label: Option<Label>,
    text: String,
    conf: Vec<f32>,
    x0: f32,
    x1: f32,
    y: f32,
    h: f32,
}

/// Pieces starting this many text heights right of the value column or more are in the
/// right column (photo, issue place and date), not in a row.
const RIGHT_COLUMN_GAP: f32 = 8.0;
/// Missing rows are placed between two read labels when the gap holds them at this share
/// of the measured pitch or more (or at half a pitch less, when that is less).
const MIN_PITCH_SHARE: f32 = 0.8;
/// A piece with this many digits is the NIK (16 printed; a few may be lost to glare).
const NIK_MIN_DIGITS: usize = 12;
/// A piece that starts this many text heights left of the value column starts in the label
/// column.
const LABEL_COLUMN_LEAD: f32 = 2.0;
/// A piece ending less than this many text heights into the value column is what was read of
/// a label (a value's first characters reach further).
const LABEL_FRAGMENT_REACH: f32 = 0.5;

/// Cut what lies in the label column off a piece reaching from there into the value column
/// (an unrecognised label read in one box with its value): after its colon when there is
/// one, else where the value column begins. The NIK, whose digits may start a little left
/// of the other values, is left whole.
fn drop_label_head(s: &mut Segment, value_col: f32, text_h: f32) {
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

/// Max gap between two pieces of one value on a row, in text heights.
const CHAIN_GAP: f32 = 2.5;
/// A value piece is on a row when its centre is within this many pitches of the row.
const ROW_TOLERANCE: f32 = 0.5;
/// A wrapped continuation may sit up to this many pitches below its row.
const WRAP_REACH: f32 = 1.6;

/// The card's tilt: the median direction of the long text boxes, in radians.
fn dominant_angle(lines: &[Line]) -> f32 {
    let angles: Vec<f32> = lines
        .iter()
        .filter(|l| l.quad.width() > 3.0 * l.quad.height())
        .map(|l| {
            let [tl, tr, _, _] = l.quad.0;
            (tr.y - tl.y).atan2(tr.x - tl.x)
        })
        .collect();
    median(angles).unwrap_or(0.0)
}

fn split_line(idx: usize, line: &Line, all_labels: &[Label], angle: f32) -> Vec<Segment> {
    let chars: Vec<char> = line.text.chars().collect();
    let n = chars.len().max(1) as f32;
    // Work in coordinates turned by the card's tilt, so that rows are horizontal.
    let (sin, cos) = (-angle).sin_cos();
    let quad = line
        .quad
        .map(|p| crate::ocr::geometry::Point::new(p.x * cos - p.y * sin, p.x * sin + p.y * cos));
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

/// The province name from the header line `PROVINSI X`, also when glare or the frame took
/// the label's first letters (`OVINSI X`, `INSI X`): no province name starts with three or
/// more of the label's last letters.
fn without_provinsi(header: &str) -> String {
    const LABEL: &str = "PROVINSI";
    const MIN_TAIL: usize = 3;
    const MAX_MISREAD: usize = 2;
    let (first, rest) = header.split_once(' ').unwrap_or((header, ""));
    let cut_short = first.len() >= MIN_TAIL && LABEL.ends_with(first);
    let misread = first.len() >= LABEL.len() - MAX_MISREAD
        && text::edit_distance(first, LABEL) <= MAX_MISREAD;
    if cut_short || misread {
        return rest.trim().to_string();
    }
    header
        .strip_prefix(LABEL)
        .map_or(header.to_string(), |v| v.trim().to_string())
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
    let angle = dominant_angle(lines);
    let mut segments: Vec<Segment> = lines
        .iter()
        .enumerate()
        .flat_map(|(i, l)| split_line(i, l, &all_labels, angle))
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
    // two pitches; the median ignores it). The NIK's larger print sets it further from the
    // name than the other rows are apart: that gap says nothing of the pitch.
    let rows: Vec<(usize, f32)> = {
        let mut r: Vec<(usize, f32)> = anchors.iter().map(|(l, (y, _))| (l.row(), *y)).collect();
        r.sort_by_key(|x| x.0);
        r
    };
    let nik_row = Label::Nik.row();
    let pitch = median(
        rows.windows(2)
            .filter(|w| w[1].0 == w[0].0 + 1 && w[0].0 != nik_row)
            .map(|w| w[1].1 - w[0].1)
            .filter(|d| *d > 0.0)
            .collect(),
    )
    .unwrap_or(text_h * 1.7);

    // A row whose label was not read still has its place between the rows around it, so
    // its value is not taken for a wrapped line of the row above.
    let mut rows = rows;
    let known = rows.clone();
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

    // Rows that have an anchor, as (row, y), plus the header zone above the NIK (or above
    // where it would be).
    let top_y = anchors
        .get(&Label::Nik)
        .map(|(y, _)| *y - 0.8 * pitch)
        .or_else(|| rows.first().map(|(r, y)| *y - (*r as f32 + 0.8) * pitch))
        .unwrap_or(f32::MIN);

    // Only labels stand in the label column. Where glare or wear left a label unreadable,
    // what was read of it must not become a value: a piece ending before the value column
    // is dropped below, and a piece reaching from the label column into the values loses
    // its head.
    if let Some(vc) = value_col {
        for s in segments
            .iter_mut()
            .filter(|s| s.label.is_none() && s.y >= top_y)
        {
            drop_label_head(s, vc, text_h);
        }
    }
    let label_fragment =
        |s: &Segment| value_col.is_some_and(|vc| s.x1 <= vc + LABEL_FRAGMENT_REACH * text_h);

    let right_col = value_col.map(|vc| vc + RIGHT_COLUMN_GAP * text_h);
    tail::extend_below(&mut rows, &segments, pitch, |s| {
        s.label.is_none() && !label_fragment(s) && right_col.is_none_or(|r| s.x0 < r)
    });

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

    // The right column (photo, issue place and date) is centred on the issue date: a piece
    // centred well towards it is not part of a left-column value, however close it sits.
    let right_centre_min = value_col.and_then(|vc| {
        segments
            .iter()
            .filter(|s| s.label.is_none() && s.y >= top_y && right_col.is_some_and(|r| s.x0 > r))
            .filter(|s| values::find_date(&s.text).is_some())
            .map(|s| vc + 0.6 * ((s.x0 + s.x1) / 2.0 - vc))
            .min_by(f32::total_cmp)
    });
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
                    {
                        gol_parts.push(s);
                        continue;
                    }
                }
                let ok = match last_x1 {
                    None => {
                        Some(s.line) == label_line
                            || value_col.is_none_or(|vc| s.x0 < vc + 4.0 * text_h)
                                && !label_fragment(s)
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
        store_row(&mut fields, label, &parts, &gol_parts);
    }

    // NIK label unreadable: the NIK is still the one line of (almost) only digits, 12 or
    // more of them, above the other rows.
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
            put_parts(&mut fields, "nik", values::nik(&c.text), &[c]);
            header.retain(|&i| segments[i].line != c.line);
        }
    }

    // Header: `PROVINSI X` then the regency/city line.
    header.sort_by(|a, b| segments[*a].y.total_cmp(&segments[*b].y));
    let header_lines = group_lines(&segments, &header, pitch * 0.4);
    let mut hl = header_lines.iter();
    if let Some(first) = hl.next() {
        let text = joined(&segments, first);
        let value = without_provinsi(&clean_value(&text));
        put(&mut fields, "provinsi", value, &segments, first);
    }
    if let Some(second) = hl.next() {
        let value = clean_value(&joined(&segments, second));
        put(&mut fields, "kabupaten_kota", value, &segments, second);
    }

    // Right column under the photo: the issue date, and the place above it.
    let mut right: Vec<usize> = unassigned
        .into_iter()
        .filter(|&i| right_col.is_none_or(|r| segments[i].x0 > r))
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
        gol_darah_label_line: gol.map(|g| segments[g].line),
        nik_correction: None,
        unresolved_regions: Vec::new(),
        glared_fields: Vec::new(),
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
            confidence: confidence_of(parts.iter().copied()),
            lines,
            starts,
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A line of `text` whose box starts at (x, y) (card of about 1000 x 630 px, 20 px text).
    fn line(text: &str, x: f32, y: f32) -> Line {
        let w = 11.0 * text.chars().count() as f32;
        Line {
            text: text.into(),
            char_confidences: vec![0.95; text.chars().count()],
            quad: Quad::from_rect(x, y, x + w, y + 20.0),
        }
    }

    /// Rows at the card's pitch (29 px) from y = 165, labels at x = 25, values at x = 250.
    fn card(rows: &[(&str, &str)], extra: Vec<Line>) -> Vec<Line> {
        let mut lines = vec![
            line("PROVINSI JAWA BARAT", 330.0, 20.0),
            line("KOTA BEKASI", 400.0, 58.0),
            line("NIK", 20.0, 110.0),
            line(": 3275014512900003", 200.0, 110.0),
        ];
        let mut y = 165.0;
        for (label, value) in rows {
            if !label.is_empty() {
                let indent = if ["RT/RW", "Kel/Desa", "Kecamatan"].contains(label) {
                    55.0
                } else {
                    0.0
                };
                lines.push(line(label, 25.0 + indent, y));
            }
            if !value.is_empty() {
                lines.push(line(value, 235.0, y));
            }
            y += 29.0;
        }
        lines.extend(extra);
        lines
    }

    fn standard_rows() -> Vec<(&'static str, &'static str)> {
        vec![
            ("Nama", ": SITI AMINAH"),
            ("Tempat/Tgl Lahir", ": BEKASI,05-12-1990"),
            ("Jenis kelamin", ": PEREMPUAN"),
            ("Alamat", ":JL.MAWAR NO.5"),
            ("RT/RW", ": 001/024"),
            ("Kel/Desa", ": MARGAHAYU"),
            ("Kecamatan", ": BEKASI TIMUR"),
            ("Agama", ":ISLAM"),
            ("Status Perkawinan", ": KAWIN"),
            ("Pekerjaan", ": KARYAWAN SWASTA"),
            ("Kewarganegaraan", ": WNI"),
            ("Berlaku Hingga", ": SEUMUR HIDUP"),
        ]
    }

    #[test]
    fn province_label_cut_by_glare_is_dropped() {
        assert_eq!(without_provinsi("PROVINSI JAWA TIMUR"), "JAWA TIMUR");
        assert_eq!(
            without_provinsi("OVINSI NUSA TENGGARA TIMUR"),
            "NUSA TENGGARA TIMUR"
        );
        assert_eq!(without_provinsi("INSI JAWA TIMUR"), "JAWA TIMUR");
        assert_eq!(without_provinsi("PRCVINSI JAWA TIMUR"), "JAWA TIMUR");
        assert_eq!(without_provinsi("PROVINSIJAWA TIMUR"), "JAWA TIMUR");
        // `DI` and `SI` are too short to be a piece of the label.
        assert_eq!(without_provinsi("DI YOGYAKARTA"), "DI YOGYAKARTA");
        assert_eq!(without_provinsi("JAWA BARAT"), "JAWA BARAT");
    }

    #[test]
    fn reads_every_field_of_a_plain_card() {
        let extra = vec![
            line("Gol. Darah", 495.0, 223.0),
            line(": AB", 610.0, 223.0),
            line("KOTA BEKASI", 770.0, 428.0),
            line("12-06-2016", 775.0, 456.0),
        ];
        let p = parse(&card(&standard_rows(), extra));
        let v = p.values();
        assert_eq!(v.provinsi, "JAWA BARAT");
        assert_eq!(v.kabupaten_kota, "KOTA BEKASI");
        assert_eq!(v.nik, "3275014512900003");
        assert_eq!(v.nama, "SITI AMINAH");
        assert_eq!(
            (v.tempat_lahir.as_str(), v.tanggal_lahir.as_str()),
            ("BEKASI", "05-12-1990")
        );
        assert_eq!(
            (v.jenis_kelamin.as_str(), v.gol_darah.as_str()),
            ("PEREMPUAN", "AB")
        );
        assert_eq!(v.alamat, "JL. MAWAR NO. 5");
        assert_eq!((v.rt.as_str(), v.rw.as_str()), ("001", "024"));
        assert_eq!(v.kel_desa, "MARGAHAYU");
        assert_eq!(v.kecamatan, "BEKASI TIMUR");
        assert_eq!(v.agama, "ISLAM");
        assert_eq!(v.status_perkawinan, "KAWIN");
        assert_eq!(v.pekerjaan, "KARYAWAN SWASTA");
        assert_eq!(v.kewarganegaraan, "WNI");
        assert_eq!(v.berlaku_hingga, "SEUMUR HIDUP");
        assert_eq!(v.tempat_terbit, "KOTA BEKASI");
        assert_eq!(v.tanggal_terbit, "12-06-2016");
        assert!(p.labels_found >= 12);
    }

    #[test]
    fn a_tilted_card_reads_like_a_straight_one() {
        let (sin, cos) = 0.12f32.sin_cos();
        let lines: Vec<Line> = card(&standard_rows(), vec![])
            .into_iter()
            .map(|mut l| {
                l.quad = l.quad.map(|p| {
                    crate::ocr::geometry::Point::new(
                        p.x * cos - p.y * sin + 100.0,
                        p.x * sin + p.y * cos,
                    )
                });
                l
            })
            .collect();
        let v = parse(&lines).values();
        assert_eq!(v.nama, "SITI AMINAH");
        assert_eq!(v.jenis_kelamin, "PEREMPUAN");
        assert_eq!(v.agama, "ISLAM");
        assert_eq!(v.pekerjaan, "KARYAWAN SWASTA");
        assert_eq!(v.berlaku_hingga, "SEUMUR HIDUP");
    }

    #[test]
    fn wrapped_address_joins_and_rows_below_shift() {
        let mut rows = standard_rows();
        rows[3] = ("Alamat", ": PERUM GRIYA ASRI BLOK C2/15 JALAN");
        rows.insert(4, ("", "KENANGA RAYA"));
        let p = parse(&card(&rows, vec![]));
        let v = p.values();
        assert_eq!(v.alamat, "PERUM GRIYA ASRI BLOK C2/15 JALAN KENANGA RAYA");
        assert_eq!((v.rt.as_str(), v.rw.as_str()), ("001", "024"));
        assert_eq!(v.kel_desa, "MARGAHAYU");
    }

    #[test]
    fn issue_place_close_to_a_long_value_stays_in_the_right_column() {
        let mut rows = standard_rows();
        rows[9] = ("Pekerjaan", ": MENGURUS RUMAH TANGGA");
        // the place starts 2 text heights after the value ends
        let extra = vec![
            line("KOTA PEKALONGAN", 533.0, 426.0),
            line("01-02-2013", 560.0, 455.0),
        ];
        let v = parse(&card(&rows, extra)).values();
        assert_eq!(v.pekerjaan, "MENGURUS RUMAH TANGGA");
        assert_eq!(v.tempat_terbit, "KOTA PEKALONGAN");
    }

    #[test]
    fn right_column_never_leaks_into_left_fields() {
        // Issue place on the Pekerjaan row and date on the Kewarganegaraan row.
        let extra = vec![
            line("JAKARTA SELATAN", 760.0, 426.0),
            line("01-02-2013", 775.0, 455.0),
        ];
        let v = parse(&card(&standard_rows(), extra)).values();
        assert_eq!(v.pekerjaan, "KARYAWAN SWASTA");
        assert_eq!(v.kewarganegaraan, "WNI");
        assert_eq!(v.tempat_terbit, "JAKARTA SELATAN");
        assert_eq!(v.tanggal_terbit, "01-02-2013");
    }

    #[test]
    fn glued_and_misread_labels_with_values_in_one_line() {
        let mut lines = card(&[], vec![]);
        let rows = [
            "Nama:BUDI SANTOSO",
            "Tempat/Tgl Lahir: SLEMAN, 17-08-1985",
            "Jenis Kelamin : LAKI-LAKI Gol Darah : O",
            "Alamat : DUSUN KRAJAN",
            "RT/RW : 003 / 007",
            "Kel/Desa:CATURTUNGGAL",
            "Kecamatan : DEPOK",
            "Agama:ISLAM",
            "Status Perkawlnan : BELUM KAWIN",
            "Pekerjaan : PELAJAR/MAHASISWA",
            "Kewarqanegaraan: WNI",
            "Berlaku Hingga : 17-08-2017",
        ];
        for (i, t) in rows.iter().enumerate() {
            lines.push(line(t, 25.0, 165.0 + 29.0 * i as f32));
        }
        let v = parse(&lines).values();
        assert_eq!(v.nama, "BUDI SANTOSO");
        assert_eq!(v.tempat_lahir, "SLEMAN");
        assert_eq!(v.jenis_kelamin, "LAKI-LAKI");
        assert_eq!(v.gol_darah, "O");
        assert_eq!((v.rt.as_str(), v.rw.as_str()), ("003", "007"));
        assert_eq!(v.kel_desa, "CATURTUNGGAL");
        assert_eq!(v.status_perkawinan, "BELUM KAWIN");
        assert_eq!(v.pekerjaan, "PELAJAR/MAHASISWA");
        assert_eq!(v.kewarganegaraan, "WNI");
        assert_eq!(v.berlaku_hingga, "17-08-2017");
    }

    #[test]
    fn a_row_whose_label_is_unread_keeps_its_value() {
        let mut lines = card(&standard_rows(), vec![]);
        lines.retain(|l| l.text != "Agama");
        let v = parse(&lines).values();
        assert_eq!(v.kecamatan, "BEKASI TIMUR");
        assert_eq!(v.agama, "ISLAM");
    }

    #[test]
    fn label_tail_glued_to_the_value_is_dropped() {
        let mut lines = card(&standard_rows(), vec![]);
        for l in &mut lines {
            if l.text == "Tempat/Tgl Lahir" {
                l.text = "Tempat/Tgl Lahi".into();
            }
            if l.text.starts_with(": BEKASI,") {
                l.text = "r :BEKASI, 05-12-1990".into();
            }
        }
        let v = parse(&lines).values();
        assert_eq!(v.tempat_lahir, "BEKASI");
    }

    #[test]
    fn nik_without_its_label_is_found_by_its_digits() {
        let mut lines = card(&standard_rows(), vec![]);
        lines.retain(|l| l.text != "NIK");
        assert_eq!(parse(&lines).values().nik, "3275014512900003");
    }

    #[test]
    fn nothing_card_like_finds_no_labels() {
        let lines = vec![
            line("SALE 50% OFF", 100.0, 100.0),
            line("OPEN DAILY", 100.0, 140.0),
        ];
        assert!(parse(&lines).labels_found < 2);
    }
}

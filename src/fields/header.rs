//! The header above the NIK: `PROVINSI X`, then the regency or city line.

use super::rows::put;
use super::segments::Segment;
use super::text::{clean_value, edit_distance};
use super::{group_lines, joined, FieldValue};
use std::collections::BTreeMap;

/// Read the header from its pieces (`header`: the pieces above the NIK, sorted by y).
pub(super) fn read(
    fields: &mut BTreeMap<&'static str, FieldValue>,
    segments: &[Segment],
    header: &[usize],
    pitch: f32,
) {
    let header_lines = group_lines(segments, header, pitch * 0.4);
    let mut hl = header_lines.iter();
    if let Some(first) = hl.next() {
        let text = joined(segments, first);
        let value = without_provinsi(&clean_value(&text));
        put(fields, "provinsi", value, segments, first);
    }
    if let Some(second) = hl.next() {
        let value = clean_value(&joined(segments, second));
        put(fields, "kabupaten_kota", value, segments, second);
    }
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
    let misread =
        first.len() >= LABEL.len() - MAX_MISREAD && edit_distance(first, LABEL) <= MAX_MISREAD;
    if cut_short || misread {
        return rest.trim().to_string();
    }
    if let Some(v) = header.strip_prefix(LABEL) {
        return v.trim().to_string();
    }
    // The label misread and glued to the name (`PROWINSIDKIJAKARTA`): its first letters
    // are within the misreading budget of the label, and a name follows.
    let chars: Vec<char> = first.chars().collect();
    if chars.len() > LABEL.len() + MIN_TAIL {
        let head: String = chars[..LABEL.len()].iter().collect();
        if edit_distance(&head, LABEL) <= MAX_MISREAD {
            let tail: String = chars[LABEL.len()..].iter().collect();
            return format!("{tail} {rest}").trim().to_string();
        }
    }
    header.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(without_provinsi("PROWINSIDKIJAKARTA"), "DKIJAKARTA");
        assert_eq!(without_provinsi("PROPINSIJAWA BARAT"), "JAWA BARAT");
        // `DI` and `SI` are too short to be a piece of the label.
        assert_eq!(without_provinsi("DI YOGYAKARTA"), "DI YOGYAKARTA");
        assert_eq!(without_provinsi("JAWA BARAT"), "JAWA BARAT");
    }
}

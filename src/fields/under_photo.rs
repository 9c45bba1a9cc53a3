//! The right column under the photo: the issue date, and the issue place above it.

use super::layout::Layout;
use super::rows::put;
use super::segments::Segment;
use super::text::clean_value;
use super::{values, FieldValue};
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
    if let Some(pos) = right
        .iter()
        .position(|&i| values::find_date(&segments[i].text).is_some())
    {
        let di = right[pos];
        let date = values::date(&segments[di].text);
        put(fields, "tanggal_terbit", date, segments, &[di]);
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
            put(fields, "tempat_terbit", text, segments, &place);
        }
        return Some((d.x0 + d.x1) / 2.0);
    }
    None
}

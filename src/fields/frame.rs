//! Where the whole card lies, estimated from the layout read: the row pitch gives the card's
//! height, the label column and the issue date under the photo its width and left edge, the
//! NIK and name rows its top. It says whether the frame cut part of the card off, whatever
//! the outline found says: a card cropped tight to its edges (the usual real form) is whole,
//! one whose labels or photo run past the frame is not.
//!
//! Priors from `ktp-layout.md`, as shares of the card's width W and height H.

use super::labels::Label;
use super::layout::Layout;
use crate::card::ID1_ASPECT;
use crate::ocr::geometry::{Point, Quad};

/// Row pitch: 0.046-0.047 H.
const PITCH_SHARE: f32 = 0.0466;
/// Centre of the NIK row: top 0.157-0.172 H, digits 0.048-0.055 H high.
const NIK_CENTRE: f32 = 0.19;
/// Centre of the first field row (`Nama`): cap top 0.250-0.275 H, about 0.028 H high.
const FIRST_ROW_CENTRE: f32 = 0.277;
/// Left edge of the unindented labels: 0.023-0.030 W.
const LABEL_LEFT: f32 = 0.0265;
/// Centre of the issue date under the photo: 0.82-0.84 W.
const ISSUE_DATE_CENTRE: f32 = 0.83;
/// Rows above this one are not pushed down by a wrapped value above them (`Alamat` and
/// everything after it may be).
const LAST_UNSHIFTED_ROW: usize = 3;

/// What the parser measured of the card's geometry, in the coordinates of the image read.
#[derive(Debug, Clone, PartialEq)]
pub struct LayoutSummary {
    /// The text's tilt, radians (the measures below are in coordinates turned back by it).
    pub angle: f32,
    pub pitch: f32,
    /// Left edge of the unindented labels.
    pub label_x: Option<f32>,
    /// Each label read near the label column: its row (NIK 0, Nama 1, ...) and y.
    pub rows: Vec<(usize, f32)>,
    /// Centre of the issue date under the photo, when read.
    pub issue_date_x: Option<f32>,
}

impl LayoutSummary {
    pub(super) fn new(angle: f32, layout: &Layout, issue_date_x: Option<f32>) -> Self {
        let mut rows: Vec<(usize, f32)> = layout
            .anchors
            .iter()
            .map(|(l, (y, _))| (l.row(), *y))
            .collect();
        rows.sort_by_key(|r| r.0);
        LayoutSummary {
            angle,
            pitch: layout.pitch,
            label_x: layout.label_col,
            rows,
            issue_date_x,
        }
    }

    /// The card's outline (TL, TR, BR, BL) as the layout places it, in the image read; `None`
    /// without a label column or a row to place it by.
    pub fn card_frame(&self) -> Option<Quad> {
        let label_x = self.label_x?;
        let h = self.pitch / PITCH_SHARE;
        let w = match self.issue_date_x {
            Some(date) if date > label_x => (date - label_x) / (ISSUE_DATE_CENTRE - LABEL_LEFT),
            _ => ID1_ASPECT * h,
        };
        let tops: Vec<f32> = self
            .rows
            .iter()
            .filter(|(r, _)| *r <= LAST_UNSHIFTED_ROW)
            .map(|&(r, y)| {
                let centre = if r == Label::Nik.row() {
                    NIK_CENTRE
                } else {
                    FIRST_ROW_CENTRE + (r - 1) as f32 * PITCH_SHARE
                };
                y - centre * h
            })
            .collect();
        let top = crate::stats::median(tops)?;
        let left = label_x - LABEL_LEFT * w;
        let (sin, cos) = self.angle.sin_cos();
        let back = |x: f32, y: f32| Point::new(x * cos - y * sin, x * sin + y * cos);
        Some(Quad([
            back(left, top),
            back(left + w, top),
            back(left + w, top + h),
            back(left, top + h),
        ]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_standard_layout_places_the_card_where_it_is() {
        // a 1000 x 631 card: pitch 29.4, labels at 26.5, NIK row at 120, name at 175
        let s = LayoutSummary {
            angle: 0.0,
            pitch: 0.0466 * 631.0,
            label_x: Some(26.5),
            rows: vec![(0, 0.19 * 631.0), (1, 0.277 * 631.0), (2, 0.3236 * 631.0)],
            issue_date_x: Some(830.0),
        };
        let [tl, tr, br, bl] = s.card_frame().unwrap().0;
        for (p, (x, y)) in
            [tl, tr, br, bl]
                .iter()
                .zip([(0.0, 0.0), (1000.0, 0.0), (1000.0, 631.0), (0.0, 631.0)])
        {
            assert!((p.x - x).abs() < 2.0 && (p.y - y).abs() < 2.0, "{p:?}");
        }
        // without the issue date the width comes from the ID-1 proportions
        let s = LayoutSummary {
            issue_date_x: None,
            ..s
        };
        let q = s.card_frame().unwrap();
        assert!((q.0[1].x - 1000.0).abs() < 5.0, "{q:?}");
    }

    #[test]
    fn no_label_column_no_frame() {
        let s = LayoutSummary {
            angle: 0.0,
            pitch: 29.0,
            label_x: None,
            rows: vec![(1, 175.0)],
            issue_date_x: None,
        };
        assert!(s.card_frame().is_none());
    }
}

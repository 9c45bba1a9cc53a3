//! Where the whole card lies, estimated from the layout read: the row pitch gives the card's
//! height, the label column and the issue date under the photo its width and left edge, the
//! NIK and name rows its top. It says whether the frame cut part of the card off, whatever
//! the outline found says: a card cropped tight to its edges (the usual real form) is whole,
//! one whose labels or photo run past the frame is not.
//!
//! Priors from `ktp-layout.md`, as shares of the card's width W and height H.

use super::labels::Label;
use super::layout::Layout;
use crate::card::layout::PHOTO;
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
/// A value's band begins this many text heights left of the value column (a colon glued
/// to the value stands there)...
const BAND_LEAD: f32 = 0.5;
/// ...and is this many text heights high (the detector's boxes of a row, taller than the
/// letters by their padding), at most one row pitch.
const BAND_HEIGHT: f32 = 1.2;
/// The NIK's digits are larger than the rows' print (0.048-0.055 H, a row's pitch 0.046 H)
/// and stand clear of the header and the name (their ink 0.03 H away or more,
/// `ktp-layout.md`): the NIK's band reaches this many pitches above and below its line...
const NIK_BAND_HALF: f32 = 1.0;
/// ...and begins this many text heights left of the value column: its colon stands left of
/// the other colons, its digits from 0.220 W where values begin from 0.24 W.
const NIK_BAND_LEAD: f32 = 2.0;
/// The value column leans against the label column by less than this many text heights on
/// a card straightened right: at most 1.0 on the 300 cards of five `real_like` seeds (a
/// value read with or without its colon, a row's pieces merged), 1.5 and 1.6 on the two
/// whose outline was found through the photo (the frame placed through it ran 8-10% past
/// the image of a whole card).
const MAX_COLUMN_SKEW: f32 = 1.25;

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
    /// Left edge of the values, when any was read beside a label.
    pub value_x: Option<f32>,
    /// Median height of the pieces read.
    pub text_h: f32,
    /// How far the value column leans against the label column, in text heights.
    pub column_skew: Option<f32>,
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
            value_x: layout.value_col,
            text_h: layout.text_h,
            column_skew: layout.column_skew,
        }
    }

    /// Whether the value and label columns stand as printed, one above the other: on a
    /// card straightened by a wrong outline they lean apart ([`MAX_COLUMN_SKEW`]), and the
    /// frame placed through that straightening is not where the card lies.
    pub fn columns_upright(&self) -> bool {
        self.column_skew.is_none_or(|s| s.abs() < MAX_COLUMN_SKEW)
    }

    /// The card's width as its layout says: from the label column to the issue date under
    /// the photo, else the ID-1 proportion of the height the row pitch gives.
    fn card_width(&self, label_x: f32) -> f32 {
        self.measured_width(label_x)
            .unwrap_or(ID1_ASPECT * self.pitch / PITCH_SHARE)
    }

    /// The card's width measured from the label column to the issue date, when both were
    /// read (the date right of the labels).
    fn measured_width(&self, label_x: f32) -> Option<f32> {
        let date = self.issue_date_x.filter(|&d| d > label_x)?;
        Some((date - label_x) / (ISSUE_DATE_CENTRE - LABEL_LEFT))
    }

    /// Whether the card's width was measured (see [`Self::card_width`]): without it the
    /// frame's width is only the ID-1 proportion of its height, which a card stored
    /// stretched breaks.
    pub fn width_measured(&self) -> bool {
        self.label_x
            .is_some_and(|l| self.measured_width(l).is_some())
    }

    /// Turns a point of the measuring coordinates back into the image read.
    fn back(&self, x: f32, y: f32) -> Point {
        let (sin, cos) = self.angle.sin_cos();
        Point::new(x * cos - y * sin, x * sin + y * cos)
    }

    /// Where the value of `row` (its label read) is printed, in the image read: from just
    /// before the value column to the photo's left edge, one box high around the label's
    /// line (the NIK's larger digits: two pitches). `None` when the label was not read or no
    /// value column was found.
    pub fn value_band(&self, row: usize) -> Option<Quad> {
        let &(_, y) = self.rows.iter().find(|(r, _)| *r == row)?;
        let label_x = self.label_x?;
        let nik = row == Label::Nik.row();
        let lead = if nik { NIK_BAND_LEAD } else { BAND_LEAD };
        let x0 = self.value_x? - lead * self.text_h;
        // the values end before the photo
        let x1 = label_x + (PHOTO.x0 - LABEL_LEFT) * self.card_width(label_x);
        if x1 <= x0 + self.text_h {
            return None;
        }
        let half = if nik {
            NIK_BAND_HALF * self.pitch
        } else {
            (BAND_HEIGHT * self.text_h).min(self.pitch) / 2.0
        };
        let (top, bottom) = (y - half, y + half);
        Some(Quad([
            self.back(x0, top),
            self.back(x1, top),
            self.back(x1, bottom),
            self.back(x0, bottom),
        ]))
    }

    /// The card's outline (TL, TR, BR, BL) as the layout places it, in the image read; `None`
    /// without a label column or a row to place it by.
    pub fn card_frame(&self) -> Option<Quad> {
        let label_x = self.label_x?;
        let h = self.pitch / PITCH_SHARE;
        let w = self.card_width(label_x);
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
        Some(Quad([
            self.back(left, top),
            self.back(left + w, top),
            self.back(left + w, top + h),
            self.back(left, top + h),
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
            value_x: Some(270.0),
            text_h: 22.0,
            column_skew: None,
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
            value_x: None,
            text_h: 22.0,
            column_skew: None,
        };
        assert!(s.card_frame().is_none());
    }

    #[test]
    fn columns_leaning_apart_mark_a_card_straightened_unevenly() {
        let s = LayoutSummary {
            angle: 0.0,
            pitch: 29.4,
            label_x: Some(26.5),
            rows: vec![(1, 175.0), (2, 204.4)],
            issue_date_x: Some(830.0),
            value_x: Some(270.0),
            text_h: 22.0,
            column_skew: Some(0.6),
        };
        assert!(s.columns_upright());
        for skew in [-1.6, 1.5] {
            let leaning = LayoutSummary {
                column_skew: Some(skew),
                ..s.clone()
            };
            assert!(!leaning.columns_upright(), "{skew}");
        }
        // too few rows to measure: nothing is held against the card
        let unmeasured = LayoutSummary {
            column_skew: None,
            ..s
        };
        assert!(unmeasured.columns_upright());
    }

    #[test]
    fn a_value_band_runs_from_the_value_column_to_the_photo_on_its_label_row() {
        // a 1000 x 631 card: values from 270, the photo from about 706
        let s = LayoutSummary {
            angle: 0.0,
            pitch: 0.0466 * 631.0,
            label_x: Some(26.5),
            rows: vec![(0, 120.0), (1, 175.0), (12, 688.0 - 0.0466 * 631.0 * 1.5)],
            issue_date_x: Some(830.0),
            value_x: Some(270.0),
            text_h: 22.0,
            column_skew: None,
        };
        let (x0, y0, x1, y1) = s.value_band(1).unwrap().bounds();
        assert!(
            (x0 - 259.0).abs() < 1.0 && (x1 - 706.0).abs() < 2.0,
            "{x0} {x1}"
        );
        assert!(
            (y0 - 161.8).abs() < 0.5 && (y1 - 188.2).abs() < 0.5,
            "{y0} {y1}"
        );
        // the NIK's band: its digits are larger and begin left of the values, at 0.22 W;
        // it reaches a pitch (29.4) above and below the NIK's line, short of the header
        // (ink above 0.14 H, 88) and of the name (ink from 0.25 H, 158)
        let (x0, y0, _, y1) = s.value_band(0).unwrap().bounds();
        assert!((x0 - 226.0).abs() < 1.0, "{x0}");
        assert!(
            (y0 - 90.6).abs() < 0.5 && (y1 - 149.4).abs() < 0.5,
            "{y0} {y1}"
        );
        // a row whose label was not read has no band
        assert!(s.value_band(5).is_none());
        // nor a card with no value column
        let s = LayoutSummary { value_x: None, ..s };
        assert!(s.value_band(1).is_none());
    }
}

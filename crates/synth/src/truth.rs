//! The ground-truth file format (`truth.jsonl`) written by `ktpocr synth` and read by
//! `ktpocr eval`: one JSON object per line, one line per image.

use ktp_ocr::ktp::KtpFields;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TruthRecord {
    /// Image file name, relative to the folder holding `truth.jsonl`.
    pub file: String,
    /// Capture condition name, e.g. `flat_scan`, `phone_photo`, `rotated_90`, `exif_rotated`.
    pub condition: String,
    /// Card corners (top-left, top-right, bottom-right, bottom-left of the upright card) in
    /// pixel coordinates of the image as displayed, i.e. after its EXIF orientation is applied.
    pub corners: [[f32; 2]; 4],
    /// Every field as printed.
    pub fields: KtpFields,
    /// Whether the NIK's region and date parts agree with the printed region and birth date.
    pub nik_consistent: bool,
    /// How washed out by glare each field's text is: the strongest blend towards white over
    /// its characters' centres, 0 (untouched) to 1 (blown out). Only fields glare reached.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub glare: BTreeMap<String, f32>,
    /// Print and capture variations of this card (`real_like` and `tight_crop` cards), e.g.
    /// `phone_photo`, `blurred`, `tight_spacing`, `stretched`: see `ktp_synth::Tag`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// Whether part of the card really lies outside the image, measured from the corners and
    /// the image size (a card that only touches the frame edges is complete). Absent in truth
    /// files written before it was recorded: then the `cropped` condition stands for it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub incomplete: Option<bool>,
}

impl TruthRecord {
    /// Whether the card carries `tag`.
    pub fn has_tag(&self, tag: &str) -> bool {
        self.tags.iter().any(|t| t == tag)
    }

    /// Whether part of the card lies outside the image (see [`TruthRecord::incomplete`]).
    pub fn is_incomplete(&self) -> bool {
        self.incomplete.unwrap_or(self.condition == "cropped")
    }

    /// The card's width in the image: the mean length of its top and bottom edges.
    pub fn card_width(&self) -> f32 {
        let len = |a: [f32; 2], b: [f32; 2]| ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2)).sqrt();
        let c = &self.corners;
        (len(c[0], c[1]) + len(c[3], c[2])) / 2.0
    }
}

/// Parse a whole `truth.jsonl` text; blank lines are skipped.
pub fn parse_jsonl(text: &str) -> Result<Vec<TruthRecord>, serde_json::Error> {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(serde_json::from_str)
        .collect()
}

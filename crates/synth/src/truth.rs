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
}

/// Parse a whole `truth.jsonl` text; blank lines are skipped.
pub fn parse_jsonl(text: &str) -> Result<Vec<TruthRecord>, serde_json::Error> {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(serde_json::from_str)
        .collect()
}

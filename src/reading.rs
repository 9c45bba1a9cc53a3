//! The result of reading one card: every field with its confidence and box in the input
//! image, warnings, orientation and stage timings. This is also the native JSON schema.

use crate::card::quality::Quality;
use crate::ktp::KtpFields;
use crate::nik::NikReport;
use crate::warning::Warning;
use serde::Serialize;
use std::collections::BTreeMap;

/// One field of the native result.
#[derive(Debug, Clone, Serialize)]
pub struct Field {
    pub value: String,
    /// In [0, 1]: the mean confidence of the characters the value was read from.
    pub confidence: f32,
    /// Corners (TL, TR, BR, BL) of the text the value was read from, in input image pixels;
    /// several lines give their common bounding quad. `None` when the field was not found,
    /// or inferred rather than read (see the `FIELD_REPAIRED` warning).
    #[serde(rename = "box")]
    pub quad: Option<[[f32; 2]; 4]>,
}

/// The image the fields were read from (the straightened card, or the input turned upright
/// and cut to its text when no outline was found), for a person checking the reading.
#[derive(Debug, Clone, Serialize)]
pub struct CardView {
    /// JPEG, base64.
    pub image: String,
    pub width: u32,
    pub height: u32,
    /// Each field read: its box (TL, TR, BR, BL) in this image's pixels.
    pub boxes: BTreeMap<&'static str, [[f32; 2]; 4]>,
}

/// Milliseconds spent per stage.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Timings {
    pub decode_ms: f64,
    pub card_ms: f64,
    pub detect_ms: f64,
    pub recognize_ms: f64,
    pub parse_ms: f64,
    pub total_ms: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct KtpReading {
    /// Every field in [`crate::ktp::FIELD_NAMES`]; an absent one has an empty value and no box.
    pub fields: BTreeMap<&'static str, Field>,
    /// The NIK decoded (region names, birth date, sex) and the structure checks it passed
    /// or failed; absent when no NIK was read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nik_check: Option<NikReport>,
    pub warnings: Vec<Warning>,
    /// Clockwise degrees the image (after EXIF) was turned to read it: 0, 90, 180 or 270.
    pub orientation: u16,
    /// The EXIF orientation tag applied on decoding (1 = none).
    pub exif_orientation: u8,
    pub image_width: u32,
    pub image_height: u32,
    /// Capture-quality measures (sharpness, glare, size, colour, completeness); the
    /// warnings they raised are in `warnings`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quality: Option<Quality>,
    /// The holder's photo as base64 JPEG, when asked for and found.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub photo: Option<String>,
    /// The card as the engine straightened it, with each field's box on it, when asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub card: Option<CardView>,
    pub timings: Timings,
}

impl KtpReading {
    /// Field values only.
    pub fn values(&self) -> KtpFields {
        KtpFields::from_pairs(self.fields.iter().map(|(n, f)| (*n, f.value.as_str())))
    }
}

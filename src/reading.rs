//! The result of reading one card: every field with its confidence and box in the input
//! image, warnings, orientation and stage timings. This is also the native JSON schema.

use crate::fields::{Line, ParsedFields};
use crate::ktp::{KtpFields, FIELD_NAMES};
use crate::nik::{self, NikReport};
use crate::ocr::geometry::Quad;
use serde::Serialize;
use std::collections::BTreeMap;

/// One field of the native result.
#[derive(Debug, Clone, Serialize)]
pub struct Field {
    pub value: String,
    /// In [0, 1]: the mean confidence of the characters the value was read from.
    pub confidence: f32,
    /// Corners (TL, TR, BR, BL) of the text the value was read from, in input image pixels;
    /// several lines give their common bounding quad. `None` when the field was not found.
    #[serde(rename = "box")]
    pub quad: Option<[[f32; 2]; 4]>,
}

/// Something the caller should know about a reading that does not stop it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Warning {
    /// Stable code, documented in README.md.
    pub code: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    pub message: String,
}

impl Warning {
    pub fn new(code: &str, field: Option<&str>, message: &str) -> Self {
        Self {
            code: code.into(),
            field: field.map(str::to_string),
            message: message.into(),
        }
    }
}

/// A region name (province, regency/city, district, village) not matched to the 2025
/// Kemendagri table: nothing close to it there, or (for a village) its district was not
/// matched either, so it could not be checked.
pub const REGION_NOT_IN_TABLE: &str = "REGION_NOT_IN_TABLE";

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
    /// Every field in [`FIELD_NAMES`]; an absent one has an empty value and no box.
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
    pub quality: Option<crate::card::quality::Quality>,
    /// The holder's photo as base64 JPEG, when asked for and found.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub photo: Option<String>,
    pub timings: Timings,
}

impl KtpReading {
    pub(crate) fn new(
        parsed: ParsedFields,
        lines: &[Line],
        to_input: &dyn Fn(&Quad) -> Quad,
        orientation: u16,
        (image_width, image_height): (u32, u32),
    ) -> Self {
        let mut warnings = crate::engine::missing_field_warnings(&parsed);
        let mut fields = BTreeMap::new();
        for name in FIELD_NAMES {
            let field = match parsed.fields.get(name) {
                Some(f) => Field {
                    value: f.value.clone(),
                    confidence: f.confidence.clamp(0.0, 1.0),
                    quad: union_quad(f.lines.iter().map(|&i| to_input(&lines[i].quad))),
                },
                None => Field {
                    value: String::new(),
                    confidence: 0.0,
                    quad: None,
                },
            };
            fields.insert(name, field);
        }
        let nik_check = (!fields["nik"].value.is_empty()).then(|| {
            let issued = &fields["tanggal_terbit"].value;
            nik::analyse(&fields["nik"].value, nik::reference_year(issued))
        });
        if let Some(report) = &nik_check {
            warnings.extend(nik::warnings(report, parsed.nik_correction.as_ref()));
            warnings.extend(nik::cross_check(report, &parsed.values()));
        }
        for &name in &parsed.unresolved_regions {
            warnings.push(Warning::new(
                REGION_NOT_IN_TABLE,
                Some(name),
                "not matched to an official region name within the card's hierarchy: kept as read",
            ));
        }
        for &name in &parsed.glared_fields {
            warnings.push(Warning::new(
                crate::card::quality::FIELD_UNDER_GLARE,
                Some(name),
                "glare touches this value: part of it may be hidden",
            ));
        }
        crate::confidence::calibrate(&mut fields, nik_check.as_ref(), &parsed);
        Self {
            fields,
            nik_check,
            warnings,
            orientation,
            exif_orientation: 1,
            image_width,
            image_height,
            quality: None,
            photo: None,
            timings: Timings::default(),
        }
    }

    /// Field values only.
    pub fn values(&self) -> KtpFields {
        KtpFields::from_pairs(self.fields.iter().map(|(n, f)| (*n, f.value.as_str())))
    }
}

fn union_quad(quads: impl Iterator<Item = Quad>) -> Option<[[f32; 2]; 4]> {
    let quads: Vec<Quad> = quads.collect();
    match quads.as_slice() {
        [] => None,
        [q] => Some(q.0.map(|p| [p.x, p.y])),
        many => {
            let (x0, y0, x1, y1) = Quad::union_bounds(many)?;
            Some([[x0, y0], [x1, y0], [x1, y1], [x0, y1]])
        }
    }
}

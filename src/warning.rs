//! Warnings: what a reading's caller should know that does not stop the reading. Every code
//! and its wording live here; the assembly step ([`crate::assemble`]) is the one place that
//! turns what the stages found into warnings. Messages never contain a field value, so a
//! warning can be logged.

use serde::{Serialize, Serializer};

/// Stable warning codes (documented in README.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Code {
    /// A field the card prints was not read.
    FieldNotFound,
    /// A region name not matched to the official table within the card's hierarchy.
    RegionNotInTable,
    /// Glare touches this value: part of it may be hidden.
    FieldUnderGlare,
    /// The value fails its field's check (no calendar date, not on its list, digits in a
    /// name): probably misread.
    FieldCheckFailed,
    /// The value read was not one of its list's values; the one it was close to was taken
    /// (text around it dropped, its cut end completed) or inferred.
    FieldRepaired,
    /// The card is blurred.
    Blurry,
    /// Blown-out glare covers text.
    Glare,
    /// The card is small in the image.
    LowResolution,
    /// Part of the card lies outside the image.
    CardIncomplete,
    /// No colour: a photocopy or a black-and-white scan.
    Photocopy,
    /// Moire: photographed off a screen.
    ScreenPhoto,
    /// The NIK read does not have 16 digits.
    NikInvalidLength,
    /// A province, regency or district code of the NIK not in the 2025 table.
    NikUnknownRegion,
    /// The NIK's date part is not a calendar date.
    NikInvalidDate,
    /// The NIK's serial is `0000`.
    NikInvalidSerial,
    /// Invalid as read, and several repairs would be valid: kept as read.
    NikAmbiguous,
    /// Digits of the NIK were repaired (the only valid reading).
    NikCorrected,
    /// The NIK's birth date differs from the printed one.
    NikDateMismatch,
    /// The NIK's sex differs from the printed gender.
    NikSexMismatch,
    /// The NIK's province or regency differs from the printed header.
    NikRegionMismatch,
}

impl Code {
    /// Every code, in the order of the README's table.
    pub const ALL: [Code; 20] = [
        Code::FieldNotFound,
        Code::RegionNotInTable,
        Code::FieldUnderGlare,
        Code::FieldCheckFailed,
        Code::FieldRepaired,
        Code::Blurry,
        Code::Glare,
        Code::LowResolution,
        Code::CardIncomplete,
        Code::Photocopy,
        Code::ScreenPhoto,
        Code::NikInvalidLength,
        Code::NikUnknownRegion,
        Code::NikInvalidDate,
        Code::NikInvalidSerial,
        Code::NikAmbiguous,
        Code::NikCorrected,
        Code::NikDateMismatch,
        Code::NikSexMismatch,
        Code::NikRegionMismatch,
    ];

    /// The code as it appears in JSON.
    pub const fn as_str(self) -> &'static str {
        match self {
            Code::FieldNotFound => "FIELD_NOT_FOUND",
            Code::RegionNotInTable => "REGION_NOT_IN_TABLE",
            Code::FieldUnderGlare => "FIELD_UNDER_GLARE",
            Code::FieldCheckFailed => "FIELD_CHECK_FAILED",
            Code::FieldRepaired => "FIELD_REPAIRED",
            Code::Blurry => "BLURRY",
            Code::Glare => "GLARE",
            Code::LowResolution => "LOW_RESOLUTION",
            Code::CardIncomplete => "CARD_INCOMPLETE",
            Code::Photocopy => "PHOTOCOPY",
            Code::ScreenPhoto => "SCREEN_PHOTO",
            Code::NikInvalidLength => "NIK_INVALID_LENGTH",
            Code::NikUnknownRegion => "NIK_UNKNOWN_REGION",
            Code::NikInvalidDate => "NIK_INVALID_DATE",
            Code::NikInvalidSerial => "NIK_INVALID_SERIAL",
            Code::NikAmbiguous => "NIK_AMBIGUOUS",
            Code::NikCorrected => "NIK_CORRECTED",
            Code::NikDateMismatch => "NIK_DATE_MISMATCH",
            Code::NikSexMismatch => "NIK_SEX_MISMATCH",
            Code::NikRegionMismatch => "NIK_REGION_MISMATCH",
        }
    }

    /// The code named `s` (as in JSON).
    pub fn from_name(s: &str) -> Option<Code> {
        Code::ALL.into_iter().find(|c| c.as_str() == s)
    }

    /// The standard wording of the warning.
    pub const fn message(self) -> &'static str {
        match self {
            Code::FieldNotFound => "the field was not found on the card",
            Code::RegionNotInTable => {
                "not matched to an official region name within the card's hierarchy: kept as read"
            }
            Code::FieldUnderGlare => "glare touches this value: part of it may be hidden",
            Code::FieldCheckFailed => {
                "the value fails its field's check (no calendar date, not one of the values this field can have, or digits in a name): probably misread"
            }
            Code::FieldRepaired => {
                "the value read was not one of the values this field can have: the one it came closest to was taken (text around it dropped, or its cut end completed); check it"
            }
            Code::Blurry => {
                "the card is blurred: fields may be misread; take the picture again in focus"
            }
            Code::Glare => "a glare spot covers part of the card: text under it may be lost",
            Code::LowResolution => {
                "the card is small in the image (under 600 px wide): move closer or scan at 300 dpi"
            }
            Code::CardIncomplete => "part of the card lies outside the image",
            Code::Photocopy => {
                "the card has no colour: a photocopy or a black-and-white scan, not the card itself"
            }
            Code::ScreenPhoto => {
                "the card shows moire: it looks photographed off a screen, not the card itself"
            }
            Code::NikInvalidLength => "the NIK read does not have 16 digits",
            Code::NikUnknownRegion => "the NIK's province code is not in the region table",
            Code::NikInvalidDate => "the NIK's birth date part is not a calendar date",
            Code::NikInvalidSerial => "the NIK's serial number is all zeros",
            Code::NikAmbiguous => {
                "the NIK is invalid and several corrections would make it valid: kept as read"
            }
            Code::NikCorrected => {
                "the NIK was corrected: the only valid NIK within the recogniser's alternatives"
            }
            Code::NikDateMismatch => {
                "the birth date in the NIK differs from the printed birth date; neither was changed"
            }
            Code::NikSexMismatch => {
                "the sex in the NIK differs from the printed sex; neither was changed"
            }
            Code::NikRegionMismatch => {
                "the NIK's region differs from the printed header (a holder who moved keeps their NIK)"
            }
        }
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// One warning of a reading.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Warning {
    pub code: Code,
    /// The field concerned, when one is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<&'static str>,
    pub message: String,
}

impl Warning {
    /// A warning with its code's standard wording.
    pub fn new(code: Code, field: Option<&'static str>) -> Self {
        Self::worded(code, field, code.message().to_string())
    }

    /// A warning with its own wording (still without any field value).
    pub(crate) fn worded(code: Code, field: Option<&'static str>, message: String) -> Self {
        Self {
            code,
            field,
            message,
        }
    }
}

/// The wording of `NIK_UNKNOWN_REGION` for the widest region level whose code is unknown.
pub(crate) fn nik_unknown_region(level: crate::regions::Level) -> &'static str {
    use crate::regions::Level;
    match level {
        Level::Province => Code::NikUnknownRegion.message(),
        Level::Regency => {
            "the NIK's regency/city code is not in the region table (an old code kept after a split is possible)"
        }
        _ => {
            "the NIK's district code is not in the region table (an old code kept after a split is possible)"
        }
    }
}

/// The wording of `FIELD_REPAIRED` for a value inferred rather than read.
pub(crate) const INFERRED: &str = "the value was not read but inferred (the blood type's dash from a lone mark or from nothing after its label, the province from the regency below it): check it";

/// The wording of `NIK_CORRECTED`, naming the reading positions (from 1) that changed, never
/// the digits.
pub(crate) fn nik_corrected(changed: &[usize]) -> String {
    let positions: Vec<String> = changed.iter().map(|i| (i + 1).to_string()).collect();
    format!(
        "the NIK was corrected at reading position(s) {} (counting from 1): the only valid NIK within the recogniser's alternatives",
        positions.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_serialise_as_their_names() {
        for c in Code::ALL {
            assert_eq!(Code::from_name(c.as_str()), Some(c));
            assert_eq!(serde_json::to_value(c).unwrap(), c.as_str());
        }
        let w = Warning::new(Code::Glare, None);
        assert_eq!(
            serde_json::to_string(&w).unwrap(),
            format!(
                r#"{{"code":"GLARE","message":"{}"}}"#,
                Code::Glare.message()
            )
        );
    }

    #[test]
    fn the_corrected_nik_names_positions_from_one() {
        assert!(nik_corrected(&[0, 7]).contains("position(s) 1, 8 (counting from 1)"));
    }
}

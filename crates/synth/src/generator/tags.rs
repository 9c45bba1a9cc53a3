//! The tags of `truth.jsonl`: what print and capture variations a `real_like` or
//! `tight_crop` card got, by name.

/// A print or capture variation of a card, recorded in `truth.jsonl`'s `tags`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Tag {
    PhonePhoto,
    FlatScan,
    /// An image straight from an app: the card upright and sharp, no camera.
    Digital,
    /// The `tight_crop` condition: cropped to the card edge to edge.
    TightCrop,
    /// Much of the frame is background: the card spans under 90% of the long side.
    Background,
    /// Part of the card lies outside the image (truth's `incomplete`).
    CutOff,
    /// The frame cuts the card's top edge, just above the header.
    TopCut,
    Blurred,
    Glare,
    /// Overexposed or hazy: the ground near white, the ink grey.
    WashedOut,
    /// Washed out towards the top of the card only, over the header.
    HeaderWashed,
    /// The card under `plan::LOW_RES_CARD_PX` wide in the image.
    LowRes,
    Perspective,
    /// The stored image scaled to another aspect than the capture's.
    Stretched,
    /// Padded to a square.
    Padded,
    Dark,
    /// Turned 90 degrees either way (in the pixels or by an EXIF tag).
    Rotated90,
    /// The turn is in an EXIF Orientation tag.
    ExifRotated,
    Greyscale,
    Moire,
    /// Text or a stamp laid over the image.
    Overlay,
    /// Stored as PNG (sometimes a JPEG decoded and saved again).
    Png,
    Worn,
    /// A foreign resident's card.
    Wna,
    /// Word spaces printed at 50-78% of the font's.
    TightSpacing,
    /// Periods printed small or faint.
    FaintPeriods,
    /// The address's leading abbreviation printed without its period (`JL SUDIRMAN`).
    UndottedAbbreviation,
    /// The watermark printed darker behind the value rows.
    StrongWatermark,
    /// The issue place wraps onto two lines.
    IssuePlaceTwoLines,
    /// A `-` blood type set close to the photo box.
    DashNearPhoto,
}

impl Tag {
    pub fn name(self) -> &'static str {
        match self {
            Tag::PhonePhoto => "phone_photo",
            Tag::FlatScan => "flat_scan",
            Tag::Digital => "digital",
            Tag::TightCrop => "tight_crop",
            Tag::Background => "background",
            Tag::CutOff => "cut_off",
            Tag::TopCut => "top_cut",
            Tag::Blurred => "blurred",
            Tag::Glare => "glare",
            Tag::WashedOut => "washed_out",
            Tag::HeaderWashed => "header_washed",
            Tag::LowRes => "low_res",
            Tag::Perspective => "perspective",
            Tag::Stretched => "stretched",
            Tag::Padded => "padded",
            Tag::Dark => "dark",
            Tag::Rotated90 => "rotated_90",
            Tag::ExifRotated => "exif_rotated",
            Tag::Greyscale => "greyscale",
            Tag::Moire => "moire",
            Tag::Overlay => "overlay",
            Tag::Png => "png",
            Tag::Worn => "worn",
            Tag::Wna => "wna",
            Tag::TightSpacing => "tight_spacing",
            Tag::FaintPeriods => "faint_periods",
            Tag::UndottedAbbreviation => "undotted_abbreviation",
            Tag::StrongWatermark => "strong_watermark",
            Tag::IssuePlaceTwoLines => "issue_place_two_lines",
            Tag::DashNearPhoto => "dash_near_photo",
        }
    }
}

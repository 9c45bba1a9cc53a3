//! What a `real_like` card gets: its capture form, framing, size and effects, and how its
//! printer differed from the template, drawn from their shares on real inputs
//! (`docs/ktp-layout.md`, "What real inputs look like, in numbers", 109 real images: phone
//! photo 68%, flat scan 27%, blurred 24%, background visible 20%, an edge cut off 17%, glare
//! or washed out 17%, low resolution 16%, worn 14%, perspective 8%, stretched 8%, dark 7%,
//! rotated 90 degrees 6%, WNA 4%, text overlaid 3%, greyscale 2%, moire 2%; 93 JPEG to 15
//! PNG; the image's long side 494 / 792 / 1280 px and the card 482 / 804 / 1303 px wide at
//! the 10th / 50th / 90th percentiles). Each effect's share within a form is set so that
//! the shares over all images come out as measured; several apply to one image.
//!
//! The print variations (spacing, periods, watermark, issue column, dash position, wear,
//! undotted abbreviations) have no measured share: they are the failure classes of the real
//! set (spaces dropped, periods dropped, watermark read into values, issue place missing,
//! `-` missed), given often enough that a set of 60 cards shows each.

use super::print::{PrintStyle, ISSUE_COLUMN_W};
pub use super::tags::Tag;
use super::text::TextStyle;
use super::values::pick;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

/// Real annotators' "low resolution": a card under about 500 px wide (17 of the 109 real
/// images, 16%); with the real card widths (10th percentile 482 px) 520 px gives that share.
pub const LOW_RES_CARD_PX: f32 = 520.0;

/// A card under this width in the stored image went through a messenger or an app that
/// shrank it: compressed hard, and resized twice with a JPEG in between.
pub const SHRUNK_CARD_PX: f32 = 600.0;

/// The card's width in real images at cumulative shares 0, 10%, 50%, 90%, 100% (the middle
/// three measured, the ends where the real set's small and large images stop).
const CARD_PX_QUANTILES: [(f32, f32); 5] = [
    (0.0, 300.0),
    (0.10, 482.0),
    (0.50, 804.0),
    (0.90, 1303.0),
    (1.0, 1750.0),
];

/// The smallest card drawn in a frame with background, about the real set's smallest.
const MIN_CARD_PX: f32 = 320.0;

/// A draw from a distribution given by its quantiles (linear between them).
fn from_quantiles(rng: &mut ChaCha8Rng, q: &[(f32, f32)]) -> f32 {
    let u: f32 = rng.gen();
    let i = q
        .windows(2)
        .position(|w| u <= w[1].0)
        .unwrap_or(q.len() - 2);
    let ((u0, a), (u1, b)) = (q[i], q[i + 1]);
    a + (b - a) * (u - u0) / (u1 - u0)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    Phone,
    Scan,
    Digital,
}

/// How a washed-out image lost its contrast.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Wash {
    /// A veil of light over everything (blend towards white by this much).
    Haze(f32),
    /// Overexposed: levels multiplied by this and clipped.
    Overexposed(f32),
    /// Light falling on the top of the card (blend towards white at the top edge).
    Header(f32),
}

/// Blur as a share of the card: sigma (or motion length) in pixels per 1000 px of card width.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Blur {
    Defocus(f32),
    Motion { length: f32, angle: f32 },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Turn {
    /// The pixels turned this many quarter turns clockwise.
    Pixels(u32),
    /// Stored turned, with this EXIF Orientation (6 or 8) to show it upright.
    Exif(u16),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Store {
    Jpeg(u8),
    Png,
    /// A JPEG of this quality decoded and saved as PNG ("PNG" files that are JPEG inside).
    PngOfJpeg(u8),
}

/// Everything drawn for one card before anything is rendered.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub form: Form,
    pub background: bool,
    /// The card's width in the stored image, pixels.
    pub card_px: f32,
    /// The card's width over the frame's long side where background shows.
    pub span: f32,
    /// Sides cut off (see `frame::LEFT` ...).
    pub cut: Vec<usize>,
    pub perspective: bool,
    pub blur: Option<Blur>,
    pub glare: bool,
    pub wash: Option<Wash>,
    /// Exposure gain of a dark capture.
    pub dark: Option<f32>,
    pub moire: bool,
    pub greyscale: bool,
    pub overlay: bool,
    /// Aspect change of the stored image: the factor and whether it scales the width.
    pub stretch: Option<(f32, bool)>,
    pub padded: bool,
    pub turn: Option<Turn>,
    pub store: Store,
    pub print: PrintStyle,
    /// Wear strength.
    pub worn: Option<f32>,
    /// Force a foreign resident's card.
    pub wna: bool,
    /// On a WNA card, the occupation printed in English.
    pub english_occupation: Option<&'static str>,
    /// Print the address's leading abbreviation without its period.
    pub undotted: bool,
    pub tight_crop: bool,
}

/// English occupations printed on foreign residents' cards, `OTHERS` the most common.
pub const WNA_OCCUPATIONS: [(&str, f32); 8] = [
    ("OTHERS", 6.0),
    ("PRIVATE EMPLOYEE", 2.0),
    ("EMPLOYEE", 1.5),
    ("ENTREPRENEUR", 1.0),
    ("STUDENT", 1.0),
    ("HOUSEWIFE", 1.0),
    ("LECTURER", 0.5),
    ("TEACHER", 0.5),
];

/// The sides a cut takes first: the top most (the header lost to the frame is a real
/// failure), then the bottom and right (photo, signature).
fn cut_sides(rng: &mut ChaCha8Rng) -> Vec<usize> {
    use super::frame::{BOTTOM, LEFT, RIGHT, TOP};
    let first = pick(
        rng,
        &[(TOP, 0.35), (BOTTOM, 0.3), (RIGHT, 0.2), (LEFT, 0.15)],
    );
    if rng.gen_bool(0.25) {
        let second = if first == TOP || first == BOTTOM {
            RIGHT
        } else {
            BOTTOM
        };
        vec![first, second]
    } else {
        vec![first]
    }
}

fn print_style(rng: &mut ChaCha8Rng) -> PrintStyle {
    let space_scale = if rng.gen_bool(0.35) {
        rng.gen_range(0.5..0.78)
    } else {
        1.0
    };
    let (period_scale, period_ink) = if rng.gen_bool(0.2) {
        (rng.gen_range(0.6..0.85), rng.gen_range(0.55..0.9))
    } else {
        (1.0, 1.0)
    };
    let watermark = if rng.gen_bool(0.3) {
        rng.gen_range(1.0..1.8)
    } else {
        0.0
    };
    let issue_column = if rng.gen_bool(0.4) {
        rng.gen_range(0.13..0.18)
    } else {
        ISSUE_COLUMN_W
    };
    let dash_gap = rng.gen_bool(0.6).then(|| rng.gen_range(0.0..0.01));
    PrintStyle {
        text: TextStyle {
            space_scale,
            period_scale,
            period_ink,
        },
        watermark,
        issue_column,
        dash_gap,
    }
}

/// A card of the `real_like` mix.
pub fn real_like(rng: &mut ChaCha8Rng) -> Plan {
    let form = pick(
        rng,
        &[
            (Form::Phone, 0.68),
            (Form::Scan, 0.27),
            (Form::Digital, 0.05),
        ],
    );
    // Shares within each form; the comments give the share over all images.
    let by_form = |phone: f64, scan: f64, digital: f64| match form {
        Form::Phone => phone,
        Form::Scan => scan,
        Form::Digital => digital,
    };
    let phone = form == Form::Phone;
    let background = rng.gen_bool(by_form(0.235, 0.12, 0.0)); // 20%
                                                              // A card filling the frame is as wide as real cards are; one with background around it
                                                              // a little smaller (the real cards' 10th percentile, 482 px, is under the images', 494),
                                                              // in a frame it spans `span` of.
    let card_px = from_quantiles(rng, &CARD_PX_QUANTILES);
    let (card_px, span) = if background {
        let px = (card_px * rng.gen_range(0.75..1.0)).max(MIN_CARD_PX);
        (px, rng.gen_range(0.5..0.88))
    } else {
        (card_px, 1.0)
    };
    let cut = if rng.gen_bool(by_form(0.20, 0.12, 0.0)) {
        cut_sides(rng) // 17%
    } else {
        Vec::new()
    };
    let perspective = phone && rng.gen_bool(0.12); // 8%
    let blur = rng.gen_bool(by_form(0.31, 0.09, 0.0)).then(|| {
        // 24%; about one blurred image in eight is past reading.
        let sigma = if rng.gen_bool(0.12) {
            rng.gen_range(3.0..5.0)
        } else {
            rng.gen_range(1.0..2.6)
        };
        if phone && rng.gen_bool(0.3) {
            Blur::Motion {
                length: sigma * rng.gen_range(2.5..3.5),
                angle: rng.gen_range(0.0..std::f32::consts::PI),
            }
        } else {
            Blur::Defocus(sigma)
        }
    });
    let glare = phone && rng.gen_bool(0.10);
    let wash = (!glare && rng.gen_bool(by_form(0.11, 0.12, 0.0))).then(|| {
        // With glare: 17%. Light on the header is half the washed-out phone photos: the
        // header lost or misread is a real failure (6 of 106 cards).
        match (phone, rng.gen_range(0..10)) {
            (true, 0..=4) => Wash::Header(rng.gen_range(0.55..0.85)),
            (_, 0..=5) => Wash::Haze(rng.gen_range(0.3..0.55)),
            _ => Wash::Overexposed(rng.gen_range(1.2..1.5)),
        }
    });
    let dark = (wash.is_none() && rng.gen_bool(by_form(0.09, 0.03, 0.0)))
        .then(|| rng.gen_range(0.22..0.45)); // 7%
    let moire = phone && rng.gen_bool(0.03); // 2%
    let greyscale = rng.gen_bool(by_form(0.01, 0.05, 0.0)); // 2%
    let overlay = rng.gen_bool(0.03);
    let stretch = rng.gen_bool(0.08).then(|| {
        // Real images' aspect spans 1.00-1.74 at p10/p90 (ID-1 is 1.586).
        let factor = if rng.gen_bool(0.5) {
            rng.gen_range(1.1..1.35)
        } else {
            rng.gen_range(0.65..0.88)
        };
        (factor, rng.gen_bool(0.7))
    });
    let padded = stretch.is_none() && rng.gen_bool(0.04);
    let turn = rng.gen_bool(0.06).then(|| {
        let clockwise = rng.gen_bool(0.5);
        if rng.gen_bool(0.3) {
            Turn::Exif(if clockwise { 6 } else { 8 })
        } else {
            Turn::Pixels(if clockwise { 1 } else { 3 })
        }
    });
    // 15 PNG in 108 JPEG and PNG images; several PNGs are JPEGs saved again.
    let store = if rng.gen_bool(by_form(0.05, 0.35, 0.4)) {
        if phone || rng.gen_bool(0.3) {
            Store::PngOfJpeg(rng.gen_range(70..=90))
        } else {
            Store::Png
        }
    } else {
        Store::Jpeg(match form {
            // A small image is one an app shrank and compressed hard.
            _ if card_px < SHRUNK_CARD_PX => rng.gen_range(40..=70),
            Form::Phone => rng.gen_range(55..=88),
            Form::Scan => rng.gen_range(75..=95),
            Form::Digital => rng.gen_range(80..=95),
        })
    };
    let print = print_style(rng);
    let worn = rng.gen_bool(0.14).then(|| rng.gen_range(0.5..1.0));
    // 3% of all drawn values are WNA already; this brings the share to 4%.
    let wna = rng.gen_bool(0.0103);
    let english_occupation = rng.gen_bool(0.6).then(|| pick(rng, &WNA_OCCUPATIONS));
    let undotted = rng.gen_bool(0.15);
    Plan {
        form,
        background,
        card_px,
        span,
        cut,
        perspective,
        blur,
        glare,
        wash,
        dark,
        moire,
        greyscale,
        overlay,
        stretch,
        padded,
        turn,
        store,
        print,
        worn,
        wna,
        english_occupation,
        undotted,
        tight_crop: false,
    }
}

/// A card of the `tight_crop` condition: a phone photo or scan cropped to the card edge to
/// edge by an app or a tight scan, about 800 px wide, with nothing else wrong.
pub fn tight_crop(rng: &mut ChaCha8Rng) -> Plan {
    let form = if rng.gen_bool(0.7) {
        Form::Phone
    } else {
        Form::Scan
    };
    let store = if rng.gen_bool(0.15) {
        Store::PngOfJpeg(rng.gen_range(75..=92))
    } else {
        Store::Jpeg(rng.gen_range(72..=92))
    };
    Plan {
        form,
        background: false,
        card_px: rng.gen_range(700.0..900.0),
        span: 1.0,
        cut: Vec::new(),
        perspective: false,
        blur: None,
        glare: false,
        wash: None,
        dark: None,
        moire: false,
        greyscale: false,
        overlay: false,
        stretch: None,
        padded: false,
        turn: None,
        store,
        print: PrintStyle::default(),
        worn: None,
        wna: false,
        english_occupation: None,
        undotted: false,
        tight_crop: true,
    }
}

impl Plan {
    /// The tags this plan gives a card, before the card is drawn (the generator then puts
    /// the measured facts in: `cut_off` and `low_res` from the corners, and the tags that
    /// depend on the card's values).
    pub fn tags(&self) -> Vec<Tag> {
        let mut t = vec![match self.form {
            Form::Phone => Tag::PhonePhoto,
            Form::Scan => Tag::FlatScan,
            Form::Digital => Tag::Digital,
        }];
        let s = &self.print.text;
        let flags = [
            (self.tight_crop, Tag::TightCrop),
            (self.background, Tag::Background),
            (!self.cut.is_empty(), Tag::CutOff),
            (self.cut.contains(&super::frame::TOP), Tag::TopCut),
            (self.blur.is_some(), Tag::Blurred),
            (self.glare, Tag::Glare),
            (self.wash.is_some(), Tag::WashedOut),
            (
                matches!(self.wash, Some(Wash::Header(_))),
                Tag::HeaderWashed,
            ),
            (self.card_px < LOW_RES_CARD_PX, Tag::LowRes),
            (self.perspective, Tag::Perspective),
            (self.stretch.is_some(), Tag::Stretched),
            (self.padded, Tag::Padded),
            (self.dark.is_some(), Tag::Dark),
            (self.turn.is_some(), Tag::Rotated90),
            (matches!(self.turn, Some(Turn::Exif(_))), Tag::ExifRotated),
            (self.greyscale, Tag::Greyscale),
            (self.moire, Tag::Moire),
            (self.overlay, Tag::Overlay),
            (!matches!(self.store, Store::Jpeg(_)), Tag::Png),
            (self.worn.is_some(), Tag::Worn),
            (self.wna, Tag::Wna),
            (s.space_scale < 0.8, Tag::TightSpacing),
            (
                s.period_scale < 1.0 || s.period_ink < 1.0,
                Tag::FaintPeriods,
            ),
            (self.print.watermark > 0.0, Tag::StrongWatermark),
        ];
        t.extend(flags.iter().filter(|f| f.0).map(|f| f.1));
        t
    }
}

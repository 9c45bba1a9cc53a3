//! Synthetic e-KTP cards with ground truth, for testing and evaluating the reader.
//!
//! Every card is invented: names, addresses and NIKs are assembled at random from short lists;
//! only the region names and codes are real (the Kemendagri table in [`ktp_ocr::regions`]). The
//! photo is a flat head-and-shoulders silhouette, never a face.
//!
//! A card is a pure function of `(seed, index, condition)`: the printed values depend on
//! `(seed, index)` only, so the same person appears under every condition, and the capture
//! simulation draws from a separate random stream. The `real_like` condition's variations
//! (its [`Plan`]) come from a stream of their own; some change what is printed (a foreign
//! resident's card, an address abbreviation without its period), and the truth says so.
//!
//! Modules: [`values`] (field values and NIK, with `names` and `addresses`), `render` (the
//! upright card), `artwork` (its printed background), `photo` (the silhouette), `signature`,
//! `text` (fonts), `capture` (capture conditions), `scene` (what the card lies on, placing it,
//! lighting, glare, moire), `filters` (blur and noise), [`exif`] (the EXIF orientation tag) and
//! `sheet` (contact sheets). The `real_like` and `tight_crop` conditions: [`plan`] (what a
//! card gets, drawn from the shares of real inputs), `print` (the printer's variations),
//! `wear`, `planned` (capture from a plan) with `frame` (crops, scaling, whether the card is
//! whole), `exposure` and `overlay`; [`vocabulary`] lists the values a card prints in its
//! closed-list fields.

mod addresses;
mod artwork;
mod capture;
pub mod exif;
mod exposure;
mod filters;
mod frame;
mod names;
mod overlay;
mod photo;
pub mod plan;
mod planned;
mod planned_card;
mod print;
mod render;
mod scene;
mod sheet;
mod signature;
mod tags;
mod text;
pub mod values;
pub mod vocabulary;
mod wear;

pub use frame::CUT_TOLERANCE_W;
pub use plan::{Plan, Tag, LOW_RES_CARD_PX};
pub use planned_card::{plan_for, planned_tags};
pub use render::{CARD_H, CARD_W};
pub use sheet::contact_sheet;

use crate::truth::TruthRecord;
use capture::Format;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// How the card was captured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Condition {
    /// On a near-white scanner bed with a margin, skew under 1.5 degrees, PNG or fine JPEG.
    FlatScan,
    /// On wood, cloth or a desk; perspective, rotation up to 15 degrees, uneven light, JPEG.
    PhonePhoto,
    /// A scan or photo whose pixels are turned 90 degrees clockwise.
    Rotated90,
    /// A scan or photo whose pixels are turned 180 degrees.
    Rotated180,
    /// A scan or photo whose pixels are turned 270 degrees clockwise (90 counter-clockwise).
    Rotated270,
    /// Pixels stored turned, with an EXIF Orientation tag (6, 8 or 3) that shows them upright.
    ExifRotated,
    /// The card about 500 pixels wide.
    LowRes,
    /// A photo with a bright specular spot or streak on the card.
    Glare,
    /// A strong gaussian or motion blur.
    HeavyBlur,
    /// A greyscale, high-contrast photocopy with toner noise, on white paper.
    Photocopy,
    /// A phone photo whose frame cuts off part of the card (a margin, a corner, the
    /// signature), never its text.
    Cropped,
    /// A phone photo of the card shown on a screen: moire fringes, a cooler white.
    ScreenPhoto,
    /// The card filling the frame edge to edge, about 800 px wide: a photo or scan cropped
    /// to the card by an app or a tight scan (a sliver of background left or a few pixels of
    /// card cut), slight residual rotation and perspective. The usual real form.
    TightCrop,
    /// The mix of real inputs: each card draws its form, framing, size and faults and its
    /// printer's variations from their real shares ([`plan::real_like`]), recorded as tags.
    RealLike,
}

impl Condition {
    pub const ALL: [Condition; 14] = [
        Condition::FlatScan,
        Condition::PhonePhoto,
        Condition::Rotated90,
        Condition::Rotated180,
        Condition::Rotated270,
        Condition::ExifRotated,
        Condition::LowRes,
        Condition::Glare,
        Condition::HeavyBlur,
        Condition::Photocopy,
        Condition::Cropped,
        Condition::ScreenPhoto,
        Condition::TightCrop,
        Condition::RealLike,
    ];

    /// The conditions of the default mix (the newer ones are asked for by name, so a seed
    /// keeps giving the cards it gave).
    pub const DEFAULT_MIX: [Condition; 12] = [
        Condition::FlatScan,
        Condition::PhonePhoto,
        Condition::Rotated90,
        Condition::Rotated180,
        Condition::Rotated270,
        Condition::ExifRotated,
        Condition::LowRes,
        Condition::Glare,
        Condition::HeavyBlur,
        Condition::Photocopy,
        Condition::Cropped,
        Condition::ScreenPhoto,
    ];

    /// The snake_case name used in `truth.jsonl` and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Condition::FlatScan => "flat_scan",
            Condition::PhonePhoto => "phone_photo",
            Condition::Rotated90 => "rotated_90",
            Condition::Rotated180 => "rotated_180",
            Condition::Rotated270 => "rotated_270",
            Condition::ExifRotated => "exif_rotated",
            Condition::LowRes => "low_res",
            Condition::Glare => "glare",
            Condition::HeavyBlur => "heavy_blur",
            Condition::Photocopy => "photocopy",
            Condition::Cropped => "cropped",
            Condition::ScreenPhoto => "screen_photo",
            Condition::TightCrop => "tight_crop",
            Condition::RealLike => "real_like",
        }
    }

    /// The condition with this [`name`](Condition::name).
    pub fn from_name(name: &str) -> Option<Condition> {
        Condition::ALL.into_iter().find(|c| c.name() == name)
    }
}

impl std::fmt::Display for Condition {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// One generated image file and its ground truth.
#[derive(Debug, Clone)]
pub struct SynthCard {
    /// The encoded file (PNG or JPEG).
    pub bytes: Vec<u8>,
    /// `"png"` or `"jpg"`.
    pub extension: &'static str,
    /// Ground truth; `truth.file` is `card_NNNN.<extension>`.
    pub truth: TruthRecord,
}

#[derive(Debug, thiserror::Error)]
pub enum SynthError {
    #[error("cannot write {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot encode image: {0}")]
    Encode(#[from] image::ImageError),
    #[error("cannot serialise truth record: {0}")]
    Json(#[from] serde_json::Error),
}

/// Random streams of one card.
#[derive(Clone, Copy)]
enum Stream {
    Values = 1,
    Render = 2,
    Capture = 3,
    Condition = 4,
    /// The `real_like` and `tight_crop` plans.
    Variation = 5,
}

fn rng_for(seed: u64, index: usize, stream: Stream) -> ChaCha8Rng {
    let mut s = [0u8; 32];
    s[..8].copy_from_slice(&seed.to_le_bytes());
    s[8..16].copy_from_slice(&(index as u64).to_le_bytes());
    s[16] = stream as u8;
    s[24..32].copy_from_slice(b"ktpsynth");
    ChaCha8Rng::from_seed(s)
}

fn encode(
    img: &image::RgbImage,
    format: Format,
    exif: Option<u16>,
) -> Result<(Vec<u8>, &'static str), SynthError> {
    use image::ImageEncoder;
    let mut buf = Vec::new();
    let ext = match format {
        Format::Png => {
            image::codecs::png::PngEncoder::new(&mut buf).write_image(
                img.as_raw(),
                img.width(),
                img.height(),
                image::ExtendedColorType::Rgb8,
            )?;
            "png"
        }
        Format::Jpeg(q) => {
            image::codecs::jpeg::JpegEncoder::new_with_quality(&mut buf, q).encode_image(img)?;
            "jpg"
        }
        Format::JpegGrey(q) => {
            let grey = image::DynamicImage::ImageRgb8(img.clone()).into_luma8();
            image::codecs::jpeg::JpegEncoder::new_with_quality(&mut buf, q).encode_image(&grey)?;
            "jpg"
        }
    };
    if let (Some(o), "jpg") = (exif, ext) {
        buf = exif::insert_orientation(&buf, o);
    }
    Ok((buf, ext))
}

/// The values, the upright card image and where its characters are for `(seed, index)`,
/// before capture.
fn card_and_truth(
    seed: u64,
    index: usize,
) -> (values::CardValues, image::RgbImage, render::Glyphs) {
    let v = values::random_values(&mut rng_for(seed, index, Stream::Values));
    let style = print::PrintStyle::default();
    let (card, glyphs) = render::render_card(&mut rng_for(seed, index, Stream::Render), &v, &style);
    (v, card, glyphs)
}

/// How washed out each field is by `spots`: the strongest blend towards white over the
/// centres of its characters, for the fields glare reached (rounded to 0.01).
fn field_glare(
    glyphs: &render::Glyphs,
    corners: &scene::Quad,
    spots: &[scene::GlareSpot],
) -> BTreeMap<String, f32> {
    let Some(proj) = scene::card_projection(CARD_W as f32, CARD_H as f32, corners) else {
        return BTreeMap::new();
    };
    glyphs
        .iter()
        .filter_map(|(field, centres)| {
            let strongest = centres
                .iter()
                .map(|&(u, v)| {
                    // `amount` takes a pixel's corner and looks at its centre.
                    let (x, y) = proj * (u, v);
                    scene::glare_amount(spots, x - 0.5, y - 0.5)
                })
                .fold(0.0f32, f32::max);
            let rounded = (strongest * 100.0).round() / 100.0;
            (rounded > 0.0).then(|| (field.to_string(), rounded))
        })
        .collect()
}

/// The printed fields of card `index` and whether its NIK agrees with them, without drawing
/// anything (the values do not depend on the capture condition).
pub fn card_values(seed: u64, index: usize) -> (ktp_ocr::ktp::KtpFields, bool) {
    let v = values::random_values(&mut rng_for(seed, index, Stream::Values));
    (v.fields, v.nik_consistent)
}

/// The upright card render for `(seed, index)` (no capture effects, square corners), with
/// the printed values: for previews and debugging.
pub fn render_upright(seed: u64, index: usize) -> (image::RgbImage, ktp_ocr::ktp::KtpFields) {
    let (v, card, _) = card_and_truth(seed, index);
    (card, v.fields)
}

/// The size of the image as displayed (after its EXIF orientation).
fn displayed_size(cap: &capture::Capture) -> (u32, u32) {
    let (w, h) = cap.stored.dimensions();
    match cap.exif_orientation {
        Some(5..=8) => (h, w),
        _ => (w, h),
    }
}

fn try_generate_card(
    seed: u64,
    index: usize,
    condition: Condition,
) -> Result<SynthCard, SynthError> {
    let (v, glyphs, cap, mut tags) = match plan_for(seed, index, condition) {
        Some(plan) => planned_card::planned_card(seed, index, &plan),
        None => {
            let (v, card, glyphs) = card_and_truth(seed, index);
            let rng = &mut rng_for(seed, index, Stream::Capture);
            let cap = capture::capture(rng, &card, condition);
            (v, glyphs, cap, Vec::new())
        }
    };
    let glare = field_glare(&glyphs, &cap.glare_corners, &cap.glare);
    let (w, h) = displayed_size(&cap);
    let incomplete = frame::is_incomplete(&cap.corners, w, h);
    if incomplete && !tags.is_empty() {
        tags.push(Tag::CutOff);
    }
    tags.sort();
    tags.dedup();
    let (bytes, extension) = encode(&cap.stored, cap.format, cap.exif_orientation)?;
    let truth = TruthRecord {
        file: format!("card_{index:04}.{extension}"),
        condition: condition.name().to_string(),
        corners: cap.corners.map(|(x, y)| [x, y]),
        fields: v.fields,
        nik_consistent: v.nik_consistent,
        glare,
        tags: tags.into_iter().map(|t| t.name().to_string()).collect(),
        incomplete: Some(incomplete),
    };
    Ok(SynthCard {
        bytes,
        extension,
        truth,
    })
}

/// Pure and deterministic: the same (seed, index, condition) always gives the same bytes.
pub fn generate_card(seed: u64, index: usize, condition: Condition) -> SynthCard {
    // Encoding into memory cannot fail for the image sizes produced here.
    try_generate_card(seed, index, condition).expect("in-memory encoding of a synthetic card")
}

/// The condition of card `index` in the default mix (about 30% flat_scan, 30% phone_photo,
/// the rest spread evenly over the other ten of [`Condition::DEFAULT_MIX`]), deterministic
/// for a seed; or cycling through `only` when it is not empty.
pub fn condition_for(seed: u64, index: usize, only: &[Condition]) -> Condition {
    if !only.is_empty() {
        return only[index % only.len()];
    }
    let mix: Vec<(Condition, f32)> = Condition::DEFAULT_MIX
        .iter()
        .map(|&c| {
            let w = match c {
                Condition::FlatScan | Condition::PhonePhoto => 30.0,
                _ => 5.0,
            };
            (c, w)
        })
        .collect();
    values::pick(&mut rng_for(seed, index, Stream::Condition), &mix)
}

/// Writes `card_0000.jpg` (or `.png`) ... and `truth.jsonl` into `out_dir` (created if
/// missing); calls `progress(n)` with the number of cards finished so far after each card.
/// Runs on up to two threads; the output is the same whatever the thread count.
pub fn write_dataset(
    count: usize,
    seed: u64,
    only: &[Condition],
    out_dir: &Path,
    progress: &(dyn Fn(usize) + Sync),
) -> Result<Vec<TruthRecord>, SynthError> {
    let io_err = |path: &Path| {
        let path = path.to_path_buf();
        move |source| SynthError::Io { path, source }
    };
    std::fs::create_dir_all(out_dir).map_err(io_err(out_dir))?;
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .clamp(1, 2)
        .min(count.max(1));
    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<TruthRecord>>> = Mutex::new(vec![None; count]);
    let first_error: Mutex<Option<SynthError>> = Mutex::new(None);
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= count || first_error.lock().map(|e| e.is_some()).unwrap_or(true) {
                    break;
                }
                let condition = condition_for(seed, i, only);
                let outcome = try_generate_card(seed, i, condition).and_then(|card| {
                    let path = out_dir.join(&card.truth.file);
                    std::fs::write(&path, &card.bytes).map_err(io_err(&path))?;
                    Ok(card.truth)
                });
                match outcome {
                    Ok(truth) => {
                        if let Ok(mut r) = results.lock() {
                            r[i] = Some(truth);
                        }
                        progress(done.fetch_add(1, Ordering::Relaxed) + 1);
                    }
                    Err(e) => {
                        if let Ok(mut fe) = first_error.lock() {
                            fe.get_or_insert(e);
                        }
                        break;
                    }
                }
            });
        }
    });
    if let Some(e) = first_error.into_inner().unwrap_or_else(|p| p.into_inner()) {
        return Err(e);
    }
    let records: Vec<TruthRecord> = results
        .into_inner()
        .unwrap_or_else(|p| p.into_inner())
        .into_iter()
        .flatten()
        .collect();
    let truth_path = out_dir.join("truth.jsonl");
    let mut text = Vec::new();
    for r in &records {
        serde_json::to_writer(&mut text, r)?;
        text.push(b'\n');
    }
    let mut file = std::fs::File::create(&truth_path).map_err(io_err(&truth_path))?;
    file.write_all(&text).map_err(io_err(&truth_path))?;
    Ok(records)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for c in Condition::ALL {
            assert_eq!(Condition::from_name(c.name()), Some(c));
        }
        assert_eq!(Condition::from_name("nope"), None);
    }

    #[test]
    fn default_mix_is_roughly_right() {
        let n = 2000;
        let flat = (0..n)
            .filter(|&i| condition_for(5, i, &[]) == Condition::FlatScan)
            .count();
        assert!((500..700).contains(&flat), "{flat}");
        let only = [Condition::Glare, Condition::LowRes];
        assert_eq!(condition_for(5, 3, &only), Condition::LowRes);
    }
}

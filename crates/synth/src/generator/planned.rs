//! Capturing a card as its [`Plan`] says (the `real_like` and `tight_crop` conditions): the
//! camera or scanner at its own resolution, the plan's faults there (glare, moire, light,
//! blur, noise), then what the app that stored the image did (the crop to the card or an
//! edge cut, the scale to the stored size and aspect, padding, overlaid text, greyscale, a
//! quarter turn) and the encoding.

use super::capture::{
    photo_finish, posed_photo_frame, rotate_cw, scan_frame, Capture, Format, Pose,
};
use super::exposure::{darken, greyscale, wash_out};
use super::filters::{gaussian_blur, motion_blur};
use super::frame::{self, card_width, Frame};
use super::overlay::overlay_text;
use super::plan::{Blur, Form, Plan, Store, Turn, SHRUNK_CARD_PX};
use super::render::{CARD_H, CARD_W};
use super::scene;
use image::{Rgb, RgbImage};
use rand::Rng;
use rand_chacha::ChaCha8Rng;

/// The card's width at camera or scanner resolution: the rendered card is 1024 px wide, so
/// a capture finer than this adds nothing but time; larger stored cards are scaled up.
const CAMERA_CARD_PX: f32 = 1100.0;

/// The longest camera frame drawn: a small card in a wide frame is drawn at less than
/// `CAMERA_CARD_PX` rather than at a cost that grows with the frame.
const MAX_CAMERA_LONG_SIDE: f32 = 2000.0;

/// How a phone is held for the plan: an app crop is of a card shot square on (its residual
/// rotation and perspective small); a visible background allows the usual hand-held pose;
/// a `perspective` image is shot at a slant.
fn pose(plan: &Plan) -> Pose {
    if plan.perspective {
        Pose {
            rotation_deg: 15.0,
            min_tilt_deg: 15.0,
            max_tilt_deg: 32.0,
        }
    } else if plan.background {
        Pose {
            rotation_deg: 12.0,
            min_tilt_deg: 0.0,
            max_tilt_deg: 10.0,
        }
    } else {
        Pose {
            rotation_deg: 2.5,
            min_tilt_deg: 0.0,
            max_tilt_deg: 6.0,
        }
    }
}

/// The frame as the camera or scanner gave it, with the glare spots laid on it.
fn raw_frame(rng: &mut ChaCha8Rng, card: &RgbImage, plan: &Plan) -> (Frame, Vec<scene::GlareSpot>) {
    match plan.form {
        Form::Phone => {
            // The card about CAMERA_CARD_PX wide in the frame, as it fills `fill` of it.
            let fill = if plan.background {
                plan.span
            } else {
                rng.gen_range(0.55..0.85)
            };
            let long = (CAMERA_CARD_PX / fill).min(MAX_CAMERA_LONG_SIDE);
            let (mut img, q, _) =
                posed_photo_frame(rng, card, long, fill, plan.background, pose(plan));
            let spots = if plan.glare {
                scene::glare(&mut img, rng, &q, CARD_W as f32, CARD_H as f32)
            } else {
                Vec::new()
            };
            if plan.moire {
                scene::screen_moire(&mut img, rng);
            }
            (Frame { img, corners: q }, spots)
        }
        Form::Scan | Form::Digital => {
            let px = CAMERA_CARD_PX * rng.gen_range(0.85..1.0);
            let skew = if plan.form == Form::Digital { 0.3 } else { 1.5 };
            (scan_frame(rng, card, px, skew, false), Vec::new())
        }
    }
}

/// Blur `plan.blur` scaled to the card's width in the frame.
fn blur(img: &RgbImage, b: Blur, card_px: f32) -> RgbImage {
    let k = card_px / 1000.0;
    match b {
        Blur::Defocus(sigma) => gaussian_blur(img, sigma * k),
        Blur::Motion { length, angle } => motion_blur(img, length * k, angle),
    }
}

/// Capture `card` as `plan` says.
pub fn capture(rng: &mut ChaCha8Rng, card: &RgbImage, plan: &Plan) -> Capture {
    let (f, spots) = raw_frame(rng, card, plan);
    let glare_corners = f.corners;
    let mut img = f.img;
    let q = f.corners;
    if let Some(w) = plan.wash {
        wash_out(&mut img, w, &q);
    }
    if let Some(gain) = plan.dark {
        darken(&mut img, rng, gain);
        // The long exposure of a dark shot shakes a little.
        let shake = rng.gen_range(0.6..1.4) * card_width(&q) / 1000.0;
        img = gaussian_blur(&img, shake);
    }
    if let Some(b) = plan.blur {
        img = blur(&img, b, card_width(&q));
    }
    if plan.form == Form::Phone {
        let mild = rng.gen_range(0.4..0.9);
        img = photo_finish(rng, img, mild);
    }
    let mut f = Frame { img, corners: q };

    // What the app kept: the card edge to edge, or the whole frame; cut sides either way.
    let (w, h) = (f.img.width() as f32, f.img.height() as f32);
    let card_rect = frame::card_crop(rng, &f.corners, &plan.cut);
    let rect = if plan.background {
        let mut r = [0.0, 0.0, w, h];
        for &side in &plan.cut {
            r[side] = card_rect[side];
        }
        r
    } else {
        card_rect
    };
    f = frame::crop(f, rect);

    // Stored at the plan's card width, in the plan's aspect.
    let scale = plan.card_px / card_width(&f.corners);
    let (mut sx, mut sy) = (scale, scale);
    if let Some((factor, widen)) = plan.stretch {
        if widen {
            sx *= factor;
        } else {
            sy *= factor;
        }
    }
    let nw = (f.img.width() as f32 * sx).round().max(16.0) as u32;
    let nh = (f.img.height() as f32 * sy).round().max(16.0) as u32;
    if plan.card_px < SHRUNK_CARD_PX {
        // Shrunk by a messenger first, then again by whoever saved it.
        let k = rng.gen_range(1.3..1.8);
        let (mw, mh) = ((nw as f32 * k) as u32, (nh as f32 * k) as u32);
        f = frame::resize(f, mw, mh);
        f.img = jpeg_round_trip(&f.img, rng.gen_range(50..=75));
    }
    f = frame::resize(f, nw, nh);
    if plan.padded {
        let fill = if rng.gen_bool(0.7) {
            Rgb([255, 255, 255])
        } else {
            Rgb([0, 0, 0])
        };
        f = frame::pad_square(f, fill);
    }
    if plan.overlay {
        overlay_text(&mut f.img, rng);
    }
    if plan.greyscale {
        greyscale(&mut f.img);
    }
    let displayed = f.corners;
    let (f, exif_orientation) = match plan.turn {
        Some(Turn::Pixels(turns)) => (rotate_cw(f, turns), None),
        // Stored turned back; the viewer applies the tag.
        Some(Turn::Exif(o)) => (rotate_cw(f, if o == 6 { 3 } else { 1 }), Some(o)),
        None => (f, None),
    };
    let corners = if exif_orientation.is_some() {
        displayed
    } else {
        f.corners
    };
    let (stored, format) = match plan.store {
        Store::Jpeg(q) if plan.greyscale => (f.img, Format::JpegGrey(q)),
        Store::Jpeg(q) => (f.img, Format::Jpeg(q)),
        Store::Png => (f.img, Format::Png),
        Store::PngOfJpeg(q) => (jpeg_round_trip(&f.img, q), Format::Png),
    };
    Capture {
        stored,
        format,
        exif_orientation,
        corners,
        glare: spots,
        glare_corners,
    }
}

/// The image as a JPEG of quality `q` decodes: its blocks and ringing, kept in a PNG.
fn jpeg_round_trip(img: &RgbImage, q: u8) -> RgbImage {
    let mut buf = Vec::new();
    let encoded = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut buf, q).encode_image(img);
    match encoded.and_then(|()| image::load_from_memory(&buf)) {
        Ok(decoded) => decoded.to_rgb8(),
        // In-memory encoding of an RGB image does not fail; keep the pixels if it did.
        Err(_) => img.clone(),
    }
}

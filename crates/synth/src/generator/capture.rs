//! Capture conditions: turning the upright card into a scan, photo, photocopy... with the card
//! corners tracked into the final displayed frame.

use super::filters::{add_noise, clamp_u8, gaussian_blur, motion_blur, smoothstep, ValueNoise};
pub(super) use super::frame::Frame;
use super::render::{CARD_H, CARD_W};
use super::scene::{self, GlareSpot, Placement, Quad, Shadow};
use super::Condition;
use image::RgbImage;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

/// How the final image is stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Png,
    /// JPEG of the given quality.
    Jpeg(u8),
    /// Greyscale JPEG (one channel).
    JpegGrey(u8),
}

/// A captured image: pixels as stored, the EXIF orientation to write (if any), and the card
/// corners in the displayed frame (after the orientation is applied).
pub struct Capture {
    pub stored: RgbImage,
    pub format: Format,
    pub exif_orientation: Option<u16>,
    pub corners: Quad,
    /// Glare spots laid on the card (empty but for glare), in the coordinates of
    /// `glare_corners`: where the card lay in the frame when the spots were laid.
    pub glare: Vec<GlareSpot>,
    pub glare_corners: Quad,
}

fn rotate_point(p: (f32, f32), c: (f32, f32), ang: f32) -> (f32, f32) {
    let (s, co) = ang.sin_cos();
    let (dx, dy) = (p.0 - c.0, p.1 - c.1);
    (c.0 + dx * co - dy * s, c.1 + dx * s + dy * co)
}

/// The card rect of size `cw` x `ch` rotated by `ang` about its centre and moved so that its
/// bounding box starts at (`left`, `top`); returns the corners and the bbox size.
fn rotated_rect(cw: f32, ch: f32, ang: f32, left: f32, top: f32) -> (Quad, f32, f32) {
    let c = (cw / 2.0, ch / 2.0);
    let pts = [(0.0, 0.0), (cw, 0.0), (cw, ch), (0.0, ch)].map(|p| rotate_point(p, c, ang));
    let minx = pts.iter().map(|p| p.0).fold(f32::MAX, f32::min);
    let miny = pts.iter().map(|p| p.1).fold(f32::MAX, f32::min);
    let maxx = pts.iter().map(|p| p.0).fold(f32::MIN, f32::max);
    let maxy = pts.iter().map(|p| p.1).fold(f32::MIN, f32::max);
    let q = pts.map(|p| (p.0 - minx + left, p.1 - miny + top));
    (q, maxx - minx, maxy - miny)
}

/// A flat-bed scan: near-white bed with a margin, tiny skew, mild blur and noise.
/// `card_px` is the card's width in the output.
pub(super) fn scan_frame(
    rng: &mut ChaCha8Rng,
    card: &RgbImage,
    card_px: f32,
    max_skew_deg: f32,
    paper: bool,
) -> Frame {
    let cw = card_px;
    let ch = card_px * CARD_H as f32 / CARD_W as f32;
    let skew = rng.gen_range(-max_skew_deg..max_skew_deg).to_radians();
    let margin = |rng: &mut ChaCha8Rng| {
        if rng.gen_bool(0.7) {
            rng.gen_range(0.015..0.08) * cw
        } else {
            rng.gen_range(0.08..0.25) * cw
        }
    };
    let (ml, mt, mr, mb) = (margin(rng), margin(rng), margin(rng), margin(rng));
    let (q, bw, bh) = rotated_rect(cw, ch, skew, ml, mt);
    let w = (ml + bw + mr).ceil() as u32;
    let h = (mt + bh + mb).ceil() as u32;
    let mut img = if paper {
        scene::paper(rng, w, h)
    } else {
        scene::scanner_bed(rng, w, h)
    };
    let shadow = Shadow {
        dx: rng.gen_range(-2.0..2.0),
        dy: rng.gen_range(0.5..2.5),
        blur: rng.gen_range(1.0..2.5),
        strength: rng.gen_range(0.08..0.25),
    };
    scene::place_card(
        &mut img,
        card,
        &Placement {
            corners: q,
            shadow: Some(shadow),
            edge_dark: rng.gen_range(0.15..0.45),
        },
    );
    // Scanner optics and sensor: slight softness, a little brightness/contrast change, noise.
    let img = gaussian_blur(&img, rng.gen_range(0.45..0.9));
    let mut img = img;
    let gain = rng.gen_range(0.97..1.05f32);
    let offset = rng.gen_range(-4.0..6.0f32);
    for p in img.pixels_mut() {
        for c in p.0.iter_mut() {
            *c = clamp_u8(*c as f32 * gain + offset);
        }
    }
    let sl = rng.gen_range(0.8..2.2);
    add_noise(&mut img, rng, sl, 0.6);
    Frame { img, corners: q }
}

/// How the phone is held over the card: the largest in-plane rotation and the range of the
/// tilt out of the plane (most tilts small, drawn as `min + (max - min) * u^0.8`).
#[derive(Clone, Copy)]
pub(super) struct Pose {
    pub rotation_deg: f32,
    pub min_tilt_deg: f32,
    pub max_tilt_deg: f32,
}

/// The pose of the older photo conditions: rotation up to 15 degrees, tilt up to 25.
const HANDHELD: Pose = Pose {
    rotation_deg: 15.0,
    min_tilt_deg: 0.0,
    max_tilt_deg: 25.0,
};

/// A phone photo: the card on a table or cloth, in perspective, with uneven light, slight
/// blur and sensor noise. `long_side` is the frame's long side, `fill` the fraction of the
/// frame width the card's bounding box spans in a landscape frame (portrait frames, allowed
/// when `portrait` is set, get a proportionally wider card).
fn photo_frame(
    rng: &mut ChaCha8Rng,
    card: &RgbImage,
    long_side: f32,
    fill: f32,
    portrait: bool,
) -> (RgbImage, Quad, f32) {
    posed_photo_frame(rng, card, long_side, fill, portrait, HANDHELD)
}

/// [`photo_frame`] with the phone held as `pose` says.
pub(super) fn posed_photo_frame(
    rng: &mut ChaCha8Rng,
    card: &RgbImage,
    long_side: f32,
    fill: f32,
    portrait: bool,
    pose: Pose,
) -> (RgbImage, Quad, f32) {
    let portrait_weight = if portrait { 0.18 } else { 0.0 };
    let aspect = super::values::pick(
        rng,
        &[(0.75f32, 0.62), (0.5625, 0.2), (1.3333, portrait_weight)],
    );
    let fill = if aspect > 1.0 {
        (0.7 + (fill - 0.45) * 0.5).min(0.93)
    } else {
        fill
    };
    let (fw, fh) = if aspect < 1.0 {
        (long_side, long_side * aspect)
    } else {
        (long_side / aspect, long_side)
    };
    // Card in 3-D: in-plane rotation, then tilt, then a pinhole projection.
    let rz = rng
        .gen_range(-pose.rotation_deg..pose.rotation_deg)
        .to_radians();
    let (t0, t1) = (pose.min_tilt_deg, pose.max_tilt_deg);
    let tilt = (t0 + (t1 - t0) * rng.gen::<f32>().powf(0.8)).to_radians();
    let dir = rng.gen_range(0.0..std::f32::consts::TAU);
    let (rx, ry) = (tilt * dir.cos(), tilt * dir.sin());
    let dist = rng.gen_range(1.1..2.3f32);
    let a = CARD_H as f32 / CARD_W as f32;
    let project = |u: f32, v: f32| -> (f32, f32) {
        let (x, y) = (u - 0.5, (v - 0.5) * a);
        let (s, c) = rz.sin_cos();
        let (x, y) = (x * c - y * s, x * s + y * c);
        // tilt about the x axis
        let (s, c) = rx.sin_cos();
        let (y, z) = (y * c, y * s);
        // tilt about the y axis
        let (s, c) = ry.sin_cos();
        let (x, z) = (x * c + z * s, -x * s + z * c);
        (x * dist / (z + dist), y * dist / (z + dist))
    };
    let raw = [
        project(0.0, 0.0),
        project(1.0, 0.0),
        project(1.0, 1.0),
        project(0.0, 1.0),
    ];
    let minx = raw.iter().map(|p| p.0).fold(f32::MAX, f32::min);
    let maxx = raw.iter().map(|p| p.0).fold(f32::MIN, f32::max);
    let miny = raw.iter().map(|p| p.1).fold(f32::MAX, f32::min);
    let maxy = raw.iter().map(|p| p.1).fold(f32::MIN, f32::max);
    let (bw, bh) = (maxx - minx, maxy - miny);
    let mut s = fill * fw / bw;
    if bh * s > 0.92 * fh {
        s = 0.92 * fh / bh;
    }
    let (qw, qh) = (bw * s, bh * s);
    let ox = rng.gen_range(0.02 * fw..(fw - qw - 0.02 * fw).max(0.02 * fw + 1.0));
    let oy = rng.gen_range(0.02 * fh..(fh - qh - 0.02 * fh).max(0.02 * fh + 1.0));
    let q: Quad = raw.map(|p| ((p.0 - minx) * s + ox, (p.1 - miny) * s + oy));
    let (w, h) = (fw.round() as u32, fh.round() as u32);
    let mut img = scene::photo_background(rng, w, h);
    let light = rng.gen_range(0.0..std::f32::consts::TAU);
    let off = rng.gen_range(2.0..9.0f32) * qw / 1000.0;
    scene::place_card(
        &mut img,
        card,
        &Placement {
            corners: q,
            shadow: Some(Shadow {
                dx: off * light.cos(),
                dy: off * light.sin(),
                blur: rng.gen_range(3.0..12.0) * qw / 1000.0 + 1.0,
                strength: rng.gen_range(0.2..0.5),
            }),
            edge_dark: rng.gen_range(0.0..0.25),
        },
    );
    scene::lighting(&mut img, rng, 1.0);
    (img, q, qw)
}

/// Finish a photo: mild blur, noise. (Heavier effects are added by the callers before this.)
pub(super) fn photo_finish(rng: &mut ChaCha8Rng, img: RgbImage, blur: f32) -> RgbImage {
    let mut img = gaussian_blur(&img, blur);
    let sl = rng.gen_range(1.5..5.0);
    let sc = rng.gen_range(0.5..2.5);
    add_noise(&mut img, rng, sl, sc);
    img
}

fn photo(rng: &mut ChaCha8Rng, card: &RgbImage) -> Frame {
    let long = rng.gen_range(1280.0..1600.0f32);
    let fill = 0.45 + 0.43 * rng.gen::<f32>().powf(0.7);
    let (img, q, _) = photo_frame(rng, card, long, fill, true);
    let blur = rng.gen_range(0.5..1.3);
    Frame {
        img: photo_finish(rng, img, blur),
        corners: q,
    }
}

fn scan(rng: &mut ChaCha8Rng, card: &RgbImage) -> Frame {
    let px = CARD_W as f32 * rng.gen_range(0.85..1.15f32);
    scan_frame(rng, card, px, 1.5, false)
}

fn jpeg_quality(rng: &mut ChaCha8Rng, lo: u8, hi: u8) -> Format {
    Format::Jpeg(rng.gen_range(lo..=hi))
}

/// Rotate a frame's pixels by a multiple of 90 degrees clockwise, tracking the corners.
pub(super) fn rotate_cw(f: Frame, quarter_turns: u32) -> Frame {
    let (w, h) = (f.img.width() as f32, f.img.height() as f32);
    match quarter_turns % 4 {
        1 => Frame {
            img: image::imageops::rotate90(&f.img),
            corners: f.corners.map(|(x, y)| (h - y, x)),
        },
        2 => Frame {
            img: image::imageops::rotate180(&f.img),
            corners: f.corners.map(|(x, y)| (w - x, h - y)),
        },
        3 => Frame {
            img: image::imageops::rotate270(&f.img),
            corners: f.corners.map(|(x, y)| (y, w - x)),
        },
        _ => f,
    }
}

/// Points of the upright card (fractions of width and height) that every field's text lies
/// within: the header, the label column, the value column's longest lines, the issue place
/// and date. A cut that keeps them all keeps every field readable.
const TEXT_EXTENT: [(f32, f32); 6] = [
    (0.02, 0.02),
    (0.80, 0.02),
    (0.02, 0.86),
    (0.70, 0.86),
    (0.96, 0.66),
    (0.96, 0.76),
];

/// A phone photo with the frame cutting into the card on one or two sides, but not into its
/// text: the card's margin, a corner, the signature or the photo's edge fall outside.
fn cropped(rng: &mut ChaCha8Rng, card: &RgbImage) -> Frame {
    let long = rng.gen_range(1280.0..1600.0f32);
    let fill = rng.gen_range(0.7..0.9f32);
    let (img, q, _) = photo_frame(rng, card, long, fill, false);
    let blur = rng.gen_range(0.5..1.2);
    let img = photo_finish(rng, img, blur);
    // Card points to frame points (bilinear in the corners: close enough for a margin).
    let at = |(u, v): (f32, f32)| {
        let top = (
            q[0].0 + (q[1].0 - q[0].0) * u,
            q[0].1 + (q[1].1 - q[0].1) * u,
        );
        let bottom = (
            q[3].0 + (q[2].0 - q[3].0) * u,
            q[3].1 + (q[2].1 - q[3].1) * u,
        );
        (
            top.0 + (bottom.0 - top.0) * v,
            top.1 + (bottom.1 - top.1) * v,
        )
    };
    let text: Vec<(f32, f32)> = TEXT_EXTENT.iter().map(|&p| at(p)).collect();
    let fold = |f: fn(f32, f32) -> f32, init: f32, pts: &[(f32, f32)], x: bool| {
        pts.iter().map(|p| if x { p.0 } else { p.1 }).fold(init, f)
    };
    let card_pts: Vec<(f32, f32)> = q.to_vec();
    // Text extremes and card extremes per side: left, top, right, bottom.
    let text_ext = [
        fold(f32::min, f32::MAX, &text, true),
        fold(f32::min, f32::MAX, &text, false),
        fold(f32::max, f32::MIN, &text, true),
        fold(f32::max, f32::MIN, &text, false),
    ];
    let card_ext = [
        fold(f32::min, f32::MAX, &card_pts, true),
        fold(f32::min, f32::MAX, &card_pts, false),
        fold(f32::max, f32::MIN, &card_pts, true),
        fold(f32::max, f32::MIN, &card_pts, false),
    ];
    let (w, h) = (img.width() as f32, img.height() as f32);
    let mut rect = [0.0, 0.0, w, h];
    // Bottom and right are cut most often (the photo box and signature lie there).
    let first = super::values::pick(rng, &[(3usize, 0.4), (2, 0.3), (0, 0.15), (1, 0.15)]);
    let sides = if rng.gen_bool(0.3) {
        vec![first, (first + 1) % 4]
    } else {
        vec![first]
    };
    for side in sides {
        // Somewhere between the card's edge and its text, keeping 4 px of the text.
        let t = rng.gen_range(0.3..0.95f32);
        let margin = if side < 2 { -4.0 } else { 4.0 };
        let cut = card_ext[side] + (text_ext[side] + margin - card_ext[side]) * t;
        rect[side] = cut.clamp(0.0, if side % 2 == 0 { w } else { h });
    }
    let (x0, y0) = (rect[0].floor() as u32, rect[1].floor() as u32);
    let (x1, y1) = (rect[2].ceil() as u32, rect[3].ceil() as u32);
    let (cw, ch) = (x1.saturating_sub(x0).max(64), y1.saturating_sub(y0).max(64));
    Frame {
        img: image::imageops::crop_imm(&img, x0, y0, cw, ch).to_image(),
        corners: q.map(|(x, y)| (x - x0 as f32, y - y0 as f32)),
    }
}

/// Photocopy: a greyscale, high-contrast copy with toner noise, on white paper.
fn photocopy(rng: &mut ChaCha8Rng, card: &RgbImage) -> Frame {
    let px = CARD_W as f32 * rng.gen_range(0.8..1.1f32);
    let f = scan_frame(rng, card, px, 2.5, true);
    let (w, h) = f.img.dimensions();
    let lo = rng.gen_range(60.0..115.0f32);
    let hi = rng.gen_range(222.0..248.0f32);
    let gamma = rng.gen_range(0.75..1.25f32);
    let cell = rng.gen_range(80.0..200.0);
    let uneven = ValueNoise::new(rng, w, h, cell);
    let uneven_amt = rng.gen_range(4.0..16.0f32);
    let streak = if rng.gen_bool(0.4) {
        Some((
            rng.gen_range(0.0..w as f32),
            rng.gen_range(1.0..4.0f32),
            rng.gen_range(15.0..60.0f32),
        ))
    } else {
        None
    };
    let mut img = f.img;
    for (x, y, p) in img.enumerate_pixels_mut() {
        let l = 0.299 * p.0[0] as f32 + 0.587 * p.0[1] as f32 + 0.114 * p.0[2] as f32;
        let mut t = ((l - lo) / (hi - lo)).clamp(0.0, 1.0).powf(gamma) * 255.0;
        t -= uneven_amt * uneven.at(x as f32, y as f32);
        if let Some((sx, sw, dark)) = streak {
            t -= dark * (1.0 - smoothstep(0.0, sw, (x as f32 - sx).abs()));
        }
        let v = clamp_u8(t);
        p.0 = [v, v, v];
    }
    // Toner specks.
    let specks = (w * h / rng.gen_range(1500..5000)) as usize;
    for _ in 0..specks {
        let (cx, cy) = (rng.gen_range(0..w) as i32, rng.gen_range(0..h) as i32);
        let r = rng.gen_range(0.4..1.6f32);
        let dark = rng.gen_range(60.0..200.0f32);
        let ri = r.ceil() as i32;
        for yy in cy - ri..=cy + ri {
            for xx in cx - ri..=cx + ri {
                if xx < 0 || yy < 0 || xx >= w as i32 || yy >= h as i32 {
                    continue;
                }
                let d = (((xx - cx).pow(2) + (yy - cy).pow(2)) as f32).sqrt();
                let a = (r + 0.5 - d).clamp(0.0, 1.0);
                let p = img.get_pixel_mut(xx as u32, yy as u32);
                let v = clamp_u8(p.0[0] as f32 - dark * a);
                p.0 = [v, v, v];
            }
        }
    }
    let mut img = gaussian_blur(&img, rng.gen_range(0.4..0.8));
    let n = rng.gen_range(2.0..6.0);
    add_noise(&mut img, rng, n, 0.0);
    Frame {
        img,
        corners: f.corners,
    }
}

/// Simulate `condition` for the upright `card`.
pub fn capture(rng: &mut ChaCha8Rng, card: &RgbImage, condition: Condition) -> Capture {
    let plain = |f: Frame, format: Format| Capture {
        stored: f.img,
        format,
        exif_orientation: None,
        corners: f.corners,
        glare: Vec::new(),
        glare_corners: f.corners,
    };
    match condition {
        Condition::FlatScan => {
            let f = scan(rng, card);
            let format = if rng.gen_bool(0.35) {
                Format::Png
            } else {
                jpeg_quality(rng, 88, 96)
            };
            plain(f, format)
        }
        Condition::PhonePhoto => {
            let f = photo(rng, card);
            let q = jpeg_quality(rng, 60, 90);
            plain(f, q)
        }
        Condition::Rotated90 | Condition::Rotated180 | Condition::Rotated270 => {
            let turns = match condition {
                Condition::Rotated90 => 1,
                Condition::Rotated180 => 2,
                _ => 3,
            };
            let (f, format) = if rng.gen_bool(0.5) {
                (scan(rng, card), jpeg_quality(rng, 85, 95))
            } else {
                (photo(rng, card), jpeg_quality(rng, 65, 90))
            };
            plain(rotate_cw(f, turns), format)
        }
        Condition::ExifRotated => {
            let displayed = if rng.gen_bool(0.8) {
                photo(rng, card)
            } else {
                scan(rng, card)
            };
            let orientation = super::values::pick(rng, &[(6u16, 0.5), (8, 0.3), (3, 0.2)]);
            // Stored pixels are the displayed image turned back; the viewer applies the tag.
            let corners = displayed.corners;
            let stored = match orientation {
                6 => rotate_cw(displayed, 3),
                8 => rotate_cw(displayed, 1),
                _ => rotate_cw(displayed, 2),
            };
            Capture {
                stored: stored.img,
                format: jpeg_quality(rng, 70, 92),
                exif_orientation: Some(orientation),
                corners,
                glare: Vec::new(),
                glare_corners: corners,
            }
        }
        Condition::LowRes => {
            let card_px = rng.gen_range(440.0..560.0f32);
            let f = if rng.gen_bool(0.5) {
                scan_frame(rng, card, card_px, 1.5, false)
            } else {
                let fill = rng.gen_range(0.55..0.85f32);
                // Bounding-box width is a little more than the card width in perspective.
                let long = card_px / fill * rng.gen_range(1.0..1.15);
                let (img, q, _) = photo_frame(rng, card, long, fill, false);
                let blur = rng.gen_range(0.4..0.9);
                Frame {
                    img: photo_finish(rng, img, blur),
                    corners: q,
                }
            };
            let format = jpeg_quality(rng, 65, 90);
            plain(f, format)
        }
        Condition::Glare => {
            let long = rng.gen_range(1280.0..1600.0f32);
            let fill = rng.gen_range(0.5..0.88f32);
            let (mut img, q, _) = photo_frame(rng, card, long, fill, true);
            let spots = scene::glare(&mut img, rng, &q, CARD_W as f32, CARD_H as f32);
            let blur = rng.gen_range(0.5..1.2);
            let img = photo_finish(rng, img, blur);
            let format = jpeg_quality(rng, 60, 90);
            Capture {
                glare: spots,
                ..plain(Frame { img, corners: q }, format)
            }
        }
        Condition::ScreenPhoto => {
            let long = rng.gen_range(1280.0..1600.0f32);
            let fill = rng.gen_range(0.5..0.88f32);
            let (mut img, q, _) = photo_frame(rng, card, long, fill, true);
            scene::screen_moire(&mut img, rng);
            let blur = rng.gen_range(0.5..1.0);
            let img = photo_finish(rng, img, blur);
            plain(Frame { img, corners: q }, jpeg_quality(rng, 70, 92))
        }
        Condition::HeavyBlur => {
            let (img, q, card_w) = if rng.gen_bool(0.7) {
                let long = rng.gen_range(1280.0..1600.0f32);
                let fill = rng.gen_range(0.5..0.88f32);
                photo_frame(rng, card, long, fill, true)
            } else {
                let px = CARD_W as f32 * rng.gen_range(0.85..1.1f32);
                let f = scan_frame(rng, card, px, 1.5, false);
                (f.img, f.corners, px)
            };
            let k = card_w / 1000.0;
            let img = if rng.gen_bool(0.6) {
                gaussian_blur(&img, rng.gen_range(2.5..5.0) * k)
            } else {
                let len = rng.gen_range(12.0..28.0) * k;
                let ang = rng.gen_range(0.0..std::f32::consts::PI);
                motion_blur(&img, len, ang)
            };
            let img = photo_finish(rng, img, 0.3);
            let format = jpeg_quality(rng, 60, 90);
            plain(Frame { img, corners: q }, format)
        }
        Condition::Cropped => {
            let f = cropped(rng, card);
            let q = jpeg_quality(rng, 65, 90);
            plain(f, q)
        }
        Condition::Photocopy => {
            let f = photocopy(rng, card);
            let format = match rng.gen_range(0..3) {
                0 => Format::Png,
                1 => Format::JpegGrey(rng.gen_range(75..=92)),
                _ => jpeg_quality(rng, 75, 92),
            };
            plain(f, format)
        }
        // Drawn from their plan by `stored::capture_planned`.
        Condition::TightCrop | Condition::RealLike => {
            unreachable!("{condition} is captured from its plan")
        }
    }
}

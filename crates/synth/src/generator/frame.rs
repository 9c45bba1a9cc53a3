//! Reframing a captured frame the way real images are stored: cropped to the card by an app
//! or a tight scan (a sliver of background left or a few pixels of card cut), an edge cut
//! off, scaled to the stored size (sometimes to another aspect), padded to a square; and
//! whether the card then really lies partly outside the image.

use super::render::{CARD_H, CARD_W, CORNER_RADIUS_W};
use super::scene::{card_projection, Quad};
use image::{imageops, Rgb, RgbImage};
use rand::Rng;
use rand_chacha::ChaCha8Rng;

/// A captured image and the card corners in it.
pub struct Frame {
    pub img: RgbImage,
    pub corners: Quad,
}

/// A card is incomplete when its outline reaches beyond the image by more than this share of
/// its width: a tight crop that shaves a few pixels off an edge still shows the whole card
/// (real annotators call it whole), a cut one loses an edge.
pub const CUT_TOLERANCE_W: f32 = 0.008;

/// The card's width in a frame: the mean length of its top and bottom edges.
pub fn card_width(q: &Quad) -> f32 {
    let len = |a: (f32, f32), b: (f32, f32)| ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt();
    (len(q[0], q[1]) + len(q[3], q[2])) / 2.0
}

/// How far (pixels) the card's rounded outline reaches beyond a `w` x `h` image at most
/// (0 or less when it lies inside).
pub fn overshoot(q: &Quad, w: f32, h: f32) -> f32 {
    let (cw, ch) = (CARD_W as f32, CARD_H as f32);
    let Some(proj) = card_projection(cw, ch, q) else {
        return 0.0;
    };
    let r = CORNER_RADIUS_W * cw;
    // The outline: four straight edges and four quarter circles, sampled densely.
    let mut pts: Vec<(f32, f32)> = Vec::new();
    let n = 64;
    for i in 0..=n {
        let t = i as f32 / n as f32;
        pts.push((r + (cw - 2.0 * r) * t, 0.0));
        pts.push((r + (cw - 2.0 * r) * t, ch));
        pts.push((0.0, r + (ch - 2.0 * r) * t));
        pts.push((cw, r + (ch - 2.0 * r) * t));
    }
    for (cx, cy, a0) in [
        (r, r, 180.0f32),
        (cw - r, r, 270.0),
        (cw - r, ch - r, 0.0),
        (r, ch - r, 90.0),
    ] {
        for i in 0..=16 {
            let a = (a0 + 90.0 * i as f32 / 16.0).to_radians();
            pts.push((cx + r * a.cos(), cy + r * a.sin()));
        }
    }
    pts.into_iter()
        .map(|p| {
            let (x, y) = proj * p;
            (-x).max(-y).max(x - w).max(y - h)
        })
        .fold(f32::MIN, f32::max)
}

/// Whether part of the card lies outside the `w` x `h` image (see [`CUT_TOLERANCE_W`]).
pub fn is_incomplete(q: &Quad, w: u32, h: u32) -> bool {
    overshoot(q, w as f32, h as f32) > CUT_TOLERANCE_W * card_width(q)
}

/// Points of the upright card (fractions of width and height) every field's text lies
/// within: the header, the label column, the value column's longest lines, the issue place
/// and date. A cut that keeps them all keeps every field in the image.
const TEXT_EXTENT: [(f32, f32); 6] = [
    (0.02, 0.024),
    (0.80, 0.024),
    (0.02, 0.86),
    (0.70, 0.86),
    (0.96, 0.66),
    (0.96, 0.76),
];

/// A point of the upright card (fractions) in the frame: bilinear in the corners, close
/// enough near the edges for margins.
fn at(q: &Quad, (u, v): (f32, f32)) -> (f32, f32) {
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
}

/// Left, top, right, bottom extremes of some points.
fn extent(pts: &[(f32, f32)]) -> [f32; 4] {
    let mut e = [f32::MAX, f32::MAX, f32::MIN, f32::MIN];
    for p in pts {
        e = [e[0].min(p.0), e[1].min(p.1), e[2].max(p.0), e[3].max(p.1)];
    }
    e
}

/// The sides of a frame, in the order of a rectangle `[left, top, right, bottom]`.
pub const LEFT: usize = 0;
pub const TOP: usize = 1;
pub const RIGHT: usize = 2;
pub const BOTTOM: usize = 3;

/// The rectangle an app or a tight scan crops a frame to: the card's bounding box, each side
/// moved out by a sliver of background (up to 1.2% of the card width) or in by a few
/// pixels of card (at most
/// `CUT_TOLERANCE_W` less a margin, so the card stays whole); each side in `cut` is instead
/// moved in past the card's edge, short of its text.
pub fn card_crop(rng: &mut ChaCha8Rng, q: &Quad, cut: &[usize]) -> [f32; 4] {
    let cw = card_width(q);
    let card = extent(q);
    let text = extent(&TEXT_EXTENT.map(|p| at(q, p)));
    let mut rect = card;
    for side in 0..4 {
        // Outwards is negative for left/top, positive for right/bottom.
        let out = if side < 2 { -1.0 } else { 1.0 };
        if cut.contains(&side) {
            let room = (text[side] - card[side]).abs() - 3.0;
            let least = (CUT_TOLERANCE_W + 0.004) * cw;
            let depth = if room > least {
                rng.gen_range(least..room)
            } else {
                room.max(0.0)
            };
            rect[side] = card[side] - out * depth;
        } else {
            // App crops hug the card: half of them a little inside its edge, half a sliver
            // of a percent or less outside.
            let sliver = if rng.gen_bool(0.5) {
                rng.gen_range(-(CUT_TOLERANCE_W - 0.003)..0.0f32)
            } else {
                rng.gen_range(0.0..0.012f32)
            } * cw;
            rect[side] = card[side] + out * sliver;
        }
    }
    rect
}

/// The frame cropped to `rect` (clamped to the image), corners moved with it.
pub fn crop(f: Frame, rect: [f32; 4]) -> Frame {
    let (w, h) = f.img.dimensions();
    let x0 = rect[0].max(0.0).floor() as u32;
    let y0 = rect[1].max(0.0).floor() as u32;
    let x1 = (rect[2].ceil() as u32)
        .clamp(x0 + 16, w.max(x0 + 16))
        .min(w);
    let y1 = (rect[3].ceil() as u32)
        .clamp(y0 + 16, h.max(y0 + 16))
        .min(h);
    Frame {
        img: imageops::crop_imm(&f.img, x0, y0, x1 - x0, y1 - y0).to_image(),
        corners: f.corners.map(|(x, y)| (x - x0 as f32, y - y0 as f32)),
    }
}

/// The frame scaled to `w` x `h` (any aspect), corners scaled with it.
pub fn resize(f: Frame, w: u32, h: u32) -> Frame {
    let (sx, sy) = (
        w as f32 / f.img.width() as f32,
        h as f32 / f.img.height() as f32,
    );
    Frame {
        img: imageops::resize(&f.img, w.max(1), h.max(1), imageops::FilterType::Triangle),
        corners: f.corners.map(|(x, y)| (x * sx, y * sy)),
    }
}

/// The frame padded with `fill` to a square, centred.
pub fn pad_square(f: Frame, fill: Rgb<u8>) -> Frame {
    let (w, h) = f.img.dimensions();
    let s = w.max(h);
    let (dx, dy) = ((s - w) / 2, (s - h) / 2);
    let mut img = RgbImage::from_pixel(s, s, fill);
    imageops::replace(&mut img, &f.img, dx as i64, dy as i64);
    Frame {
        img,
        corners: f.corners.map(|(x, y)| (x + dx as f32, y + dy as f32)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_card_touching_the_frame_is_whole_and_a_cut_one_is_not() {
        let q: Quad = [(0.0, 0.0), (800.0, 0.0), (800.0, 505.0), (0.0, 505.0)];
        assert!(!is_incomplete(&q, 800, 505));
        // Four pixels shaved off the left: still whole; twenty: cut.
        let shift = |d: f32| q.map(|(x, y)| (x - d, y));
        assert!(!is_incomplete(&shift(4.0), 796, 505));
        assert!(is_incomplete(&shift(20.0), 780, 505));
        // The rounded corners lie inside the square corners.
        assert!(overshoot(&q, 800.0, 505.0) <= 0.01);
    }
}

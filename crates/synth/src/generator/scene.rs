//! What the card lies on (scanner bed, wood, fabric, desk, paper), placing the card into that
//! scene through a projective map with rounded corners and a soft shadow, and scene-wide
//! lighting, glare and a screen's moire.

use super::filters::{clamp_u8, lerp, smoothstep, ValueNoise};
use super::render::CORNER_RADIUS_W;
use image::{Rgb, RgbImage};
use imageproc::geometric_transformations::Projection;
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use std::f32::consts::{PI, TAU};

/// Card corners in scene pixel coordinates: top-left, top-right, bottom-right, bottom-left of
/// the upright card. Pixel `(i, j)` covers `[i, i+1) x [j, j+1)`.
pub type Quad = [(f32, f32); 4];

/// A soft drop shadow under the card.
#[derive(Clone, Copy)]
pub struct Shadow {
    pub dx: f32,
    pub dy: f32,
    /// Half-width of the soft edge, in scene pixels.
    pub blur: f32,
    /// Darkening at full shadow, 0..1.
    pub strength: f32,
}

/// How the card is laid into a scene.
#[derive(Clone, Copy)]
pub struct Placement {
    pub corners: Quad,
    pub shadow: Option<Shadow>,
    /// Darkening of the card's cut edge (about one scene pixel wide), 0..1.
    pub edge_dark: f32,
}

/// Homography mapping card pixel coordinates to the quad.
pub fn card_projection(card_w: f32, card_h: f32, q: &Quad) -> Option<Projection> {
    Projection::from_control_points(
        [(0.0, 0.0), (card_w, 0.0), (card_w, card_h), (0.0, card_h)],
        *q,
    )
}

/// Signed distance (card pixels) from a point to the card's rounded rectangle; negative inside.
#[inline]
fn rounded_rect_sd(u: f32, v: f32, w: f32, h: f32, r: f32) -> f32 {
    let qx = (u - w / 2.0).abs() - (w / 2.0 - r);
    let qy = (v - h / 2.0).abs() - (h / 2.0 - r);
    let ox = qx.max(0.0);
    let oy = qy.max(0.0);
    (ox * ox + oy * oy).sqrt() + qx.max(qy).min(0.0) - r
}

#[inline]
fn bilinear(img: &RgbImage, x: f32, y: f32) -> [f32; 3] {
    let (w, h) = (img.width() as i32, img.height() as i32);
    let x = x.clamp(0.0, (w - 1) as f32);
    let y = y.clamp(0.0, (h - 1) as f32);
    let (x0, y0) = (x.floor() as i32, y.floor() as i32);
    let (x1, y1) = ((x0 + 1).min(w - 1), (y0 + 1).min(h - 1));
    let (tx, ty) = (x - x0 as f32, y - y0 as f32);
    let raw = img.as_raw();
    let at = |xx: i32, yy: i32, c: usize| raw[((yy * w + xx) * 3) as usize + c] as f32;
    let mut out = [0.0; 3];
    for (c, o) in out.iter_mut().enumerate() {
        let a = lerp(at(x0, y0, c), at(x1, y0, c), tx);
        let b = lerp(at(x0, y1, c), at(x1, y1, c), tx);
        *o = lerp(a, b, ty);
    }
    out
}

fn quad_bbox(q: &Quad, pad: f32, w: u32, h: u32) -> (i32, i32, i32, i32) {
    let xs = q.iter().map(|p| p.0);
    let ys = q.iter().map(|p| p.1);
    let x0 = xs.clone().fold(f32::MAX, f32::min) - pad;
    let x1 = xs.fold(f32::MIN, f32::max) + pad;
    let y0 = ys.clone().fold(f32::MAX, f32::min) - pad;
    let y1 = ys.fold(f32::MIN, f32::max) + pad;
    (
        (x0.floor() as i32).max(0),
        (y0.floor() as i32).max(0),
        (x1.ceil() as i32).min(w as i32),
        (y1.ceil() as i32).min(h as i32),
    )
}

fn edge_len(a: (f32, f32), b: (f32, f32)) -> f32 {
    ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt()
}

/// Scale factor from scene pixels to card pixels (average over the quad's edges).
fn card_px_per_scene_px(card_w: f32, card_h: f32, q: &Quad) -> f32 {
    let sx = card_w * 2.0 / (edge_len(q[0], q[1]) + edge_len(q[3], q[2]));
    let sy = card_h * 2.0 / (edge_len(q[0], q[3]) + edge_len(q[1], q[2]));
    (sx + sy) / 2.0
}

/// Lay the card into the scene. The card image is shrunk first when it would be sampled
/// below about 0.7x, so that small cards are not aliased.
pub fn place_card(scene: &mut RgbImage, card: &RgbImage, p: &Placement) {
    let q = &p.corners;
    let scale_needed = 1.0 / card_px_per_scene_px(card.width() as f32, card.height() as f32, q);
    let resized;
    let card = if scale_needed < 0.7 {
        let nw = ((card.width() as f32 * scale_needed * 1.2).round() as u32).max(16);
        let nh = ((card.height() as f32 * scale_needed * 1.2).round() as u32).max(10);
        resized = image::imageops::resize(card, nw, nh, image::imageops::FilterType::Triangle);
        &resized
    } else {
        card
    };
    let (cw, ch) = (card.width() as f32, card.height() as f32);
    let Some(proj) = card_projection(cw, ch, q) else {
        return;
    };
    let inv = proj.invert();
    let k = card_px_per_scene_px(cw, ch, q);
    let radius = CORNER_RADIUS_W * cw;
    let (sw, sh) = scene.dimensions();

    if let Some(s) = p.shadow {
        let pad = s.dx.abs().max(s.dy.abs()) + s.blur * 2.0 + 2.0;
        let (x0, y0, x1, y1) = quad_bbox(q, pad, sw, sh);
        for y in y0..y1 {
            for x in x0..x1 {
                let (u, v) = inv * (x as f32 + 0.5 - s.dx, y as f32 + 0.5 - s.dy);
                let d = rounded_rect_sd(u, v, cw, ch, radius) / k;
                let a = s.strength * (1.0 - smoothstep(-s.blur, s.blur, d));
                if a > 0.002 {
                    let px = scene.get_pixel_mut(x as u32, y as u32);
                    for c in px.0.iter_mut() {
                        *c = clamp_u8(*c as f32 * (1.0 - a));
                    }
                }
            }
        }
    }

    let (x0, y0, x1, y1) = quad_bbox(q, 2.0, sw, sh);
    for y in y0..y1 {
        for x in x0..x1 {
            let (u, v) = inv * (x as f32 + 0.5, y as f32 + 0.5);
            let d = rounded_rect_sd(u, v, cw, ch, radius) / k;
            let cov = (0.5 - d).clamp(0.0, 1.0);
            if cov <= 0.0 {
                continue;
            }
            let mut c = bilinear(card, u - 0.5, v - 0.5);
            if p.edge_dark > 0.0 {
                let e = p.edge_dark * smoothstep(-1.8, 0.0, d);
                for ch in &mut c {
                    *ch *= 1.0 - e;
                }
            }
            let px = scene.get_pixel_mut(x as u32, y as u32);
            for (v, c) in px.0.iter_mut().zip(c) {
                *v = clamp_u8(lerp(*v as f32, c, cov));
            }
        }
    }
}

/// Coverage (0..1) of the card at a scene point, for effects confined to the card.
pub fn card_coverage(x: f32, y: f32, inv: &Projection, cw: f32, ch: f32, k: f32) -> f32 {
    let (u, v) = *inv * (x, y);
    let d = rounded_rect_sd(u, v, cw, ch, CORNER_RADIUS_W * cw) / k;
    (0.5 - d).clamp(0.0, 1.0)
}

// ---------------------------------------------------------------------------------------------
// Backgrounds

/// A near-white scanner bed, sometimes with the darker strip of the lid edge.
pub fn scanner_bed(rng: &mut ChaCha8Rng, w: u32, h: u32) -> RgbImage {
    let base = rng.gen_range(236.0..252.0f32);
    let tint = [
        rng.gen_range(-3.0..3.0f32),
        rng.gen_range(-2.0..2.0f32),
        rng.gen_range(-3.0..4.0f32),
    ];
    let gx = rng.gen_range(-6.0..6.0f32);
    let gy = rng.gen_range(-6.0..6.0f32);
    let strip = if rng.gen_bool(0.3) {
        Some((
            rng.gen_range(0..4u32),
            rng.gen_range(6.0..30.0f32),
            rng.gen_range(20.0..70.0f32),
        ))
    } else {
        None
    };
    let noise = ValueNoise::new(rng, w, h, 120.0);
    let mut img = RgbImage::new(w, h);
    for (x, y, px) in img.enumerate_pixels_mut() {
        let (u, v) = (x as f32 / w as f32 - 0.5, y as f32 / h as f32 - 0.5);
        let mut l = base + gx * u + gy * v + 4.0 * (noise.at(x as f32, y as f32) - 0.5);
        if let Some((side, width, dark)) = strip {
            let d = match side {
                0 => x as f32,
                1 => (w - 1 - x) as f32,
                2 => y as f32,
                _ => (h - 1 - y) as f32,
            };
            l -= dark * (1.0 - smoothstep(width * 0.5, width, d));
        }
        *px = Rgb([
            clamp_u8(l + tint[0]),
            clamp_u8(l + tint[1]),
            clamp_u8(l + tint[2]),
        ]);
    }
    img
}

/// Plain white copier paper.
pub fn paper(rng: &mut ChaCha8Rng, w: u32, h: u32) -> RgbImage {
    let base = rng.gen_range(244.0..254.0f32);
    let noise = ValueNoise::new(rng, w, h, 200.0);
    let mut img = RgbImage::new(w, h);
    for (x, y, px) in img.enumerate_pixels_mut() {
        let l = base + 3.0 * (noise.at(x as f32, y as f32) - 0.5);
        *px = Rgb([clamp_u8(l), clamp_u8(l), clamp_u8(l)]);
    }
    img
}

/// A procedural wooden table top: planks with long fibre streaks and a faint figure.
pub fn wood(rng: &mut ChaCha8Rng, w: u32, h: u32) -> RgbImage {
    let palettes: [[f32; 3]; 5] = [
        [186.0, 140.0, 96.0],
        [150.0, 98.0, 60.0],
        [112.0, 72.0, 46.0],
        [200.0, 165.0, 120.0],
        [128.0, 76.0, 50.0],
    ];
    let base = palettes[rng.gen_range(0..palettes.len())];
    let angle = if rng.gen_bool(0.7) {
        rng.gen_range(-0.2..0.2f32)
    } else {
        PI / 2.0 + rng.gen_range(-0.2..0.2f32)
    };
    let (sa, ca) = angle.sin_cos();
    let plank = rng.gen_range(180.0..420.0f32);
    let period = rng.gen_range(25.0..70.0f32);
    let seed_shift = rng.gen_range(0.0..100.0f32);
    // Along-grain and across-grain coordinates span at most the diagonal.
    let diag = ((w * w + h * h) as f32).sqrt() + 4.0;
    let (fine_a, fine_b) = (0.004f32, 0.22f32);
    let (broad_a, broad_b) = (0.002f32, 0.035f32);
    let fine = ValueNoise::new(
        rng,
        (diag * 2.0 * fine_a) as u32 + 4,
        (diag * 2.0 * fine_b) as u32 + 4,
        1.0,
    );
    let broad = ValueNoise::new(
        rng,
        (diag * 2.0 * broad_a) as u32 + 4,
        (diag * 2.0 * broad_b) as u32 + 4,
        1.0,
    );
    let figure = ValueNoise::new(rng, w, h, 140.0);
    let mut img = RgbImage::new(w, h);
    for (x, y, px) in img.enumerate_pixels_mut() {
        let (xf, yf) = (x as f32, y as f32);
        let a = xf * ca + yf * sa + diag;
        let b = -xf * sa + yf * ca + diag;
        let plank_i = (b / plank).floor();
        let plank_t = b / plank - plank_i;
        let plank_gain = 0.9
            + 0.18
                * (((plank_i * 12.9898 + seed_shift).sin() * 43758.547)
                    .fract()
                    .abs());
        // Each plank's fibres are offset so streaks do not continue across seams.
        let shift = plank_i * 37.0;
        let streak_f = fine.at(a * fine_a + shift * 0.01, b * fine_b);
        let streak_b = broad.at(a * broad_a + shift * 0.003, b * broad_b);
        let ring = 0.5 + 0.5 * (2.0 * PI * (b + 60.0 * figure.at(xf, yf)) / period).sin();
        let seam = smoothstep(0.0, 0.005, plank_t) * smoothstep(0.0, 0.005, 1.0 - plank_t);
        let g = plank_gain * (0.8 + 0.14 * streak_f + 0.16 * streak_b + 0.05 * ring);
        let g = g * (0.6 + 0.4 * seam);
        // Darker fibres are also a little redder.
        let red = 1.0 + 0.04 * (0.5 - streak_f);
        *px = Rgb([
            clamp_u8(base[0] * g * red),
            clamp_u8(base[1] * g),
            clamp_u8(base[2] * g / red),
        ]);
    }
    img
}

/// A woven fabric (tablecloth, sofa, bedsheet) with soft folds.
pub fn fabric(rng: &mut ChaCha8Rng, w: u32, h: u32) -> RgbImage {
    let colours: [[f32; 3]; 7] = [
        [40.0, 50.0, 90.0],
        [120.0, 120.0, 125.0],
        [150.0, 40.0, 45.0],
        [210.0, 195.0, 170.0],
        [60.0, 100.0, 70.0],
        [30.0, 30.0, 34.0],
        [200.0, 200.0, 205.0],
    ];
    let base = colours[rng.gen_range(0..colours.len())];
    let p = rng.gen_range(2.6..5.0f32);
    let cell = rng.gen_range(150.0..400.0);
    let folds = ValueNoise::new(rng, w, h, cell);
    let fuzz = ValueNoise::new(rng, w, h, 6.0);
    let check = if rng.gen_bool(0.3) {
        Some(rng.gen_range(20.0..60.0f32))
    } else {
        None
    };
    let (sa, ca) = rng.gen_range(-0.4..0.4f32).sin_cos();
    let mut img = RgbImage::new(w, h);
    for (x, y, px) in img.enumerate_pixels_mut() {
        let (xf, yf) = (x as f32, y as f32);
        let warp_t = (2.0 * PI * xf / p).sin();
        let weft_t = (2.0 * PI * yf / p).sin();
        let weave = 0.5 + 0.25 * warp_t * weft_t.signum() + 0.25 * weft_t * warp_t.signum();
        let fold = 0.72 + 0.4 * folds.at(xf, yf);
        let g = fold * (0.86 + 0.14 * weave + 0.08 * (fuzz.at(xf, yf) - 0.5));
        let mut c = base;
        if let Some(cs) = check {
            // Gingham: lighter stripes both ways, lightest where they cross.
            let (u, v) = (xf * ca + yf * sa, -xf * sa + yf * ca);
            let su = ((u / cs).rem_euclid(2.0) < 1.0) as i32 as f32;
            let sv = ((v / cs).rem_euclid(2.0) < 1.0) as i32 as f32;
            let k = 0.12 * (su + sv);
            c = [
                lerp(c[0], 235.0, k),
                lerp(c[1], 235.0, k),
                lerp(c[2], 235.0, k),
            ];
        }
        *px = Rgb([clamp_u8(c[0] * g), clamp_u8(c[1] * g), clamp_u8(c[2] * g)]);
    }
    img
}

/// A plain desk or counter surface (laminate, stone, painted) with slow variation and speckle.
pub fn desk(rng: &mut ChaCha8Rng, w: u32, h: u32) -> RgbImage {
    let colours: [[f32; 3]; 6] = [
        [228.0, 226.0, 220.0],
        [160.0, 160.0, 158.0],
        [40.0, 40.0, 44.0],
        [205.0, 190.0, 160.0],
        [120.0, 130.0, 140.0],
        [235.0, 235.0, 238.0],
    ];
    let base = colours[rng.gen_range(0..colours.len())];
    let cell = rng.gen_range(200.0..500.0);
    let slow = ValueNoise::new(rng, w, h, cell);
    let speck = ValueNoise::new(rng, w, h, 3.0);
    let speck_amt = rng.gen_range(0.0..0.12f32);
    let mut img = RgbImage::new(w, h);
    for (x, y, px) in img.enumerate_pixels_mut() {
        let (xf, yf) = (x as f32, y as f32);
        let g = 0.9 + 0.16 * slow.at(xf, yf) + speck_amt * (speck.at(xf, yf) - 0.5);
        *px = Rgb([
            clamp_u8(base[0] * g),
            clamp_u8(base[1] * g),
            clamp_u8(base[2] * g),
        ]);
    }
    img
}

/// One of the photo backgrounds, chosen at random.
pub fn photo_background(rng: &mut ChaCha8Rng, w: u32, h: u32) -> RgbImage {
    match rng.gen_range(0..20) {
        0..=6 => wood(rng, w, h),
        7..=11 => fabric(rng, w, h),
        _ => desk(rng, w, h),
    }
}

/// Uneven lighting over the whole frame: a linear gradient, a vignette and a colour cast.
pub fn lighting(img: &mut RgbImage, rng: &mut ChaCha8Rng, strength: f32) {
    let (w, h) = img.dimensions();
    let gx = rng.gen_range(-0.25..0.25f32) * strength;
    let gy = rng.gen_range(-0.25..0.25f32) * strength;
    let vig = rng.gen_range(0.0..0.35f32) * strength;
    let gain = rng.gen_range(0.82..1.08f32);
    let warm = rng.gen_range(-0.06..0.08f32) * strength;
    let cast = [1.0 + warm, 1.0, 1.0 - warm];
    for (x, y, px) in img.enumerate_pixels_mut() {
        let u = x as f32 / w as f32 - 0.5;
        let v = y as f32 / h as f32 - 0.5;
        let g = gain * (1.0 + gx * u * 2.0 + gy * v * 2.0 - vig * (u * u + v * v) * 2.0);
        for (v, k) in px.0.iter_mut().zip(cast) {
            *v = clamp_u8(*v as f32 * g * k);
        }
    }
}

/// One specular spot or streak, in scene pixels: an elliptical core blown out to white and a
/// wider halo.
#[derive(Debug, Clone, Copy)]
pub struct GlareSpot {
    centre: (f32, f32),
    /// Half-axes of the ellipse along and across its direction.
    axes: (f32, f32),
    /// Sine and cosine of the direction.
    direction: (f32, f32),
    peak: f32,
    halo: f32,
}

/// Beyond this squared ellipse distance a spot adds nothing.
const GLARE_REACH_D2: f32 = 7.0;
/// What glare blends the card towards: laminate reflecting the light, almost pure white.
const GLARE_WHITE: f32 = 253.0;

impl GlareSpot {
    /// How far the spot blends the pixel centre (x + 0.5, y + 0.5) of the scene towards white,
    /// 0 (untouched) to 1 (blown out), before the card's coverage is applied.
    pub fn amount(&self, x: f32, y: f32) -> f32 {
        let (dx, dy) = (x + 0.5 - self.centre.0, y + 0.5 - self.centre.1);
        let (sa, ca) = self.direction;
        let (ra, rb) = self.axes;
        let (a, b) = ((dx * ca + dy * sa) / ra, (-dx * sa + dy * ca) / rb);
        let d2 = a * a + b * b;
        if d2 > GLARE_REACH_D2 {
            return 0.0;
        }
        (self.peak * 1.3 * (-d2 * 2.0).exp() + self.halo * (-d2 * 0.5).exp()).min(1.0)
    }
}

/// How far `spots` together blend scene pixel (x, y) towards white (each blends what the
/// ones before left).
pub fn glare_amount(spots: &[GlareSpot], x: f32, y: f32) -> f32 {
    1.0 - spots.iter().map(|s| 1.0 - s.amount(x, y)).product::<f32>()
}

/// A bright specular reflection on the card's laminate: a spot or a streak, confined to the
/// card. Returns the spots drawn.
pub fn glare(
    img: &mut RgbImage,
    rng: &mut ChaCha8Rng,
    q: &Quad,
    card_w: f32,
    card_h: f32,
) -> Vec<GlareSpot> {
    let Some(proj) = card_projection(card_w, card_h, q) else {
        return Vec::new();
    };
    let inv = proj.invert();
    let k = card_px_per_scene_px(card_w, card_h, q);
    let scene_card_w = card_w / k;
    let count = if rng.gen_bool(0.25) { 2 } else { 1 };
    let mut spots = Vec::with_capacity(count);
    for _ in 0..count {
        let (cu, cv) = (
            rng.gen_range(0.1..0.9) * card_w,
            rng.gen_range(0.15..0.9) * card_h,
        );
        let centre = proj * (cu, cv);
        let streak = rng.gen_bool(0.35);
        let r = scene_card_w * rng.gen_range(0.06..0.18);
        let axes = if streak {
            (r * rng.gen_range(2.5..5.0), r * rng.gen_range(0.25..0.5))
        } else {
            let e = rng.gen_range(1.0..1.8);
            (r * e, r / e.sqrt())
        };
        let spot = GlareSpot {
            centre,
            axes,
            direction: rng.gen_range(0.0..PI).sin_cos(),
            peak: rng.gen_range(0.85..1.0f32),
            halo: rng.gen_range(0.2..0.45f32),
        };
        let ext = axes.0.max(axes.1) * 2.6;
        let (cx, cy) = centre;
        let (x0, y0) = ((cx - ext).max(0.0) as u32, (cy - ext).max(0.0) as u32);
        let x1 = ((cx + ext).max(0.0) as u32).min(img.width());
        let y1 = ((cy + ext).max(0.0) as u32).min(img.height());
        for y in y0..y1 {
            for x in x0..x1 {
                let amount = spot.amount(x as f32, y as f32);
                if amount <= 0.0 {
                    continue;
                }
                let cov = card_coverage(x as f32 + 0.5, y as f32 + 0.5, &inv, card_w, card_h, k);
                let amount = amount * cov;
                if amount > 0.0 {
                    let px = img.get_pixel_mut(x, y);
                    for c in px.0.iter_mut() {
                        *c = clamp_u8(lerp(*c as f32, GLARE_WHITE, amount));
                    }
                }
            }
        }
        spots.push(spot);
    }
    spots
}

/// A photo of the card shown on a screen: the screen's pixel grid beats against the camera's
/// sensor into moire, coloured fringes a few to some tens of pixels apart (each colour's
/// subpixels in a different phase), slightly bent by the screen's curvature and perspective;
/// and the screen's cooler white.
pub fn screen_moire(img: &mut RgbImage, rng: &mut ChaCha8Rng) {
    let (w, h) = (img.width() as f32, img.height() as f32);
    let grating = |rng: &mut ChaCha8Rng, amplitude: std::ops::Range<f32>| {
        let amplitude = rng.gen_range(amplitude);
        let period = rng.gen_range(5.0..24.0f32);
        let (sin, cos) = rng.gen_range(0.0..PI).sin_cos();
        let bend = rng.gen_range(-3.0..3.0f32);
        (TAU / period, sin, cos, bend, amplitude)
    };
    let mut gratings = vec![grating(rng, 0.08..0.2)];
    if rng.gen_bool(0.5) {
        gratings.push(grating(rng, 0.04..0.1));
    }
    let cast = [
        rng.gen_range(0.93..0.99f32),
        rng.gen_range(0.97..1.01f32),
        rng.gen_range(1.0..1.05f32),
    ];
    for (x, y, px) in img.enumerate_pixels_mut() {
        let (u, v) = (x as f32 / w - 0.5, y as f32 / h - 0.5);
        let mut gain = cast;
        for &(k, sin, cos, bend, amplitude) in &gratings {
            let phase = k * (x as f32 * cos + y as f32 * sin) + bend * TAU * (u * u + v * v);
            for (c, g) in gain.iter_mut().enumerate() {
                *g *= 1.0 + amplitude * (phase + c as f32 * TAU / 3.0).cos();
            }
        }
        for (value, g) in px.0.iter_mut().zip(gain) {
            *value = clamp_u8(*value as f32 * g);
        }
    }
}

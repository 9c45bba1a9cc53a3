//! The printed background of the card front: light sky-blue ground with a fine pattern, wavy
//! guilloche lines, a globe with meridians and a rough outline of the Indonesian islands behind
//! the left and centre, and a repeated diagonal "KARTU TANDA PENDUDUK" watermark in the lower
//! right. Like the real cards, every card shares one design; it is drawn once per process and
//! each card recolours a copy.

use super::filters::{lerp, smoothstep};
use super::render::{CARD_H, CARD_W};
use super::text::fonts;
use image::{GrayImage, Luma, Rgb, RgbImage};
use std::f32::consts::PI;
use std::sync::OnceLock;

/// The ground colour the template is drawn in; cards rescale it to their own ground colour.
pub const TEMPLATE_GROUND: [f32; 3] = [198.0, 228.0, 244.0];

/// The shared background artwork at the card's render size.
pub fn artwork() -> &'static RgbImage {
    static ART: OnceLock<RgbImage> = OnceLock::new();
    ART.get_or_init(build)
}

/// A filled ellipse in globe units: centre, semi-axes, rotation (radians).
struct Blob {
    cx: f32,
    cy: f32,
    rx: f32,
    ry: f32,
    angle: f32,
}

/// Very rough island shapes of the archipelago, in units of the globe radius from its centre.
fn islands() -> Vec<Blob> {
    let b = |cx, cy, rx, ry, deg: f32| Blob {
        cx,
        cy,
        rx,
        ry,
        angle: deg.to_radians(),
    };
    vec![
        // Sumatra
        b(-0.66, -0.06, 0.30, 0.06, 38.0),
        // Java
        b(-0.24, 0.26, 0.22, 0.032, 6.0),
        // Kalimantan
        b(-0.17, -0.07, 0.16, 0.15, 20.0),
        b(-0.08, -0.16, 0.08, 0.07, 0.0),
        // Sulawesi (a rough K)
        b(0.17, -0.02, 0.028, 0.13, -8.0),
        b(0.25, -0.13, 0.09, 0.022, -5.0),
        b(0.24, 0.03, 0.075, 0.022, 25.0),
        b(0.22, 0.12, 0.06, 0.022, 60.0),
        // Bali and Nusa Tenggara
        b(0.01, 0.29, 0.025, 0.018, 0.0),
        b(0.07, 0.30, 0.035, 0.018, 0.0),
        b(0.15, 0.31, 0.05, 0.02, 0.0),
        b(0.26, 0.33, 0.05, 0.018, -5.0),
        b(0.36, 0.37, 0.06, 0.024, -25.0),
        // Maluku
        b(0.42, -0.06, 0.025, 0.07, 10.0),
        b(0.47, 0.12, 0.06, 0.025, 0.0),
        // Papua and its bird's head
        b(0.74, 0.08, 0.24, 0.1, 12.0),
        b(0.54, -0.01, 0.07, 0.04, -10.0),
    ]
}

/// The watermark's coverage at the card's render size (0..255), drawn once per process.
pub fn watermark() -> &'static GrayImage {
    static MASK: OnceLock<GrayImage> = OnceLock::new();
    MASK.get_or_init(|| watermark_mask(CARD_W, CARD_H))
}

fn build() -> RgbImage {
    let (w, h) = (CARD_W, CARD_H);
    let (wf, hf) = (w as f32, h as f32);
    let watermark = watermark();
    let isl = islands();

    // Globe
    let gcx = 0.34 * wf;
    let gcy = 0.56 * hf;
    let gr = 0.30 * wf;
    let step = PI / 12.0;

    let mut img = RgbImage::new(w, h);
    for y in 0..h {
        for x in 0..w {
            let (xf, yf) = (x as f32 + 0.5, y as f32 + 0.5);
            let (u, v) = (xf / wf, yf / hf);
            // Ground: slightly deeper blue towards the top left, lighter at the right.
            let shade = 1.0 - 0.035 * (1.0 - u) * (1.0 - v) + 0.02 * u;
            let mut c = [
                TEMPLATE_GROUND[0] * shade - 6.0 * (1.0 - u),
                TEMPLATE_GROUND[1] * shade,
                TEMPLATE_GROUND[2] * shade.min(1.0),
            ];
            // Fine printed micro-pattern.
            let fine = (xf * 1.9).sin() * (yf * 1.9).sin();
            let weave = ((xf + yf) * 0.55).sin() * 0.5 + ((xf - yf) * 0.55).sin() * 0.5;
            let tex = 2.5 * fine + 2.0 * weave;
            for ch in &mut c {
                *ch -= tex;
            }

            let mut ink = 0.0f32; // 0..1 amount of darker blue line ink
                                  // Guilloche: two families of wavy lines whose amplitude swells and shrinks.
            let amp_a = 9.0 + 5.0 * (2.0 * PI * yf / 95.0).sin();
            let fa = (yf
                + amp_a * (2.0 * PI * xf / 170.0 + 1.3).sin()
                + 3.0 * (2.0 * PI * xf / 47.0).sin())
                / 7.0;
            let amp_b = 12.0 + 6.0 * (2.0 * PI * xf / 260.0).sin();
            let fb = (yf - amp_b * (2.0 * PI * xf / 215.0 + 0.4).sin()) / 8.3;
            let line = |f: f32, width: f32| {
                let d = (f - f.round()).abs();
                (1.0 - d / width).clamp(0.0, 1.0)
            };
            ink = ink.max(0.55 * line(fa, 0.16));
            ink = ink.max(0.40 * line(fb, 0.13));
            // A third, looser family of long waves across the card.
            let fc = (xf * 0.6 + yf + 25.0 * (2.0 * PI * xf / 330.0).sin()) / 23.0;
            ink = ink.max(0.35 * line(fc, 0.06));

            // Globe outline, meridians and parallels.
            let (dx, dy) = (xf - gcx, yf - gcy);
            let r = (dx * dx + dy * dy).sqrt();
            let mut globe = 0.0f32;
            if r < gr + 2.0 {
                globe = globe.max((1.0 - (r - gr).abs() / 1.6).clamp(0.0, 1.0));
                if r < gr {
                    let row = (gr * gr - dy * dy).sqrt().max(1.0);
                    let lon = (dx / row).clamp(-1.0, 1.0).asin() / step;
                    let dlon = (lon - lon.round()).abs() * step * row * (lon * step).cos();
                    let lat = (dy / gr).clamp(-1.0, 1.0).asin() / step;
                    let dlat = (lat - lat.round()).abs() * step * gr * (lat * step).cos();
                    globe = globe.max((1.0 - dlon / 1.1).clamp(0.0, 1.0) * 0.8);
                    globe = globe.max((1.0 - dlat / 1.1).clamp(0.0, 1.0) * 0.8);
                }
            }
            // Island shapes with a slightly darker rim.
            let mut land = 0.0f32;
            let mut rim = 0.0f32;
            if r < gr * 1.05 {
                let (gx, gy) = (dx / gr, dy / gr);
                for b in &isl {
                    let (s, co) = b.angle.sin_cos();
                    let (px, py) = (gx - b.cx, gy - b.cy);
                    let (qx, qy) = (px * co + py * s, -px * s + py * co);
                    // Wobble the border a little so the shapes look like coastlines.
                    let wob = 1.0 + 0.12 * (qx * 53.0 + qy * 31.0).sin() * (qy * 41.0).cos();
                    let e = ((qx / b.rx).powi(2) + (qy / b.ry).powi(2)).sqrt() / wob;
                    let edge_px = (1.0 - e) * b.rx.min(b.ry) * gr;
                    land = land.max(smoothstep(-0.8, 0.8, edge_px));
                    rim = rim.max((1.0 - (edge_px.abs() / 1.2)).clamp(0.0, 1.0));
                }
            }

            let line_col = [120.0, 170.0, 210.0];
            let globe_col = [110.0, 160.0, 205.0];
            let land_col = [168.0, 214.0, 212.0];
            let mix = |c: &mut [f32; 3], col: [f32; 3], a: f32| {
                for i in 0..3 {
                    c[i] = lerp(c[i], col[i], a);
                }
            };
            mix(&mut c, land_col, 0.45 * land);
            mix(&mut c, line_col, ink * (1.0 - 0.3 * land));
            mix(&mut c, globe_col, 0.45 * globe);
            mix(&mut c, globe_col, 0.5 * rim);
            // Watermark, fading in towards the lower right.
            let wm = watermark.get_pixel(x, y).0[0] as f32 / 255.0;
            if wm > 0.0 {
                let fade = smoothstep(0.40, 0.62, u) * smoothstep(0.42, 0.66, v);
                mix(&mut c, [135.0, 180.0, 212.0], 0.45 * wm * fade);
            }
            img.put_pixel(
                x,
                y,
                Rgb([
                    c[0].clamp(0.0, 255.0) as u8,
                    c[1].clamp(0.0, 255.0) as u8,
                    c[2].clamp(0.0, 255.0) as u8,
                ]),
            );
        }
    }
    img
}

/// Repeated lines of "KARTU TANDA PENDUDUK" rotated about 25 degrees, as coverage 0..255.
fn watermark_mask(w: u32, h: u32) -> GrayImage {
    let f = fonts();
    let (bw, bh) = (w * 2, h * 2);
    let mut flat = RgbImage::new(bw, bh);
    let cap = 11.0;
    let pitch = 26.0;
    let phrase = "KARTU TANDA PENDUDUK   ";
    let unit = f.bold.width(cap, phrase);
    let mut row = 0;
    let mut y = 4.0;
    while y < bh as f32 {
        let mut x = -(row as f32 * unit * 0.37) % unit - unit;
        while x < bw as f32 {
            f.bold
                .draw(&mut flat, x, y, cap, phrase, Rgb([255, 255, 255]));
            x += unit;
        }
        y += pitch;
        row += 1;
    }
    let angle = -25.0f32.to_radians();
    let (s, c) = angle.sin_cos();
    let mut out = GrayImage::new(w, h);
    for y in 0..h {
        for x in 0..w {
            let (dx, dy) = (x as f32 - w as f32 * 0.75, y as f32 - h as f32 * 0.75);
            let mx = dx * c + dy * s + bw as f32 / 2.0;
            let my = -dx * s + dy * c + bh as f32 / 2.0;
            if mx >= 0.0 && my >= 0.0 && (mx as u32) < bw && (my as u32) < bh {
                let v = flat.get_pixel(mx as u32, my as u32).0[0];
                out.put_pixel(x, y, Luma([v]));
            }
        }
    }
    out
}

//! The photo box: a plain red or blue backdrop with a head-and-shoulders silhouette made of
//! flat shapes (head, hair or headscarf, neck, shoulders, collar). It never has a face.

use super::filters::{blend, lerp, smoothstep};
use super::values::CardValues;
use image::RgbImage;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

/// Coverage of an ellipse at a point, antialiased over about one pixel. `scale` converts the
/// normalised units to pixels.
fn ellipse_cov(px: f32, py: f32, cx: f32, cy: f32, rx: f32, ry: f32, scale: f32) -> f32 {
    let e = (((px - cx) / rx).powi(2) + ((py - cy) / ry).powi(2)).sqrt();
    ((1.0 - e) * rx.min(ry) * scale + 0.5).clamp(0.0, 1.0)
}

/// The photo: a plain red or blue backdrop with a head-and-shoulders silhouette built from
/// flat shapes (no facial features).
pub(super) fn draw_photo(
    img: &mut RgbImage,
    rng: &mut ChaCha8Rng,
    rect: (f32, f32, f32, f32),
    v: &CardValues,
) {
    let (x0, y0, x1, y1) = rect;
    let (pw, ph) = (x1 - x0, y1 - y0);
    let red = rng.gen_bool(0.5);
    let bg: [f32; 3] = if red {
        [
            rng.gen_range(185.0..225.0),
            rng.gen_range(18.0..50.0),
            rng.gen_range(28.0..60.0),
        ]
    } else {
        [
            rng.gen_range(20.0..70.0),
            rng.gen_range(80.0..135.0),
            rng.gen_range(175.0..230.0),
        ]
    };
    let skin: [f32; 3] = *one_of(
        rng,
        &[
            [196.0, 156.0, 124.0],
            [178.0, 134.0, 100.0],
            [158.0, 114.0, 84.0],
            [132.0, 92.0, 66.0],
            [112.0, 78.0, 56.0],
        ],
    );
    let hair = [
        rng.gen_range(14.0..40.0),
        rng.gen_range(12.0..30.0),
        rng.gen_range(10.0..26.0),
    ];
    let suit: [f32; 3] = *one_of(
        rng,
        &[
            [25.0, 25.0, 30.0],
            [30.0, 36.0, 60.0],
            [70.0, 70.0, 75.0],
            [235.0, 235.0, 232.0],
            [120.0, 80.0, 50.0],
            [150.0, 30.0, 40.0],
        ],
    );
    let with_collar = suit[0] < 100.0 && rng.gen_bool(0.7);
    let hijab = v.muslim_woman && rng.gen_bool(0.65);
    let hijab_col: [f32; 3] = *one_of(
        rng,
        &[
            [240.0, 240.0, 236.0],
            [25.0, 25.0, 30.0],
            [40.0, 45.0, 90.0],
            [120.0, 30.0, 50.0],
            [200.0, 180.0, 150.0],
            [90.0, 120.0, 100.0],
        ],
    );
    let long_hair = v.female && !hijab;
    let head_cx = 0.5 + rng.gen_range(-0.03..0.03);
    let head_cy = rng.gen_range(0.34..0.40);
    let head_rx = rng.gen_range(0.19..0.23);
    let head_ry = head_rx * rng.gen_range(1.25..1.4);
    let shoulder_w = rng.gen_range(0.48..0.58);
    let shoulder_top = rng.gen_range(0.70..0.76);
    let scale = pw;

    let (ix0, iy0) = (x0.floor() as i32, y0.floor() as i32);
    let (ix1, iy1) = (x1.ceil() as i32, y1.ceil() as i32);
    for y in iy0..iy1 {
        for x in ix0..ix1 {
            // Partial coverage of the box edges.
            let cov_x = ((x as f32 + 1.0).min(x1) - (x as f32).max(x0)).clamp(0.0, 1.0);
            let cov_y = ((y as f32 + 1.0).min(y1) - (y as f32).max(y0)).clamp(0.0, 1.0);
            let box_cov = cov_x * cov_y;
            if box_cov <= 0.0 {
                continue;
            }
            let u = (x as f32 + 0.5 - x0) / pw;
            let vv = (y as f32 + 0.5 - y0) / ph;
            // Normalise vertical units to the width so ellipses keep their shape.
            let vy = vv * ph / pw;
            let hcy = head_cy * ph / pw;
            let mut c = [
                bg[0] + 18.0 * (1.0 - vv) - 8.0,
                bg[1] + 14.0 * (1.0 - vv) - 6.0,
                bg[2] + 18.0 * (1.0 - vv) - 8.0,
            ];
            let put = |c: &mut [f32; 3], col: [f32; 3], a: f32| {
                for i in 0..3 {
                    c[i] = lerp(c[i], col[i], a);
                }
            };
            let body_ry = 0.42 * ph / pw;
            let body_cy = shoulder_top * ph / pw + body_ry;
            let body = ellipse_cov(u, vy, 0.5, body_cy, shoulder_w, body_ry, scale);
            if long_hair {
                let a = ellipse_cov(
                    u,
                    vy,
                    head_cx,
                    hcy + 0.1,
                    head_rx * 1.35,
                    head_ry * 1.25,
                    scale,
                );
                put(&mut c, hair, a);
            }
            if hijab {
                // A hood around the head that widens into a cape over the shoulders.
                let hood = ellipse_cov(
                    u,
                    vy,
                    head_cx,
                    hcy - 0.01,
                    head_rx * 1.28,
                    head_ry * 1.16,
                    scale,
                );
                let shoulders_vy = shoulder_top * ph / pw;
                let spread = smoothstep(hcy, shoulders_vy + 0.1, vy);
                let half = lerp(head_rx * 1.2, shoulder_w * 0.82, spread);
                let cape = if vy > hcy {
                    ((half - (u - head_cx).abs()) * scale + 0.5).clamp(0.0, 1.0)
                } else {
                    0.0
                };
                put(&mut c, body_col(suit, u, vy, body_cy), body);
                let fold = 1.0 - 0.1 * spread * ((u - head_cx) / half).powi(2);
                put(&mut c, hijab_col.map(|v| v * fold), hood.max(cape));
                let face = ellipse_cov(
                    u,
                    vy,
                    head_cx,
                    hcy + 0.01,
                    head_rx * 0.78,
                    head_ry * 0.8,
                    scale,
                );
                let shade = 1.0 - 0.12 * (((u - head_cx) / (head_rx * 0.8)).powi(2));
                put(&mut c, skin.map(|s| s * shade), face);
            } else {
                // Neck
                let neck_half = head_rx * 0.48;
                let neck = if (u - head_cx).abs() < neck_half && vy > hcy && vy < body_cy {
                    ((neck_half - (u - head_cx).abs()) * scale).clamp(0.0, 1.0)
                } else {
                    0.0
                };
                put(&mut c, skin.map(|s| s * 0.86), neck);
                put(&mut c, body_col(suit, u, vy, body_cy), body);
                if with_collar {
                    let top = body_cy - body_ry * 0.95;
                    let d = vy - top;
                    if d > 0.0 && (u - 0.5).abs() < d * 0.55 {
                        let a = ((d * 0.55 - (u - 0.5).abs()) * scale).clamp(0.0, 1.0) * body;
                        put(&mut c, [232.0, 232.0, 228.0], a);
                    }
                }
                let head = ellipse_cov(u, vy, head_cx, hcy, head_rx, head_ry, scale);
                let r2 = ((u - head_cx) / head_rx).powi(2) + ((vy - hcy) / head_ry).powi(2);
                let shade = 1.0 - 0.14 * r2 * r2;
                put(&mut c, skin.map(|s| s * shade), head);
                // Hair cap: the top of the head above a curved hairline.
                let cap = ellipse_cov(
                    u,
                    vy,
                    head_cx,
                    hcy - head_ry * 0.12,
                    head_rx * 1.06,
                    head_ry * 1.0,
                    scale,
                );
                let hairline = hcy - head_ry * (0.45 - 0.55 * ((u - head_cx) / head_rx).powi(2));
                let above = ((hairline - vy) * scale).clamp(0.0, 1.0);
                put(&mut c, hair, cap * above);
            }
            let px = c.map(|v| v.clamp(0.0, 255.0));
            blend(img, x, y, px, box_cov);
        }
    }
}

fn body_col(suit: [f32; 3], u: f32, vy: f32, body_cy: f32) -> [f32; 3] {
    // A soft fold shading across the shoulders.
    let s = 1.0 - 0.12 * ((u - 0.5) * 2.0).powi(2) - 0.05 * (body_cy - vy).max(0.0);
    suit.map(|c| c * s)
}

fn one_of<'a, T>(rng: &mut ChaCha8Rng, items: &'a [T]) -> &'a T {
    &items[rng.gen_range(0..items.len())]
}

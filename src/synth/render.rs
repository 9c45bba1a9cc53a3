//! Drawing the upright card front: background, header, NIK, the twelve field rows, the photo
//! box with a synthetic silhouette (never a face), issue place/date and a scribbled signature.
//!
//! Positions follow `docs/ktp-layout.md` (fractions of card width W and height H) and are
//! jittered per card inside the ranges measured on real cards.

use super::artwork::{artwork, TEMPLATE_GROUND};
use super::filters::{clamp_u8, lerp, smoothstep};
use super::text::{fonts, wrap, Face};
use super::values::{pick, CardValues};
use image::{Rgb, RgbImage};
use rand::Rng;
use rand_chacha::ChaCha8Rng;

/// Width of the rendered upright card in pixels (about 304 dpi for the 85.6 mm card).
pub const CARD_W: u32 = 1024;
/// Height of the rendered upright card (aspect 1.586, like ID-1).
pub const CARD_H: u32 = 646;
/// Corner radius as a fraction of the card width (3.2 mm of 85.6 mm).
pub const CORNER_RADIUS_W: f32 = 0.0374;

#[derive(Clone, Copy, PartialEq, Eq)]
enum ColonMode {
    /// `Agama       : ISLAM`
    Column,
    /// `Agama       :ISLAM`
    GluedValue,
    /// `Agama:        ISLAM`
    GluedLabel,
}

#[inline]
fn blend(img: &mut RgbImage, x: i32, y: i32, col: [f32; 3], a: f32) {
    if x < 0 || y < 0 || x >= img.width() as i32 || y >= img.height() as i32 || a <= 0.0 {
        return;
    }
    let p = img.get_pixel_mut(x as u32, y as u32);
    let a = a.min(1.0);
    for c in 0..3 {
        p.0[c] = clamp_u8(lerp(p.0[c] as f32, col[c], a));
    }
}

/// Recolour the shared artwork to this card's ground colour.
fn background(rng: &mut ChaCha8Rng) -> RgbImage {
    let target = [
        rng.gen_range(182.0..214.0f32),
        rng.gen_range(214.0..240.0f32),
        rng.gen_range(233.0..253.0f32),
    ];
    let k: Vec<f32> = (0..3).map(|c| target[c] / TEMPLATE_GROUND[c]).collect();
    let mut img = artwork().clone();
    for p in img.pixels_mut() {
        for c in 0..3 {
            p.0[c] = clamp_u8(p.0[c] as f32 * k[c]);
        }
    }
    img
}

fn draw_centered(
    img: &mut RgbImage,
    face: &Face,
    cx: f32,
    top: f32,
    cap: f32,
    text: &str,
    ink: Rgb<u8>,
) {
    let w = face.width(cap, text);
    face.draw(img, cx - w / 2.0, top, cap, text, ink);
}

struct Row {
    label: &'static str,
    indent: bool,
    lines: Vec<String>,
}

/// Render the upright card for `v`.
pub fn render_card(rng: &mut ChaCha8Rng, v: &CardValues) -> RgbImage {
    let f = fonts();
    let fl = &v.fields;
    let (w, h) = (CARD_W as f32, CARD_H as f32);
    let mut img = background(rng);

    let ink = if rng.gen_bool(0.6) {
        Rgb([
            rng.gen_range(10..22),
            rng.gen_range(26..40),
            rng.gen_range(52..70),
        ])
    } else {
        let k = rng.gen_range(14..34);
        Rgb([k, k, k + rng.gen_range(0..8)])
    };
    let old_print = v.issue_year <= 2013;

    // Header
    let hc = w * rng.gen_range(0.500..0.520);
    let mut h_cap = h * rng.gen_range(0.037..0.044);
    let h1_top = h * rng.gen_range(0.027..0.040);
    let h2_top = h1_top + h * rng.gen_range(0.050..0.055);
    let line1 = format!("PROVINSI {}", fl.provinsi);
    let widest = f
        .bold
        .width(h_cap, &line1)
        .max(f.bold.width(h_cap, &fl.kabupaten_kota));
    if widest > 0.9 * w {
        h_cap *= 0.9 * w / widest;
    }
    draw_centered(&mut img, &f.bold, hc, h1_top, h_cap, &line1, ink);
    draw_centered(
        &mut img,
        &f.bold,
        hc,
        h2_top,
        h_cap,
        &fl.kabupaten_kota,
        ink,
    );

    // Photo box (drawn early: its position bounds the value column).
    let px0 = w * rng.gen_range(0.708..0.732);
    let px1 = w * rng.gen_range(0.938..0.970);
    let py0 = h * rng.gen_range(0.185..0.196);
    let py1 = h * rng.gen_range(0.649..0.671);
    draw_photo(&mut img, rng, (px0, py0, px1, py1), v);

    // NIK row
    let nik_face = if rng.gen_bool(1.0 / 18.0) {
        &f.bold
    } else {
        &f.ocr_a
    };
    let nik_cap = h * rng.gen_range(0.048..0.054);
    let nik_top = h * rng.gen_range(0.158..0.170);
    let nik_x0 = w * rng.gen_range(0.222..0.250);
    let nik_x1 = w * rng.gen_range(0.626..0.668);
    let adv = (nik_x1 - nik_x0) / 15.8;
    let label_w = nik_face.width(nik_cap, "NIK");
    let colon_w = nik_face.width(nik_cap, ":");
    let nik_colon = (w * rng.gen_range(0.182..0.212)).min(nik_x0 - colon_w - 3.0);
    let nik_label_x = (w * rng.gen_range(0.02..0.09)).min(nik_colon - label_w - 6.0);
    nik_face.draw(&mut img, nik_label_x, nik_top, nik_cap, "NIK", ink);
    nik_face.draw(&mut img, nik_colon, nik_top, nik_cap, ":", ink);
    for (i, ch) in fl.nik.chars().enumerate() {
        let cw = nik_face.width(nik_cap, &ch.to_string());
        let x = nik_x0 + i as f32 * adv + (adv - cw).min(0.0) / 2.0;
        nik_face.draw(&mut img, x, nik_top, nik_cap, &ch.to_string(), ink);
    }

    // Field rows
    let face = &f.regular;
    let label_x = w * rng.gen_range(0.023..0.030);
    let indent_x = w * rng.gen_range(0.077..0.093);
    let colon_x = if rng.gen_bool(0.5) {
        w * rng.gen_range(0.227..0.236)
    } else {
        w * rng.gen_range(0.249..0.261)
    };
    let widest_label = face.width(1.0, "Status Perkawinan");
    let cap = (h * rng.gen_range(0.0265..0.0295)).min((colon_x - label_x - 3.0) / widest_label);
    let colon_mode = *pick(
        rng,
        &[
            (ColonMode::Column, 0.62),
            (ColonMode::GluedValue, 0.26),
            (ColonMode::GluedLabel, 0.12),
        ],
    );
    let colon_adv = face.width(cap, ":");
    let value_x = match colon_mode {
        ColonMode::GluedValue => colon_x + colon_adv,
        _ => colon_x + w * rng.gen_range(0.010..0.014),
    };
    let value_max = px0 - w * 0.012 - value_x;

    let jk_label = if old_print || rng.gen_bool(0.15) {
        "Jenis Kelamin"
    } else {
        "Jenis kelamin"
    };
    let ttl = format!("{}, {}", fl.tempat_lahir, fl.tanggal_lahir);
    let ttl_lines = if face.width(cap, &ttl) <= value_max {
        vec![ttl]
    } else {
        let mut l = wrap(face, cap, &format!("{},", fl.tempat_lahir), value_max);
        l.push(fl.tanggal_lahir.clone());
        l
    };
    let rtrw = if rng.gen_bool(0.2) {
        format!("{} / {}", fl.rt, fl.rw)
    } else {
        format!("{}/{}", fl.rt, fl.rw)
    };
    let wr = |s: &str| wrap(face, cap, s, value_max);
    let rows = vec![
        Row {
            label: "Nama",
            indent: false,
            lines: wr(&fl.nama),
        },
        Row {
            label: "Tempat/Tgl Lahir",
            indent: false,
            lines: ttl_lines,
        },
        Row {
            label: jk_label,
            indent: false,
            lines: vec![fl.jenis_kelamin.clone()],
        },
        Row {
            label: "Alamat",
            indent: false,
            lines: wr(&fl.alamat),
        },
        Row {
            label: "RT/RW",
            indent: true,
            lines: vec![rtrw],
        },
        Row {
            label: "Kel/Desa",
            indent: true,
            lines: wr(&fl.kel_desa),
        },
        Row {
            label: "Kecamatan",
            indent: true,
            lines: wr(&fl.kecamatan),
        },
        Row {
            label: "Agama",
            indent: false,
            lines: wr(&fl.agama),
        },
        Row {
            label: "Status Perkawinan",
            indent: false,
            lines: wr(&fl.status_perkawinan),
        },
        Row {
            label: "Pekerjaan",
            indent: false,
            lines: wr(&fl.pekerjaan),
        },
        Row {
            label: "Kewarganegaraan",
            indent: false,
            lines: wr(&fl.kewarganegaraan),
        },
        Row {
            label: "Berlaku Hingga",
            indent: false,
            lines: vec![fl.berlaku_hingga.clone()],
        },
    ];
    let total_lines: usize = rows.iter().map(|r| r.lines.len()).sum();
    let row0 = h * rng.gen_range(0.251..0.272);
    let mut pitch = h * rng.gen_range(0.0458..0.0472);
    let last_top_max = h * 0.935 - cap;
    if row0 + pitch * (total_lines as f32 - 1.0) > last_top_max {
        pitch = (last_top_max - row0) / (total_lines as f32 - 1.0);
    }

    let mut line_no = 0usize;
    for row in &rows {
        let top = row0 + pitch * line_no as f32 + rng.gen_range(-0.4..0.4);
        let lx = if row.indent { indent_x } else { label_x } + rng.gen_range(-0.6..0.6);
        match colon_mode {
            ColonMode::GluedLabel => {
                let sep = if rng.gen_bool(0.3) { " :" } else { ":" };
                face.draw(&mut img, lx, top, cap, &format!("{}{sep}", row.label), ink);
            }
            _ => {
                face.draw(&mut img, lx, top, cap, row.label, ink);
                face.draw(&mut img, colon_x, top, cap, ":", ink);
            }
        }
        for (i, line) in row.lines.iter().enumerate() {
            let t = top + pitch * i as f32;
            face.draw(&mut img, value_x, t, cap, line, ink);
        }
        if row.label == jk_label {
            // Gol. Darah on the same row.
            let gd_label = if rng.gen_bool(0.5) {
                "Gol. Darah"
            } else {
                "Gol Darah"
            };
            let gd_x = w * rng.gen_range(0.487..0.505);
            let gd_end = gd_x + face.width(cap, gd_label);
            let gd_colon = if rng.gen_bool(0.5) {
                gd_end
                    + if rng.gen_bool(0.5) {
                        0.0
                    } else {
                        face.width(cap, " ")
                    }
            } else {
                (w * rng.gen_range(0.60..0.64)).max(gd_end + 3.0)
            };
            face.draw(&mut img, gd_x, top, cap, gd_label, ink);
            let gd_value_x = match colon_mode {
                ColonMode::GluedValue => gd_colon + colon_adv,
                _ => gd_colon + colon_adv + w * rng.gen_range(0.004..0.008),
            };
            face.draw(&mut img, gd_colon, top, cap, ":", ink);
            face.draw(&mut img, gd_value_x, top, cap, &fl.gol_darah, ink);
        }
        line_no += row.lines.len();
    }

    // Issue place and date under the photo, then the signature.
    let ic = w * rng.gen_range(0.820..0.840);
    let i_cap = cap * rng.gen_range(0.95..1.02);
    let i_top = h * rng.gen_range(0.673..0.680);
    let i_pitch = h * rng.gen_range(0.037..0.040);
    let place_lines = wrap(face, i_cap, &fl.tempat_terbit, w * 0.27);
    for (i, line) in place_lines.iter().enumerate() {
        draw_centered(
            &mut img,
            face,
            ic,
            i_top + i_pitch * i as f32,
            i_cap,
            line,
            ink,
        );
    }
    let date_top = i_top + i_pitch * place_lines.len() as f32;
    draw_centered(&mut img, face, ic, date_top, i_cap, &fl.tanggal_terbit, ink);
    if rng.gen_bool(0.9) {
        let top = date_top + i_cap + h * rng.gen_range(0.008..0.02);
        let bottom = h * rng.gen_range(0.87..0.92);
        let cx = w * rng.gen_range(0.81..0.84);
        let width = w * rng.gen_range(0.11..0.17);
        draw_signature(
            &mut img,
            rng,
            cx,
            top,
            bottom.max(top + h * 0.06),
            width,
            ink,
        );
    }
    img
}

/// Coverage of an ellipse at a point, antialiased over about one pixel. `scale` converts the
/// normalised units to pixels.
fn ellipse_cov(px: f32, py: f32, cx: f32, cy: f32, rx: f32, ry: f32, scale: f32) -> f32 {
    let e = (((px - cx) / rx).powi(2) + ((py - cy) / ry).powi(2)).sqrt();
    ((1.0 - e) * rx.min(ry) * scale + 0.5).clamp(0.0, 1.0)
}

/// The photo: a plain red or blue backdrop with a head-and-shoulders silhouette built from
/// flat shapes (no facial features).
fn draw_photo(
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
                let a = ellipse_cov(
                    u,
                    vy,
                    head_cx,
                    hcy + 0.05,
                    head_rx * 1.5,
                    head_ry * 1.35,
                    scale,
                );
                let drape = ellipse_cov(
                    u,
                    vy,
                    head_cx,
                    hcy + head_ry * 1.25,
                    head_rx * 2.1,
                    head_ry * 0.95,
                    scale,
                );
                put(&mut c, body_col(suit, u, vy, body_cy), body);
                let fold = 1.0 - 0.08 * smoothstep(hcy, hcy + head_ry * 2.0, vy);
                put(&mut c, hijab_col.map(|v| v * fold), a.max(drape));
                let face = ellipse_cov(
                    u,
                    vy,
                    head_cx,
                    hcy + 0.02,
                    head_rx * 0.8,
                    head_ry * 0.78,
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

/// A scribbled signature: a looping pen stroke plus sometimes an underline flourish.
fn draw_signature(
    img: &mut RgbImage,
    rng: &mut ChaCha8Rng,
    cx: f32,
    top: f32,
    bottom: f32,
    width: f32,
    ink: Rgb<u8>,
) {
    let hgt = bottom - top;
    let tau = std::f32::consts::TAU;
    let mut pts: Vec<(f32, f32)> = Vec::new();
    let n = 260;
    // A cursive-like stroke: a rotating pen whose radius and speed drift smoothly while the
    // hand moves right; where the circling outruns the hand the stroke loops back.
    let cycles = rng.gen_range(3.0..7.5f32);
    let loopiness = rng.gen_range(0.25..1.0f32);
    let phases: Vec<f32> = (0..4).map(|_| rng.gen_range(0.0..tau)).collect();
    let freqs: Vec<f32> = (0..4).map(|_| rng.gen_range(0.6..2.4f32)).collect();
    let slope = rng.gen_range(-0.35..0.15f32);
    let slant = rng.gen_range(-0.1..0.45f32);
    let first_big = rng.gen_bool(0.6);
    for i in 0..=n {
        let t = i as f32 / n as f32;
        let drift = |k: usize| (tau * freqs[k] * t + phases[k]).sin();
        let mut amp = 0.55 + 0.25 * drift(0) + 0.12 * drift(1);
        if first_big && t < 0.2 {
            amp += 0.45 * (1.0 - t / 0.2);
        }
        let amp = amp * hgt * 0.45;
        let phase = tau * cycles * (t + 0.06 * drift(2)) + phases[3];
        let dy = amp * phase.sin();
        let x = cx - width / 2.0 + t * width + loopiness * amp * phase.cos() - slant * dy;
        let y = top + hgt * 0.5 + dy * (0.75 + 0.25 * drift(3)) + slope * (t - 0.5) * hgt;
        pts.push((x, y));
    }
    if rng.gen_bool(0.5) {
        let y = top + hgt * rng.gen_range(0.65..0.95);
        let x0 = cx - width * rng.gen_range(0.5..0.7);
        let x1 = cx + width * rng.gen_range(0.3..0.6);
        let sag = rng.gen_range(-0.12..0.12) * hgt;
        let m = 40;
        for i in 0..=m {
            let t = i as f32 / m as f32;
            pts.push((lerp(x1, x0, t), y + sag * (t * std::f32::consts::PI).sin()));
        }
    }
    let thick = rng.gen_range(0.9..1.6f32);
    let col = [ink.0[0] as f32, ink.0[1] as f32, ink.0[2] as f32];
    // Accumulate coverage in a local buffer so overlaps do not darken twice.
    let bx0 = (cx - width).floor() as i32 - 4;
    let by0 = (top - hgt * 0.2).floor() as i32 - 4;
    let bw = (width * 2.0) as i32 + 8;
    let bh = (hgt * 1.5) as i32 + 8;
    let mut cov = vec![0f32; (bw * bh) as usize];
    for seg in pts.windows(2) {
        let ((ax, ay), (bx, by)) = (seg[0], seg[1]);
        let len = ((bx - ax).powi(2) + (by - ay).powi(2)).sqrt();
        let steps = (len / 0.5).ceil().max(1.0) as i32;
        for s in 0..=steps {
            let t = s as f32 / steps as f32;
            let (x, y) = (lerp(ax, bx, t), lerp(ay, by, t));
            let r = thick;
            for yy in (y - r - 1.0).floor() as i32..=(y + r + 1.0).ceil() as i32 {
                for xx in (x - r - 1.0).floor() as i32..=(x + r + 1.0).ceil() as i32 {
                    let d = ((xx as f32 + 0.5 - x).powi(2) + (yy as f32 + 0.5 - y).powi(2)).sqrt();
                    let a = (r + 0.5 - d).clamp(0.0, 1.0);
                    let (lx, ly) = (xx - bx0, yy - by0);
                    if a > 0.0 && lx >= 0 && ly >= 0 && lx < bw && ly < bh {
                        let c = &mut cov[(ly * bw + lx) as usize];
                        *c = c.max(a);
                    }
                }
            }
        }
    }
    for ly in 0..bh {
        for lx in 0..bw {
            let a = cov[(ly * bw + lx) as usize];
            if a > 0.0 {
                blend(img, lx + bx0, ly + by0, col, a * 0.9);
            }
        }
    }
}

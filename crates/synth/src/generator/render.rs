//! Drawing the upright card front: background, header, NIK, the twelve field rows, the photo
//! box with a synthetic silhouette (never a face), issue place/date and a scribbled signature.
//!
//! Positions follow `docs/ktp-layout.md` (fractions of card width W and height H) and are
//! jittered per card inside the ranges measured on real cards.

use super::artwork::{artwork, TEMPLATE_GROUND};
use super::filters::clamp_u8;
use super::photo::draw_photo;
use super::print::{strengthen_watermark, PrintStyle};
use super::signature::draw_signature;
use super::text::{fonts, wrap, Pen};
use super::values::{pick, CardValues};
use image::{Rgb, RgbImage};
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use std::collections::BTreeMap;

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

/// Recolour the shared artwork to this card's ground colour.
fn background(rng: &mut ChaCha8Rng) -> RgbImage {
    // Blue over green over red, as on the cards (never lavender or grey).
    let b = rng.gen_range(232.0..254.0f32);
    let g = (b - rng.gen_range(8.0..26.0f32)).clamp(212.0, 244.0);
    let r = (g - rng.gen_range(20.0..40.0f32)).clamp(178.0, 222.0);
    let target = [r, g, b];
    let k: Vec<f32> = (0..3).map(|c| target[c] / TEMPLATE_GROUND[c]).collect();
    let mut img = artwork().clone();
    for p in img.pixels_mut() {
        for (v, k) in p.0.iter_mut().zip(&k) {
            *v = clamp_u8(*v as f32 * k);
        }
    }
    img
}

/// Draws `text` centred on `cx`; returns its left edge.
fn draw_centered(
    img: &mut RgbImage,
    face: &Pen,
    cx: f32,
    top: f32,
    cap: f32,
    text: &str,
    ink: Rgb<u8>,
) -> f32 {
    let x = cx - face.width(cap, text) / 2.0;
    face.draw(img, x, top, cap, text, ink);
    x
}

/// Where each field's characters lie on the upright card: the centre of every glyph (spaces
/// and separators left out), in card pixels, by field name. It lets the generator say how
/// much of a field a capture effect such as glare covered.
pub type Glyphs = BTreeMap<&'static str, Vec<(f32, f32)>>;

/// Centres of the characters `chars` (a range of char indices) of `line`, drawn with its
/// left edge at `x` and its capitals' top at `top`; spaces are skipped.
fn glyph_centres(
    face: &Pen,
    x: f32,
    top: f32,
    cap: f32,
    line: &str,
    chars: std::ops::Range<usize>,
) -> Vec<(f32, f32)> {
    let mut out = Vec::new();
    let mut prefix = String::new();
    for (i, ch) in line.chars().enumerate() {
        if chars.contains(&i) && !ch.is_whitespace() {
            let left = face.width(cap, &prefix);
            let mid = left + face.width(cap, &ch.to_string()) / 2.0;
            out.push((x + mid, top + cap / 2.0));
        }
        prefix.push(ch);
    }
    out
}

/// On how many lines the issue place was printed.
pub fn issue_place_lines(glyphs: &Glyphs) -> usize {
    let mut tops: Vec<i32> = glyphs
        .get("tempat_terbit")
        .map(|c| c.iter().map(|p| p.1.round() as i32).collect())
        .unwrap_or_default();
    tops.sort_unstable();
    tops.dedup();
    tops.len()
}

struct Row {
    label: &'static str,
    /// The field (or fields) printed in this row, as named in [`ktp_ocr::ktp::FIELD_NAMES`].
    field: &'static str,
    indent: bool,
    lines: Vec<String>,
}

/// Render the upright card for `v` as `print` sets it, with where each field's characters
/// went.
pub fn render_card(rng: &mut ChaCha8Rng, v: &CardValues, print: &PrintStyle) -> (RgbImage, Glyphs) {
    let mut glyphs = Glyphs::new();
    let f = fonts();
    let bold = Pen::plain(&f.bold);
    let fl = &v.fields;
    let (w, h) = (CARD_W as f32, CARD_H as f32);
    let mut img = background(rng);
    strengthen_watermark(&mut img, print.watermark);

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
    let widest = bold
        .width(h_cap, &line1)
        .max(bold.width(h_cap, &fl.kabupaten_kota));
    if widest > 0.9 * w {
        h_cap *= 0.9 * w / widest;
    }
    let x = draw_centered(&mut img, &bold, hc, h1_top, h_cap, &line1, ink);
    let n = line1.chars().count();
    let after_label = "PROVINSI ".len()..n;
    let centres = glyph_centres(&bold, x, h1_top, h_cap, &line1, after_label);
    glyphs.insert("provinsi", centres);
    let x = draw_centered(&mut img, &bold, hc, h2_top, h_cap, &fl.kabupaten_kota, ink);
    let n = fl.kabupaten_kota.chars().count();
    let centres = glyph_centres(&bold, x, h2_top, h_cap, &fl.kabupaten_kota, 0..n);
    glyphs.insert("kabupaten_kota", centres);

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
    let mut nik_glyphs = Vec::new();
    for (i, ch) in fl.nik.chars().enumerate() {
        let cw = nik_face.width(nik_cap, &ch.to_string());
        let x = nik_x0 + i as f32 * adv + (adv - cw).min(0.0) / 2.0;
        nik_face.draw(&mut img, x, nik_top, nik_cap, &ch.to_string(), ink);
        nik_glyphs.push((x + cw / 2.0, nik_top + nik_cap / 2.0));
    }
    glyphs.insert("nik", nik_glyphs);

    // Field rows
    let face = &Pen {
        face: &f.regular,
        style: print.text,
    };
    let label_x = w * rng.gen_range(0.023..0.030);
    let indent_x = w * rng.gen_range(0.077..0.093);
    let colon_x = if rng.gen_bool(0.5) {
        w * rng.gen_range(0.227..0.236)
    } else {
        w * rng.gen_range(0.249..0.261)
    };
    // The label column is sized by the font's own metrics, whatever the spacing.
    let widest_label = f.regular.width(1.0, "Status Perkawinan");
    let cap = (h * rng.gen_range(0.0265..0.0295)).min((colon_x - label_x - 3.0) / widest_label);
    let colon_mode = pick(
        rng,
        &[
            (ColonMode::Column, 0.62),
            (ColonMode::GluedValue, 0.26),
            (ColonMode::GluedLabel, 0.12),
        ],
    );
    let colon_adv = face.width(cap, ":");
    let label_sep = if rng.gen_bool(0.3) { " :" } else { ":" };
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
            field: "nama",
            indent: false,
            lines: wr(&fl.nama),
        },
        Row {
            label: "Tempat/Tgl Lahir",
            field: "tempat_lahir",
            indent: false,
            lines: ttl_lines,
        },
        Row {
            label: jk_label,
            field: "jenis_kelamin",
            indent: false,
            lines: vec![fl.jenis_kelamin.clone()],
        },
        Row {
            label: "Alamat",
            field: "alamat",
            indent: false,
            lines: wr(&fl.alamat),
        },
        Row {
            label: "RT/RW",
            field: "rt",
            indent: true,
            lines: vec![rtrw],
        },
        Row {
            label: "Kel/Desa",
            field: "kel_desa",
            indent: true,
            lines: wr(&fl.kel_desa),
        },
        Row {
            label: "Kecamatan",
            field: "kecamatan",
            indent: true,
            lines: wr(&fl.kecamatan),
        },
        Row {
            label: "Agama",
            field: "agama",
            indent: false,
            lines: wr(&fl.agama),
        },
        Row {
            label: "Status Perkawinan",
            field: "status_perkawinan",
            indent: false,
            lines: wr(&fl.status_perkawinan),
        },
        Row {
            label: "Pekerjaan",
            field: "pekerjaan",
            indent: false,
            lines: wr(&fl.pekerjaan),
        },
        Row {
            label: "Kewarganegaraan",
            field: "kewarganegaraan",
            indent: false,
            lines: wr(&fl.kewarganegaraan),
        },
        Row {
            label: "Berlaku Hingga",
            field: "berlaku_hingga",
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
                face.draw(
                    &mut img,
                    lx,
                    top,
                    cap,
                    &format!("{}{label_sep}", row.label),
                    ink,
                );
            }
            _ => {
                face.draw(&mut img, lx, top, cap, row.label, ink);
                face.draw(&mut img, colon_x, top, cap, ":", ink);
            }
        }
        for (i, line) in row.lines.iter().enumerate() {
            let t = top + pitch * i as f32;
            face.draw(&mut img, value_x, t, cap, line, ink);
            let n = line.chars().count();
            let mut add = |field, chars| {
                let centres = glyph_centres(face, value_x, t, cap, line, chars);
                glyphs.entry(field).or_default().extend(centres);
            };
            match row.field {
                // "RT/RW" or "RT / RW": the RT's digits first, the RW's last.
                "rt" => {
                    add("rt", 0..fl.rt.chars().count());
                    add("rw", n - fl.rw.chars().count()..n);
                }
                // "PLACE, DD-MM-YYYY" on one line, or the place (with its comma) wrapped
                // and the date on a line of its own.
                "tempat_lahir" => {
                    let date = fl.tanggal_lahir.chars().count();
                    if i + 1 < row.lines.len() {
                        add(
                            "tempat_lahir",
                            0..n.saturating_sub(usize::from(line.ends_with(','))),
                        );
                    } else if n == date {
                        add("tanggal_lahir", 0..n);
                    } else {
                        add("tempat_lahir", 0..n - date - 2);
                        add("tanggal_lahir", n - date..n);
                    }
                }
                field => add(field, 0..n),
            }
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
            let mut gd_value_x = match colon_mode {
                ColonMode::GluedValue => gd_colon + colon_adv,
                _ => gd_colon + colon_adv + w * rng.gen_range(0.004..0.008),
            };
            if let (Some(gap), "-") = (print.dash_gap, fl.gol_darah.as_str()) {
                let dash_right = px0 - w * gap;
                gd_value_x = gd_value_x.max(dash_right - face.width(cap, "-"));
            }
            face.draw(&mut img, gd_colon, top, cap, ":", ink);
            face.draw(&mut img, gd_value_x, top, cap, &fl.gol_darah, ink);
            let n = fl.gol_darah.chars().count();
            let centres = glyph_centres(face, gd_value_x, top, cap, &fl.gol_darah, 0..n);
            glyphs.insert("gol_darah", centres);
        }
        line_no += row.lines.len();
    }

    // Issue place and date under the photo, then the signature.
    let ic = w * rng.gen_range(0.820..0.840);
    let i_cap = cap * rng.gen_range(0.95..1.02);
    let i_top = h * rng.gen_range(0.673..0.680);
    let i_pitch = h * rng.gen_range(0.037..0.040);
    let place_lines = wrap(face, i_cap, &fl.tempat_terbit, w * print.issue_column);
    for (i, line) in place_lines.iter().enumerate() {
        let top = i_top + i_pitch * i as f32;
        let x = draw_centered(&mut img, face, ic, top, i_cap, line, ink);
        let centres = glyph_centres(face, x, top, i_cap, line, 0..line.chars().count());
        glyphs.entry("tempat_terbit").or_default().extend(centres);
    }
    let date_top = i_top + i_pitch * place_lines.len() as f32;
    let date = &fl.tanggal_terbit;
    let x = draw_centered(&mut img, face, ic, date_top, i_cap, date, ink);
    let centres = glyph_centres(face, x, date_top, i_cap, date, 0..date.chars().count());
    glyphs.insert("tanggal_terbit", centres);
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
    (img, glyphs)
}

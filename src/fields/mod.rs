//! From recognised lines and their geometry to every field on the card.
//!
//! Geometry is taken relative to the labels found, never from fixed pixel positions: the
//! labels give the row anchors and the row pitch, the values on each row give the value
//! column, and anything far right of the value chain (photo, issue place and date,
//! signature) is kept out of the left-column fields.
//!
//! Stages, one module each: `segments` (lines cut into labels and value pieces), `layout`
//! (label column, rows, pitch, value column), `tail` (rows below the last label read),
//! `rows` (pieces to rows, rows to values), `header` (province and regency),
//! `under_photo` (issue place and date); [`values`] and [`vocab`] give each field its printed
//! form, [`region`] corrects region names against the official table.

mod address;
pub mod closed;
pub mod frame;
mod header;
pub mod labels;
mod layout;
pub mod region;
mod rows;
mod segments;
mod tail;
pub mod text;
mod under_photo;
pub mod values;
pub mod vocab;
mod watermark;

use crate::ktp::KtpFields;
use crate::ocr::geometry::Quad;
pub use closed::Repair;
pub use frame::LayoutSummary;
use labels::Label;
use layout::Layout;
use segments::Segment;
use std::collections::BTreeMap;
use text::strip_separator;

/// One recognised text line, in the coordinates of the image it was read from.
#[derive(Debug, Clone)]
pub struct Line {
    pub text: String,
    pub char_confidences: Vec<f32>,
    pub quad: Quad,
}

/// One field as read: its value, a confidence in [0, 1] and where it came from.
#[derive(Debug, Clone, Default)]
pub struct FieldValue {
    pub value: String,
    pub confidence: f32,
    /// Indices of the lines the value was read from.
    pub lines: Vec<usize>,
    /// For each of `lines`, the char index where the value begins in that line (after a
    /// label and colon read in the same box).
    pub starts: Vec<usize>,
    /// How the value was made from a reading that was not one of its list's values.
    pub repair: Option<Repair>,
}

/// The parser's result: each field by its name in [`crate::ktp::FIELD_NAMES`].
#[derive(Debug, Clone, Default)]
pub struct ParsedFields {
    pub fields: BTreeMap<&'static str, FieldValue>,
    /// Number of labels recognised; a card with almost none is not a KTP reading.
    pub labels_found: usize,
    /// The line holding the `Gol. Darah` label, if read: its value is a single short
    /// character that the detector's box sometimes leaves out.
    pub gol_darah_label_line: Option<usize>,
    /// The card's geometry as the labels place it (see [`frame`]).
    pub layout: Option<LayoutSummary>,
}

impl ParsedFields {
    pub fn values(&self) -> KtpFields {
        values_of(&self.fields)
    }
}

/// The values of `fields` as plain strings.
pub fn values_of(fields: &BTreeMap<&'static str, FieldValue>) -> KtpFields {
    KtpFields::from_pairs(fields.iter().map(|(n, f)| (*n, f.value.as_str())))
}

/// How much of a card a reading holds: the sum of its values' confidences (a card read whole
/// and sure scores about 20, one per field). Compares two readings of the same image.
pub fn evidence<'a>(fields: impl IntoIterator<Item = &'a FieldValue>) -> f32 {
    fields
        .into_iter()
        .filter(|f| !f.value.is_empty())
        .map(|f| f.confidence)
        .sum()
}

/// Parse the fields of a card from its recognised lines.
pub fn parse(lines: &[Line]) -> ParsedFields {
    let (mut segments, angle) = segments::split(lines);
    let layout = Layout::measure(&segments);

    // Only labels stand in the label column. Where glare or wear left a label unreadable,
    // what was read of it must not become a value: a piece ending before the value column
    // is dropped (see `Layout::is_label_fragment`), and a piece reaching from the label
    // column into the values loses its head.
    if let Some(vc) = layout.value_col {
        for s in segments
            .iter_mut()
            .filter(|s| s.label.is_none() && s.y >= layout.top_y)
        {
            segments::drop_label_head(s, vc, layout.text_h);
        }
    }

    let mut rows = layout.rows.clone();
    let right_col = layout.right_col();
    tail::extend_below(&mut rows, &segments, layout.pitch, |s| {
        s.label.is_none() && !layout.is_label_fragment(s) && right_col.is_none_or(|r| s.x0 < r)
    });

    let mut assignment = rows::assign(&segments, &layout, &rows);
    let mut fields: BTreeMap<&'static str, FieldValue> = BTreeMap::new();
    rows::read(&mut fields, &segments, &layout, &rows, &mut assignment);
    if !fields.contains_key("nik") {
        rows::nik_without_label(&mut fields, &segments, &mut assignment.header);
    }
    assignment
        .header
        .sort_by(|a, b| segments[*a].y.total_cmp(&segments[*b].y));
    header::read(&mut fields, &segments, &assignment.header, layout.pitch);
    let issue_date_x = under_photo::read(&mut fields, &segments, assignment.unassigned, &layout);

    ParsedFields {
        fields,
        labels_found: layout.labels_found(),
        gol_darah_label_line: segments
            .iter()
            .find(|s| s.label == Some(Label::GolDarah))
            .map(|s| s.line),
        layout: Some(LayoutSummary::new(angle, &layout, issue_date_x)),
    }
}

/// Group segment indices (sorted by y) into printed lines.
fn group_lines(segments: &[Segment], idxs: &[usize], tol: f32) -> Vec<Vec<usize>> {
    let mut out: Vec<Vec<usize>> = Vec::new();
    for &i in idxs {
        match out.last_mut() {
            Some(g) if (segments[g[0]].y - segments[i].y).abs() < tol => g.push(i),
            _ => out.push(vec![i]),
        }
    }
    for g in &mut out {
        g.sort_by(|a, b| segments[*a].x0.total_cmp(&segments[*b].x0));
    }
    out
}

fn joined(segments: &[Segment], idxs: &[usize]) -> String {
    idxs.iter()
        .map(|&i| strip_separator(&segments[i].text))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A line of `text` whose box starts at (x, y) (card of about 1000 x 630 px, 20 px text).
    fn line(text: &str, x: f32, y: f32) -> Line {
        let w = 11.0 * text.chars().count() as f32;
        Line {
            text: text.into(),
            char_confidences: vec![0.95; text.chars().count()],
            quad: Quad::from_rect(x, y, x + w, y + 20.0),
        }
    }

    /// Rows at the card's pitch (29 px) from y = 165, labels at x = 25, values at x = 250.
    fn card(rows: &[(&str, &str)], extra: Vec<Line>) -> Vec<Line> {
        let mut lines = vec![
            line("PROVINSI JAWA BARAT", 330.0, 20.0),
            line("KOTA BEKASI", 400.0, 58.0),
            line("NIK", 20.0, 110.0),
            line(": 3275014512900003", 200.0, 110.0),
        ];
        let mut y = 165.0;
        for (label, value) in rows {
            if !label.is_empty() {
                let indent = if ["RT/RW", "Kel/Desa", "Kecamatan"].contains(label) {
                    55.0
                } else {
                    0.0
                };
                lines.push(line(label, 25.0 + indent, y));
            }
            if !value.is_empty() {
                lines.push(line(value, 235.0, y));
            }
            y += 29.0;
        }
        lines.extend(extra);
        lines
    }

    fn standard_rows() -> Vec<(&'static str, &'static str)> {
        vec![
            ("Nama", ": SITI AMINAH"),
            ("Tempat/Tgl Lahir", ": BEKASI,05-12-1990"),
            ("Jenis kelamin", ": PEREMPUAN"),
            ("Alamat", ":JL.MAWAR NO.5"),
            ("RT/RW", ": 001/024"),
            ("Kel/Desa", ": MARGAHAYU"),
            ("Kecamatan", ": BEKASI TIMUR"),
            ("Agama", ":ISLAM"),
            ("Status Perkawinan", ": KAWIN"),
            ("Pekerjaan", ": KARYAWAN SWASTA"),
            ("Kewarganegaraan", ": WNI"),
            ("Berlaku Hingga", ": SEUMUR HIDUP"),
        ]
    }

    #[test]
    fn reads_every_field_of_a_plain_card() {
        let extra = vec![
            line("Gol. Darah", 495.0, 223.0),
            line(": AB", 610.0, 223.0),
            line("KOTA BEKASI", 770.0, 428.0),
            line("12-06-2016", 775.0, 456.0),
        ];
        let p = parse(&card(&standard_rows(), extra));
        let v = p.values();
        assert_eq!(v.provinsi, "JAWA BARAT");
        assert_eq!(v.kabupaten_kota, "KOTA BEKASI");
        assert_eq!(v.nik, "3275014512900003");
        assert_eq!(v.nama, "SITI AMINAH");
        assert_eq!(
            (v.tempat_lahir.as_str(), v.tanggal_lahir.as_str()),
            ("BEKASI", "05-12-1990")
        );
        assert_eq!(
            (v.jenis_kelamin.as_str(), v.gol_darah.as_str()),
            ("PEREMPUAN", "AB")
        );
        assert_eq!(v.alamat, "JL. MAWAR NO. 5");
        assert_eq!((v.rt.as_str(), v.rw.as_str()), ("001", "024"));
        assert_eq!(v.kel_desa, "MARGAHAYU");
        assert_eq!(v.kecamatan, "BEKASI TIMUR");
        assert_eq!(v.agama, "ISLAM");
        assert_eq!(v.status_perkawinan, "KAWIN");
        assert_eq!(v.pekerjaan, "KARYAWAN SWASTA");
        assert_eq!(v.kewarganegaraan, "WNI");
        assert_eq!(v.berlaku_hingga, "SEUMUR HIDUP");
        assert_eq!(v.tempat_terbit, "KOTA BEKASI");
        assert_eq!(v.tanggal_terbit, "12-06-2016");
        assert!(p.labels_found >= 12);
    }

    #[test]
    fn a_blood_type_whose_label_glare_took_is_still_read() {
        // `Gol. Darah` read as `GolL` (glare over `. Darah`), the value a box of its own
        let with = |value: &str| {
            let extra = vec![
                line("GolL", 495.0, 223.0),
                line(value, 610.0, 223.0),
                line("KOTA BEKASI", 770.0, 428.0),
                line("12-06-2016", 775.0, 456.0),
            ];
            parse(&card(&standard_rows(), extra)).values()
        };
        let v = with("O");
        assert_eq!(
            (v.jenis_kelamin.as_str(), v.gol_darah.as_str()),
            ("PEREMPUAN", "O")
        );
        assert_eq!(with("-").gol_darah, "-");
        // a piece there that is no blood type is not taken for one
        assert_eq!(with("OX").gol_darah, "");
        // nor is a blood-type-like piece past the issue date's centre (the photo's side)
        let extra = vec![
            line("KOTA BEKASI", 770.0, 428.0),
            line("12-06-2016", 775.0, 456.0),
            line("O", 900.0, 223.0),
        ];
        assert_eq!(parse(&card(&standard_rows(), extra)).values().gol_darah, "");
    }

    #[test]
    fn the_face_beside_the_blood_type_is_not_read_into_it() {
        // `Gol. Darah : -`, and the photo's face oval read as `O`, five text heights tall,
        // on the same row
        let face = Line {
            text: "O".into(),
            char_confidences: vec![0.9],
            quad: Quad::from_rect(700.0, 183.0, 790.0, 283.0),
        };
        let extra = vec![
            line("Gol. Darah", 495.0, 223.0),
            line(": -", 610.0, 223.0),
            face,
            line("KOTA BEKASI", 770.0, 428.0),
            line("12-06-2016", 775.0, 456.0),
        ];
        assert_eq!(
            parse(&card(&standard_rows(), extra)).values().gol_darah,
            "-"
        );
    }

    #[test]
    fn a_tilted_card_reads_like_a_straight_one() {
        let (sin, cos) = 0.12f32.sin_cos();
        let lines: Vec<Line> = card(&standard_rows(), vec![])
            .into_iter()
            .map(|mut l| {
                l.quad = l.quad.map(|p| {
                    crate::ocr::geometry::Point::new(
                        p.x * cos - p.y * sin + 100.0,
                        p.x * sin + p.y * cos,
                    )
                });
                l
            })
            .collect();
        let v = parse(&lines).values();
        assert_eq!(v.nama, "SITI AMINAH");
        assert_eq!(v.jenis_kelamin, "PEREMPUAN");
        assert_eq!(v.agama, "ISLAM");
        assert_eq!(v.pekerjaan, "KARYAWAN SWASTA");
        assert_eq!(v.berlaku_hingga, "SEUMUR HIDUP");
    }

    #[test]
    fn wrapped_address_joins_and_rows_below_shift() {
        let mut rows = standard_rows();
        rows[3] = ("Alamat", ": PERUM GRIYA ASRI BLOK C2/15 JALAN");
        rows.insert(4, ("", "KENANGA RAYA"));
        let p = parse(&card(&rows, vec![]));
        let v = p.values();
        assert_eq!(v.alamat, "PERUM GRIYA ASRI BLOK C2/15 JALAN KENANGA RAYA");
        assert_eq!((v.rt.as_str(), v.rw.as_str()), ("001", "024"));
        assert_eq!(v.kel_desa, "MARGAHAYU");
    }

    #[test]
    fn issue_place_close_to_a_long_value_stays_in_the_right_column() {
        let mut rows = standard_rows();
        rows[9] = ("Pekerjaan", ": MENGURUS RUMAH TANGGA");
        // the place starts 2 text heights after the value ends
        let extra = vec![
            line("KOTA PEKALONGAN", 533.0, 426.0),
            line("01-02-2013", 560.0, 455.0),
        ];
        let v = parse(&card(&rows, extra)).values();
        assert_eq!(v.pekerjaan, "MENGURUS RUMAH TANGGA");
        assert_eq!(v.tempat_terbit, "KOTA PEKALONGAN");
    }

    /// `lines` of a card stored at `share` of its width.
    fn squeezed(lines: Vec<Line>, share: f32) -> Vec<Line> {
        use crate::ocr::geometry::Point;
        lines
            .into_iter()
            .map(|mut l| {
                l.quad = Quad(l.quad.0.map(|p| Point::new(p.x * share, p.y)));
                l
            })
            .collect()
    }

    #[test]
    fn a_card_squeezed_sideways_keeps_its_issue_place_and_date() {
        // stored at a quarter of its width: the issue date stands 6.75 text heights right of
        // the values instead of 27
        let extra = vec![
            line("SUMBA BARAT", 770.0, 397.0),
            line("24-10-2013", 775.0, 455.0),
        ];
        let v = parse(&squeezed(card(&standard_rows(), extra), 0.25)).values();
        assert_eq!(v.tempat_terbit, "SUMBA BARAT");
        assert_eq!(v.tanggal_terbit, "24-10-2013");
        assert_eq!(v.status_perkawinan, "KAWIN");
        assert_eq!(v.kewarganegaraan, "WNI");
        // a date that far right whose year is no issue year is not taken for one
        let extra = vec![line("24-10-1986", 775.0, 455.0)];
        let v = parse(&squeezed(card(&standard_rows(), extra), 0.25)).values();
        assert_eq!(v.tanggal_terbit, "");
    }

    #[test]
    fn watermark_words_above_the_issue_place_are_no_part_of_it() {
        // the watermark read as lines of its own just above the place
        let extra = vec![
            line("ANDA PENDUDUK KA", 760.0, 370.0),
            line("KARTU TANDA", 770.0, 398.0),
            line("KAYONG UTARA", 770.0, 426.0),
            line("28-08-2017", 775.0, 455.0),
        ];
        let v = parse(&card(&standard_rows(), extra)).values();
        assert_eq!(v.tempat_terbit, "KAYONG UTARA");
        assert_eq!(v.tanggal_terbit, "28-08-2017");
        // a place on two lines is still both
        let extra = vec![
            line("KARTU TANDA", 770.0, 370.0),
            line("KABUPATEN", 780.0, 398.0),
            line("KAYONG UTARA", 770.0, 426.0),
            line("28-08-2017", 775.0, 455.0),
        ];
        let v = parse(&card(&standard_rows(), extra)).values();
        assert_eq!(v.tempat_terbit, "KABUPATEN KAYONG UTARA");
    }

    #[test]
    fn a_strong_watermark_does_not_tilt_the_card() {
        // 30 long diagonal watermark lines (25 degrees) outnumber the card's rows
        let diagonal = |x: f32, y: f32| {
            let (w, h) = (260.0f32, 18.0f32);
            let (s, c) = 25f32.to_radians().sin_cos();
            let at = |dx: f32, dy: f32| {
                crate::ocr::geometry::Point::new(x + dx * c - dy * s, y + dx * s + dy * c)
            };
            Line {
                text: "KARTU TANDA PENDUDUK".into(),
                char_confidences: vec![0.9; 20],
                quad: Quad([at(0.0, 0.0), at(w, 0.0), at(w, h), at(0.0, h)]),
            }
        };
        let extra: Vec<Line> = (0..30)
            .map(|i| {
                diagonal(
                    300.0 + (i % 5) as f32 * 120.0,
                    150.0 + (i / 5) as f32 * 60.0,
                )
            })
            .collect();
        let lines = card(&standard_rows(), extra);
        let (_, angle) = segments::split(&lines);
        assert!(angle.abs() < 0.02, "tilt {angle}");
    }

    #[test]
    fn right_column_never_leaks_into_left_fields() {
        // Issue place on the Pekerjaan row and date on the Kewarganegaraan row.
        let extra = vec![
            line("JAKARTA SELATAN", 760.0, 426.0),
            line("01-02-2013", 775.0, 455.0),
        ];
        let v = parse(&card(&standard_rows(), extra)).values();
        assert_eq!(v.pekerjaan, "KARYAWAN SWASTA");
        assert_eq!(v.kewarganegaraan, "WNI");
        assert_eq!(v.tempat_terbit, "JAKARTA SELATAN");
        assert_eq!(v.tanggal_terbit, "01-02-2013");
    }

    #[test]
    fn glued_and_misread_labels_with_values_in_one_line() {
        let mut lines = card(&[], vec![]);
        let rows = [
            "Nama:BUDI SANTOSO",
            "Tempat/Tgl Lahir: SLEMAN, 17-08-1985",
            "Jenis Kelamin : LAKI-LAKI Gol Darah : O",
            "Alamat : DUSUN KRAJAN",
            "RT/RW : 003 / 007",
            "Kel/Desa:CATURTUNGGAL",
            "Kecamatan : DEPOK",
            "Agama:ISLAM",
            "Status Perkawlnan : BELUM KAWIN",
            "Pekerjaan : PELAJAR/MAHASISWA",
            "Kewarqanegaraan: WNI",
            "Berlaku Hingga : 17-08-2017",
        ];
        for (i, t) in rows.iter().enumerate() {
            lines.push(line(t, 25.0, 165.0 + 29.0 * i as f32));
        }
        let v = parse(&lines).values();
        assert_eq!(v.nama, "BUDI SANTOSO");
        assert_eq!(v.tempat_lahir, "SLEMAN");
        assert_eq!(v.jenis_kelamin, "LAKI-LAKI");
        assert_eq!(v.gol_darah, "O");
        assert_eq!((v.rt.as_str(), v.rw.as_str()), ("003", "007"));
        assert_eq!(v.kel_desa, "CATURTUNGGAL");
        assert_eq!(v.status_perkawinan, "BELUM KAWIN");
        assert_eq!(v.pekerjaan, "PELAJAR/MAHASISWA");
        assert_eq!(v.kewarganegaraan, "WNI");
        assert_eq!(v.berlaku_hingga, "17-08-2017");
    }

    #[test]
    fn a_row_whose_label_is_unread_keeps_its_value() {
        let mut lines = card(&standard_rows(), vec![]);
        lines.retain(|l| l.text != "Agama");
        let v = parse(&lines).values();
        assert_eq!(v.kecamatan, "BEKASI TIMUR");
        assert_eq!(v.agama, "ISLAM");
    }

    #[test]
    fn label_tail_glued_to_the_value_is_dropped() {
        let mut lines = card(&standard_rows(), vec![]);
        for l in &mut lines {
            if l.text == "Tempat/Tgl Lahir" {
                l.text = "Tempat/Tgl Lahi".into();
            }
            if l.text.starts_with(": BEKASI,") {
                l.text = "r :BEKASI, 05-12-1990".into();
            }
        }
        let v = parse(&lines).values();
        assert_eq!(v.tempat_lahir, "BEKASI");
    }

    #[test]
    fn nik_without_its_label_is_found_by_its_digits() {
        let mut lines = card(&standard_rows(), vec![]);
        lines.retain(|l| l.text != "NIK");
        assert_eq!(parse(&lines).values().nik, "3275014512900003");
    }

    #[test]
    fn nothing_card_like_finds_no_labels() {
        let lines = vec![
            line("SALE 50% OFF", 100.0, 100.0),
            line("OPEN DAILY", 100.0, 140.0),
        ];
        assert!(parse(&lines).labels_found < 2);
    }
}

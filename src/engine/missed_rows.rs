//! Values whose line the detector missed: a row (the NIK's too) whose label was read but
//! whose value was not, and where no box lies in the value's place, is read from the band
//! the layout puts it in.
//!
//! Text printed over a value (a large `CONTOH` stamp, a strong watermark) or a value faint
//! against the ground can leave the detector with no box there, though the recogniser reads
//! the print once given the band (`real_like` cards: addresses and validities under a red
//! stamp, a village under the watermark, a NIK under a red `FOTOKOPI SESUAI ASLI` stamp).

use super::lines::{Crops, ReadLines};
use super::Engine;
use crate::calendar::Date;
use crate::card;
use crate::confidence;
use crate::error::Result;
use crate::fields::labels::Label;
use crate::fields::{self, ParsedFields};
use crate::ocr::geometry::{crop_quad, Quad};
use image::RgbImage;

/// A column with this many ink pixels of the print alone ([`card::ink::dark_print`]) holds
/// print.
const INK_PIXELS: usize = 2;
/// A run of columns without print this many band heights wide ends the value: wider than
/// any word space, narrower than the way to the photo or to `Gol. Darah` after a value.
pub(super) const VALUE_END_GAP: f32 = 1.5;
/// Columns kept around the print found, as a share of the band's height.
const PRINT_MARGIN: f32 = 0.3;

/// The columns of a value's band that hold its print: from the first dark column to the
/// last before a gap of [`VALUE_END_GAP`], the watermark and a stamp left out (both are
/// lighter than the print in their brightest channel). `None` where the band holds no
/// print.
pub(super) fn print_columns(band: &RgbImage) -> Option<(u32, u32)> {
    let print = card::ink::dark_print(band, 0)?;
    let (w, h) = print.dimensions();
    let dark: Vec<bool> = card::ink::ink_per_column(&print, 0..w)
        .into_iter()
        .map(|n| n >= INK_PIXELS)
        .collect();
    let first = (0..w).find(|&x| dark[x as usize])?;
    let gap = (VALUE_END_GAP * h as f32) as u32;
    let mut last = first;
    for x in first..w {
        if dark[x as usize] {
            last = x;
        } else if x - last > gap {
            break;
        }
    }
    let margin = (PRINT_MARGIN * h as f32) as u32;
    Some((first.saturating_sub(margin), (last + margin + 1).min(w)))
}

/// Whether a value read from a band has its field's form: the NIK its 16 digits (its
/// checks and repairs come after, as for any NIK read), the others as
/// [`confidence::plausible`] says.
fn has_form(name: &str, value: &str, reference: Date) -> bool {
    match name {
        "nik" => crate::nik::well_formed(value),
        _ => confidence::plausible(name, value, reference),
    }
}

impl Engine {
    /// Read the band of every row whose label was read and whose fields all are missing,
    /// where no line was found; the bands join `read` as lines and the card is parsed
    /// again. Only the missing fields are taken from that parse, each when its value has
    /// its field's form. Returns the fields taken.
    pub(super) fn read_missed_rows(
        &self,
        image: &RgbImage,
        read: &mut ReadLines,
        parsed: &mut ParsedFields,
        reference: Date,
    ) -> Result<Vec<&'static str>> {
        let Some(layout) = &parsed.layout else {
            return Ok(Vec::new());
        };
        let missing = |label: &Label| {
            label
                .fields()
                .iter()
                .all(|n| parsed.fields.get(n).is_none_or(|f| f.value.is_empty()))
        };
        let bands: Vec<(Label, Quad)> = Label::ROWS
            .iter()
            .filter(|l| missing(l))
            .filter_map(|&l| Some((l, layout.value_band(l.row())?)))
            .filter(|(_, band)| !read.lines.iter().any(|l| band.contains(l.quad.center())))
            .collect();
        let (mut labels, mut crops, mut quads) = (Vec::new(), Vec::new(), Vec::new());
        for (label, band) in bands {
            let Some(crop) = crop_quad(image, &band) else {
                continue;
            };
            let Some((x0, x1)) = print_columns(&crop) else {
                continue;
            };
            // the band narrowed to its print, in the image read
            let width = crop.width() as f32;
            let (a, b) = (x0 as f32 / width, x1 as f32 / width);
            let [tl, tr, br, bl] = band.0;
            let quad = Quad([
                tl.towards(tr, a),
                tl.towards(tr, b),
                bl.towards(br, b),
                bl.towards(br, a),
            ]);
            labels.push(label);
            crops.push(image::imageops::crop_imm(&crop, x0, 0, x1 - x0, crop.height()).to_image());
            quads.push(quad);
        }
        if crops.is_empty() {
            return Ok(Vec::new());
        }
        let new = self.read_lines(Crops { crops, quads })?;
        let first_new = read.lines.len();
        let mut lines = read.lines.clone();
        lines.extend(new.lines.iter().cloned());
        let again = fields::parse(&lines);
        let mut took = Vec::new();
        for name in labels.iter().flat_map(|l| l.fields()) {
            let Some(v) = again.fields.get(name) else {
                continue;
            };
            // A value made of lines read before is not this band's: the parse placed some
            // other line (a watermark's, seen) in the row the band's reading moved.
            let from_bands = !v.lines.is_empty() && v.lines.iter().all(|&i| i >= first_new);
            if !from_bands || v.value.is_empty() || !has_form(name, &v.value, reference) {
                continue;
            }
            parsed.fields.insert(name, v.clone());
            took.push(*name);
        }
        if !took.is_empty() {
            read.lines.extend(new.lines);
            read.crops.extend(new.crops);
            read.steps.extend(new.steps);
        }
        Ok(took)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::card::ink::drawn::{self, PRINT, WATERMARK};
    use image::Rgb;

    /// A band 30 px high: `blocks` of the given colour over the card's ground.
    fn band(blocks: &[(u32, u32, Rgb<u8>)]) -> RgbImage {
        drawn::row(600, 30, 8..22, blocks)
    }

    #[test]
    fn a_band_keeps_its_value_and_leaves_the_watermark_and_what_lies_past_a_wide_gap() {
        let (print, watermark) = (PRINT, WATERMARK);
        // two words 8 px apart, the watermark's letters after them, `Gol. Darah` 60 px on
        let b = band(&[
            (20, 120, print),
            (128, 200, print),
            (215, 330, watermark),
            (390, 470, print),
        ]);
        let (x0, x1) = print_columns(&b).expect("print");
        assert!((11..=20).contains(&x0), "{x0}");
        assert!((200..=215).contains(&x1), "{x1}");
    }

    #[test]
    fn a_band_of_ground_alone_holds_no_print() {
        assert_eq!(print_columns(&band(&[])), None);
    }
}

//! Turning an image upright from its own text when no card outline was found: a quarter
//! turn when most boxes are tall, half a turn when most lines read upside down, and a cut to
//! the text when it fills a small part of the frame. Also the card's quarter turns in the
//! input, from its outline.

use super::Engine;
use crate::error::Result;
use crate::ocr::detect::{TextBox, DET_MAX_SIDE};
use crate::ocr::geometry::{crop_quad, is_tall, Point, Quad};
use crate::ocr::model::mostly_upside_down;
use image::RgbImage;

/// When all text lies in a region smaller than this share of the image's longer side, the
/// region is cut out and detected again at a higher resolution.
const ZOOM_BELOW: f32 = 0.7;
/// Lines whose 0/180 vote turns a whole image.
const WHOLE_IMAGE_VOTERS: usize = 24;
/// Only lines this many times as wide as high vote: a short box says little of its way up.
const VOTER_ASPECT: f32 = 2.0;
/// Margin kept around the text when cutting to it, as a share of its larger side.
const ZOOM_MARGIN: f32 = 0.08;

/// The image the fields are read from: the input turned upright and cut to the text.
pub(super) struct Work {
    pub image: RgbImage,
    /// Where the cut begins in the turned input.
    pub offset: Point,
    /// Boxes already detected on exactly this image, when no cut was made.
    pub boxes: Option<Vec<TextBox>>,
    /// Clockwise degrees the input was turned.
    pub rotation: u16,
}

impl Engine {
    /// Turn the image upright (0/90/180/270 from the text itself) and, when the text fills a
    /// small part of the frame, cut out that part so it is detected at a useful resolution.
    pub(super) fn upright(&self, image: &RgbImage) -> Result<Work> {
        let boxes = self.detector.detect(image, DET_MAX_SIDE)?;
        // Mostly tall boxes: the text runs vertically, the card is turned a quarter.
        let tall = boxes
            .iter()
            .filter(|b| is_tall(b.quad.width(), b.quad.height()))
            .count();
        let mut rotation = 0u16;
        let mut img = image.clone();
        let mut boxes = boxes;
        if tall * 2 > boxes.len() && !boxes.is_empty() {
            img = image::imageops::rotate90(&img);
            rotation = 90;
            boxes = self.detector.detect(&img, DET_MAX_SIDE)?;
        }
        // Upside down: most lines say so.
        let sample: Vec<RgbImage> = boxes
            .iter()
            .filter(|b| b.quad.width() > VOTER_ASPECT * b.quad.height())
            .take(WHOLE_IMAGE_VOTERS)
            .filter_map(|b| crop_quad(&img, &b.quad))
            .collect();
        if !sample.is_empty() && mostly_upside_down(&self.classifier.upside_down(&sample)?) {
            img = image::imageops::rotate180(&img);
            rotation = (rotation + 180) % 360;
            boxes = self.detector.detect(&img, DET_MAX_SIDE)?;
        }
        // Zoom onto the text when it covers a small part of the frame.
        let (iw, ih) = img.dimensions();
        let mut offset = (0u32, 0u32);
        let mut reuse = Some(boxes.clone());
        if let Some((x0, y0, x1, y1)) = Quad::union_bounds(boxes.iter().map(|b| &b.quad)) {
            let (bw, bh) = (x1 - x0, y1 - y0);
            if bw.max(bh) < ZOOM_BELOW * iw.max(ih) as f32 {
                let m = ZOOM_MARGIN * bw.max(bh);
                let cx0 = (x0 - m).max(0.0) as u32;
                let cy0 = (y0 - m).max(0.0) as u32;
                let cx1 = ((x1 + m) as u32).min(iw);
                let cy1 = ((y1 + m) as u32).min(ih);
                if cx1 > cx0 + 32 && cy1 > cy0 + 32 {
                    img =
                        image::imageops::crop_imm(&img, cx0, cy0, cx1 - cx0, cy1 - cy0).to_image();
                    offset = (cx0, cy0);
                    reuse = None;
                }
            }
        }
        Ok(Work {
            image: img,
            offset: Point::new(offset.0 as f32, offset.1 as f32),
            boxes: reuse,
            rotation,
        })
    }
}

/// Clockwise rotation of the card in the image, to the nearest quarter turn, from the
/// direction of its top edge.
pub(super) fn quarter_turns(tl: Point, tr: Point) -> u16 {
    let deg = (tr.y - tl.y).atan2(tr.x - tl.x).to_degrees();
    let q = ((deg / 90.0).round() as i32).rem_euclid(4);
    (q * 90) as u16
}

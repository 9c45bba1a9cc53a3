//! Text detection: PP-OCRv6 small DB model and its post-processing.
//!
//! Constants are the ones measured to work on KTP-like images (docs/models.md): ImageNet
//! normalisation in B,G,R order, long side capped at 960 and rounded to a multiple of 32,
//! probability threshold 0.3, box score threshold, unclip ratio 1.5.

use super::batch::{BatchPolicy, BatchStats, Batcher};
use super::geometry::{Point, Quad};
use super::runtime::SessionPool;
use crate::error::{Error, Result};
use image::{imageops::FilterType, GrayImage, RgbImage};
use imageproc::contours::{find_contours, BorderType};
use ort::value::Tensor;

/// Longest side the detector sees; larger images are scaled down.
pub const DET_MAX_SIDE: u32 = 960;
/// Both sides of the detector input are multiples of this (the network's stride).
const DET_STRIDE: u32 = 32;
/// ImageNet mean and std, listed in B,G,R order to match the BGR input.
const DET_MEAN_BGR: [f32; 3] = [0.485, 0.456, 0.406];
const DET_STD_BGR: [f32; 3] = [0.229, 0.224, 0.225];

/// Post-processing parameters of the DB head.
#[derive(Debug, Clone, Copy)]
pub struct DbParams {
    /// A pixel is text when its probability exceeds this.
    pub threshold: f32,
    /// A box is kept when the mean probability inside it is at least this.
    pub box_score: f32,
    /// Offset distance = area * ratio / perimeter.
    pub unclip_ratio: f32,
    /// Boxes whose short side is below this (in map pixels) are noise.
    pub min_side: f32,
}

impl Default for DbParams {
    fn default() -> Self {
        Self {
            threshold: 0.3,
            box_score: 0.55,
            unclip_ratio: 1.5,
            min_side: 3.0,
        }
    }
}

/// A detected text region in the coordinates of the image given to the detector.
#[derive(Debug, Clone, Copy)]
pub struct TextBox {
    pub quad: Quad,
    pub score: f32,
}

pub struct Detector {
    pool: SessionPool,
    params: DbParams,
    /// Gathers the inputs of cards read at the same time (see [`super::batch`]); only
    /// inputs of one size share a call.
    batcher: Batcher<DetInput, Vec<f32>>,
}

/// Input size for an image: long side capped, both sides rounded to the stride.
pub fn input_size(w: u32, h: u32, max_side: u32) -> (u32, u32) {
    let scale = (max_side as f32 / w.max(h) as f32).min(1.0);
    let round = |v: u32| {
        let s = (v as f32 * scale / DET_STRIDE as f32).round() as u32 * DET_STRIDE;
        s.max(DET_STRIDE)
    };
    (round(w), round(h))
}

/// One image ready for the model, made in the caller's thread: scaled to its input size,
/// as normalised CHW floats.
pub struct DetInput {
    data: Vec<f32>,
    width: u32,
    height: u32,
}

impl DetInput {
    /// Whether two inputs may share one call: the model takes one size a call.
    fn same_size(&self, other: &DetInput) -> bool {
        (self.width, self.height) == (other.width, other.height)
    }
}

impl Detector {
    /// A detector whose calls each carry one card.
    pub fn new(pool: SessionPool) -> Self {
        Self {
            pool,
            params: DbParams::default(),
            batcher: Batcher::new(BatchPolicy::default(), 1),
        }
    }

    /// Let the calls of cards detected at the same time share model calls, `sessions` of
    /// them running at once (the pool's size).
    pub fn batched(mut self, policy: BatchPolicy, sessions: usize) -> Self {
        self.batcher = Batcher::new(policy, sessions);
        self
    }

    /// The probability map of each input, run in calls of inputs of one size.
    fn run(&self, inputs: Vec<DetInput>) -> Result<Vec<Vec<f32>>> {
        let mut maps = Vec::with_capacity(inputs.len());
        for group in inputs.chunk_by(DetInput::same_size) {
            let (iw, ih) = (group[0].width, group[0].height);
            let plane = (iw * ih) as usize;
            let mut data = Vec::with_capacity(group.len() * 3 * plane);
            for input in group {
                data.extend_from_slice(&input.data);
            }
            let tensor = Tensor::from_array(([group.len(), 3, ih as usize, iw as usize], data))?;
            self.pool.with(|s| {
                let out = s.run(ort::inputs![tensor])?;
                let (shape, data) = out[0].try_extract_tensor::<f32>()?;
                if shape.len() != 4
                    || shape[0] as usize != group.len()
                    || shape[2] as u32 != ih
                    || shape[3] as u32 != iw
                {
                    return Err(Error::Internal(format!(
                        "detector output shape {:?} for {} inputs of {iw}x{ih}",
                        &**shape,
                        group.len()
                    )));
                }
                maps.extend(data.chunks_exact(plane).map(<[f32]>::to_vec));
                Ok(())
            })?;
        }
        Ok(maps)
    }
}

impl super::model::TextDetector for Detector {
    fn detect(&self, image: &RgbImage, max_side: u32) -> Result<Vec<TextBox>> {
        let (w, h) = image.dimensions();
        let (iw, ih) = input_size(w, h, max_side);
        let resized = image::imageops::resize(image, iw, ih, FilterType::Triangle);
        let input = DetInput {
            data: to_chw(&resized),
            width: iw,
            height: ih,
        };
        let prob = self
            .batcher
            .submit(vec![input], |inputs| self.run(inputs), DetInput::same_size)?
            .pop()
            .ok_or_else(|| Error::Internal("the detector gave no map".into()))?;
        let sx = w as f32 / iw as f32;
        let sy = h as f32 / ih as f32;
        let mut boxes: Vec<TextBox> = boxes_from_map(&prob, iw, ih, &self.params)
            .into_iter()
            .map(|b| TextBox {
                quad: b.quad.map(|p| {
                    Point::new(
                        (p.x * sx).clamp(0.0, w as f32),
                        (p.y * sy).clamp(0.0, h as f32),
                    )
                }),
                score: b.score,
            })
            .collect();
        sort_reading_order(&mut boxes);
        Ok(boxes)
    }

    fn batch_stats(&self) -> BatchStats {
        self.batcher.stats()
    }
}

/// HWC RGB bytes to the normalised CHW BGR floats the detector expects.
fn to_chw(img: &RgbImage) -> Vec<f32> {
    let (w, h) = img.dimensions();
    let plane = (w * h) as usize;
    let mut out = vec![0f32; 3 * plane];
    for (i, px) in img.pixels().enumerate() {
        // channel c of the BGR tensor is RGB channel 2 - c
        for c in 0..3 {
            let v = px.0[2 - c] as f32 / 255.0;
            out[c * plane + i] = (v - DET_MEAN_BGR[c]) / DET_STD_BGR[c];
        }
    }
    out
}

/// Top to bottom by centre line, left to right within a line. Boxes whose centres are
/// within half a box height of the line's first box share its line.
pub fn sort_reading_order(boxes: &mut Vec<TextBox>) {
    boxes.sort_by(|a, b| a.quad.center().y.total_cmp(&b.quad.center().y));
    let mut lines: Vec<Vec<TextBox>> = Vec::new();
    for b in boxes.drain(..) {
        match lines.last_mut() {
            Some(line)
                if (b.quad.center().y - line[0].quad.center().y).abs()
                    < 0.5 * b.quad.height().min(line[0].quad.height()) =>
            {
                line.push(b)
            }
            _ => lines.push(vec![b]),
        }
    }
    for mut line in lines {
        line.sort_by(|a, b| a.quad.center().x.total_cmp(&b.quad.center().x));
        boxes.extend(line);
    }
}

/// DB post-processing on a `w x h` probability map: threshold, outer contours, minimum-area
/// rectangle, box score, unclip. Boxes are in map coordinates.
pub fn boxes_from_map(prob: &[f32], w: u32, h: u32, p: &DbParams) -> Vec<TextBox> {
    let mask = GrayImage::from_fn(w, h, |x, y| {
        image::Luma([if prob[(y * w + x) as usize] > p.threshold {
            255
        } else {
            0
        }])
    });
    let mut out = Vec::new();
    for contour in find_contours::<i32>(&mask) {
        if contour.border_type != BorderType::Outer || contour.points.len() < 4 {
            continue;
        }
        let rect = imageproc::geometry::min_area_rect(&contour.points);
        let quad = Quad::ordered(rect.map(|p| Point::new(p.x as f32, p.y as f32)));
        // min_area_rect works on pixel centres; a one-pixel-wide run still covers one pixel.
        let quad = quad.expand(0.5);
        let (qw, qh) = (quad.width(), quad.height());
        if qw.min(qh) < p.min_side {
            continue;
        }
        let score = mean_inside(prob, w, h, &quad);
        if score < p.box_score {
            continue;
        }
        let distance = qw * qh * p.unclip_ratio / (2.0 * (qw + qh));
        let grown = quad.expand(distance);
        if grown.width().min(grown.height()) < p.min_side + 2.0 {
            continue;
        }
        out.push(TextBox { quad: grown, score });
    }
    out
}

/// Mean probability over the map pixels whose centres fall inside `quad`.
fn mean_inside(prob: &[f32], w: u32, h: u32, quad: &Quad) -> f32 {
    let (x0, y0, x1, y1) = quad.bounds();
    let (x0, y0) = (x0.floor().max(0.0) as u32, y0.floor().max(0.0) as u32);
    let (x1, y1) = (
        (x1.ceil() as u32).min(w.saturating_sub(1)),
        (y1.ceil() as u32).min(h.saturating_sub(1)),
    );
    let (mut sum, mut n) = (0f32, 0u32);
    for y in y0..=y1 {
        for x in x0..=x1 {
            if quad.contains(Point::new(x as f32, y as f32)) {
                sum += prob[(y * w + x) as usize];
                n += 1;
            }
        }
    }
    if n == 0 {
        0.0
    } else {
        sum / n as f32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map_with_rects(w: u32, h: u32, rects: &[(u32, u32, u32, u32, f32)]) -> Vec<f32> {
        let mut m = vec![0.02f32; (w * h) as usize];
        for &(x0, y0, x1, y1, v) in rects {
            for y in y0..y1 {
                for x in x0..x1 {
                    m[(y * w + x) as usize] = v;
                }
            }
        }
        m
    }

    #[test]
    fn input_size_caps_and_rounds() {
        assert_eq!(input_size(1920, 1080, DET_MAX_SIDE), (960, 544));
        assert_eq!(input_size(300, 200, DET_MAX_SIDE), (288, 192));
        assert_eq!(input_size(10, 10, DET_MAX_SIDE), (32, 32));
    }

    #[test]
    fn finds_two_lines_and_unclips_them() {
        let m = map_with_rects(100, 60, &[(10, 10, 60, 16, 0.9), (10, 30, 80, 38, 0.8)]);
        let mut boxes = boxes_from_map(&m, 100, 60, &DbParams::default());
        sort_reading_order(&mut boxes);
        assert_eq!(boxes.len(), 2);
        let (x0, y0, x1, y1) = boxes[0].quad.bounds();
        // shrunk 6x50 region grows by 6*50*1.5/(2*56) = 4 px on each side
        assert!(
            (x0 - 5.5).abs() < 1.0 && (x1 - 64.5).abs() < 1.0,
            "{x0} {x1}"
        );
        assert!(
            (y0 - 5.5).abs() < 1.0 && (y1 - 20.5).abs() < 1.0,
            "{y0} {y1}"
        );
        assert!(boxes[0].score > 0.85);
    }

    #[test]
    fn drops_weak_and_tiny_regions() {
        // weak: above the pixel threshold but below the box score; tiny: 2 px high
        let m = map_with_rects(100, 60, &[(10, 10, 60, 16, 0.4), (10, 30, 80, 32, 0.9)]);
        assert!(boxes_from_map(&m, 100, 60, &DbParams::default()).is_empty());
    }

    #[test]
    fn tilted_region_gives_tilted_quad() {
        let (w, h) = (120u32, 80u32);
        let mut m = vec![0f32; (w * h) as usize];
        for y in 0..h {
            for x in 0..w {
                // a band 8 px thick along y = 20 + 0.3 x
                let d = (y as f32 - (20.0 + 0.3 * x as f32)).abs();
                if d < 4.0 && (10..100).contains(&x) {
                    m[(y * w + x) as usize] = 0.9;
                }
            }
        }
        let boxes = boxes_from_map(&m, w, h, &DbParams::default());
        assert_eq!(boxes.len(), 1);
        let [tl, tr, _, _] = boxes[0].quad.0;
        let slope = (tr.y - tl.y) / (tr.x - tl.x);
        assert!((slope - 0.3).abs() < 0.05, "slope {slope}");
    }
}

//! The 0/180 degree text-line classifier.

use super::runtime::SessionPool;
use crate::error::Result;
use image::{imageops::FilterType, RgbImage};
use ort::value::Tensor;

const CLS_HEIGHT: u32 = 48;
const CLS_WIDTH: u32 = 192;
const CLS_BATCH: usize = 16;

pub struct Classifier {
    pool: SessionPool,
}

impl Classifier {
    pub fn new(pool: SessionPool) -> Self {
        Self { pool }
    }
}

impl super::model::LineClassifier for Classifier {
    fn upside_down(&self, crops: &[RgbImage]) -> Result<Vec<f32>> {
        let mut out = Vec::with_capacity(crops.len());
        let plane = (CLS_HEIGHT * CLS_WIDTH) as usize;
        for batch in crops.chunks(CLS_BATCH) {
            let mut data = vec![0f32; batch.len() * 3 * plane];
            for (b, crop) in batch.iter().enumerate() {
                let (w, h) = crop.dimensions();
                let rw = ((CLS_HEIGHT as f32 * w as f32 / h.max(1) as f32).ceil() as u32)
                    .clamp(1, CLS_WIDTH);
                let resized = image::imageops::resize(crop, rw, CLS_HEIGHT, FilterType::Triangle);
                for (x, y, px) in resized.enumerate_pixels() {
                    let at = (y * CLS_WIDTH + x) as usize;
                    for c in 0..3 {
                        data[b * 3 * plane + c * plane + at] = px.0[2 - c] as f32 / 127.5 - 1.0;
                    }
                }
            }
            let tensor = Tensor::from_array((
                [batch.len(), 3, CLS_HEIGHT as usize, CLS_WIDTH as usize],
                data,
            ))?;
            self.pool.with(|s| {
                let res = s.run(ort::inputs![tensor])?;
                let (_, probs) = res[0].try_extract_tensor::<f32>()?;
                out.extend(probs.chunks_exact(2).map(|p| p[1]));
                Ok(())
            })?;
        }
        Ok(out)
    }
}

//! Moire: the fringes a screen's pixel grid beats into a photo of that screen. A card shown on
//! a phone or monitor and photographed carries them as coloured bands a few to some tens of
//! pixels apart, each colour's subpixels in another phase. A printed card has no such
//! periodic pattern in its colour: its guilloche curves through many frequencies at once, and
//! its text is ink, which is dark rather than differently coloured.
//!
//! The measure is how far one spatial frequency stands out in the card's chroma: the power
//! spectrum's peak over its median, within the band of periods moire takes, on a window of
//! the rectified card left of the photo where the ground shows between the field rows.

use image::RgbImage;
use rustfft::{num_complex::Complex32, FftPlanner};

/// Width and height of the window measured, in pixels of the rectified card.
const WINDOW: (usize, usize) = (512, 256);
/// The window's top-left corner as shares of the card's width and height: under the NIK,
/// left of the photo.
const ORIGIN: (f32, f32) = (0.06, 0.28);
/// Periods counted, in pixels: shorter ones are sensor noise and JPEG blocks, longer ones
/// lighting.
const PERIODS: (f32, f32) = (3.0, 40.0);
/// A pixel this much darker than the ground (mean of the channels) is ink; ink and ground
/// colours set how much chroma a mix of the two explains.
const INK_DROP: f32 = 40.0;

/// Chroma noise (grey levels, standard deviation) every camera and scanner adds at least:
/// a spectrum flatter than this is a drawn test image, whose quantisation steps alone would
/// otherwise look like a pattern.
const NOISE_FLOOR: f32 = 1.0;

/// Fringes fainter than this (grey levels of chroma) are not moire a person would see, nor
/// what a screen leaves (tens of levels): a faint regular pattern is print or test art.
const MIN_FRINGE: f32 = 3.0;

/// How strongly one frequency dominates the chroma of a rectified card: log10 of the
/// spectrum's peak over its median in the moire band (the median at least what camera noise
/// gives): 5 and more on screen photos; 0 when no fringe reaches [`MIN_FRINGE`] (every
/// printed card of the calibration set) or the card is too small to hold the window.
pub fn strength(card: &RgbImage) -> f32 {
    let (w, h) = card.dimensions();
    let (ww, wh) = WINDOW;
    let x0 = (ORIGIN.0 * w as f32) as usize;
    let y0 = (ORIGIN.1 * h as f32) as usize;
    if x0 + ww > w as usize || y0 + wh > h as usize {
        return 0.0;
    }
    let pixels: Vec<[f32; 3]> = (0..wh)
        .flat_map(|y| (0..ww).map(move |x| (x, y)))
        .map(|(x, y)| {
            let p = card.get_pixel((x0 + x) as u32, (y0 + y) as u32).0;
            p.map(f32::from)
        })
        .collect();
    let brightness = |p: &[f32; 3]| (p[0] + p[1] + p[2]) / 3.0;
    let ground = median(pixels.iter().map(brightness).collect());
    let is_ink = |p: &[f32; 3]| brightness(p) < ground - INK_DROP;
    let ink = median(
        pixels
            .iter()
            .filter(|p| is_ink(p))
            .map(brightness)
            .collect(),
    );
    // Two chroma planes, red - green and green - blue, less what mixing ink into the ground
    // explains: text and its blurred edges vanish, colour that brightness does not account
    // for (fringes) stays.
    let planes: [Vec<f32>; 2] = [0, 1].map(|c| {
        let chroma = |p: &[f32; 3]| p[c] - p[c + 1];
        let typical = |pick: &dyn Fn(&[f32; 3]) -> bool| {
            median(pixels.iter().filter(|p| pick(p)).map(chroma).collect())
        };
        let (ground_chroma, ink_chroma) = (typical(&|p| !is_ink(p)), typical(&is_ink));
        let span = (ground - ink).max(1.0);
        pixels
            .iter()
            .map(|p| {
                let inked = ((ground - brightness(p)) / span).clamp(0.0, 1.0);
                chroma(p) - (ground_chroma + inked * (ink_chroma - ground_chroma))
            })
            .collect()
    });
    let taper = (hann(ww), hann(wh));
    let mut planner = FftPlanner::<f32>::new();
    let power: Vec<f32> = planes
        .iter()
        .map(|plane| power_spectrum(plane, &taper, &mut planner))
        .reduce(|a, b| a.iter().zip(&b).map(|(x, y)| x + y).collect())
        .unwrap_or_default();
    // The 2-D taper is the product of the 1-D ones, and so are its sums.
    let sum = |t: &[f32]| t.iter().sum::<f32>();
    let sum_sq = |t: &[f32]| t.iter().map(|v| v * v).sum::<f32>();
    let window_sum = sum(&taper.0) * sum(&taper.1);
    // White noise of variance s^2 in both planes gives 2 s^2 sum(window^2) per bin.
    let floor = 2.0 * NOISE_FLOOR.powi(2) * sum_sq(&taper.0) * sum_sq(&taper.1);
    let (lo, hi) = (1.0 / PERIODS.1, 1.0 / PERIODS.0);
    let band: Vec<f32> = (0..wh)
        .flat_map(|v| (0..ww).map(move |u| (u, v)))
        .filter(|&(u, v)| {
            let fx = signed_frequency(u, ww);
            let fy = signed_frequency(v, wh);
            (lo..=hi).contains(&(fx * fx + fy * fy).sqrt())
        })
        .map(|(u, v)| power[v * ww + u])
        .collect();
    let peak = band.iter().copied().fold(0.0f32, f32::max);
    // A fringe of amplitude a (grey levels) peaks at (a / 2 x sum(window))^2.
    let amplitude = 2.0 * peak.sqrt() / window_sum.max(1.0);
    let typical = median(band).max(floor);
    if amplitude < MIN_FRINGE || typical <= 0.0 {
        return 0.0;
    }
    (peak / typical).log10()
}

/// Frequency of DFT bin `k` of `n`, in cycles per pixel (-0.5 to 0.5).
fn signed_frequency(k: usize, n: usize) -> f32 {
    let k = if k > n / 2 {
        k as f32 - n as f32
    } else {
        k as f32
    };
    k / n as f32
}

/// The Hann taper over `n` samples.
fn hann(n: usize) -> Vec<f32> {
    let span = (n - 1).max(1) as f32;
    (0..n)
        .map(|i| 0.5 - 0.5 * (std::f32::consts::TAU * i as f32 / span).cos())
        .collect()
}

/// |DFT|^2 of a plane as wide and high as `taper`'s rows and columns (row-major), after
/// removing its mean and tapering its edges, so that the window's borders add no
/// frequencies of their own.
fn power_spectrum(
    plane: &[f32],
    (across, down): &(Vec<f32>, Vec<f32>),
    planner: &mut FftPlanner<f32>,
) -> Vec<f32> {
    let (w, h) = (across.len(), down.len());
    let mean = plane.iter().sum::<f32>() / plane.len().max(1) as f32;
    let mut data: Vec<Complex32> = plane
        .iter()
        .enumerate()
        .map(|(i, v)| Complex32::new((v - mean) * across[i % w] * down[i / w], 0.0))
        .collect();
    planner.plan_fft_forward(w).process(&mut data);
    // Columns: transpose, transform the rows, leave transposed (only magnitudes are used,
    // read back by the same index rule below).
    let mut columns: Vec<Complex32> = (0..w * h).map(|i| data[(i % h) * w + i / h]).collect();
    planner.plan_fft_forward(h).process(&mut columns);
    (0..w * h)
        .map(|i| columns[(i % w) * h + i / w].norm_sqr())
        .collect()
}

fn median(v: Vec<f32>) -> f32 {
    crate::stats::median(v).unwrap_or(0.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::Rgb;

    /// A light-blue card with rows of dark text, 1000 x 631, plus `fringes` of the given
    /// period (pixels) in its colour.
    fn card(fringes: Option<f32>) -> RgbImage {
        RgbImage::from_fn(1000, 631, |x, y| {
            let text = (y / 14) % 2 == 1 && (x / 9) % 4 != 0;
            let base = if text {
                [20.0, 30.0, 60.0]
            } else {
                [200.0, 222.0, 240.0]
            };
            let mut p = base;
            if let Some(period) = fringes {
                let phase = std::f32::consts::TAU * (x as f32 * 0.8 + y as f32 * 0.6) / period;
                for (c, v) in p.iter_mut().enumerate() {
                    *v *= 1.0 + 0.12 * (phase + c as f32 * 2.1).cos();
                }
            }
            Rgb(p.map(|v| v.clamp(0.0, 255.0) as u8))
        })
    }

    #[test]
    fn fringes_stand_out_and_text_rows_do_not() {
        let printed = strength(&card(None));
        let screen = strength(&card(Some(9.0)));
        assert!(printed < 2.0, "{printed}");
        assert!(screen > printed + 2.0, "{screen} vs {printed}");
    }

    #[test]
    fn a_card_too_small_for_the_window_measures_nothing() {
        assert_eq!(strength(&RgbImage::new(300, 190)), 0.0);
    }
}

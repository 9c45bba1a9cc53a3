//! Capture quality: is the card sharp, free of glare, large enough, in colour and whole?
//!
//! Each measure is a number in the native result (`quality`), so a kiosk can set its own
//! bar; the thresholds below turn them into warnings. They were chosen on the synthetic
//! capture conditions (`ktpocr synth` + `ktpocr eval`, see docs/accuracy.md for the
//! precision and recall each one reaches). A warning never stops a reading.

use super::ID1_ASPECT;
use crate::ocr::geometry::Quad;
use crate::warning::Code;
use image::{imageops::FilterType, GrayImage, RgbImage};
use serde::Serialize;

/// Below this sharpness the text edges are smeared over several pixels: heavy blur reads
/// badly or not at all. Measured: sharp synthetic captures 0.46-0.93, heavy blur read at
/// all 0.24 (most heavy blur is not read).
const MIN_SHARPNESS: f32 = 0.35;
/// Above this share of blown-out card pixels a glare spot hides text.
const MAX_GLARE: f32 = 0.005;
/// The card narrower than this many input pixels: the 6 pt field text is under about 8 px
/// high, where dots and spaces start to get lost.
const MIN_CARD_WIDTH_PX: f32 = 600.0;
/// A KTP's light-blue ground has a median chroma (max - min channel) of 25 or more; a grey
/// photocopy or a black-and-white scan has almost none.
const MAX_GREY_CHROMA: f32 = 6.0;
/// ...but a colour card scanned bright or washed out can have a grey ground too (median 0 on
/// a `real_like` flat scan called a photocopy): its photo's red or blue backdrop, some 7% of
/// the card, keeps its colour. A photocopy has none anywhere, so the card's most colourful
/// pixels ([`PEAK_SHARE`]) stay under this chroma: 0 on the 8 grey cards of five `real_like`
/// seeds, 162 on that scan, 13 or more on every other colour card of the seeds.
const MAX_GREY_PEAK_CHROMA: f32 = 20.0;
/// The share of a card's pixels that are its most colourful: about the photo's backdrop.
const PEAK_SHARE: f64 = 0.05;

/// Above this moire strength ([`super::moire::strength`]) the card was photographed off a
/// screen. Measured on the 120-card calibration set (`ktpocr synth --count 120 --seed 11`
/// with each of the twelve conditions, 10 cards each): every printed card read 0 (no colour
/// fringe of 3 grey levels), the 8 screen photos whose outline was found 5.1-6.1. Before
/// the fringe-amplitude floor, printed cards reached 3.9 (enlarged JPEG blocks of low
/// resolution captures): the bar stays above that. Printed cards with a strong watermark
/// (its fine repeated text) reach 4.46 and 4.55 on five `real_like` seeds, where the screen
/// photos measure 4.96-6.54 (and those of the 300-card mix 4.98-6.56): the bar lies
/// between.
const MAX_MOIRE: f32 = 4.75;

/// A pixel with every channel at least this bright is blown out (glare or flash).
const BLOWN_OUT: u8 = 245;
/// The band along the card image's edges where blown-out pixels are not counted, as a share
/// of its width and of its height: the outline found may take in a sliver of what lies
/// around the card, and the background in its rounded corners, white on flat scans and
/// tight crops (a scanner's lid, a page) though no glare. Measured on 300 real_like cards
/// (`ktpocr synth --mix real_like`, seeds 77, 101, 303, 404, 505): that white raised
/// `GLARE` on 7 cards without glare (precision 71% -> 92%); every glared or washed-out card
/// that raised it before still does.
const GLARE_EDGE_MARGIN: f32 = 0.04;
/// Widest the card image is measured at. A card smaller in the input is measured at its own
/// width: blur is judged in the pixels the camera delivered, not in those an upscale made.
const MEASURE_WIDTH: u32 = 1000;

/// Capture-quality measures of one card.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Quality {
    /// Width of the card in the input image, pixels (estimated from the text when no card
    /// outline was found).
    pub card_width_px: f32,
    /// Steepest text edges relative to the text's contrast on the card at 1000 px wide:
    /// 1 for a one-pixel step from ink to ground, less the more the edges are smeared.
    pub sharpness: f32,
    /// Share of the card's pixels blown out to white (photo box and a band along the edges
    /// excluded).
    pub glare: f32,
    /// Median chroma of the card's pixels (0 for a grey photocopy).
    pub colour: f32,
    /// Chroma of the card's most colourful pixels (its top 5%, about the photo's backdrop):
    /// what a washed-out colour card keeps and a photocopy lacks.
    pub colour_peak: f32,
    /// Part of the card lies outside the image.
    pub incomplete: bool,
    /// How strongly one pattern of colour fringes stands out on the card (moire, from a
    /// screen's pixel grid); 0 when not measured (no card outline).
    pub screen: f32,
}

/// The card's text spans about this share of its width (labels at 0.02-0.03 W to the issue
/// date centred at 0.83 W): the card's width when only its text was found.
pub const TEXT_WIDTH_SHARE: f32 = 0.88;

/// An outline corner this close to an image edge (share of the image's longer side) lies on
/// it: the card runs past the edge there.
const EDGE_MARGIN: f32 = 0.01;
/// Text this close to an image edge (share of that side) is cut by it.
const TEXT_EDGE_MARGIN: f32 = 0.01;

/// Whether the card's outline runs into the image edge: a corner lies outside the image or
/// on its edge, where the card is cut (the outline found then ends at the edge). A card
/// scanned tight to its own edges has all four corners on the edges and still its ID-1
/// proportions, so it counts as whole.
pub fn outline_cut(outline: &Quad, size: (f32, f32)) -> bool {
    corners_on_edge(outline, size) > 0 && !tight_crop(outline, size)
}

/// How many of the outline's corners lie on (or past) an image edge.
fn corners_on_edge(outline: &Quad, (iw, ih): (f32, f32)) -> usize {
    let m = EDGE_MARGIN * iw.max(ih);
    outline
        .0
        .iter()
        .filter(|p| p.x <= m || p.y <= m || p.x >= iw - m || p.y >= ih - m)
        .count()
}

/// Whether the outline is a card cropped to its own edges: all four corners on the image's
/// edges, and the ID-1 proportions a cut card loses.
pub fn tight_crop(outline: &Quad, size: (f32, f32)) -> bool {
    // Means of opposite sides: the same ratio as their sums (the floor keeps it finite).
    let (horizontal, vertical) = outline.mean_sides();
    let aspect = horizontal / vertical.max(0.5);
    let id1 = (aspect - ID1_ASPECT).abs() / ID1_ASPECT < 0.05;
    corners_on_edge(outline, size) == 4 && id1
}

/// A tightly cropped card is cut when its layout's frame is larger than its outline by
/// this share or more (the frame's priors place a whole card within about 5%: 0.997-1.06
/// times the outline on the tight crops of the `real_like` sets)...
const TIGHT_CROP_CUT: f32 = 1.08;
/// ...and the frame is not believed when it is this many times the outline or more: the
/// pitch it is placed by came from misread rows (seen at 2.1 on a worn low-resolution
/// card), and a card cut that much keeps no ID-1 outline.
const MISREAD_FRAME: f32 = 1.4;

/// Whether a tightly cropped card (see [`tight_crop`]) runs past the image: the card its
/// layout places (`frame`) is clearly larger than the outline the image holds.
pub fn tight_crop_cut(frame: &Quad, outline: &Quad) -> bool {
    let (fw, fh) = frame.mean_sides();
    let (ow, oh) = outline.mean_sides();
    let larger = (fw / ow.max(1.0)).max(fh / oh.max(1.0));
    (TIGHT_CROP_CUT..MISREAD_FRAME).contains(&larger)
}

/// The card placed by its layout ([`crate::fields::LayoutSummary::card_frame`]) may run past
/// the image by this share of its width or height before it counts as cut: on the whole
/// cards of five `real_like` seeds straightened by their outline the frame ran past the
/// image by up to 4.8% (phone photos filling the frame with perspective; 95% of them within
/// 3.4%): a card cut by less cannot be told from a whole one by its layout.
const FRAME_CUT_TOLERANCE: f32 = 0.05;

/// Whether the card as its layout places it (`frame`, in input pixels) runs past the image
/// edge: its labels, photo or rows lie beyond the frame. A card cropped tight to its own edges
/// lies within it. Without `width_measured` (no issue date read) the frame's width is only
/// the ID-1 proportion of its height, which a card stored stretched breaks: the frame is
/// then judged only up to the photo's left edge, the part its labels and values place.
pub fn frame_cut(frame: &Quad, (iw, ih): (f32, f32), width_measured: bool) -> bool {
    let (w, h) = frame.mean_sides();
    let [tl, tr, br, bl] = frame.0;
    // The tolerance is a share of the card's side that runs across the image edge: on a card
    // turned a quarter its width runs down the image (a whole card so turned was called cut
    // by its height's 4% measured along its width).
    let along_x = (tr.x - tl.x).abs() >= (tr.y - tl.y).abs();
    let (across_x, across_y) = if along_x { (w, h) } else { (h, w) };
    let (mx, my) = (
        FRAME_CUT_TOLERANCE * across_x,
        FRAME_CUT_TOLERANCE * across_y,
    );
    let judged = if width_measured {
        frame.0
    } else {
        let t = super::layout::PHOTO.x0;
        [tl, tl.towards(tr, t), bl.towards(br, t), bl]
    };
    judged
        .iter()
        .any(|p| p.x < -mx || p.y < -my || p.x > iw + mx || p.y > ih + my)
}

/// Whether a card read from the whole image (no outline) runs past it: as its layout places
/// it (`frame_cut`, `None` without a frame) when the issue date gave the frame its width;
/// else the frame's width is the ID-1 proportion of its height, which an image stretched to
/// another aspect breaks, and the text reaching an edge (`text_cut`) may be the watermark's,
/// read as lines where it is strong (2 of the 3 whole cards called cut on five `real_like`
/// seeds), so the card is cut only where both say so.
pub fn whole_image_cut(
    frame_cut: Option<bool>,
    dated: bool,
    text_cut: impl FnOnce() -> bool,
) -> bool {
    match frame_cut {
        Some(cut) if dated => cut,
        Some(cut) => cut && text_cut(),
        None => text_cut(),
    }
}

/// Whether text bounds `(x0, y0, x1, y1)` in the input reach its edge.
pub fn text_cut((x0, y0, x1, y1): (f32, f32, f32, f32), (iw, ih): (f32, f32)) -> bool {
    let (mx, my) = (TEXT_EDGE_MARGIN * iw, TEXT_EDGE_MARGIN * ih);
    x0 <= mx || y0 <= my || x1 >= iw - mx || y1 >= ih - my
}

/// Whether pixel (x, y) of a `w` x `h` rectified card lies where the photo may be.
fn in_photo_box(x: u32, y: u32, size: (u32, u32)) -> bool {
    super::layout::PHOTO_NOT_GLARE.contains(x, y, size)
}

/// Measure `card`, the card as it was read (rectified, or cut to its text when no outline
/// was found); `rectified` says whether the layout (photo box) can be used.
pub fn measure(card: &RgbImage, card_width_px: f32, rectified: bool, incomplete: bool) -> Quality {
    let (w, h) = card.dimensions();
    if w == 0 || h == 0 {
        return Quality {
            card_width_px,
            sharpness: 0.0,
            glare: 0.0,
            colour: 0.0,
            colour_peak: 0.0,
            incomplete,
            screen: 0.0,
        };
    }
    let (colour, colour_peak, glare) = colour_and_glare(card, rectified);
    Quality {
        card_width_px,
        sharpness: sharpness(card, card_width_px),
        glare,
        colour,
        colour_peak,
        incomplete,
        // The window measured is placed by the card's layout.
        screen: if rectified {
            super::moire::strength(card)
        } else {
            0.0
        },
    }
}

/// Text whose neighbourhood has at least this many glared pixels counts as under glare.
const GLARE_PIXELS_NEAR_TEXT: usize = 40;
/// Near text, a pixel this bright in every channel is glare: the halo around a blown-out
/// core already washes ink out below what the recogniser sees (the card's ground stays under
/// about 225 in red).
const GLARED: u8 = 235;

/// Whether glare touches a line of text on a rectified card: glared pixels in its box or
/// just beyond its ends, where the rest of a value cut short by the spot would be. Only
/// asked on a card with glare ([`Quality::has_glare`]); `card` is the image the line was
/// read from, `rectified` whether it is a rectified card (whose photo box is skipped).
pub fn glare_near(card: &RgbImage, line: &Quad, rectified: bool) -> bool {
    let (w, h) = card.dimensions();
    let Some((x0, y0, x1, y1)) = Quad::union_bounds([line]) else {
        return false;
    };
    let lh = (y1 - y0).max(1.0);
    let (x0, x1) = (
        (x0 - 0.5 * lh).max(0.0) as u32,
        ((x1 + 4.0 * lh) as u32).min(w),
    );
    let (y0, y1) = (y0.max(0.0) as u32, (y1.max(0.0) as u32).min(h));
    let mut blown = 0usize;
    for y in y0..y1 {
        for x in x0..x1 {
            let p = card.get_pixel(x, y).0;
            let in_photo = rectified && in_photo_box(x, y, (w, h));
            if !in_photo && p.iter().all(|&c| c >= GLARED) {
                blown += 1;
            }
        }
    }
    blown >= GLARE_PIXELS_NEAR_TEXT
}

/// Median chroma, the chroma of the most colourful pixels ([`PEAK_SHARE`]) and the share of
/// blown-out pixels (photo box excluded on a rectified card, edge band everywhere; none on a
/// grey card, whose white paper is no glare).
fn colour_and_glare(card: &RgbImage, rectified: bool) -> (f32, f32, f32) {
    let size = card.dimensions();
    let (mx, my) = (
        (GLARE_EDGE_MARGIN * size.0 as f32) as u32,
        (GLARE_EDGE_MARGIN * size.1 as f32) as u32,
    );
    let in_edge_band = |x: u32, y: u32| x < mx || y < my || x + mx >= size.0 || y + my >= size.1;
    let mut chroma = [0u32; 256];
    let (mut blown, mut counted) = (0u32, 0u32);
    for (x, y, p) in card.enumerate_pixels() {
        let [r, g, b] = p.0;
        let (lo, hi) = (r.min(g).min(b), r.max(g).max(b));
        chroma[usize::from(hi - lo)] += 1;
        if !(in_edge_band(x, y) || rectified && in_photo_box(x, y, size)) {
            counted += 1;
            blown += u32::from(lo >= BLOWN_OUT);
        }
    }
    let colour = percentile(&chroma, 0.5) as f32;
    let peak = percentile(&chroma, 1.0 - PEAK_SHARE) as f32;
    let glare = if colour > MAX_GREY_CHROMA {
        blown as f32 / counted.max(1) as f32
    } else {
        0.0
    };
    (colour, peak, glare)
}

/// The 99.5th percentile of the Sobel gradient over the text's contrast (ground minus ink,
/// median minus 2nd percentile of grey), on the card resized to its width in the input, at
/// most [`MEASURE_WIDTH`].
fn sharpness(card: &RgbImage, card_width_px: f32) -> f32 {
    let grey: GrayImage = image::imageops::grayscale(card);
    let (w, h) = grey.dimensions();
    let target = (card_width_px.round() as u32).clamp(64, MEASURE_WIDTH);
    let nh = (h as f32 * target as f32 / w as f32).round().max(1.0) as u32;
    let grey = if w == target {
        grey
    } else {
        image::imageops::resize(&grey, target, nh, FilterType::Triangle)
    };
    let mut levels = [0u32; 256];
    for p in grey.pixels() {
        levels[usize::from(p.0[0])] += 1;
    }
    let contrast = (percentile(&levels, 0.5) - percentile(&levels, 0.02)).max(24) as f32;
    let gradients = imageproc::gradients::sobel_gradients(&grey);
    // Sobel magnitudes reach 4 x 255 x sqrt(2); 2048 bins of 1 level cover them.
    let mut hist = vec![0u32; 2048];
    for p in gradients.pixels() {
        hist[usize::from(p.0[0]).min(2047)] += 1;
    }
    // A one-pixel step from ink to ground gives a Sobel response of 4 x the contrast.
    percentile(&hist, 0.995) as f32 / (4.0 * contrast)
}

/// The value below which share `p` of a histogram's counts lie.
fn percentile(hist: &[u32], p: f64) -> usize {
    let total: u64 = hist.iter().map(|&c| u64::from(c)).sum();
    let target = (total as f64 * p).ceil() as u64;
    let mut seen = 0u64;
    for (v, &c) in hist.iter().enumerate() {
        seen += u64::from(c);
        if seen >= target && seen > 0 {
            return v;
        }
    }
    hist.len().saturating_sub(1)
}

impl Quality {
    /// Whether glare covers enough of the card to hide text (`GLARE`).
    pub fn has_glare(&self) -> bool {
        self.glare > MAX_GLARE
    }

    /// Whether the card has no colour anywhere: a photocopy or a black-and-white scan
    /// (`PHOTOCOPY`).
    pub fn is_grey(&self) -> bool {
        self.colour <= MAX_GREY_CHROMA && self.colour_peak <= MAX_GREY_PEAK_CHROMA
    }

    /// The capture problems these measures show, in the order they are reported.
    pub fn findings(&self) -> Vec<Code> {
        [
            (self.sharpness < MIN_SHARPNESS, Code::Blurry),
            (self.has_glare(), Code::Glare),
            (self.card_width_px < MIN_CARD_WIDTH_PX, Code::LowResolution),
            (self.incomplete, Code::CardIncomplete),
            (self.screen > MAX_MOIRE, Code::ScreenPhoto),
            (self.is_grey(), Code::Photocopy),
        ]
        .into_iter()
        .filter_map(|(found, code)| found.then_some(code))
        .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::Rgb;

    /// A light-blue card with dark text bars, 1000 x 631.
    fn card() -> RgbImage {
        RgbImage::from_fn(1000, 631, |x, y| {
            if (y / 20) % 2 == 1 && (x / 12) % 3 != 0 && x > 30 && x < 650 {
                Rgb([20, 30, 60])
            } else {
                Rgb([190, 225, 240])
            }
        })
    }

    #[test]
    fn a_clean_card_has_no_warning() {
        let q = measure(&card(), 1000.0, true, false);
        assert!(q.sharpness > 0.5, "{q:?}");
        assert!(q.colour > 25.0);
        assert!(q.findings().is_empty(), "{q:?}");
    }

    #[test]
    fn a_washed_out_colour_card_keeps_its_photo_backdrop_and_is_no_photocopy() {
        // The ground and text washed to grey, the photo's red backdrop still red.
        let washed = RgbImage::from_fn(1000, 631, |x, y| {
            let in_backdrop = (720..930).contains(&x) && (160..470).contains(&y);
            if in_backdrop {
                Rgb([200, 60, 50])
            } else if (y / 20) % 2 == 1 && (x / 12) % 3 != 0 && x > 30 && x < 650 {
                Rgb([40, 40, 40])
            } else {
                Rgb([235, 235, 235])
            }
        });
        let q = measure(&washed, 1000.0, true, false);
        assert_eq!(q.colour, 0.0, "{q:?}");
        assert!(!q.findings().contains(&Code::Photocopy), "{q:?}");
    }

    #[test]
    fn blur_grey_glare_size_and_cut_are_each_flagged() {
        let codes = |q: Quality| q.findings();
        let blurred = image::imageops::blur(&card(), 4.0);
        assert_eq!(
            codes(measure(&blurred, 1000.0, true, false)),
            [Code::Blurry]
        );

        let grey = image::DynamicImage::ImageRgb8(card()).grayscale().to_rgb8();
        assert_eq!(
            codes(measure(&grey, 1000.0, true, false)),
            [Code::Photocopy]
        );

        let mut glared = card();
        for y in 300..400 {
            for x in 100..300 {
                glared.put_pixel(x, y, Rgb([253, 253, 253]));
            }
        }
        assert_eq!(codes(measure(&glared, 1000.0, true, false)), [Code::Glare]);

        assert_eq!(
            codes(measure(&card(), 480.0, true, false)),
            [Code::LowResolution]
        );
        assert_eq!(
            codes(measure(&card(), 1000.0, true, true)),
            [Code::CardIncomplete]
        );
    }

    #[test]
    fn a_white_rim_around_the_card_is_no_glare() {
        // the outline took in 3% of white scanner lid on every side: 11% of the image
        let mut rimmed = card();
        for (x, y, p) in rimmed.enumerate_pixels_mut() {
            if !(30..970).contains(&x) || !(19..612).contains(&y) {
                *p = Rgb([255, 255, 255]);
            }
        }
        assert!(measure(&rimmed, 1000.0, true, false).findings().is_empty());
    }

    fn quad(pts: [(f32, f32); 4]) -> Quad {
        Quad(pts.map(|(x, y)| crate::ocr::geometry::Point::new(x, y)))
    }

    #[test]
    fn a_card_running_off_the_frame_is_cut_a_tight_scan_is_not() {
        let frame = (1600.0, 1200.0);
        // well inside the frame
        let inside = quad([
            (200.0, 200.0),
            (1200.0, 220.0),
            (1190.0, 850.0),
            (190.0, 830.0),
        ]);
        assert!(!outline_cut(&inside, frame));
        // bottom-right corner past the bottom edge: the outline found ends on the edge
        let corner = quad([
            (200.0, 200.0),
            (1200.0, 220.0),
            (1250.0, 1199.0),
            (190.0, 830.0),
        ]);
        assert!(outline_cut(&corner, frame));
        let outside = quad([
            (-30.0, 200.0),
            (1000.0, 220.0),
            (990.0, 850.0),
            (-20.0, 830.0),
        ]);
        assert!(outline_cut(&outside, frame));
        // a scan cropped to the card: every corner on the edge, ID-1 proportions
        let tight = quad([(0.0, 0.0), (1011.0, 0.0), (1011.0, 638.0), (0.0, 638.0)]);
        assert!(!outline_cut(&tight, (1011.0, 638.0)));
        // every corner on the edge but squashed: the frame cut the card's bottom off
        let squashed = quad([(0.0, 0.0), (1011.0, 0.0), (1011.0, 500.0), (0.0, 500.0)]);
        assert!(outline_cut(&squashed, (1011.0, 500.0)));
    }

    #[test]
    fn a_card_turned_a_quarter_takes_its_tolerance_along_its_width() {
        // a 920 x 1464 image of a card standing on its side, its frame 2.7% past the bottom:
        // within 5% of the card's width (1,490 px down the image), so whole
        let turned = quad([(930.0, 12.0), (910.0, 1503.0), (8.0, 1466.0), (8.0, 3.0)]);
        assert!(!frame_cut(&turned, (940.0, 1464.0), true));
        // 6% past the bottom: cut
        let turned_cut = quad([(930.0, 12.0), (910.0, 1555.0), (8.0, 1520.0), (8.0, 3.0)]);
        assert!(frame_cut(&turned_cut, (940.0, 1464.0), true));
    }

    #[test]
    fn a_frame_without_its_measured_width_is_judged_up_to_the_photo() {
        // a card stored stretched sideways: its ID-1 frame (from the row pitch) runs 30%
        // past the right edge, its labels and values lie inside
        let wide = quad([
            (-10.0, 14.0),
            (1130.0, 36.0),
            (1117.0, 755.0),
            (-24.0, 733.0),
        ]);
        assert!(!frame_cut(&wide, (789.0, 757.0), false));
        // the same frame with its width measured from the issue date: cut
        assert!(frame_cut(&wide, (789.0, 757.0), true));
        // rows past the top edge are judged either way
        let high = quad([
            (10.0, -90.0),
            (1010.0, -90.0),
            (1010.0, 541.0),
            (10.0, 541.0),
        ]);
        assert!(frame_cut(&high, (1000.0, 600.0), false));
    }

    #[test]
    fn a_tight_crop_is_cut_only_where_its_layout_says_clearly_more_card() {
        let tight = quad([(0.0, 0.0), (1011.0, 0.0), (1011.0, 638.0), (0.0, 638.0)]);
        assert!(tight_crop(&tight, (1011.0, 638.0)));
        // the layout's frame 5% taller and a little low: the priors' error, not a cut
        let low = quad([(-5.0, 20.0), (1020.0, 20.0), (1020.0, 690.0), (-5.0, 690.0)]);
        assert!(
            frame_cut(&low, (1011.0, 638.0), true),
            "the plain frame test calls it cut"
        );
        assert!(!tight_crop_cut(&low, &tight));
        // 15% more card above the image: cut
        let above = quad([(0.0, -95.0), (1011.0, -95.0), (1011.0, 638.0), (0.0, 638.0)]);
        assert!(tight_crop_cut(&above, &tight));
        // a frame twice the card: misread rows, not believed
        let double = quad([
            (0.0, -40.0),
            (2022.0, -40.0),
            (2022.0, 1236.0),
            (0.0, 1236.0),
        ]);
        assert!(!tight_crop_cut(&double, &tight));
    }

    #[test]
    fn text_at_the_frame_edge_is_cut() {
        assert!(text_cut((2.0, 100.0, 900.0, 600.0), (1000.0, 800.0)));
        assert!(!text_cut((40.0, 100.0, 900.0, 600.0), (1000.0, 800.0)));
    }

    #[test]
    fn a_whole_image_without_its_issue_date_is_cut_only_where_frame_and_text_agree() {
        // dated: the frame alone decides
        assert!(whole_image_cut(Some(true), true, || false));
        assert!(!whole_image_cut(Some(false), true, || true));
        // undated: the frame and the text must agree; without a frame, the text decides
        assert!(!whole_image_cut(Some(false), false, || true));
        assert!(!whole_image_cut(Some(true), false, || false));
        assert!(whole_image_cut(Some(true), false, || true));
        assert!(whole_image_cut(None, false, || true));
        assert!(!whole_image_cut(None, true, || false));
    }

    #[test]
    fn an_empty_image_does_not_panic() {
        let q = measure(&RgbImage::new(0, 0), 0.0, false, false);
        assert_eq!(q.sharpness, 0.0);
    }
}

//! Finding the card in a photo: the e-KTP ground is a light sky blue that few backgrounds
//! share, so the card is the largest bluish region, closed over its dark text, and its
//! outline simplified to four corners.

use crate::ocr::geometry::{Point, Quad};
use image::{imageops::FilterType, GrayImage, Luma, RgbImage};
use imageproc::contours::{find_contours, BorderType};
use imageproc::distance_transform::Norm;
use imageproc::geometry::{approximate_polygon_dp, arc_length, convex_hull};
use imageproc::region_labelling::{connected_components, Connectivity};

/// The search works on a copy this large (long side): a card is big and smooth.
const SEARCH_SIDE: u32 = 480;
/// A pixel is card ground when blue exceeds red by at least this much (more when the
/// background is bluish too, see [`blueness_threshold`])...
const MIN_BLUE_OVER_RED: i16 = 10;
/// Two blueness populations (card and a bluish background) are told apart only when
/// their means differ by this much.
const MIN_BLUENESS_SEPARATION: f32 = 20.0;
/// ...and it is this bright (the card is light; dark blue fabric is not a card).
const MIN_BRIGHTNESS: u16 = 110;
/// The card covers at least this share of the frame (the brief: 15-100%, with margin).
const MIN_AREA_SHARE: f32 = 0.06;
/// Accepted long/short side ratio of the found outline (ID-1 is 1.586; perspective and
/// rounded corners spread it).
const ASPECT_RANGE: (f32, f32) = (1.15, 2.2);

/// The card's corners in `image` (TL, TR, BR, BL of the outline, not yet oriented), or
/// `None` when no card-like region is found.
pub fn locate(image: &RgbImage) -> Option<Quad> {
    let (w, h) = image.dimensions();
    let scale = (SEARCH_SIDE as f32 / w.max(h) as f32).min(1.0);
    let (sw, sh) = (
        ((w as f32 * scale).round() as u32).max(1),
        ((h as f32 * scale).round() as u32).max(1),
    );
    let small = image::imageops::resize(image, sw, sh, FilterType::Triangle);
    // The split between two blueness populations is meant for a card on a bluish desk; on a
    // card filling much of the frame it can instead fall between the ground and the holder's
    // photo backdrop (often blue) and keep only the backdrop. The plain minimum is then tried.
    let split = blueness_threshold(&small);
    let thresholds = if split > MIN_BLUE_OVER_RED {
        vec![split, MIN_BLUE_OVER_RED]
    } else {
        vec![MIN_BLUE_OVER_RED]
    };
    let quad = thresholds
        .into_iter()
        .find_map(|threshold| card_region(&small, threshold))?;
    Some(quad.map(|p| Point::new(p.x / scale, p.y / scale)))
}

/// The card's outline among the pixels at least `threshold` bluer than red, in the
/// search-size image; `None` when the largest such region is too small or not card-shaped.
fn card_region(small: &RgbImage, threshold: i16) -> Option<Quad> {
    let (sw, sh) = small.dimensions();
    let mask = GrayImage::from_fn(sw, sh, |x, y| {
        let [r, g, b] = small.get_pixel(x, y).0;
        let bright = (r as u16 + g as u16 + b as u16) / 3;
        let bluish = b as i16 - r as i16 >= threshold && g as i16 >= r as i16;
        Luma([if bluish && bright >= MIN_BRIGHTNESS {
            255
        } else {
            0
        }])
    });
    // Close over the text and guilloche lines, then drop specks.
    let mask = imageproc::morphology::close(&mask, Norm::LInf, 4);
    let mask = imageproc::morphology::open(&mask, Norm::LInf, 2);
    let region = largest_component(&mask)?;
    let quad = outline_quad(&region)?;
    if polygon_area(&quad) < MIN_AREA_SHARE * (sw * sh) as f32 {
        return None;
    }
    let (long, short) = sides(&quad);
    let aspect = long / short.max(1.0);
    (ASPECT_RANGE.0..=ASPECT_RANGE.1)
        .contains(&aspect)
        .then_some(quad)
}

/// Blue-over-red level that separates the card from its background: Otsu's split of the
/// bright pixels' blueness when it finds two distinct populations (a card on a grey-blue
/// desk), else the fixed minimum (a card on wood or paper, or filling the frame).
fn blueness_threshold(small: &RgbImage) -> i16 {
    let mut hist = [0u32; 128];
    for p in small.pixels() {
        let [r, g, b] = p.0;
        if (r as u16 + g as u16 + b as u16) / 3 >= MIN_BRIGHTNESS {
            hist[(b as i16 - r as i16).clamp(0, 127) as usize] += 1;
        }
    }
    let total: f64 = hist.iter().map(|&c| c as f64).sum();
    if total == 0.0 {
        return MIN_BLUE_OVER_RED;
    }
    let sum_all: f64 = hist
        .iter()
        .enumerate()
        .map(|(v, &c)| v as f64 * c as f64)
        .sum();
    let (mut w0, mut sum0) = (0.0f64, 0.0f64);
    let mut best = (0.0f64, MIN_BLUE_OVER_RED, 0.0f64);
    for (t, &c) in hist.iter().enumerate() {
        w0 += c as f64;
        sum0 += t as f64 * c as f64;
        let w1 = total - w0;
        if w0 == 0.0 || w1 == 0.0 {
            continue;
        }
        let (m0, m1) = (sum0 / w0, (sum_all - sum0) / w1);
        let between = w0 * w1 * (m0 - m1).powi(2);
        if between > best.0 {
            best = (between, t as i16 + 1, m1 - m0);
        }
    }
    if best.2 >= MIN_BLUENESS_SEPARATION as f64 {
        best.1.max(MIN_BLUE_OVER_RED)
    } else {
        MIN_BLUE_OVER_RED
    }
}

fn largest_component(mask: &GrayImage) -> Option<GrayImage> {
    let labels = connected_components(mask, Connectivity::Eight, Luma([0u8]));
    let mut counts: Vec<u32> = Vec::new();
    for p in labels.pixels() {
        let l = p.0[0] as usize;
        if l == 0 {
            continue;
        }
        if counts.len() <= l {
            counts.resize(l + 1, 0);
        }
        counts[l] += 1;
    }
    let (best, _) = counts.iter().enumerate().max_by_key(|(_, c)| **c)?;
    if best == 0 {
        return None;
    }
    let best = best as u32;
    Some(GrayImage::from_fn(mask.width(), mask.height(), |x, y| {
        Luma([if labels.get_pixel(x, y).0[0] == best {
            255
        } else {
            0
        }])
    }))
}

/// Four corners of the region: the largest quadrilateral with its corners on the region's
/// convex hull. Rounded card corners and a ragged edge barely change it, where a polygon
/// simplification can drop a true corner.
fn outline_quad(region: &GrayImage) -> Option<Quad> {
    // A card filling the frame touches the image edge; with a one-pixel background frame
    // around it, its border is still an outer border.
    let mut framed = GrayImage::new(region.width() + 2, region.height() + 2);
    image::imageops::replace(&mut framed, region, 1, 1);
    let contour = find_contours::<i32>(&framed)
        .into_iter()
        .filter(|c| c.border_type == BorderType::Outer)
        .max_by_key(|c| c.points.len())?;
    let points: Vec<_> = contour
        .points
        .iter()
        .map(|p| imageproc::point::Point::new(p.x - 1, p.y - 1))
        .collect();
    let hull = convex_hull(points);
    if hull.len() < 4 {
        return None;
    }
    // Thin the hull to a few dozen points; the search below is cubic in their number.
    let perimeter = arc_length(&hull, true);
    let mut pts = approximate_polygon_dp(&hull, perimeter * 0.004, true);
    if pts.len() > 4 && pts.first() == pts.last() {
        pts.pop();
    }
    if pts.len() < 4 {
        pts = hull;
    }
    let pts: Vec<Point> = pts
        .iter()
        .map(|p| Point::new(p.x as f32, p.y as f32))
        .collect();
    largest_quad(&pts).map(Quad::ordered)
}

/// The largest-area quadrilateral with corners among `pts` (a convex polygon in order).
fn largest_quad(pts: &[Point]) -> Option<[Point; 4]> {
    let n = pts.len();
    if n < 4 {
        return None;
    }
    let tri = |a: Point, b: Point, c: Point| {
        ((b.x - a.x) * (c.y - a.y) - (c.x - a.x) * (b.y - a.y)).abs() / 2.0
    };
    let mut best: Option<(f32, [usize; 4])> = None;
    for i in 0..n {
        for j in i + 2..n {
            // best third corner on each side of the diagonal i-j
            let side = |range: &mut dyn Iterator<Item = usize>| {
                range
                    .map(|k| (tri(pts[i], pts[j], pts[k]), k))
                    .max_by(|a, b| a.0.total_cmp(&b.0))
            };
            let Some((a1, k)) = side(&mut (i + 1..j)) else {
                continue;
            };
            let Some((a2, l)) = side(&mut (j + 1..n).chain(0..i)) else {
                continue;
            };
            let area = a1 + a2;
            if best.is_none_or(|(b, _)| area > b) {
                best = Some((area, [i, k, j, l]));
            }
        }
    }
    best.map(|(_, idx)| idx.map(|i| pts[i]))
}

fn polygon_area(q: &Quad) -> f32 {
    let p = q.0;
    let mut s = 0.0;
    for i in 0..4 {
        let (a, b) = (p[i], p[(i + 1) % 4]);
        s += a.x * b.y - b.x * a.y;
    }
    s.abs() / 2.0
}

/// Mean lengths of the two pairs of opposite sides, longer first.
fn sides(q: &Quad) -> (f32, f32) {
    let (horizontal, vertical) = q.mean_sides();
    (horizontal.max(vertical), horizontal.min(vertical))
}

#[cfg(test)]
mod tests {
    use super::*;
    use imageproc::drawing::draw_polygon_mut;

    fn scene(corners: [(i32, i32); 4]) -> RgbImage {
        let mut img = RgbImage::from_pixel(1200, 900, image::Rgb([120, 80, 50])); // wood
        let poly = corners.map(|(x, y)| imageproc::point::Point::new(x, y));
        draw_polygon_mut(&mut img, &poly, image::Rgb([200, 228, 245]));
        img
    }

    #[test]
    fn finds_a_tilted_card_on_wood() {
        let corners = [(300, 200), (900, 260), (870, 640), (270, 580)];
        let q = locate(&scene(corners)).expect("card");
        for (p, (x, y)) in q.0.iter().zip(corners) {
            assert!(
                (p.x - x as f32).abs() < 12.0 && (p.y - y as f32).abs() < 12.0,
                "{p:?} vs {x},{y}"
            );
        }
    }

    #[test]
    fn finds_a_card_filling_the_frame() {
        let img = RgbImage::from_pixel(1011, 638, image::Rgb([200, 228, 245]));
        let q = locate(&img).expect("card");
        assert!(q.0[0].x.abs() < 4.0 && q.0[0].y.abs() < 4.0, "{q:?}");
        assert!(
            (q.0[2].x - 1011.0).abs() < 4.0 && (q.0[2].y - 638.0).abs() < 4.0,
            "{q:?}"
        );
    }

    #[test]
    fn finds_a_card_on_a_grey_blue_desk() {
        let mut img = RgbImage::from_pixel(1200, 900, image::Rgb([135, 142, 150])); // b-r 15
        let poly = [(300, 250), (950, 300), (900, 700), (260, 640)]
            .map(|(x, y)| imageproc::point::Point::new(x, y));
        imageproc::drawing::draw_polygon_mut(&mut img, &poly, image::Rgb([150, 185, 215]));
        let q = locate(&img).expect("card");
        assert!(
            (q.0[0].x - 300.0).abs() < 12.0 && (q.0[0].y - 250.0).abs() < 12.0,
            "{q:?}"
        );
    }

    #[test]
    fn nothing_blue_means_no_card() {
        let img = RgbImage::from_pixel(800, 600, image::Rgb([240, 240, 240]));
        assert!(locate(&img).is_none());
    }

    #[test]
    fn a_blue_strip_is_not_a_card() {
        assert!(locate(&scene([(100, 400), (1100, 400), (1100, 450), (100, 450)])).is_none());
    }
}

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
/// background is bluish too, see [`blueness_split`])...
const MIN_BLUE_OVER_RED: i16 = 10;
/// Two blueness populations (card and a bluish background) are told apart only when
/// their means differ by this much.
const MIN_BLUENESS_SEPARATION: f32 = 20.0;
/// The card's ground is pale: blue exceeds red by about 30-50 on scans and photos
/// (ktp-layout.md), a little more under a bluish light. A population of pixels bluer than
/// this on average is a saturated blue (the holder's photo backdrop, blue fabric), never
/// the ground.
const MAX_GROUND_BLUENESS: f32 = 90.0;
/// ...and it is this bright (the card is light; dark blue fabric is not a card).
const MIN_BRIGHTNESS: u16 = 110;
/// The card covers at least this share of the frame (the brief: 15-100%, with margin).
const MIN_AREA_SHARE: f32 = 0.06;
/// A simplified outline holding less than this share of its convex hull's area lost a side.
const KEPT_HULL_AREA: f64 = 0.9;
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
    // card filling much of the frame it falls between the ground and the holder's photo
    // backdrop (blue on about half of all cards). Each band that finds no card-shaped region
    // hands over to the next.
    let plain = (MIN_BLUE_OVER_RED, i16::MAX);
    let bands = match blueness_split(&small) {
        // The bluer population is too saturated for the card's pale ground: it is the
        // holder's blue photo backdrop (a card filling the frame) or blue fabric, and the
        // card is the paler population.
        Some(split) if split.bluer_mean > MAX_GROUND_BLUENESS => {
            vec![(MIN_BLUE_OVER_RED, split.at), plain]
        }
        Some(split) => vec![(split.at, i16::MAX), plain],
        None => vec![plain],
    };
    let quad = bands
        .into_iter()
        .find_map(|band| card_region(&small, band))?;
    Some(quad.map(|p| Point::new(p.x / scale, p.y / scale)))
}

/// The card's outline among the pixels whose blue exceeds red by `lo` or more and by less
/// than `hi`, in the search-size image; `None` when the largest such region is too small or
/// not card-shaped.
fn card_region(small: &RgbImage, (lo, hi): (i16, i16)) -> Option<Quad> {
    let (sw, sh) = small.dimensions();
    let mask = GrayImage::from_fn(sw, sh, |x, y| {
        let [r, g, b] = small.get_pixel(x, y).0;
        let bright = (r as u16 + g as u16 + b as u16) / 3;
        let blueness = b as i16 - r as i16;
        let bluish = (lo..hi).contains(&blueness) && g as i16 >= r as i16;
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

/// Two populations of blueness (blue over red) among the bright pixels.
struct BluenessSplit {
    /// The first blueness of the bluer population.
    at: i16,
    /// The bluer population's mean blueness.
    bluer_mean: f32,
}

/// Otsu's split of the bright pixels' blueness when it finds two distinct populations: a
/// card on a grey-blue desk (the card is the bluer), or a card filling the frame with the
/// holder's blue photo backdrop (the backdrop is the bluer); `None` for one population (a
/// card on wood or paper, or filling the frame).
fn blueness_split(small: &RgbImage) -> Option<BluenessSplit> {
    let mut hist = [0u32; 128];
    for p in small.pixels() {
        let [r, g, b] = p.0;
        if (r as u16 + g as u16 + b as u16) / 3 >= MIN_BRIGHTNESS {
            hist[(b as i16 - r as i16).clamp(0, 127) as usize] += 1;
        }
    }
    let total: f64 = hist.iter().map(|&c| c as f64).sum();
    if total == 0.0 {
        return None;
    }
    let sum_all: f64 = hist
        .iter()
        .enumerate()
        .map(|(v, &c)| v as f64 * c as f64)
        .sum();
    let (mut w0, mut sum0) = (0.0f64, 0.0f64);
    // (between-class variance, split, separation of the means, bluer mean)
    let mut best = (0.0f64, MIN_BLUE_OVER_RED, 0.0f64, 0.0f64);
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
            best = (between, t as i16 + 1, m1 - m0, m1);
        }
    }
    (best.2 >= MIN_BLUENESS_SEPARATION as f64).then(|| BluenessSplit {
        at: best.1.max(MIN_BLUE_OVER_RED),
        bluer_mean: best.3 as f32,
    })
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
    let epsilon = perimeter * 0.004;
    let mut pts = approximate_polygon_dp(&hull, epsilon, true);
    if pts.len() > 4 && pts.first() == pts.last() {
        pts.pop();
    }
    // imageproc's closed simplification can drop a whole side (seen on cards filling the
    // frame, whose hull starts on that side); a simplification must keep the region.
    if pixel_polygon_area(&pts) < KEPT_HULL_AREA * pixel_polygon_area(&hull) {
        pts = simplify_closed(&hull, epsilon);
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

/// Area of a polygon given by its corners in order (the shoelace formula).
fn shoelace(corners: &[(f64, f64)]) -> f64 {
    let n = corners.len();
    let twice: f64 = (0..n)
        .map(|i| {
            let (a, b) = (corners[i], corners[(i + 1) % n]);
            a.0 * b.1 - b.0 * a.1
        })
        .sum();
    twice.abs() / 2.0
}

/// Area of a polygon of pixel points in order.
fn pixel_polygon_area(points: &[imageproc::point::Point<i32>]) -> f64 {
    let corners: Vec<(f64, f64)> = points.iter().map(|p| (p.x as f64, p.y as f64)).collect();
    shoelace(&corners)
}

/// A closed polygon simplified (Douglas-Peucker within `epsilon`), in order, without a
/// repeated first point: as two open halves split at the point farthest from the first.
fn simplify_closed(
    polygon: &[imageproc::point::Point<i32>],
    epsilon: f64,
) -> Vec<imageproc::point::Point<i32>> {
    let Some(&first) = polygon.first() else {
        return Vec::new();
    };
    let d2 = |p: &imageproc::point::Point<i32>| {
        let (dx, dy) = ((p.x - first.x) as i64, (p.y - first.y) as i64);
        dx * dx + dy * dy
    };
    let far = (0..polygon.len())
        .max_by_key(|&i| d2(&polygon[i]))
        .unwrap_or(0);
    if far == 0 {
        return polygon.to_vec();
    }
    let mut back: Vec<_> = polygon[far..].to_vec();
    back.push(first);
    let mut out = approximate_polygon_dp(&polygon[..=far], epsilon, false);
    out.pop(); // the far point starts the second half
    out.extend(approximate_polygon_dp(&back, epsilon, false));
    out.pop(); // the first point again
    out
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
    shoelace(&q.0.map(|p| (p.x as f64, p.y as f64))) as f32
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

    /// A card filling the frame with the holder's photo on a saturated blue backdrop (about
    /// 3:4, so card-shaped enough for the aspect test), and the card's rounded corners.
    #[test]
    fn a_card_filling_the_frame_is_not_its_blue_photo_backdrop() {
        let (w, h) = (1000u32, 631u32);
        let mut img = RgbImage::from_pixel(w, h, image::Rgb([200, 228, 245]));
        // the photo box, right of centre, with its blue backdrop (b - r about 150)
        for y in 120..420 {
            for x in 720..945 {
                img.put_pixel(x, y, image::Rgb([40, 105, 200]));
            }
        }
        let q = locate(&img).expect("card");
        let (x0, y0, x1, y1) = q.bounds();
        assert!(x0 < 10.0 && y0 < 10.0 && x1 > 990.0 && y1 > 620.0, "{q:?}");
    }

    /// The hull of a card filling the frame (measured on a synthetic tight crop, search
    /// size): its first point starts the side that imageproc's closed simplification lost.
    #[test]
    fn simplifying_a_frame_filling_hull_keeps_every_side() {
        let hull: Vec<imageproc::point::Point<i32>> = [
            (0, 0),
            (470, 0),
            (479, 11),
            (479, 136),
            (473, 288),
            (468, 298),
            (459, 306),
            (380, 306),
            (44, 298),
            (13, 297),
            (10, 296),
            (0, 292),
        ]
        .into_iter()
        .map(|(x, y)| imageproc::point::Point::new(x, y))
        .collect();
        let pts = simplify_closed(&hull, arc_length(&hull, true) * 0.004);
        assert!(pts.iter().any(|p| p.x < 20 && p.y > 280), "{pts:?}");
        let pts: Vec<Point> = pts
            .iter()
            .map(|p| Point::new(p.x as f32, p.y as f32))
            .collect();
        let quad = Quad::ordered(largest_quad(&pts).expect("quad"));
        assert!(polygon_area(&quad) > 0.9 * 480.0 * 307.0, "{quad:?}");
    }
}

//! Quadrilaterals, their ordering and perspective crops.

use image::RgbImage;
use imageproc::geometric_transformations::{warp_into, Interpolation, Projection};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Point {
    pub x: f32,
    pub y: f32,
}

impl Point {
    pub fn new(x: f32, y: f32) -> Self {
        Self { x, y }
    }
    pub fn distance(self, o: Point) -> f32 {
        ((self.x - o.x).powi(2) + (self.y - o.y).powi(2)).sqrt()
    }
    /// The point `t` of the way from this one to `o`.
    pub fn towards(self, o: Point, t: f32) -> Point {
        Point::new(self.x + (o.x - self.x) * t, self.y + (o.y - self.y) * t)
    }
}

/// Four corners in reading order: top-left, top-right, bottom-right, bottom-left.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Quad(pub [Point; 4]);

impl Quad {
    pub fn from_rect(x0: f32, y0: f32, x1: f32, y1: f32) -> Self {
        Quad([
            Point::new(x0, y0),
            Point::new(x1, y0),
            Point::new(x1, y1),
            Point::new(x0, y1),
        ])
    }

    /// Order four arbitrary corners as TL, TR, BR, BL (by x+y and y-x extremes, which is
    /// stable for the near-horizontal boxes text detection yields).
    pub fn ordered(pts: [Point; 4]) -> Self {
        let mut by_sum = pts;
        by_sum.sort_by(|a, b| (a.x + a.y).total_cmp(&(b.x + b.y)));
        let tl = by_sum[0];
        let br = by_sum[3];
        let (mut tr, mut bl) = (by_sum[1], by_sum[2]);
        if tr.y - tr.x > bl.y - bl.x {
            std::mem::swap(&mut tr, &mut bl);
        }
        Quad([tl, tr, br, bl])
    }

    /// Mean lengths of the top/bottom and of the left/right sides, in the quad's own corner
    /// order: (horizontal, vertical).
    pub fn mean_sides(&self) -> (f32, f32) {
        let [tl, tr, br, bl] = self.0;
        (
            (tl.distance(tr) + bl.distance(br)) / 2.0,
            (tl.distance(bl) + tr.distance(br)) / 2.0,
        )
    }

    pub fn width(&self) -> f32 {
        let [tl, tr, br, bl] = self.0;
        tl.distance(tr).max(bl.distance(br))
    }

    pub fn height(&self) -> f32 {
        let [tl, tr, br, bl] = self.0;
        tl.distance(bl).max(tr.distance(br))
    }

    pub fn center(&self) -> Point {
        let (sx, sy) = self
            .0
            .iter()
            .fold((0.0, 0.0), |(x, y), p| (x + p.x, y + p.y));
        Point::new(sx / 4.0, sy / 4.0)
    }

    /// Axis-aligned bounds (min x, min y, max x, max y).
    pub fn bounds(&self) -> (f32, f32, f32, f32) {
        self.0.iter().fold(
            (f32::MAX, f32::MAX, f32::MIN, f32::MIN),
            |(a, b, c, d), p| (a.min(p.x), b.min(p.y), c.max(p.x), d.max(p.y)),
        )
    }

    /// Axis-aligned bounds of several quads together; `None` for none.
    pub fn union_bounds<'a>(
        quads: impl IntoIterator<Item = &'a Quad>,
    ) -> Option<(f32, f32, f32, f32)> {
        quads
            .into_iter()
            .map(Quad::bounds)
            .reduce(|a, b| (a.0.min(b.0), a.1.min(b.1), a.2.max(b.2), a.3.max(b.3)))
    }

    pub fn map(&self, f: impl Fn(Point) -> Point) -> Quad {
        Quad(self.0.map(f))
    }

    /// Whether `p` is inside (the corners are in order, so the quad is convex here).
    pub fn contains(&self, p: Point) -> bool {
        let mut sign = 0.0f32;
        for i in 0..4 {
            let a = self.0[i];
            let b = self.0[(i + 1) % 4];
            let cross = (b.x - a.x) * (p.y - a.y) - (b.y - a.y) * (p.x - a.x);
            if cross != 0.0 {
                if sign != 0.0 && cross.signum() != sign {
                    return false;
                }
                sign = cross.signum();
            }
        }
        true
    }

    /// Grow a (near-)rectangular quad by `d` pixels on every side, along its own axes.
    pub fn expand(&self, d: f32) -> Quad {
        let [tl, tr, br, bl] = self.0;
        let unit = |a: Point, b: Point| {
            let l = a.distance(b).max(1e-6);
            ((b.x - a.x) / l, (b.y - a.y) / l)
        };
        let (ux, uy) = unit(tl, tr); // along the text
        let (vx, vy) = unit(tl, bl); // down the text
        let shift = |p: Point, su: f32, sv: f32| {
            Point::new(p.x + d * (su * ux + sv * vx), p.y + d * (su * uy + sv * vy))
        };
        Quad([
            shift(tl, -1.0, -1.0),
            shift(tr, 1.0, -1.0),
            shift(br, 1.0, 1.0),
            shift(bl, -1.0, 1.0),
        ])
    }
}

/// A text box at least this many times as high as wide holds text running vertically (a
/// line of a card turned a quarter), not a short upright word.
pub const TALL_LINE: f32 = 1.5;

/// Whether a `width` x `height` box is tall (see [`TALL_LINE`]).
pub fn is_tall(width: f32, height: f32) -> bool {
    height >= TALL_LINE * width
}

/// Cut the quad out of `image` and straighten it into a `width x height` rectangle, where
/// width and height are the quad's own side lengths.
pub fn crop_quad(image: &RgbImage, quad: &Quad) -> Option<RgbImage> {
    let w = quad.width().round().max(1.0) as u32;
    let h = quad.height().round().max(1.0) as u32;
    warp_quad(image, quad, w, h)
}

/// Map `quad` in `image` onto a `w x h` output rectangle (bilinear, white outside).
pub fn warp_quad(image: &RgbImage, quad: &Quad, w: u32, h: u32) -> Option<RgbImage> {
    let (wf, hf) = (w as f32, h as f32);
    let src = quad.0.map(|p| (p.x, p.y));
    let dst = [(0.0, 0.0), (wf, 0.0), (wf, hf), (0.0, hf)];
    let projection = Projection::from_control_points(src, dst)?;
    let mut out = RgbImage::new(w, h);
    warp_into(
        image,
        projection,
        Interpolation::Bilinear,
        imageproc::geometric_transformations::Border::Constant(image::Rgb([255, 255, 255])),
        &mut out,
    );
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn orders_corners_of_a_tilted_box() {
        let q = Quad::ordered([
            Point::new(10.0, 12.0),
            Point::new(0.0, 2.0),
            Point::new(50.0, 0.0),
            Point::new(60.0, 10.0),
        ]);
        assert_eq!(q.0[0], Point::new(0.0, 2.0));
        assert_eq!(q.0[1], Point::new(50.0, 0.0));
        assert_eq!(q.0[2], Point::new(60.0, 10.0));
        assert_eq!(q.0[3], Point::new(10.0, 12.0));
    }

    #[test]
    fn mean_sides_of_a_trapezoid() {
        let q = Quad([
            Point::new(0.0, 0.0),
            Point::new(10.0, 0.0),
            Point::new(12.0, 4.0),
            Point::new(-2.0, 4.0),
        ]);
        let (h, v) = q.mean_sides();
        assert!(
            (h - 12.0).abs() < 1e-5 && (v - 20f32.sqrt()).abs() < 1e-5,
            "{h} {v}"
        );
    }

    #[test]
    fn expand_grows_each_side() {
        let q = Quad::from_rect(10.0, 10.0, 30.0, 20.0).expand(2.0);
        assert_eq!(q.bounds(), (8.0, 8.0, 32.0, 22.0));
        assert!(q.contains(Point::new(9.0, 9.0)));
        assert!(!q.contains(Point::new(7.0, 9.0)));
    }

    #[test]
    fn crop_straightens_an_axis_aligned_box() {
        let mut img = RgbImage::from_pixel(40, 30, image::Rgb([255, 255, 255]));
        for y in 10..20 {
            for x in 5..25 {
                img.put_pixel(x, y, image::Rgb([0, 0, 0]));
            }
        }
        let crop = crop_quad(&img, &Quad::from_rect(5.0, 10.0, 25.0, 20.0)).unwrap();
        assert_eq!(crop.dimensions(), (20, 10));
        assert!(crop.get_pixel(10, 5).0[0] < 10);
    }
}

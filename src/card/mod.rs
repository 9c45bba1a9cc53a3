//! The card in the picture: where it is, and a straightened copy at a fixed size.

pub mod ink;
pub mod layout;
pub mod locate;
pub mod moire;
pub mod photo;
pub mod quality;

use crate::ocr::geometry::{warp_quad, Point, Quad};
use image::RgbImage;
use imageproc::geometric_transformations::Projection;

/// Width of the rectified card. ID-1 is 85.60 x 53.98 mm; at this width the 6 pt field text
/// is about 20 px high, which the detector (input capped at 960 px) and the 48 px
/// recogniser both read well.
pub const CARD_WIDTH: u32 = 1000;
/// Long side the detector gets for a rectified card: the 6 pt field text stays about 16 px
/// high, enough for the DB model, at two thirds of the cost of the default 960.
pub const CARD_DETECT_SIDE: u32 = 800;
/// An ID-1 card's width over its height (85.60 x 53.98 mm).
pub const ID1_ASPECT: f32 = 1.586;
/// Height of the rectified card (`CARD_WIDTH / ID1_ASPECT`).
pub const CARD_HEIGHT: u32 = 631;

/// A straightened card and the way back to the input image's pixels.
pub struct Rectified {
    pub image: RgbImage,
    /// Corners of the card in the input image, in the card's own TL, TR, BR, BL order.
    pub corners: Quad,
    to_input: Projection,
}

impl Rectified {
    /// Where a point of the rectified card lies in the input image.
    pub fn to_input(&self, p: Point) -> Point {
        let (x, y) = self.to_input * (p.x, p.y);
        Point::new(x, y)
    }

    /// The same card turned half a turn (the classifier found it upside down).
    pub fn rotated_180(&self) -> Option<Rectified> {
        let [tl, tr, br, bl] = self.corners.0;
        rectify_corners(
            image::imageops::rotate180(&self.image),
            Quad([br, bl, tl, tr]),
        )
    }
}

/// Straighten the card whose outline is `outline` (corners in any rotation): the long sides
/// become top and bottom. A card turned a quarter comes out either upright or upside down;
/// the caller settles that with the text-line classifier.
pub fn rectify(image: &RgbImage, outline: &Quad) -> Option<Rectified> {
    let [tl, tr, br, bl] = outline.0;
    let (horizontal, vertical) = outline.mean_sides();
    // Portrait outline: the card's top is the image's right edge.
    let corners = if vertical > horizontal {
        Quad([tr, br, bl, tl])
    } else {
        *outline
    };
    let rectified = warp_quad(image, &corners, CARD_WIDTH, CARD_HEIGHT)?;
    rectify_corners(rectified, corners)
}

fn rectify_corners(rectified: RgbImage, corners: Quad) -> Option<Rectified> {
    let (w, h) = (CARD_WIDTH as f32, CARD_HEIGHT as f32);
    let to_input = Projection::from_control_points(
        [(0.0, 0.0), (w, 0.0), (w, h), (0.0, h)],
        corners.0.map(|p| (p.x, p.y)),
    )?;
    Some(Rectified {
        image: rectified,
        corners,
        to_input,
    })
}

//! Where things sit on the rectified card, as fractions of its width and height. Only the
//! holder's photo is placed this way: its saturated ground is found in the pixels, and these
//! boxes bound the search and the measures that must skip it. Everything textual is placed
//! relative to the labels read (see `fields`), never here.

/// A box on the card: (x0, y0, x1, y1) as fractions of width and height.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CardBox {
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
}

impl CardBox {
    /// Whether pixel (x, y) of a `w` x `h` card lies in the box.
    pub fn contains(&self, x: u32, y: u32, (w, h): (u32, u32)) -> bool {
        let (fx, fy) = (x as f32 / w as f32, y as f32 / h as f32);
        (self.x0..=self.x1).contains(&fx) && (self.y0..=self.y1).contains(&fy)
    }

    /// The box in pixels of a `w` x `h` card: (x, y, width, height).
    pub fn pixels(&self, (w, h): (u32, u32)) -> (u32, u32, u32, u32) {
        let (wf, hf) = (w as f32, h as f32);
        let (x0, y0) = ((self.x0 * wf) as u32, (self.y0 * hf) as u32);
        let (x1, y1) = ((self.x1 * wf) as u32, (self.y1 * hf) as u32);
        (x0, y0, x1.saturating_sub(x0), y1.saturating_sub(y0))
    }
}

/// The usual photo box (`ktp-layout.md`: 0.706-0.734 -> 0.936-0.974 W, 0.184-0.197 ->
/// 0.647-0.673 H): what is cut when the photo's ground cannot be told from the card.
pub const PHOTO: CardBox = CardBox {
    x0: 0.706,
    y0: 0.184,
    x1: 0.955,
    y1: 0.66,
};

/// Where the photo's ground is looked for: every measured position with room for an
/// outline that is a little off.
pub const PHOTO_SEARCH: CardBox = CardBox {
    x0: 0.66,
    y0: 0.13,
    x1: 0.995,
    y1: 0.72,
};

/// What glare measures skip: the photo at any measured position (a white shirt there is no
/// glare), kept tighter than [`PHOTO_SEARCH`] so the issue place below it is still measured.
pub const PHOTO_NOT_GLARE: CardBox = CardBox {
    x0: 0.69,
    y0: 0.17,
    x1: 0.99,
    y1: 0.70,
};

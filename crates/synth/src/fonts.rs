//! The fonts the cards are printed with (see `data/fonts/README.md` for their licences),
//! also lent to the CLI's debug picture.

/// Liberation Sans Regular (Arial metrics, SIL OFL 1.1).
pub static SANS_REGULAR: &[u8] = include_bytes!("../data/fonts/LiberationSans-Regular.ttf");
/// Liberation Sans Bold.
pub static SANS_BOLD: &[u8] = include_bytes!("../data/fonts/LiberationSans-Bold.ttf");
/// OCR-A, the face of most NIKs (public domain).
pub static OCR_A: &[u8] = include_bytes!("../data/fonts/OCRA.ttf");

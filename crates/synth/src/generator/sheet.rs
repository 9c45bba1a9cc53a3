//! A contact sheet: images scaled to a common cell width and laid out in a grid.

use image::{imageops, Rgb, RgbImage};

const GAP: u32 = 8;
const BACKDROP: Rgb<u8> = Rgb([64, 64, 64]);

/// Lay `images` out `columns` per row, each scaled (keeping its aspect) to `cell_width`
/// pixels wide, centred in cells as tall as the tallest scaled image of their row, with an
/// 8-pixel grey gap. An empty input gives a 1x1 image.
pub fn contact_sheet(images: &[RgbImage], columns: u32, cell_width: u32) -> RgbImage {
    let columns = columns.max(1) as usize;
    let cell_width = cell_width.max(1);
    if images.is_empty() {
        return RgbImage::from_pixel(1, 1, BACKDROP);
    }
    let scaled: Vec<RgbImage> = images
        .iter()
        .map(|img| {
            let h = ((img.height() as f64 * cell_width as f64 / img.width().max(1) as f64).round()
                as u32)
                .max(1);
            imageops::resize(img, cell_width, h, imageops::FilterType::Triangle)
        })
        .collect();
    let rows: Vec<&[RgbImage]> = scaled.chunks(columns).collect();
    let row_heights: Vec<u32> = rows
        .iter()
        .map(|r| r.iter().map(|i| i.height()).max().unwrap_or(1))
        .collect();
    let cols = columns.min(scaled.len()) as u32;
    let width = cols * cell_width + (cols + 1) * GAP;
    let height = row_heights.iter().sum::<u32>() + (rows.len() as u32 + 1) * GAP;
    let mut sheet = RgbImage::from_pixel(width, height, BACKDROP);
    let mut y = GAP;
    for (row, rh) in rows.iter().zip(&row_heights) {
        for (i, img) in row.iter().enumerate() {
            let x = GAP + i as u32 * (cell_width + GAP);
            let dy = (rh - img.height()) / 2;
            imageops::replace(&mut sheet, img, x as i64, (y + dy) as i64);
        }
        y += rh + GAP;
    }
    sheet
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout_sizes() {
        let a = RgbImage::from_pixel(200, 100, Rgb([255, 0, 0]));
        let b = RgbImage::from_pixel(100, 200, Rgb([0, 255, 0]));
        let s = contact_sheet(&[a.clone(), b, a], 2, 50);
        // two columns of 50 plus three gaps; rows 100 (tallest in row 1) and 25.
        assert_eq!(s.width(), 2 * 50 + 3 * GAP);
        assert_eq!(s.height(), 100 + 25 + 3 * GAP);
        assert_eq!(contact_sheet(&[], 3, 10).dimensions(), (1, 1));
    }
}

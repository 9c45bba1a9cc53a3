//! Writing an EXIF Orientation tag into a JPEG: a minimal APP1 `Exif` segment (big-endian TIFF
//! header, one IFD with the single entry 0x0112) inserted right after the SOI marker.

/// The APP1 segment (marker included) carrying `orientation` (1-8).
pub fn orientation_segment(orientation: u16) -> Vec<u8> {
    let mut tiff = Vec::with_capacity(26);
    tiff.extend_from_slice(b"MM\x00\x2a"); // big-endian TIFF, magic 42
    tiff.extend_from_slice(&8u32.to_be_bytes()); // offset of IFD0
    tiff.extend_from_slice(&1u16.to_be_bytes()); // one entry
    tiff.extend_from_slice(&0x0112u16.to_be_bytes()); // Orientation
    tiff.extend_from_slice(&3u16.to_be_bytes()); // SHORT
    tiff.extend_from_slice(&1u32.to_be_bytes()); // count
    tiff.extend_from_slice(&orientation.to_be_bytes()); // value, left-justified
    tiff.extend_from_slice(&[0, 0]);
    tiff.extend_from_slice(&0u32.to_be_bytes()); // no next IFD

    let mut payload = b"Exif\x00\x00".to_vec();
    payload.extend_from_slice(&tiff);
    let len = (payload.len() + 2) as u16; // the length field counts itself
    let mut seg = vec![0xff, 0xe1];
    seg.extend_from_slice(&len.to_be_bytes());
    seg.extend_from_slice(&payload);
    seg
}

/// Insert an EXIF Orientation tag into a JPEG byte stream right after SOI.
/// Returns the input unchanged if it does not start with SOI.
pub fn insert_orientation(jpeg: &[u8], orientation: u16) -> Vec<u8> {
    if jpeg.len() < 2 || jpeg[0] != 0xff || jpeg[1] != 0xd8 {
        return jpeg.to_vec();
    }
    let seg = orientation_segment(orientation);
    let mut out = Vec::with_capacity(jpeg.len() + seg.len());
    out.extend_from_slice(&jpeg[..2]);
    out.extend_from_slice(&seg);
    out.extend_from_slice(&jpeg[2..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::metadata::Orientation;

    #[test]
    fn segment_parses_back() {
        for o in [1u16, 3, 6, 8] {
            let seg = orientation_segment(o);
            assert_eq!(&seg[..2], &[0xff, 0xe1]);
            let len = u16::from_be_bytes([seg[2], seg[3]]) as usize;
            assert_eq!(len + 2, seg.len());
            // image's parser takes the TIFF part (after "Exif\0\0").
            let parsed = Orientation::from_exif_chunk(&seg[10..]).unwrap();
            assert_eq!(parsed, Orientation::from_exif(o as u8).unwrap());
        }
    }
}

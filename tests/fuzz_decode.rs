//! A bounded fuzz run over what a client's bytes reach first: the raster decoder (with its
//! size and allocation limits) and the PDF gate's structure check. Each property runs a
//! fixed number of cases (a few seconds in all); a failure proptest finds is saved
//! under `tests/fuzz_decode.proptest-regressions` and replayed first on every later run.

use ktp_ocr::input::decode;
use ktp_ocr::pdf::{bounds, InProcess};
use ktp_ocr::Error;
use proptest::prelude::*;

fn png() -> Vec<u8> {
    let img = image::RgbImage::from_fn(160, 140, |x, y| image::Rgb([x as u8, y as u8, 200]));
    let mut out = Vec::new();
    image::DynamicImage::ImageRgb8(img)
        .write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .unwrap();
    out
}

fn jpeg() -> Vec<u8> {
    let img = image::RgbImage::from_fn(160, 140, |x, y| image::Rgb([x as u8, 90, y as u8]));
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 80)
        .encode_image(&img)
        .unwrap();
    out
}

fn pdf() -> Vec<u8> {
    let content = b"q 0.2 0.4 0.8 rg 50 50 400 250 re f Q";
    let mut out = b"%PDF-1.4\n".to_vec();
    let objects: [Vec<u8>; 4] = [
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>".to_vec(),
        [
            format!("<< /Length {} >>\nstream\n", content.len()).as_bytes(),
            content,
            b"\nendstream",
        ]
        .concat(),
    ];
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(o);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(b"xref\n0 5\n0000000000 65535 f \n");
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!("trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n").as_bytes(),
    );
    out
}

/// `base` with some bytes replaced and its tail maybe cut (its magic number kept, so the
/// decoder behind it is reached).
fn mutated(base: Vec<u8>) -> impl Strategy<Value = Vec<u8>> {
    let len = base.len();
    (
        proptest::collection::vec((8..len, any::<u8>()), 1..24),
        proptest::option::of(8..len),
    )
        .prop_map(move |(edits, cut)| {
            let mut b = base.clone();
            for (i, v) in edits {
                b[i] = v;
            }
            if let Some(c) = cut {
                b.truncate(c);
            }
            b
        })
}

/// The answers a damaged file may get: a decoded image, or a documented refusal.
fn acceptable(r: ktp_ocr::Result<ktp_ocr::input::DecodedInput>) -> bool {
    matches!(
        r,
        Ok(_) | Err(Error::InvalidArgument(_)) | Err(Error::DecodeFailed(_))
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 5000, ..ProptestConfig::default() })]

    #[test]
    fn damaged_png_never_panics(bytes in mutated(png())) {
        prop_assert!(acceptable(decode(&bytes, &InProcess::default())));
    }

    #[test]
    fn damaged_jpeg_never_panics(bytes in mutated(jpeg())) {
        prop_assert!(acceptable(decode(&bytes, &InProcess::default())));
    }

    #[test]
    fn damaged_pdf_structure_is_priced_or_refused(bytes in mutated(pdf())) {
        match bounds::check_content(&bytes) {
            Ok(()) | Err(Error::InvalidArgument(_)) => {}
            Err(e) => prop_assert!(false, "unexpected {e}"),
        }
    }

    #[test]
    fn any_bytes_get_a_documented_answer(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        prop_assert!(acceptable(decode(&bytes, &InProcess::default())));
    }
}

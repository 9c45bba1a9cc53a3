//! A one-page PDF holding a card image, as a scanner's "save as PDF" makes it: for testing
//! PDF input without a PDF library.

/// A one-page PDF (A4 portrait) showing `jpeg` (`w` x `h` px) at `width_pt` points wide,
/// near the top left, as a scanner's "save as PDF" does.
pub fn pdf_with_jpeg(jpeg: &[u8], w: u32, h: u32, width_pt: f32) -> Vec<u8> {
    let height_pt = width_pt * h as f32 / w as f32;
    let content = format!(
        "q {width_pt:.2} 0 0 {height_pt:.2} 60 {:.2} cm /Im0 Do Q",
        842.0 - 60.0 - height_pt
    );
    let mut objects: Vec<Vec<u8>> = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im0 4 0 R >> >> /Contents 5 0 R >>".to_vec(),
    ];
    let mut image = format!(
        "<< /Type /XObject /Subtype /Image /Width {w} /Height {h} /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode /Length {} >>\nstream\n",
        jpeg.len()
    )
    .into_bytes();
    image.extend_from_slice(jpeg);
    image.extend_from_slice(b"\nendstream");
    objects.push(image);
    let mut contents = format!("<< /Length {} >>\nstream\n", content.len()).into_bytes();
    contents.extend_from_slice(content.as_bytes());
    contents.extend_from_slice(b"\nendstream");
    objects.push(contents);

    assemble(&objects, "")
}

/// A PDF file of `objects` (object `i + 1` is `objects[i]`; object 1 the catalog): header,
/// the objects, their cross-reference table and the trailer, with `trailer_extra` (entries
/// such as `/Encrypt 6 0 R `) added to the trailer dictionary.
pub fn assemble(objects: &[Vec<u8>], trailer_extra: &str) -> Vec<u8> {
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R {trailer_extra}>>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

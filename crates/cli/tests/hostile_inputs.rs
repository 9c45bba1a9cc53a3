//! The hostile-input suite: files built here (no real card anywhere) that a hostile client
//! would send, each read by the real `ktpocr scan` in a child process that must answer the
//! documented code within a time bound and under a memory bound (the children's peak RSS,
//! the PDF render children included); and `ktpocr serve` reading a JPEG card while two PDF
//! bombs are in flight.

use serde_json::Value;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Every answer within this (the bound; the PDF render deadline is 5 s).
const TIME_BOUND: Duration = Duration::from_secs(10);
/// Both tests load the machine (model loads, renders); one at a time keeps their bounds
/// about the program, not about each other.
static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// While both workers hold a PDF bomb, a card waits at most the render deadline (5 s) for
/// one, then reads as usual; this is far below the 60 s request deadline and catches a
/// render that is not stopped (before, such a card waited minutes).
const CARD_BEHIND_BOMBS_BOUND: Duration = Duration::from_secs(30);

/// Peak resident memory of any child (`ktpocr scan` and its render children).
const MEMORY_BOUND_BYTES: i64 = 1536 * 1024 * 1024;

const INVALID: &str = "InvalidParameterValue.InvalidParameterValueLimit";
const TOO_LARGE: &str = "LimitExceeded.TooLargeFileError";
const UNDECODABLE: &str = "FailedOperation.ImageDecodeFailed";
const NO_CARD: &str = "FailedOperation.OcrFailed";

fn dir() -> PathBuf {
    let d = std::env::temp_dir().join(format!("ktpocr-hostile-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// A one-page PDF with `content` as its page's drawing instructions (Flate-compressed
/// when `compress`), an optional extra object 5 as the page's XObject `/Im0`, and trailer
/// additions.
fn pdf(
    content: &[u8],
    compress: bool,
    media: &str,
    count: usize,
    xobject: Option<Vec<u8>>,
    trailer: &str,
) -> Vec<u8> {
    use flate2::write::ZlibEncoder;
    let data = if compress {
        let mut e = ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        e.write_all(content).unwrap();
        e.finish().unwrap()
    } else {
        content.to_vec()
    };
    let resources = if xobject.is_some() {
        "/Resources << /XObject << /Im0 5 0 R >> >> "
    } else {
        ""
    };
    let mut contents = format!(
        "<< {}/Length {} >>\nstream\n",
        if compress {
            "/Filter /FlateDecode "
        } else {
            ""
        },
        data.len()
    )
    .into_bytes();
    contents.extend_from_slice(&data);
    contents.extend_from_slice(b"\nendstream");
    let mut objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        format!("<< /Type /Pages /Kids [3 0 R] /Count {count} >>").into_bytes(),
        format!("<< /Type /Page /Parent 2 0 R /MediaBox [{media}] {resources}/Contents 4 0 R >>")
            .into_bytes(),
        contents,
    ];
    objects.extend(xobject);
    ktp_synth::pdf::assemble(&objects, trailer)
}

const A4: &str = "0 0 595 842";

fn strokes(n: usize) -> Vec<u8> {
    b"0 0 m 595 842 l S\n".repeat(n)
}

/// Strokes that stay under the content and object bounds but take pdfium far longer to
/// draw than the render deadline: wide, self-crossing paths over the whole page.
fn slow_strokes() -> Vec<u8> {
    let mut c = b"200 w ".to_vec();
    c.extend(b"0 0 m 595 842 l 595 0 l 0 842 l S\n".repeat(40_000));
    c
}

fn png(w: u32, h: u32) -> Vec<u8> {
    let mut out = Vec::new();
    image::DynamicImage::ImageRgb8(image::RgbImage::from_pixel(
        w,
        h,
        image::Rgb([240, 240, 240]),
    ))
    .write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
    .unwrap();
    out
}

/// A PNG whose header claims `w` x `h` pixels, its data a few bytes (a decompression bomb
/// by its header).
fn png_claiming(w: u32, h: u32) -> Vec<u8> {
    let mut p = png(200, 200);
    p[16..20].copy_from_slice(&w.to_be_bytes());
    p[20..24].copy_from_slice(&h.to_be_bytes());
    // The IHDR CRC: recomputed so the header is well formed.
    let crc = crc32(&p[12..29]);
    p[29..33].copy_from_slice(&crc.to_be_bytes());
    p
}

fn crc32(data: &[u8]) -> u32 {
    let mut c = 0xFFFF_FFFFu32;
    for &b in data {
        c ^= u32::from(b);
        for _ in 0..8 {
            c = if c & 1 != 0 {
                0xEDB8_8320 ^ (c >> 1)
            } else {
                c >> 1
            };
        }
    }
    !c
}

fn card_jpeg() -> (Vec<u8>, String) {
    let card = ktp_synth::generate_card(7, 0, ktp_synth::Condition::FlatScan);
    let img = image::load_from_memory(&card.bytes).unwrap().to_rgb8();
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 92)
        .encode_image(&img)
        .unwrap();
    (jpeg, card.truth.fields.nik.clone())
}

/// A JPEG with an APP1 EXIF segment whose orientation entry is out of range and whose IFD
/// offset points past the segment.
fn jpeg_with_bad_exif(jpeg: &[u8]) -> Vec<u8> {
    let mut exif =
        b"Exif\0\0MM\0\x2a\xff\xff\xff\xf0\0\x01\x01\x12\0\x03\0\0\0\x01\0\x63\0\0".to_vec();
    exif.extend_from_slice(&[0; 8]);
    let len = (exif.len() + 2) as u16;
    let mut out = jpeg[..2].to_vec();
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(&exif);
    out.extend_from_slice(&jpeg[2..]);
    out
}

/// Peak resident memory of the largest child reaped so far, in bytes.
fn children_peak_rss() -> i64 {
    let usage =
        nix::sys::resource::getrusage(nix::sys::resource::UsageWho::RUSAGE_CHILDREN).unwrap();
    usage.max_rss() * 1024
}

fn scan_tencent(name: &str, bytes: &[u8]) -> (Value, Duration) {
    let path = dir().join(name);
    std::fs::write(&path, bytes).unwrap();
    let started = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_ktpocr"))
        .args(["scan", "--format", "tencent"])
        .arg(&path)
        .stdin(Stdio::null())
        .output()
        .expect("run ktpocr");
    let took = started.elapsed();
    let text = String::from_utf8_lossy(&out.stdout);
    let json = serde_json::from_str(&text).unwrap_or_else(|e| {
        panic!(
            "{name}: not JSON ({e}): {text}\n{}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    let _ = std::fs::remove_file(&path);
    (json, took)
}

#[test]
fn every_hostile_file_gets_its_documented_code_in_bounded_time_and_memory() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|p| p.into_inner());
    let (jpeg, _) = card_jpeg();
    let mut truncated = jpeg.clone();
    truncated.truncate(jpeg.len() / 3);
    let mut flipped = jpeg.clone();
    for i in (600..flipped.len()).step_by(97) {
        flipped[i] ^= 0x5A;
    }
    let mut big = png(300, 200);
    big.resize(5_000_001, 0);
    let image_bomb = b"<< /Type /XObject /Subtype /Image /Width 100000 /Height 100000 \
        /ColorSpace /DeviceGray /BitsPerComponent 1 /Length 4 >>\nstream\n\0\0\0\0\nendstream"
        .to_vec();
    let encrypt = "/Encrypt << /Filter /Standard /V 1 /R 2 /O <1111111111111111111111111111111111111111111111111111111111111111> \
        /U <2222222222222222222222222222222222222222222222222222222222222222> /P -4 >> \
        /ID [<0123456789abcdef0123456789abcdef> <0123456789abcdef0123456789abcdef>] ";
    let blank = pdf(b"0.9 0.9 0.9 rg 0 0 595 842 re f", false, A4, 1, None, "");
    let cases: Vec<(&str, Vec<u8>, &str, &str)> = vec![
        // Rasters
        ("empty.jpg", Vec::new(), INVALID, "empty"),
        (
            "text.jpg",
            b"this is not an image".to_vec(),
            INVALID,
            "unsupported image format",
        ),
        (
            "gif.png",
            b"GIF89a\x01\0\x01\0\0\0\0;".to_vec(),
            INVALID,
            "unsupported image format",
        ),
        (
            "webp.jpg",
            b"RIFF\x24\0\0\0WEBPVP8 ".to_vec(),
            INVALID,
            "unsupported image format",
        ),
        // The decoder keeps what arrived of a cut JPEG.
        ("truncated.jpg", truncated, "", ""),
        ("flipped.jpg", flipped, "", ""),
        ("bad-exif.jpg", jpeg_with_bad_exif(&jpeg), "", ""),
        ("over-5mb.png", big, TOO_LARGE, "5000001 bytes"),
        (
            "bomb.png",
            png_claiming(100_000, 100_000),
            INVALID,
            "100000x100000 px",
        ),
        ("wide.png", png_claiming(6001, 200), INVALID, "6001x200 px"),
        ("tiny.png", png(100, 100), INVALID, "between 128 and 6000"),
        // PDFs
        (
            "content-bomb.pdf",
            pdf(&strokes(30_000_000), true, A4, 1, None, ""),
            INVALID,
            "the content limit",
        ),
        (
            "objects.pdf",
            pdf(&strokes(100_000), true, A4, 1, None, ""),
            INVALID,
            "100000 objects",
        ),
        (
            "slow.pdf",
            pdf(&slow_strokes(), true, A4, 1, None, ""),
            INVALID,
            "the PDF render time limit",
        ),
        (
            "huge-page.pdf",
            pdf(b"", false, "0 0 20000 842", 1, None, ""),
            INVALID,
            "20000 x 842 pt",
        ),
        (
            "pages.pdf",
            pdf(b"", false, A4, 100_000, None, ""),
            INVALID,
            "100000 pages",
        ),
        (
            "image-bomb.pdf",
            pdf(
                b"q 595 0 0 842 0 0 cm /Im0 Do Q",
                false,
                A4,
                1,
                Some(image_bomb),
                "",
            ),
            INVALID,
            "100000 x 100000 px",
        ),
        (
            "encrypted.pdf",
            pdf(b"", false, A4, 1, None, encrypt),
            INVALID,
            "encrypted",
        ),
        ("truncated.pdf", blank[..blank.len() / 2].to_vec(), "", ""),
        (
            "garbage.pdf",
            [b"%PDF-1.7\n".as_slice(), &[0xAB; 4000]].concat(),
            UNDECODABLE,
            "not a readable PDF",
        ),
        ("blank.pdf", blank.clone(), NO_CARD, ""),
    ];
    for (name, bytes, code, needle) in cases {
        let (json, took) = scan_tencent(name, &bytes);
        let error = &json["Response"]["Error"];
        let got = error["Code"].as_str().unwrap_or("");
        let message = error["Message"].as_str().unwrap_or("");
        assert!(json["Response"]["RequestId"].is_string(), "{name}: {json}");
        if code.is_empty() {
            // Damaged but maybe readable: any documented answer, never a crash.
            assert!(
                got.is_empty() || [UNDECODABLE, NO_CARD, INVALID].contains(&got),
                "{name}: {json}"
            );
        } else {
            assert_eq!(got, code, "{name}: {json}");
            assert!(message.contains(needle), "{name}: {message}");
        }
        assert!(
            !message.contains("PdfiumLibraryInternalError"),
            "{name}: {message}"
        );
        assert!(took < TIME_BOUND, "{name} took {took:?}");
        let peak = children_peak_rss();
        assert!(
            peak < MEMORY_BOUND_BYTES,
            "{name}: peak RSS {} MiB",
            peak >> 20
        );
    }
}

/// `ktpocr serve --no-auth` on a free port; its address from the line it prints.
struct Served {
    child: std::process::Child,
    addr: String,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve() -> Served {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ktpocr"))
        .args([
            "serve",
            "--no-auth",
            "--addr",
            "127.0.0.1:0",
            "--workers",
            "2",
            "--quiet",
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let addr = loop {
        let line = lines.next().expect("serve printed its address").unwrap();
        if let Some(rest) = line.split("http://").nth(1) {
            break rest.split_whitespace().next().unwrap().to_string();
        }
    };
    // Keep reading its stderr so it never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    Served { child, addr }
}

fn post(addr: &str, path: &str, headers: &str, body: &[u8]) -> (Value, Duration) {
    let started = Instant::now();
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\n{headers}Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    s.write_all(head.as_bytes()).unwrap();
    s.write_all(body).unwrap();
    let mut answer = Vec::new();
    s.read_to_end(&mut answer).unwrap();
    let text = String::from_utf8_lossy(&answer);
    let body = text.split_once("\r\n\r\n").map_or("", |(_, b)| b);
    let json = serde_json::from_str(body).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"));
    (json, started.elapsed())
}

#[test]
fn a_card_is_read_while_two_pdf_bombs_render() {
    use base64::Engine as _;
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|p| p.into_inner());
    let server = serve();
    let (jpeg, nik) = card_jpeg();
    let bomb = pdf(&slow_strokes(), true, A4, 1, None, "");
    let b64 = |b: &[u8]| base64::engine::general_purpose::STANDARD.encode(b);
    let tencent_headers =
        "Content-Type: application/json\r\nX-TC-Action: RecognizeIndonesiaIDCardOCR\r\n\
        X-TC-Version: 2018-11-19\r\nX-TC-Timestamp: 0\r\n";
    std::thread::scope(|scope| {
        let bombs: Vec<_> = (0..2)
            .map(|_| {
                let body = serde_json::json!({ "image_base64": b64(&bomb) }).to_string();
                let addr = server.addr.clone();
                scope.spawn(move || {
                    post(
                        &addr,
                        "/ocr/idcard",
                        "Content-Type: application/json\r\n",
                        body.as_bytes(),
                    )
                })
            })
            .collect();
        std::thread::sleep(Duration::from_millis(300));
        let body = serde_json::json!({ "ImageBase64": b64(&jpeg) }).to_string();
        let (card, took) = post(&server.addr, "/", tencent_headers, body.as_bytes());
        assert_eq!(card["Response"]["NIK"], nik.as_str(), "{card}");
        assert!(took < CARD_BEHIND_BOMBS_BOUND, "the card took {took:?}");
        for b in bombs {
            let (json, took) = b.join().unwrap();
            assert_eq!(json["status"], "INVALID_ARGUMENT", "{json}");
            assert!(
                json["reason"]
                    .as_str()
                    .unwrap()
                    .contains("render time limit"),
                "{json}"
            );
            assert!(took < TIME_BOUND, "a bomb took {took:?}");
        }
    });
}

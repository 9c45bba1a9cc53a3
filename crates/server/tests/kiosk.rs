//! The kiosk page's routes over real HTTP on loopback: the page and its files (served by the
//! binary, under a policy that keeps the browser to this origin), `GET /` answering a browser
//! with the page and API clients as before, and `POST /kiosk/read` (the `/ocr/idcard`
//! credentials, then the native reading with the straightened card and the photo). The
//! page itself is driven in Chromium by scripts/kiosk-browser-test.sh.

#[path = "support/card.rs"]
mod card;

use base64::Engine as _;
use ktp_ocr::reading::{CardView, Field, Timings};
use ktp_ocr::{Engine, Error, KtpReading, ReadOptions};
use ktp_ocr_server::{self as server, keys::KeyStore, CardReader, RunningServer, ServerConfig};
use serde_json::Value;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

const KEYS: &str = r#"
[[key]]
id = "operator"
secret = "operator-secret-0123456789"
apis = ["idcard"]

[[key]]
id = "tencent-only"
secret = "tencent-secret-0123456789"
apis = ["tencent"]
"#;

/// What a browser sends when it opens an address.
const BROWSER_ACCEPT: &str =
    "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8";

/// A reader that answers the synthetic card's printed fields without running a model, with
/// the card view and photo only when asked for them (as the engine does).
struct Canned;

fn test_card() -> &'static card::TestCard {
    static CARD: OnceLock<card::TestCard> = OnceLock::new();
    CARD.get_or_init(card::card)
}

impl CardReader for Canned {
    fn read_card(&self, bytes: &[u8], options: &ReadOptions) -> ktp_ocr::Result<KtpReading> {
        if bytes != test_card().bytes {
            return Err(Error::DetectionFailed("not the test card".into()));
        }
        let truth = &test_card().fields;
        let quad = [[10.0, 10.0], [200.0, 10.0], [200.0, 40.0], [10.0, 40.0]];
        let fields = ktp_ocr::ktp::FIELD_NAMES
            .iter()
            .map(|&n| {
                let value = truth.get(n).unwrap_or("").to_string();
                let field = Field {
                    value,
                    confidence: 0.97,
                    quad: Some(quad),
                };
                (n, field)
            })
            .collect();
        Ok(KtpReading {
            fields,
            nik_check: None,
            warnings: Vec::new(),
            orientation: 0,
            exif_orientation: 1,
            image_width: 1000,
            image_height: 630,
            quality: None,
            photo: options.head_image.then(|| "cGhvdG8=".to_string()),
            card: options.card_image.then(|| CardView {
                image: "Y2FyZA==".into(),
                width: 1000,
                height: 630,
                boxes: [("nik", quad)].into_iter().collect(),
            }),
            timings: Timings::default(),
        })
    }
}

struct Real;

impl CardReader for Real {
    fn read_card(&self, bytes: &[u8], options: &ReadOptions) -> ktp_ocr::Result<KtpReading> {
        static ENGINE: OnceLock<Engine> = OnceLock::new();
        ENGINE
            .get_or_init(|| {
                Engine::builder()
                    .threads(2)
                    .build()
                    .expect("models missing: run scripts/setup.sh")
            })
            .read_with(bytes, options)
            .0
    }
}

fn start(keys: Option<&str>, reader: impl CardReader) -> RunningServer {
    let mut config = ServerConfig::new(keys.map(|k| KeyStore::from_toml(k).unwrap()));
    config.workers = 1;
    config.queue = 4;
    config.access_log = false;
    server::start("127.0.0.1:0".parse().unwrap(), config, Arc::new(reader)).expect("start")
}

fn client() -> reqwest::blocking::Client {
    reqwest::blocking::Client::builder()
        .timeout(Duration::from_secs(120))
        .build()
        .unwrap()
}

fn url(s: &RunningServer, path: &str) -> String {
    format!("http://{}{path}", s.addr())
}

fn header(r: &reqwest::blocking::Response, name: &str) -> String {
    r.headers()
        .get(name)
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default()
}

/// `POST /kiosk/read` with the card as a multipart `file`, as the page sends it.
fn read(s: &RunningServer, key: Option<(&str, &str)>, bytes: &[u8]) -> (u16, String, Value) {
    let part = reqwest::blocking::multipart::Part::bytes(bytes.to_vec()).file_name("camera.jpg");
    let mut req = client()
        .post(url(s, "/kiosk/read"))
        .multipart(reqwest::blocking::multipart::Form::new().part("file", part));
    if let Some((id, secret)) = key {
        req = req
            .header("X-DF-API-ID", id)
            .header("X-DF-API-SECRET", secret);
    }
    let r = req.send().unwrap();
    let cache = header(&r, "cache-control");
    let status = r.status().as_u16();
    let text = r.text().unwrap();
    let v = serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"));
    (status, cache, v)
}

#[test]
fn the_page_and_its_files_come_from_the_binary_under_a_same_origin_policy() {
    let s = start(Some(KEYS), Canned);
    let page = client().get(url(&s, "/kiosk")).send().unwrap();
    assert_eq!(page.status(), 200);
    assert_eq!(header(&page, "content-type"), "text/html; charset=utf-8");
    let csp = header(&page, "content-security-policy");
    for directive in [
        "default-src 'none'",
        "script-src 'self'",
        "connect-src 'self'",
    ] {
        assert!(csp.contains(directive), "{directive} missing from {csp}");
    }
    assert_eq!(header(&page, "cache-control"), "no-store");
    let html = page.text().unwrap();
    assert!(html.contains(r#"<script type="module" src="/kiosk/kiosk.js">"#));
    for (path, content_type, body) in server::kiosk::ASSETS {
        let r = client().get(url(&s, path)).send().unwrap();
        assert_eq!(r.status(), 200, "{path}");
        assert_eq!(&header(&r, "content-type"), content_type, "{path}");
        assert_eq!(r.text().unwrap(), *body, "{path}");
    }
    let slash = client().get(url(&s, "/kiosk/")).send().unwrap();
    assert_eq!(slash.text().unwrap(), html);
    let missing = client().get(url(&s, "/kiosk/nothing.js")).send().unwrap();
    assert_eq!(missing.status(), 404);
}

#[test]
fn a_browser_opening_the_server_gets_the_page_api_clients_get_the_api() {
    let s = start(Some(KEYS), Canned);
    let browser = client()
        .get(url(&s, "/"))
        .header("Accept", BROWSER_ACCEPT)
        .send()
        .unwrap();
    assert_eq!(browser.status(), 200);
    assert!(header(&browser, "content-type").starts_with("text/html"));
    assert!(browser.text().unwrap().contains("KTP kiosk"));

    // Today's answers: a GET without a browser's Accept is Tencent's protocol error, a POST
    // (even from a browser) is the Tencent API, and /ocr/idcard is unchanged.
    for accept in ["*/*", "application/json"] {
        let r = client()
            .get(url(&s, "/"))
            .header("Accept", accept)
            .send()
            .unwrap();
        assert_eq!(r.status(), 200);
        let v: Value = r.json().unwrap();
        assert_eq!(
            v["Response"]["Error"]["Code"], "UnsupportedProtocol",
            "{accept}"
        );
    }
    let post: Value = client()
        .post(url(&s, "/"))
        .header("Accept", BROWSER_ACCEPT)
        .header("Content-Type", "application/json")
        .body("{}")
        .send()
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(
        post["Response"]["Error"]["Code"], "MissingParameter",
        "{post}"
    );
    let idcard = client()
        .get(url(&s, "/ocr/idcard"))
        .header("Accept", BROWSER_ACCEPT)
        .send()
        .unwrap();
    assert_eq!(idcard.status(), 404);
}

#[test]
fn kiosk_reads_need_a_key_allowed_the_idcard_api() {
    let s = start(Some(KEYS), Canned);
    // Refused from the headers, before the body is read (a small body, so that the client
    // has sent all of it when the answer closes the connection).
    let body = b"not read";
    let (status, cache, v) = read(&s, None, body);
    assert_eq!((status, v["status"].as_str()), (401, Some("UNAUTHORIZED")));
    assert_eq!(cache, "no-store");
    let (status, _, v) = read(&s, Some(("operator", "wrong-secret-0123456789")), body);
    assert_eq!((status, v["status"].as_str()), (401, Some("UNAUTHORIZED")));
    let tencent = Some(("tencent-only", "tencent-secret-0123456789"));
    let (status, _, v) = read(&s, tencent, body);
    assert_eq!((status, v["status"].as_str()), (403, Some("NO_PERMISSION")));

    let card = &test_card().bytes;
    let (status, cache, v) = read(&s, Some(("operator", "operator-secret-0123456789")), card);
    assert_eq!(status, 200, "{v}");
    assert_eq!(cache, "no-store");
    assert_eq!(v["status"], "OK");
    assert_eq!(v["fields"]["nik"]["value"], test_card().fields.nik);
    // The page's read asks for the straightened card and the photo.
    assert_eq!(v["card"]["image"], "Y2FyZA==");
    assert_eq!(v["photo"], "cGhvdG8=");
    let operator = Some(("operator", "operator-secret-0123456789"));
    let (status, _, v) = read(&s, operator, b"not an image");
    assert_eq!(
        (status, v["status"].as_str()),
        (400, Some("INVALID_ARGUMENT"))
    );
    let (status, _, v) = read(&s, operator, &card::blank_png());
    assert_eq!(
        (status, v["status"].as_str()),
        (400, Some("DETECTION_FAILED"))
    );
}

#[test]
fn kiosk_reads_need_no_key_without_auth() {
    let s = start(None, Canned);
    let (status, _, v) = read(&s, None, &test_card().bytes);
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["fields"]["nama"]["value"], test_card().fields.nama);
}

#[test]
fn a_kiosk_read_returns_the_straightened_card_with_boxes_and_the_photo() {
    let s = start(None, Real);
    let (status, _, v) = read(&s, None, &test_card().bytes);
    assert_eq!(status, 200, "{v}");
    let truth = &test_card().fields;
    assert_eq!(v["fields"]["nik"]["value"], truth.nik);
    assert_eq!(v["fields"]["nama"]["value"], truth.nama);
    let b64 = base64::engine::general_purpose::STANDARD;
    let card = &v["card"];
    let image = image::load_from_memory(&b64.decode(card["image"].as_str().unwrap()).unwrap())
        .expect("card image is a JPEG");
    assert_eq!(Some(image.width() as u64), card["width"].as_u64());
    assert_eq!(Some(image.height() as u64), card["height"].as_u64());
    // The NIK's box lies on the card image, in its upper half (where the card prints it).
    let nik_box = card["boxes"]["nik"].as_array().expect("a box for the NIK");
    for corner in nik_box {
        let (x, y) = (corner[0].as_f64().unwrap(), corner[1].as_f64().unwrap());
        assert!((0.0..=image.width() as f64).contains(&x), "{corner}");
        assert!((0.0..=image.height() as f64 / 2.0).contains(&y), "{corner}");
    }
    let photo = image::load_from_memory(&b64.decode(v["photo"].as_str().unwrap()).unwrap())
        .expect("photo is a JPEG");
    assert!(photo.height() > photo.width(), "a portrait photo");
    assert!(
        v["nik_check"]["birth_date"].is_string(),
        "{}",
        v["nik_check"]
    );
}

//! `ktpocr serve` over real HTTP on loopback: a success for each API (a multipart upload
//! byte for byte as `curl -F file=@card.jpg` sends it, and a request signed as Tencent
//! Cloud's official SDK signs it, with the signature built here independently of the
//! server's code), the other accepted body forms, and every documented error code. The
//! tests that read a card run the real engine; the authentication, limit and error tests a
//! canned reader, so they test the server alone.

#[path = "support/card.rs"]
mod card;

use base64::Engine as _;
use hmac::{Hmac, Mac};
use ktp_ocr::reading::{Field, Timings};
use ktp_ocr::{Engine, Error, KtpReading, ReadOptions};
use ktp_ocr_server::{self as server, keys::KeyStore, CardReader, RunningServer, ServerConfig};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

const KEYS: &str = r#"
[[key]]
id = "good"
secret = "good-secret-0123456789"
rate_limit = 1000

[[key]]
id = "expired"
secret = "expired-secret-0123456789"
expires = 2020-01-01

[[key]]
id = "idcard-only"
secret = "idcard-secret-0123456789"
apis = ["idcard"]
rate_limit = 1000

[[key]]
id = "tencent-only"
secret = "tencent-secret-0123456789"
apis = ["tencent"]
rate_limit = 1000

[[key]]
id = "one-call"
secret = "one-call-secret-0123456789"
quota = 1
rate_limit = 1000

[[key]]
id = "slow-key"
secret = "slow-key-secret-0123456789"
rate_limit = 1
"#;

// ---------------------------------------------------------------------------------------
// Server set-up

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        Engine::builder()
            .threads(2)
            .concurrency(2)
            .build()
            .expect("models missing: run scripts/setup.sh")
    })
}

/// How the test server reads: the real engine for the tests that read a card, or a canned
/// reading of the test card (no model runs) for the authentication, limit and error tests;
/// either way, inputs that make a read panic or take long test the server's handling of
/// both.
#[derive(Clone, Copy)]
enum TestReader {
    Real,
    Canned,
}

/// What the canned reader answers for the test card: its printed fields, sure.
fn canned_reading() -> KtpReading {
    let fields = truth();
    KtpReading {
        fields: ktp_ocr::ktp::FIELD_NAMES
            .iter()
            .map(|&n| {
                let value = fields.get(n).unwrap_or("").to_string();
                let quad = (!value.is_empty()).then_some([[0.0, 0.0]; 4]);
                (
                    n,
                    Field {
                        value,
                        confidence: 0.99,
                        quad,
                    },
                )
            })
            .collect(),
        nik_check: None,
        warnings: Vec::new(),
        orientation: 0,
        exif_orientation: 1,
        image_width: 1011,
        image_height: 638,
        quality: None,
        photo: None,
        card: None,
        timings: Timings::default(),
    }
}

const PANIC_INPUT: &[u8] = b"PANIC! test input";
const SLOW_INPUT: &[u8] = b"SLOW! test input";
/// A read of this input holds its worker until [`release_held`]: a busy server without a
/// race against a sleep on a loaded machine.
const HOLD_INPUT: &[u8] = b"HOLD! test input";
static HELD: (std::sync::Mutex<bool>, std::sync::Condvar) =
    (std::sync::Mutex::new(false), std::sync::Condvar::new());

fn release_held() {
    *HELD.0.lock().unwrap() = true;
    HELD.1.notify_all();
}

impl CardReader for TestReader {
    fn read_card(&self, bytes: &[u8], options: &ReadOptions) -> ktp_ocr::Result<KtpReading> {
        if bytes == PANIC_INPUT {
            panic!("a read panicked (test input)");
        }
        if bytes == SLOW_INPUT {
            std::thread::sleep(Duration::from_millis(1500));
            return Err(Error::DetectionFailed("slow test input".into()));
        }
        if bytes == HOLD_INPUT {
            let released = HELD.0.lock().unwrap();
            drop(HELD.1.wait_while(released, |r| !*r).unwrap());
            return Err(Error::DetectionFailed("held test input".into()));
        }
        match self {
            TestReader::Real => engine().read_with(bytes, options).0,
            TestReader::Canned => {
                // decoding is real (no model runs): decode errors are the library's own
                ktp_ocr::input::decode(bytes, &ktp_ocr::pdf::InProcess::default())?;
                if bytes == card() {
                    Ok(canned_reading())
                } else {
                    Err(Error::DetectionFailed(
                        "no identity card found (the canned reader knows only the test card)"
                            .into(),
                    ))
                }
            }
        }
    }

    fn check(&self, bytes: &[u8]) -> ktp_ocr::Result<()> {
        if bytes == PANIC_INPUT || bytes == SLOW_INPUT || bytes == HOLD_INPUT {
            return Ok(());
        }
        ktp_ocr::input::check_container(bytes).map(|_| ())
    }
}

fn config() -> ServerConfig {
    let mut c = ServerConfig::new(Some(KeyStore::from_toml(KEYS).unwrap()));
    c.workers = 2;
    c.queue = 8;
    c.access_log = false;
    c
}

fn start_reading_with(config: ServerConfig, reader: TestReader) -> RunningServer {
    server::start("127.0.0.1:0".parse().unwrap(), config, Arc::new(reader)).expect("start server")
}

fn start_with(config: ServerConfig) -> RunningServer {
    start_reading_with(config, TestReader::Canned)
}

/// A server with the canned reader.
fn start() -> RunningServer {
    start_with(config())
}

/// A server with the real engine.
fn start_real() -> RunningServer {
    start_reading_with(config(), TestReader::Real)
}

fn test_card() -> &'static card::TestCard {
    static CARD: OnceLock<card::TestCard> = OnceLock::new();
    CARD.get_or_init(card::card)
}

fn card() -> &'static [u8] {
    &test_card().bytes
}

fn truth() -> &'static ktp_ocr::ktp::KtpFields {
    &test_card().fields
}

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

fn client() -> &'static reqwest::blocking::Client {
    static CLIENT: OnceLock<reqwest::blocking::Client> = OnceLock::new();
    CLIENT.get_or_init(|| {
        reqwest::blocking::Client::builder()
            .timeout(Duration::from_secs(60))
            .build()
            .unwrap()
    })
}

fn json_of(r: reqwest::blocking::Response) -> (u16, Value) {
    let status = r.status().as_u16();
    let text = r.text().unwrap();
    let v = serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"));
    (status, v)
}

// ---------------------------------------------------------------------------------------
// accuauth helpers

fn idcard_url(s: &RunningServer) -> String {
    format!("http://{}/ocr/idcard", s.addr())
}

fn idcard_json(s: &RunningServer, id: &str, secret: &str, body: &Value) -> (u16, Value) {
    json_of(
        client()
            .post(idcard_url(s))
            .header("X-DF-API-ID", id)
            .header("X-DF-API-SECRET", secret)
            .json(body)
            .send()
            .unwrap(),
    )
}

fn good_json(s: &RunningServer, body: &Value) -> (u16, Value) {
    idcard_json(s, "good", "good-secret-0123456789", body)
}

fn good_multipart(s: &RunningServer, form: reqwest::blocking::multipart::Form) -> (u16, Value) {
    json_of(
        client()
            .post(idcard_url(s))
            .header("X-DF-API-ID", "good")
            .header("X-DF-API-SECRET", "good-secret-0123456789")
            .multipart(form)
            .send()
            .unwrap(),
    )
}

/// An accuauth error answer: its HTTP status, `status`, a `reason` containing `needle`, and
/// a `TID` request id.
#[track_caller]
fn assert_accuauth_error(got: (u16, Value), http: u16, status: &str, needle: &str) {
    let (code, v) = got;
    assert_eq!(v["status"], status, "{v}");
    assert_eq!(code, http, "{v}");
    let reason = v["reason"].as_str().unwrap_or_default();
    assert!(
        reason.contains(needle),
        "reason {reason:?} lacks {needle:?}"
    );
    assert!(v["request_id"].as_str().unwrap().starts_with("TID"), "{v}");
    assert!(v.get("results").is_none());
}

/// Wait until the server is running a read (so a slow request is surely in flight).
fn wait_until_busy(s: &RunningServer) {
    let t0 = std::time::Instant::now();
    while t0.elapsed() < Duration::from_secs(20) {
        let (_, v) = json_of(
            client()
                .get(format!("http://{}/health", s.addr()))
                .send()
                .unwrap(),
        );
        if v["busy"].as_u64() == Some(1) {
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    panic!("the slow request never started");
}

#[track_caller]
fn assert_card_read(v: &Value) {
    assert_eq!(v["status"], "OK", "{v}");
    assert!(v["request_id"].as_str().unwrap().starts_with("TID"));
    let (r, t) = (&v["results"][0], truth());
    assert_eq!(r["id_number"], t.nik, "{v}");
    assert_eq!(r["name"], t.nama, "{v}");
    assert_eq!(r["dob"], t.tanggal_lahir, "{v}");
    assert_eq!(r["gender"], t.jenis_kelamin, "{v}");
    assert_eq!(
        r["gender_s"],
        if t.jenis_kelamin == "LAKI-LAKI" {
            "M"
        } else {
            "F"
        }
    );
    assert_eq!(r["province"], t.provinsi, "{v}");
}

// ---------------------------------------------------------------------------------------
// Raw HTTP, for requests exactly as a given client sends them

struct RawResponse {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl RawResponse {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }
}

fn read_response(reader: &mut BufReader<TcpStream>) -> RawResponse {
    let mut line = String::new();
    reader.read_line(&mut line).unwrap();
    let status: u16 = line.split_whitespace().nth(1).unwrap().parse().unwrap();
    let mut headers = Vec::new();
    loop {
        let mut h = String::new();
        reader.read_line(&mut h).unwrap();
        let h = h.trim_end();
        if h.is_empty() {
            break;
        }
        let (k, v) = h.split_once(':').unwrap();
        headers.push((k.trim().to_ascii_lowercase(), v.trim().to_string()));
    }
    let len = headers
        .iter()
        .find(|(k, _)| k == "content-length")
        .map_or(0, |(_, v)| v.parse().unwrap());
    let mut body = vec![0; len];
    reader.read_exact(&mut body).unwrap();
    RawResponse {
        status,
        headers,
        body,
    }
}

/// Send `head` (request line and headers, CRLF-terminated, with the blank line) then,
/// unless the server answers first, `body`; return the final response.
fn raw_exchange(addr: SocketAddr, head: &str, body: &[u8], expect_continue: bool) -> RawResponse {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .unwrap();
    stream.write_all(head.as_bytes()).unwrap();
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    if expect_continue {
        // As curl does: wait for `100 Continue` (or a final answer) before the body.
        let first = read_response(&mut reader);
        if first.status != 100 {
            return first;
        }
    }
    let body = body.to_vec();
    let mut writer = stream.try_clone().unwrap();
    // The server may answer before it has read everything; a failed write is then fine.
    let sender = std::thread::spawn(move || {
        let _ = writer.write_all(&body);
    });
    let response = read_response(&mut reader);
    let _ = stream.shutdown(std::net::Shutdown::Both);
    let _ = sender.join();
    response
}

/// The bytes `curl -F file=@card.jpg -H ... URL` sends (curl 8: a 24-dash boundary
/// prefix, the file's name and type, `Expect: 100-continue` above 1 MB).
fn curl_multipart(addr: SocketAddr, file: &[u8], filename: &str) -> RawResponse {
    let boundary = "------------------------Wm5Qnd0EfH4lyVtrXkZcqR";
    let mut body = Vec::new();
    body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
    body.extend_from_slice(
        format!(
            "Content-Disposition: form-data; name=\"file\"; filename=\"{filename}\"\r\n\
             Content-Type: image/jpeg\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(file);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let expect = body.len() > 1024 * 1024;
    let head =
        format!(
        "POST /ocr/idcard HTTP/1.1\r\nHost: {addr}\r\nUser-Agent: curl/8.5.0\r\nAccept: */*\r\n\
         X-DF-API-ID: good\r\nX-DF-API-SECRET: good-secret-0123456789\r\n\
         Content-Length: {}\r\nContent-Type: multipart/form-data; boundary={boundary}\r\n{}\r\n",
        body.len(),
        if expect { "Expect: 100-continue\r\n" } else { "" }
    );
    raw_exchange(addr, &head, &body, expect)
}

// ---------------------------------------------------------------------------------------
// Tencent helpers: TC3-HMAC-SHA256 as the official SDKs sign (built here from the
// documented algorithm, not with the server's code)

fn hmac256(key: &[u8], msg: &str) -> Vec<u8> {
    let mut m = Hmac::<Sha256>::new_from_slice(key).unwrap();
    m.update(msg.as_bytes());
    m.finalize().into_bytes().to_vec()
}

fn sha256_hex(data: &[u8]) -> String {
    hex::encode(Sha256::digest(data))
}

fn utc_date(ts: i64) -> String {
    // Civil date from days since the epoch (valid for 1970..2100, enough here).
    let mut days = ts / 86_400;
    let mut year = 1970;
    loop {
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        let len = if leap { 366 } else { 365 };
        if days < len {
            let months = [
                31,
                if leap { 29 } else { 28 },
                31,
                30,
                31,
                30,
                31,
                31,
                30,
                31,
                30,
                31,
            ];
            let mut month = 0;
            while days >= months[month] {
                days -= months[month];
                month += 1;
            }
            return format!("{year:04}-{:02}-{:02}", month + 1, days + 1);
        }
        days -= len;
        year += 1;
    }
}

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

struct TcRequest {
    secret_id: String,
    secret_key: String,
    /// The credential scope's service: the Python SDK takes the endpoint's first label.
    service: String,
    action: Option<String>,
    version: Option<String>,
    timestamp: i64,
    content_type: String,
    payload: Vec<u8>,
    method: &'static str,
    sign: bool,
    extra_headers: Vec<(String, String)>,
}

impl TcRequest {
    fn new(secret_id: &str, secret_key: &str, payload: Value) -> Self {
        Self {
            secret_id: secret_id.into(),
            secret_key: secret_key.into(),
            service: "127".into(),
            action: Some("RecognizeIndonesiaIDCardOCR".into()),
            version: Some("2018-11-19".into()),
            timestamp: now(),
            content_type: "application/json".into(),
            // Python's json.dumps separators, as the SDK sends the body.
            payload: python_json(&payload).into_bytes(),
            method: "POST",
            sign: true,
            extra_headers: vec![],
        }
    }

    fn good(payload: Value) -> Self {
        Self::new("good", "good-secret-0123456789", payload)
    }

    fn authorization(&self, host: &str) -> String {
        let date = utc_date(self.timestamp);
        let canonical = format!(
            "{}\n/\n\ncontent-type:{}\nhost:{}\n\ncontent-type;host\n{}",
            self.method,
            self.content_type,
            host,
            sha256_hex(&self.payload)
        );
        let scope = format!("{date}/{}/tc3_request", self.service);
        let to_sign = format!(
            "TC3-HMAC-SHA256\n{}\n{scope}\n{}",
            self.timestamp,
            sha256_hex(canonical.as_bytes())
        );
        let k = hmac256(format!("TC3{}", self.secret_key).as_bytes(), &date);
        let k = hmac256(&k, &self.service);
        let k = hmac256(&k, "tc3_request");
        let sig = hex::encode(hmac256(&k, &to_sign));
        format!(
            "TC3-HMAC-SHA256 Credential={}/{scope}, SignedHeaders=content-type;host, Signature={sig}",
            self.secret_id
        )
    }

    fn send(&self, s: &RunningServer) -> (u16, Value) {
        let host = s.addr().to_string();
        let method = reqwest::Method::from_bytes(self.method.as_bytes()).unwrap();
        let mut req = client()
            .request(method, format!("http://{host}/"))
            .header("Content-Type", &self.content_type)
            .header("X-TC-Timestamp", self.timestamp.to_string())
            .header("X-TC-RequestClient", "SDK_PYTHON_3.0.1000")
            .header("X-TC-Region", "ap-jakarta")
            .header("X-TC-Language", "en-US")
            .body(self.payload.clone());
        if let Some(a) = &self.action {
            req = req.header("X-TC-Action", a);
        }
        if let Some(v) = &self.version {
            req = req.header("X-TC-Version", v);
        }
        if self.sign {
            req = req.header("Authorization", self.authorization(&host));
        }
        for (k, v) in &self.extra_headers {
            req = req.header(k, v);
        }
        json_of(req.send().unwrap())
    }
}

/// `json.dumps(obj)` of Python: `", "` and `": "` separators, non-ASCII escaped.
fn python_json(v: &Value) -> String {
    match v {
        Value::Object(m) => {
            let parts: Vec<String> = m
                .iter()
                .map(|(k, v)| format!("{}: {}", python_json(&json!(k)), python_json(v)))
                .collect();
            format!("{{{}}}", parts.join(", "))
        }
        Value::Array(a) => format!(
            "[{}]",
            a.iter().map(python_json).collect::<Vec<_>>().join(", ")
        ),
        other => other.to_string(),
    }
}

#[track_caller]
fn assert_tencent_error(got: (u16, Value), code: &str, needle: &str) {
    let (http, v) = got;
    assert_eq!(http, 200, "Tencent answers errors with HTTP 200: {v}");
    let r = &v["Response"];
    assert_eq!(r["Error"]["Code"], code, "{v}");
    let msg = r["Error"]["Message"].as_str().unwrap_or_default();
    assert!(msg.contains(needle), "message {msg:?} lacks {needle:?}");
    assert_eq!(r["RequestId"].as_str().unwrap().len(), 36, "{v}");
}

// =======================================================================================
// Successes

#[test]
fn idcard_reads_a_multipart_upload_exactly_as_curl_sends_it() {
    let s = start_real();
    let r = curl_multipart(s.addr(), card(), "card.jpg");
    assert_eq!(r.status, 200);
    assert!(r
        .headers
        .iter()
        .any(|(k, v)| k == "content-type" && v.starts_with("application/json")));
    assert_card_read(&r.json());
}

#[test]
fn idcard_reads_image_base64_from_multipart_form_and_json() {
    let s = start_real();
    let form = reqwest::blocking::multipart::Form::new().text("image_base64", b64(card()));
    let (code, v) = good_multipart(&s, form);
    assert_eq!(code, 200);
    assert_card_read(&v);

    // A form as `curl -d image_base64=...` sends it, `+` not percent-encoded.
    let (code, v) = json_of(
        client()
            .post(idcard_url(&s))
            .header("X-DF-API-ID", "good")
            .header("X-DF-API-SECRET", "good-secret-0123456789")
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body(format!("image_base64={}", b64(card()).replace('/', "%2F")))
            .send()
            .unwrap(),
    );
    assert_eq!(code, 200, "{v}");
    assert_card_read(&v);

    let (code, v) = good_json(&s, &json!({ "image_base64": b64(card()) }));
    assert_eq!(code, 200);
    assert_card_read(&v);
}

#[test]
fn tencent_reads_a_request_signed_as_the_python_sdk_signs_it() {
    let s = start_real();
    let req = TcRequest::good(json!({
        "ImageBase64": b64(card()),
        "ReturnHeadImage": true,
        "Scene": "V2"
    }));
    let (code, v) = req.send(&s);
    assert_eq!(code, 200);
    let r = &v["Response"];
    assert!(r.get("Error").is_none(), "{v}");
    let t = truth();
    assert_eq!(r["NIK"], t.nik, "{v}");
    assert_eq!(r["Nama"], t.nama);
    assert_eq!(
        r["TempatTglLahir"],
        format!("{}, {}", t.tempat_lahir, t.tanggal_lahir)
    );
    assert_eq!(r["RTRW"], format!("{}/{}", t.rt, t.rw));
    assert_eq!(r["KewargaNegaraan"], t.kewarganegaraan);
    assert_eq!(r["Provinsi"], t.provinsi);
    // ReturnHeadImage: the holder's photo, base64 JPEG.
    let photo = base64::engine::general_purpose::STANDARD
        .decode(r["Photo"].as_str().unwrap())
        .expect("Photo is base64");
    assert!(photo.starts_with(&[0xFF, 0xD8, 0xFF]), "Photo is a JPEG");
    assert_eq!(r["RequestId"].as_str().unwrap().len(), 36);
}

#[test]
fn tencent_scene_v1_as_the_go_sdk_signs_it_leaves_province_and_city_out() {
    let s = start_real();
    // The Go SDK signs for service "ocr" and sends ReturnHeadImage as the documented string.
    let mut req = TcRequest::good(json!({
        "ImageBase64": b64(card()),
        "ReturnHeadImage": "false"
    }));
    req.service = "ocr".into();
    let (_, v) = req.send(&s);
    let r = &v["Response"];
    assert_eq!(r["NIK"], truth().nik, "{v}");
    assert_eq!(r["Provinsi"], "");
    assert_eq!(r["Kota"], "");
    assert_eq!(r["Photo"], "");
}

#[test]
fn health_and_openapi_answer_without_credentials() {
    let s = start();
    let (code, v) = json_of(
        client()
            .get(format!("http://{}/health", s.addr()))
            .send()
            .unwrap(),
    );
    assert_eq!(code, 200);
    assert_eq!(v["status"], "ok");
    assert_eq!(v["auth"], "keys");
    assert_eq!(v["workers"], 2);
    let yaml = client()
        .get(format!("http://{}/openapi.yaml", s.addr()))
        .send()
        .unwrap()
        .text()
        .unwrap();
    assert!(yaml.contains("/ocr/idcard") && yaml.contains("RecognizeIndonesiaIDCardOCR"));
}

// =======================================================================================
// accuauth errors

#[test]
fn idcard_invalid_argument_for_missing_both_and_bad_inputs() {
    let s = start();
    // Neither input.
    assert_accuauth_error(
        good_multipart(
            &s,
            reqwest::blocking::multipart::Form::new().text("other", "x"),
        ),
        400,
        "INVALID_ARGUMENT",
        "must specify 'file' or 'image_base64' argument",
    );
    assert_accuauth_error(
        good_json(&s, &json!({})),
        400,
        "INVALID_ARGUMENT",
        "must specify",
    );
    // Both.
    let form = reqwest::blocking::multipart::Form::new()
        .part(
            "file",
            reqwest::blocking::multipart::Part::bytes(card().to_vec()).file_name("card.jpg"),
        )
        .text("image_base64", b64(card()));
    assert_accuauth_error(
        good_multipart(&s, form),
        400,
        "INVALID_ARGUMENT",
        "not both",
    );
    // Bad base64.
    assert_accuauth_error(
        good_json(&s, &json!({ "image_base64": "this is *not* base64!" })),
        400,
        "INVALID_ARGUMENT",
        "base64",
    );
    // Not an image, and an image that cannot be decoded.
    assert_accuauth_error(
        good_json(&s, &json!({ "image_base64": b64(b"hello, this is text") })),
        400,
        "INVALID_ARGUMENT",
        "unsupported image format",
    );
    let mut cut = card::blank_png();
    cut.truncate(80);
    assert_accuauth_error(
        good_json(&s, &json!({ "image_base64": b64(&cut) })),
        400,
        "INVALID_ARGUMENT",
        "decode",
    );
    // Unsupported content type.
    assert_accuauth_error(
        json_of(
            client()
                .post(idcard_url(&s))
                .header("X-DF-API-ID", "good")
                .header("X-DF-API-SECRET", "good-secret-0123456789")
                .header("Content-Type", "text/plain")
                .body("hello")
                .send()
                .unwrap(),
        ),
        400,
        "INVALID_ARGUMENT",
        "Content-Type",
    );
}

#[test]
fn idcard_invalid_argument_for_size_limits() {
    let s = start();
    // A file over 5 MB (cut off while streaming, not buffered).
    let mut big = card().to_vec();
    big.resize(5 * 1024 * 1024 + 1, 0);
    let r = curl_multipart(s.addr(), &big, "big.jpg");
    assert_eq!(r.status, 400);
    assert_accuauth_error((r.status, r.json()), 400, "INVALID_ARGUMENT", "5 MB");
    // A base64 string over 7 MB.
    let long = "A".repeat(7 * 1024 * 1024 + 4);
    assert_accuauth_error(
        good_json(&s, &json!({ "image_base64": long })),
        400,
        "INVALID_ARGUMENT",
        "7 MB",
    );
    // A body declared over the limit is refused from its headers: curl waits for
    // `100 Continue`, which never comes, and never sends the body.
    let head = format!(
        "POST /ocr/idcard HTTP/1.1\r\nHost: {}\r\nX-DF-API-ID: good\r\n\
         X-DF-API-SECRET: good-secret-0123456789\r\nContent-Type: application/json\r\n\
         Content-Length: 20000000\r\nExpect: 100-continue\r\n\r\n",
        s.addr()
    );
    let r = raw_exchange(s.addr(), &head, b"", true);
    assert_accuauth_error((r.status, r.json()), 400, "INVALID_ARGUMENT", "larger than");
    // A chunked body with no length is cut off at the limit while streaming.
    let head = format!(
        "POST /ocr/idcard HTTP/1.1\r\nHost: {}\r\nX-DF-API-ID: good\r\n\
         X-DF-API-SECRET: good-secret-0123456789\r\nContent-Type: application/json\r\n\
         Transfer-Encoding: chunked\r\n\r\n",
        s.addr()
    );
    let chunk = vec![b' '; 1024 * 1024];
    let mut body = Vec::new();
    for _ in 0..9 {
        body.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
        body.extend_from_slice(&chunk);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(b"0\r\n\r\n");
    let r = raw_exchange(s.addr(), &head, &body, false);
    assert_accuauth_error((r.status, r.json()), 400, "INVALID_ARGUMENT", "larger than");
}

#[test]
fn idcard_detection_failed_for_a_page_without_a_card() {
    let s = start_real();
    let form = reqwest::blocking::multipart::Form::new().part(
        "file",
        reqwest::blocking::multipart::Part::bytes(card::blank_png()).file_name("blank.png"),
    );
    assert_accuauth_error(good_multipart(&s, form), 400, "DETECTION_FAILED", "");
}

#[test]
fn idcard_unauthorized_expired_and_no_permission() {
    let s = start();
    let body = json!({ "image_base64": b64(card()) });
    let no_headers = json_of(client().post(idcard_url(&s)).json(&body).send().unwrap());
    assert_accuauth_error(no_headers, 401, "UNAUTHORIZED", "X-DF-API-ID");
    assert_accuauth_error(
        idcard_json(&s, "good", "good-secret-012345678", &body),
        401,
        "UNAUTHORIZED",
        "invalid",
    );
    assert_accuauth_error(
        idcard_json(&s, "nobody", "good-secret-0123456789", &body),
        401,
        "UNAUTHORIZED",
        "invalid",
    );
    assert_accuauth_error(
        idcard_json(&s, "expired", "expired-secret-0123456789", &body),
        401,
        "KEY_EXPIRED",
        "2020-01-01T00:00:00Z",
    );
    assert_accuauth_error(
        idcard_json(&s, "tencent-only", "tencent-secret-0123456789", &body),
        403,
        "NO_PERMISSION",
        "/ocr/idcard",
    );
}

#[test]
fn idcard_out_of_quota_and_rate_limit_exceeded() {
    let s = start();
    // Quota 1: the first call uses it (whatever its outcome), the second is refused.
    let (code, _) = idcard_json(&s, "one-call", "one-call-secret-0123456789", &json!({}));
    assert_eq!(code, 400);
    assert_accuauth_error(
        idcard_json(&s, "one-call", "one-call-secret-0123456789", &json!({})),
        403,
        "OUT_OF_QUOTA",
        "quota of 1",
    );
    // 1 request/s: the second at once is refused.
    let (code, _) = idcard_json(&s, "slow-key", "slow-key-secret-0123456789", &json!({}));
    assert_eq!(code, 400);
    assert_accuauth_error(
        idcard_json(&s, "slow-key", "slow-key-secret-0123456789", &json!({})),
        403,
        "RATE_LIMIT_EXCEEDED",
        "1 requests per second",
    );
}

#[test]
fn default_rate_limit_is_20_per_second() {
    let mut c = config();
    c.keys = Some(
        KeyStore::from_toml("[[key]]\nid = \"d\"\nsecret = \"default-secret-0123456789\"").unwrap(),
    );
    let s = start_with(c);
    let t0 = std::time::Instant::now();
    let passed = (0..30)
        .map(|_| idcard_json(&s, "d", "default-secret-0123456789", &json!({})).1)
        .filter(|v| v["status"] != "RATE_LIMIT_EXCEEDED")
        .count();
    // A full bucket of 20, plus what refills at 20/s while the requests run.
    let refilled = (t0.elapsed().as_secs_f64() * 20.0).ceil() as usize;
    assert!(passed >= 20, "{passed} of 30 passed");
    assert!(
        passed <= 20 + refilled,
        "{passed} of 30 passed, {refilled} refilled"
    );
}

#[test]
fn idcard_not_found_for_other_paths_and_methods() {
    let s = start();
    for (method, path) in [("GET", "/ocr/idcard"), ("POST", "/ocr/npwp"), ("GET", "/")] {
        let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        let url = format!("http://{}{path}", s.addr());
        let r = client().request(method, url).send().unwrap();
        let got = json_of(r);
        if path == "/" {
            // `/` belongs to the Tencent API, which answers in its own shape.
            assert_tencent_error(got, "UnsupportedProtocol", "POST");
        } else {
            assert_accuauth_error(got, 404, "NOT_FOUND", "not an API");
        }
    }
}

#[test]
fn panics_and_timeouts_are_internal_errors_and_the_server_goes_on() {
    let s = start();
    assert_accuauth_error(
        good_json(&s, &json!({ "image_base64": b64(PANIC_INPUT) })),
        500,
        "INTERNAL_ERROR",
        "internal error",
    );
    assert_tencent_error(
        TcRequest::good(json!({ "ImageBase64": b64(PANIC_INPUT) })).send(&s),
        "FailedOperation.UnKnowError",
        "internal error",
    );
    let (code, _) = json_of(
        client()
            .get(format!("http://{}/health", s.addr()))
            .send()
            .unwrap(),
    );
    assert_eq!(code, 200);

    let mut c = config();
    c.request_timeout = Duration::from_millis(700);
    let s = start_with(c);
    assert_accuauth_error(
        good_json(&s, &json!({ "image_base64": b64(SLOW_INPUT) })),
        500,
        "INTERNAL_ERROR",
        "not read within",
    );
}

#[test]
fn a_full_server_answers_busy_at_once() {
    let mut c = config();
    c.workers = 1;
    c.queue = 0;
    let s = start_with(c);
    let addr = s.addr();
    let slow = std::thread::spawn(move || {
        json_of(
            client()
                .post(format!("http://{addr}/ocr/idcard"))
                .header("X-DF-API-ID", "good")
                .header("X-DF-API-SECRET", "good-secret-0123456789")
                .json(&json!({ "image_base64": b64(HOLD_INPUT) }))
                .send()
                .unwrap(),
        )
    });
    wait_until_busy(&s);
    assert_accuauth_error(
        good_json(&s, &json!({ "image_base64": b64(card()) })),
        503,
        "RATE_LIMIT_EXCEEDED",
        "busy",
    );
    assert_tencent_error(
        TcRequest::good(json!({ "ImageBase64": b64(card()) })).send(&s),
        "ServiceUnavailable",
        "busy",
    );
    release_held();
    let (code, v) = slow.join().unwrap();
    assert_eq!(
        (code, v["status"].as_str()),
        (400, Some("DETECTION_FAILED"))
    );
}

#[test]
fn shutdown_finishes_requests_in_flight() {
    let s = start();
    let addr = s.addr();
    let in_flight = std::thread::spawn(move || {
        json_of(
            client()
                .post(format!("http://{addr}/ocr/idcard"))
                .header("X-DF-API-ID", "good")
                .header("X-DF-API-SECRET", "good-secret-0123456789")
                .json(&json!({ "image_base64": b64(SLOW_INPUT) }))
                .send()
                .unwrap(),
        )
    });
    wait_until_busy(&s);
    s.stop().unwrap();
    // The request that was being read got its answer before the server stopped...
    let (code, v) = in_flight.join().unwrap();
    assert_eq!(
        (code, v["status"].as_str()),
        (400, Some("DETECTION_FAILED"))
    );
    // ...and the port no longer accepts connections.
    assert!(TcpStream::connect(addr).is_err());
}

#[test]
fn without_keys_only_loopback_is_served() {
    let mut c = config();
    c.keys = None;
    let err = server::start(
        "0.0.0.0:0".parse().unwrap(),
        c,
        Arc::new(TestReader::Canned),
    )
    .err()
    .expect("must refuse");
    assert!(err.to_string().contains("loopback"), "{err}");

    let mut c = config();
    c.keys = None;
    let s = start_with(c);
    // No credentials needed on loopback: the request reaches input validation.
    let (code, v) = json_of(
        client()
            .post(idcard_url(&s))
            .json(&json!({}))
            .send()
            .unwrap(),
    );
    assert_eq!(
        (code, v["status"].as_str()),
        (400, Some("INVALID_ARGUMENT"))
    );
}

// =======================================================================================
// Tencent errors

#[test]
fn tencent_authentication_errors() {
    let s = start();
    let body = json!({ "ImageBase64": b64(card()) });
    let mut r = TcRequest::new("good", "a-wrong-secret-0123456789", body.clone());
    assert_tencent_error(r.send(&s), "AuthFailure.SignatureFailure", "signature");
    // A body changed after signing.
    r = TcRequest::good(body.clone());
    let auth = r.authorization(&s.addr().to_string());
    r.payload = br#"{"ImageBase64": "AAAA"}"#.to_vec();
    r.sign = false;
    r.extra_headers.push(("Authorization".into(), auth));
    assert_tencent_error(r.send(&s), "AuthFailure.SignatureFailure", "signature");

    r = TcRequest::new("nobody", "good-secret-0123456789", body.clone());
    assert_tencent_error(r.send(&s), "AuthFailure.SecretIdNotFound", "does not exist");
    r = TcRequest::new("expired", "expired-secret-0123456789", body.clone());
    assert_tencent_error(r.send(&s), "AuthFailure.SecretIdNotFound", "expired");

    r = TcRequest::good(body.clone());
    r.timestamp -= 3600;
    assert_tencent_error(r.send(&s), "AuthFailure.SignatureExpire", "expired");

    r = TcRequest::new("idcard-only", "idcard-secret-0123456789", body.clone());
    assert_tencent_error(
        r.send(&s),
        "AuthFailure.UnauthorizedOperation",
        "not allowed",
    );

    r = TcRequest::good(body.clone());
    r.sign = false;
    assert_tencent_error(r.send(&s), "AuthFailure.InvalidAuthorization", "missing");
    r.extra_headers
        .push(("Authorization".into(), "Basic Zm9vOmJhcg==".into()));
    assert_tencent_error(r.send(&s), "AuthFailure.InvalidAuthorization", "TC3");

    r = TcRequest::good(body);
    r.extra_headers.push(("X-TC-Token".into(), "temp".into()));
    assert_tencent_error(r.send(&s), "AuthFailure.TokenFailure", "X-TC-Token");
}

#[test]
fn tencent_request_errors() {
    let s = start();
    let body = json!({ "ImageBase64": b64(card()) });

    let mut r = TcRequest::good(body.clone());
    r.action = Some("GeneralBasicOCR".into());
    assert_tencent_error(r.send(&s), "InvalidAction", "RecognizeIndonesiaIDCardOCR");
    r = TcRequest::good(body.clone());
    r.action = None;
    assert_tencent_error(r.send(&s), "MissingParameter", "X-TC-Action");
    r = TcRequest::good(body.clone());
    r.version = Some("2017-03-12".into());
    assert_tencent_error(r.send(&s), "NoSuchVersion", "2018-11-19");

    r = TcRequest::good(body.clone());
    r.content_type = "application/x-www-form-urlencoded".into();
    assert_tencent_error(r.send(&s), "UnsupportedProtocol", "application/json");

    r = TcRequest::good(json!({}));
    r.payload = b"{not json".to_vec();
    assert_tencent_error(r.send(&s), "InvalidParameter", "JSON");
    r = TcRequest::good(json!({ "ImageBase64": b64(card()), "Colour": true }));
    assert_tencent_error(r.send(&s), "UnknownParameter", "Colour");
    r = TcRequest::good(json!({ "ImageBase64": b64(card()), "Scene": "V9" }));
    assert_tencent_error(
        r.send(&s),
        "InvalidParameterValue.InvalidParameterValueLimit",
        "Scene",
    );
    r = TcRequest::good(json!({ "ReturnHeadImage": false }));
    assert_tencent_error(r.send(&s), "MissingParameter", "ImageBase64");
    // ImageUrl: no network call, a clear refusal (it wins over ImageBase64, as documented).
    r = TcRequest::good(
        json!({ "ImageUrl": "https://example.com/a.jpg", "ImageBase64": b64(card()) }),
    );
    assert_tencent_error(r.send(&s), "UnsupportedOperation", "no network calls");

    r = TcRequest::good(json!({ "ImageBase64": "*** not base64 ***" }));
    assert_tencent_error(r.send(&s), "FailedOperation.ImageDecodeFailed", "base64");
    let mut cut = card::blank_png();
    cut.truncate(80);
    r = TcRequest::good(json!({ "ImageBase64": b64(&cut) }));
    assert_tencent_error(r.send(&s), "FailedOperation.ImageDecodeFailed", "decode");
    r = TcRequest::good(json!({ "ImageBase64": b64(b"plain text, no image") }));
    assert_tencent_error(
        r.send(&s),
        "InvalidParameterValue.InvalidParameterValueLimit",
        "format",
    );
    r = TcRequest::good(json!({ "ImageBase64": b64(&card::blank_png()) }));
    assert_tencent_error(r.send(&s), "FailedOperation.OcrFailed", "no identity card");
}

#[test]
fn tencent_size_limits() {
    let s = start();
    let r = TcRequest::good(json!({ "ImageBase64": "A".repeat(7 * 1024 * 1024 + 4) }));
    assert_tencent_error(r.send(&s), "LimitExceeded.TooLargeFileError", "7 MB");
    // A body declared over the limit is refused from its headers, before it is read (and
    // so before its signature can be checked).
    let host = s.addr().to_string();
    let r = TcRequest::good(json!({}));
    let head = format!(
        "POST / HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n\
         X-TC-Action: RecognizeIndonesiaIDCardOCR\r\nX-TC-Version: 2018-11-19\r\n\
         X-TC-Timestamp: {}\r\nAuthorization: {}\r\nContent-Length: 12000000\r\n\
         Expect: 100-continue\r\n\r\n",
        r.timestamp,
        r.authorization(&host)
    );
    let r = raw_exchange(s.addr(), &head, b"", true);
    assert_tencent_error(
        (r.status, r.json()),
        "RequestSizeLimitExceeded",
        "larger than",
    );
}

#[test]
fn tencent_rate_limit_and_quota() {
    let s = start();
    let r = TcRequest::new("slow-key", "slow-key-secret-0123456789", json!({}));
    assert_tencent_error(r.send(&s), "MissingParameter", "ImageBase64");
    assert_tencent_error(r.send(&s), "RequestLimitExceeded", "1 requests per second");
    let r = TcRequest::new("one-call", "one-call-secret-0123456789", json!({}));
    assert_tencent_error(r.send(&s), "MissingParameter", "ImageBase64");
    assert_tencent_error(r.send(&s), "LimitExceeded", "quota of 1");
}

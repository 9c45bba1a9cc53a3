//! Tencent signatures as each official SDK makes them, over real HTTP on a non-80 port:
//! TC3 with the host signed with its port (Python SDK) or without it (Node.js SDK), and
//! signature v1 (`HmacSHA1`, `HmacSHA256`) form fields, POST and GET. The signatures are
//! built here, independently of the server's code, as the SDKs' sources build them. The
//! reader is a stand-in that finds no card, so an accepted signature answers
//! `FailedOperation.OcrFailed` and a refused one an `AuthFailure` code; reading real cards
//! through the unmodified SDKs is tested by crates/server/tests/sdk (pytest, Node.js).

use base64::Engine as _;
use hmac::{Hmac, Mac};
use ktp_ocr::{Error, KtpReading, ReadOptions};
use ktp_ocr_server::{self as server, keys::KeyStore, CardReader, RunningServer, ServerConfig};
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

const ID: &str = "sdk-key";
const SECRET: &str = "sdk-secret-0123456789";
const KEYS: &str = r#"
[[key]]
id = "sdk-key"
secret = "sdk-secret-0123456789"
rate_limit = 1000
"#;
/// The answer of an accepted request: the stand-in reader finds no card.
const ACCEPTED: &str = "FailedOperation.OcrFailed";

struct NoCard;

impl CardReader for NoCard {
    fn read_card(&self, _: &[u8], _: &ReadOptions) -> ktp_ocr::Result<KtpReading> {
        Err(Error::DetectionFailed(
            "no identity card found (stand-in reader)".into(),
        ))
    }
    fn check(&self, _: &[u8]) -> ktp_ocr::Result<()> {
        Ok(())
    }
}

fn start() -> RunningServer {
    let mut c = ServerConfig::new(Some(KeyStore::from_toml(KEYS).unwrap()));
    c.workers = 1;
    c.queue = 4;
    c.access_log = false;
    server::start("127.0.0.1:0".parse().unwrap(), c, Arc::new(NoCard)).expect("start server")
}

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

fn client() -> reqwest::blocking::Client {
    reqwest::blocking::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap()
}

fn code_of(r: reqwest::blocking::Response) -> String {
    assert_eq!(r.status().as_u16(), 200, "Tencent answers with HTTP 200");
    let v: Value = r.json().unwrap();
    v["Response"]["Error"]["Code"]
        .as_str()
        .unwrap_or("no error")
        .to_string()
}

fn hmac256(key: &[u8], msg: &str) -> Vec<u8> {
    let mut m = Hmac::<Sha256>::new_from_slice(key).unwrap();
    m.update(msg.as_bytes());
    m.finalize().into_bytes().to_vec()
}

fn sha256_hex(b: &[u8]) -> String {
    hex::encode(Sha256::digest(b))
}

/// The `Authorization` of a TC3 JSON POST that signs `signed_host`.
fn tc3_authorization(secret: &str, ts: i64, signed_host: &str, body: &str) -> String {
    let date = ktp_ocr_server::clock::utc_date(ts);
    let canonical = format!(
        "POST\n/\n\ncontent-type:application/json\nhost:{signed_host}\n\ncontent-type;host\n{}",
        sha256_hex(body.as_bytes())
    );
    let scope = format!("{date}/ocr/tc3_request");
    let sts = format!(
        "TC3-HMAC-SHA256\n{ts}\n{scope}\n{}",
        sha256_hex(canonical.as_bytes())
    );
    let k = hmac256(format!("TC3{secret}").as_bytes(), &date);
    let k = hmac256(&k, "ocr");
    let k = hmac256(&k, "tc3_request");
    let sig = hex::encode(hmac256(&k, &sts));
    format!(
        "TC3-HMAC-SHA256 Credential={ID}/{scope}, SignedHeaders=content-type;host, Signature={sig}"
    )
}

fn send_tc3(s: &RunningServer, signed_host: &str, secret: &str) -> String {
    let ts = now();
    let body = r#"{"ImageBase64": "aGVsbG8=", "Scene": "V2"}"#;
    let r = client()
        .post(format!("http://{}/", s.addr()))
        .header("Content-Type", "application/json")
        .header("X-TC-Action", "RecognizeIndonesiaIDCardOCR")
        .header("X-TC-Version", "2018-11-19")
        .header("X-TC-Timestamp", ts.to_string())
        .header("X-TC-Region", "ap-jakarta")
        .header(
            "Authorization",
            tc3_authorization(secret, ts, signed_host, body),
        )
        .body(body)
        .send()
        .unwrap();
    code_of(r)
}

#[test]
fn tc3_accepts_the_host_signed_with_or_without_its_port_only() {
    let s = start();
    let port = s.addr().port();
    assert_ne!(port, 80);
    // Python SDK: host as sent; Node.js SDK: the URL's host name, without the port.
    assert_eq!(send_tc3(&s, &format!("127.0.0.1:{port}"), SECRET), ACCEPTED);
    assert_eq!(send_tc3(&s, "127.0.0.1", SECRET), ACCEPTED);
    for other in [
        format!("127.0.0.1:{}", port + 1),
        "localhost".into(),
        "127.0.0.2".into(),
    ] {
        assert_eq!(
            send_tc3(&s, &other, SECRET),
            "AuthFailure.SignatureFailure",
            "{other}"
        );
    }
    assert_eq!(
        send_tc3(&s, "127.0.0.1", "wrong-secret-0123456789"),
        "AuthFailure.SignatureFailure"
    );
}

/// Form fields as an SDK sends them with signature v1: the common ones, the action's, and
/// `Signature` over `METHOD host / ? sorted k=v` (values not encoded).
struct V1 {
    method: &'static str,
    sign_method: Option<&'static str>,
    signed_host: String,
    secret: String,
    fields: Vec<(String, String)>,
}

impl V1 {
    fn new(s: &RunningServer, sign_method: &'static str) -> Self {
        let fields = [
            ("Action", "RecognizeIndonesiaIDCardOCR".to_string()),
            ("Version", "2018-11-19".into()),
            ("Region", "ap-jakarta".into()),
            ("Timestamp", now().to_string()),
            ("Nonce", "48213".into()),
            ("SecretId", ID.into()),
            ("RequestClient", "SDK_NODEJS_INTL_EN_3.0.1335".into()),
            ("Language", "en-US".into()),
            // Base64 has '+', '/' and '=': encoded in the body, signed decoded.
            ("ImageBase64", "aGk+/w==".into()),
            ("ReturnHeadImage", "true".into()),
            ("Scene", "V2".into()),
        ];
        Self {
            method: "POST",
            sign_method: Some(sign_method),
            signed_host: s.addr().to_string(),
            secret: SECRET.into(),
            fields: fields
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect(),
        }
    }

    fn signed_fields(&self) -> Vec<(String, String)> {
        let mut f = self.fields.clone();
        if let Some(m) = self.sign_method {
            f.push(("SignatureMethod".into(), m.into()));
        }
        let mut sorted = f.clone();
        sorted.sort();
        let query: Vec<String> = sorted.iter().map(|(k, v)| format!("{k}={v}")).collect();
        let sts = format!("{}{}/?{}", self.method, self.signed_host, query.join("&"));
        let digest = match self.sign_method.unwrap_or("HmacSHA1") {
            "HmacSHA256" => hmac256(self.secret.as_bytes(), &sts),
            _ => {
                let mut m = Hmac::<sha1::Sha1>::new_from_slice(self.secret.as_bytes()).unwrap();
                m.update(sts.as_bytes());
                m.finalize().into_bytes().to_vec()
            }
        };
        f.push((
            "Signature".into(),
            base64::engine::general_purpose::STANDARD.encode(digest),
        ));
        f
    }

    fn send(&self, s: &RunningServer) -> String {
        let url = format!("http://{}/", s.addr());
        let fields = self.signed_fields();
        let r = if self.method == "GET" {
            client().get(url).query(&fields).send().unwrap()
        } else {
            client().post(url).form(&fields).send().unwrap()
        };
        code_of(r)
    }

    fn set(mut self, name: &str, value: &str) -> Self {
        self.fields.retain(|(k, _)| k != name);
        self.fields.push((name.into(), value.into()));
        self
    }

    fn without(mut self, name: &str) -> Self {
        self.fields.retain(|(k, _)| k != name);
        self
    }
}

#[test]
fn signature_v1_hmac_sha1_and_sha256_are_verified() {
    let s = start();
    let port = s.addr().port();
    for m in ["HmacSHA256", "HmacSHA1"] {
        assert_eq!(V1::new(&s, m).send(&s), ACCEPTED, "{m}");
        let mut get = V1::new(&s, m);
        get.method = "GET";
        assert_eq!(get.send(&s), ACCEPTED, "{m} GET");
        let mut no_port = V1::new(&s, m);
        no_port.signed_host = "127.0.0.1".into();
        assert_eq!(no_port.send(&s), ACCEPTED, "{m} host without port");
        let mut wrong = V1::new(&s, m);
        wrong.secret = "wrong-secret-0123456789".into();
        assert_eq!(wrong.send(&s), "AuthFailure.SignatureFailure", "{m}");
        let mut other_port = V1::new(&s, m);
        other_port.signed_host = format!("127.0.0.1:{}", port + 1);
        assert_eq!(other_port.send(&s), "AuthFailure.SignatureFailure", "{m}");
    }
    // No SignatureMethod: HmacSHA1, Tencent's documented default.
    let mut default = V1::new(&s, "HmacSHA1");
    default.sign_method = None;
    assert_eq!(default.send(&s), ACCEPTED);
    // The Python SDK sends booleans as True/False.
    assert_eq!(
        V1::new(&s, "HmacSHA256")
            .set("ReturnHeadImage", "True")
            .send(&s),
        ACCEPTED
    );
}

#[test]
fn signature_v1_errors_have_tencent_codes() {
    let s = start();
    let v1 = || V1::new(&s, "HmacSHA256");
    for (req, code) in [
        (
            v1().set("SecretId", "nobody"),
            "AuthFailure.SecretIdNotFound",
        ),
        (
            v1().set("Timestamp", &(now() - 3600).to_string()),
            "AuthFailure.SignatureExpire",
        ),
        (v1().set("Token", "temporary"), "AuthFailure.TokenFailure"),
        (v1().set("Action", "GeneralBasicOCR"), "InvalidAction"),
        (v1().set("Version", "2017-03-12"), "NoSuchVersion"),
        (v1().without("Nonce"), "MissingParameter"),
        (v1().without("Action"), "MissingParameter"),
        (v1().set("Timestamp", "soon"), "InvalidParameter"),
        (
            v1().set("Scene", "V3"),
            "InvalidParameterValue.InvalidParameterValueLimit",
        ),
        (v1().set("ImageBase46", "x"), "UnknownParameter"),
        (v1().without("ImageBase64"), "MissingParameter"),
        (
            v1().set("ImageUrl", "https://x/a.jpg"),
            "UnsupportedOperation",
        ),
    ] {
        assert_eq!(req.send(&s), code);
    }
    let mut bad_method = v1();
    bad_method.sign_method = Some("HmacMD5");
    assert_eq!(
        bad_method.send(&s),
        "InvalidParameterValue.InvalidParameterValueLimit"
    );

    // A field given twice is refused, not silently one of them.
    let mut fields = v1().signed_fields();
    fields.push(("Scene".into(), "V1".into()));
    let r = client()
        .post(format!("http://{}/", s.addr()))
        .form(&fields)
        .send()
        .unwrap();
    assert_eq!(code_of(r), "InvalidParameter");
    // A plain GET / without fields is no signature v1 request.
    let r = client()
        .get(format!("http://{}/", s.addr()))
        .send()
        .unwrap();
    assert_eq!(code_of(r), "UnsupportedProtocol");
}

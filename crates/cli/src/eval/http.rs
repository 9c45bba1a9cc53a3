//! `ktpocr eval --endpoint URL --api accuauth|tencent`: each card sent to an HTTP endpoint
//! speaking one of the two cloud APIs, its answer read back with `format::parse_back`.

use base64::Engine as _;
use ktp_ocr::format::parse_back;
use ktp_ocr_server::clock;
use ktp_ocr_server::tc3;
use ktp_synth::eval::Outcome;
use reqwest::blocking::{multipart, Client as HttpClient};
use reqwest::Url;
use std::time::{Duration, Instant};

#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Api {
    /// POST multipart `file` with X-DF-API-ID / X-DF-API-SECRET.
    Accuauth,
    /// Tencent Cloud RecognizeIndonesiaIDCardOCR, TC3-HMAC-SHA256 signed.
    Tencent,
}

impl Api {
    /// The fields this API returns, the only ones scored.
    pub fn scored_fields(self) -> Vec<&'static str> {
        match self {
            Api::Accuauth => parse_back::accuauth_scored_fields(),
            Api::Tencent => parse_back::tencent_scored_fields(),
        }
    }
}

pub struct Client {
    http: HttpClient,
    url: Url,
    /// `host[:port]` as sent in the Host header (and signed).
    host: String,
    api: Api,
    id: String,
    secret: String,
}

impl Client {
    pub fn new(endpoint: &str, api: Api, id: &str, secret: &str) -> Result<Self, String> {
        let url = Url::parse(endpoint).map_err(|e| format!("bad --endpoint {endpoint}: {e}"))?;
        let host = match (url.host_str(), url.port()) {
            (Some(h), Some(p)) => format!("{h}:{p}"),
            (Some(h), None) => h.to_string(),
            (None, _) => return Err(format!("--endpoint {endpoint} has no host")),
        };
        let http = HttpClient::builder()
            .timeout(Duration::from_secs(120))
            .build()
            .map_err(|e| format!("cannot start the HTTP client: {e}"))?;
        Ok(Self {
            http,
            url,
            host,
            api,
            id: id.into(),
            secret: secret.into(),
        })
    }

    /// Send one image; the time is that of the HTTP exchange.
    pub fn read(&self, bytes: &[u8]) -> Outcome {
        let request = match self.api {
            Api::Accuauth => {
                let part = multipart::Part::bytes(bytes.to_vec()).file_name("card");
                self.http
                    .post(self.url.clone())
                    .header("X-DF-API-ID", &self.id)
                    .header("X-DF-API-SECRET", &self.secret)
                    .multipart(multipart::Form::new().part("file", part))
            }
            Api::Tencent => {
                let payload = serde_json::json!({
                    "ImageBase64": base64::engine::general_purpose::STANDARD.encode(bytes),
                    "Scene": "V2",
                })
                .to_string();
                let timestamp = clock::now_unix();
                let content_type = "application/json";
                let authorization = tc3::authorization_for_json_post(
                    &self.id,
                    &self.secret,
                    "ocr",
                    timestamp,
                    &self.host,
                    content_type,
                    payload.as_bytes(),
                );
                self.http
                    .post(self.url.clone())
                    .header("X-TC-Action", "RecognizeIndonesiaIDCardOCR")
                    .header("X-TC-Version", "2018-11-19")
                    .header("X-TC-Timestamp", timestamp.to_string())
                    .header("Content-Type", content_type)
                    .header("Host", &self.host)
                    .header("Authorization", authorization)
                    .body(payload)
            }
        };
        let started = Instant::now();
        let body = request
            .send()
            .and_then(|r| r.json::<serde_json::Value>())
            .map_err(|e| {
                // reqwest's message is generic; the cause (refused, TLS, timeout) is below it
                let mut msg = format!("HTTP: {e}");
                let mut source = std::error::Error::source(&e);
                while let Some(cause) = source {
                    msg += &format!(": {cause}");
                    source = cause.source();
                }
                msg
            });
        let millis = started.elapsed().as_secs_f64() * 1000.0;
        let result = body.and_then(|b| match self.api {
            Api::Accuauth => parse_back::accuauth_fields(&b),
            Api::Tencent => parse_back::tencent_fields(&b),
        });
        Outcome::new(result, millis)
    }
}

//! `POST /ocr/idcard`, the accuauth API (shared/seeds/000_*).
//!
//! The image comes as `file` or `image_base64` in `multipart/form-data`, or as
//! `image_base64` in an `application/x-www-form-urlencoded` form or a JSON object. Checks run
//! cheapest first and before the body is read: credentials (`UNAUTHORIZED`, `KEY_EXPIRED`,
//! `NO_PERMISSION`), a place among the admitted requests (503 `RATE_LIMIT_EXCEEDED` when the
//! server is busy), the key's rate and quota (`RATE_LIMIT_EXCEEDED`, `OUT_OF_QUOTA`), the
//! declared body size; then the body is read within its limits and the card is read.

use super::body::{self, BodyError, MAX_BASE64_CHARS, MAX_BODY_BYTES};
use super::keys::{Api, KeyEntry, KeyRefusal};
use super::limits::LimitRefusal;
use super::workers::{ReadFailure, Ticket};
use super::{json_response, App};
use axum::extract::{FromRequest, Multipart, Request, State};
use axum::http::HeaderMap;
use axum::response::Response;
use ktp_ocr::format::accuauth::{
    self, INTERNAL_ERROR, INVALID_ARGUMENT, KEY_EXPIRED, NO_PERMISSION, OUT_OF_QUOTA,
    RATE_LIMIT_EXCEEDED, UNAUTHORIZED,
};
use ktp_ocr::format::new_request_id;
use ktp_ocr::input::MAX_FILE_BYTES;
use ktp_ocr::{Error, KtpReading, ReadOptions};
use std::sync::Arc;
use tokio::time::timeout_at;

/// The documented reason when no image is given.
pub const NO_IMAGE: &str = "must specify 'file' or 'image_base64' argument";

/// A failure answered in the accuauth error shape.
#[derive(Debug)]
pub(super) struct Failure {
    code: &'static str,
    reason: String,
    /// HTTP status when not the one documented for `code` (503 for a busy server).
    http: Option<u16>,
}

fn fail(code: &'static str, reason: impl Into<String>) -> Failure {
    Failure {
        code,
        reason: reason.into(),
        http: None,
    }
}

fn invalid(reason: impl Into<String>) -> Failure {
    fail(INVALID_ARGUMENT, reason)
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        fail(accuauth::status_of(&e).1, ktp_ocr::format::reason(&e))
    }
}

pub(super) async fn handle(State(app): State<Arc<App>>, req: Request) -> Response {
    let request_id = new_request_id();
    match process(&app, req, ReadOptions::default()).await {
        Ok(reading) => json_response(
            200,
            &accuauth::response(&reading, request_id.clone()),
            request_id,
            "OK",
        ),
        Err(f) => failure_response(f, request_id),
    }
}

/// A failure in the accuauth error shape, with its documented HTTP status.
pub(super) fn failure_response(f: Failure, request_id: String) -> Response {
    let status = f.http.unwrap_or_else(|| accuauth::http_status(f.code));
    json_response(
        status,
        &accuauth::error_with(f.code, f.reason, request_id.clone()),
        request_id,
        f.code,
    )
}

/// `INTERNAL_ERROR` (500) for a panic in the handler; the server goes on.
pub(super) fn panic_response(_panic: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let request_id = new_request_id();
    json_response(
        500,
        &accuauth::error_with(
            INTERNAL_ERROR,
            "internal error while handling the request",
            request_id.clone(),
        ),
        request_id,
        INTERNAL_ERROR,
    )
}

/// Authenticate, admit and read the card of an `/ocr/idcard` request (also the kiosk
/// page's reads, which ask for more of the reading through `options`).
pub(super) async fn process(
    app: &App,
    req: Request,
    options: ReadOptions,
) -> Result<KtpReading, Failure> {
    let deadline = app.deadline();
    let key = authenticate(app, req.headers())?;
    if body::declared_too_large(req.headers(), MAX_BODY_BYTES) {
        return Err(invalid(format!(
            "the request body is larger than {MAX_BODY_BYTES} bytes; the image must be at \
             most 5 MB as 'file' or 7 MB as 'image_base64'"
        )));
    }
    let ticket = admit(app, key).await?;
    let image = match timeout_at(deadline, read_image(req)).await {
        Ok(r) => r?,
        Err(_) => {
            return Err(invalid(format!(
                "the request body was not received within {:?}",
                app.request_timeout
            )))
        }
    };
    match app.workers.read(&ticket, image, options, deadline).await {
        Ok(reading) => Ok(reading),
        Err(ReadFailure::Engine(e)) => Err(e.into()),
        Err(ReadFailure::QueueTimeout) => Err(busy(format!(
            "the server is busy: no worker came free within {:?}; retry later",
            app.request_timeout
        ))),
        Err(ReadFailure::Timeout) => Err(fail(
            INTERNAL_ERROR,
            format!("the card was not read within {:?}", app.request_timeout),
        )),
        Err(ReadFailure::Panicked) => Err(fail(
            INTERNAL_ERROR,
            "internal error while reading the card",
        )),
    }
}

fn busy(reason: String) -> Failure {
    Failure {
        code: RATE_LIMIT_EXCEEDED,
        reason,
        http: Some(503),
    }
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|v| !v.is_empty())
}

/// The caller's key, checked for expiry and permission (`None` without authentication).
fn authenticate<'a>(app: &'a App, headers: &HeaderMap) -> Result<Option<&'a KeyEntry>, Failure> {
    Ok(match &app.keys {
        None => None,
        Some(store) => {
            let (Some(id), Some(secret)) = (
                header(headers, "x-df-api-id"),
                header(headers, "x-df-api-secret"),
            ) else {
                return Err(fail(
                    UNAUTHORIZED,
                    "the X-DF-API-ID and X-DF-API-SECRET headers are required",
                ));
            };
            let Some(entry) = store.authenticate(id, secret) else {
                return Err(fail(UNAUTHORIZED, "invalid X-DF-API-ID or X-DF-API-SECRET"));
            };
            match entry.key.check(Api::Idcard) {
                Ok(()) => Some(entry),
                Err(KeyRefusal::Expired { at }) => {
                    return Err(fail(KEY_EXPIRED, format!("this API ID expired at {at}")))
                }
                Err(KeyRefusal::NotAllowed) => {
                    return Err(fail(
                        NO_PERMISSION,
                        "this API ID is not allowed to call /ocr/idcard",
                    ))
                }
            }
        }
    })
}

/// A place among the admitted requests (held until the answer), then the key's rate and
/// quota; a busy server refuses before the key is charged.
async fn admit(app: &App, entry: Option<&KeyEntry>) -> Result<Ticket, Failure> {
    let ticket = app.workers.try_admit().ok_or_else(|| {
        let load = app.workers.load();
        busy(format!(
            "the server is busy: {} reads running and {} requests queued; retry later",
            load.busy, load.waiting
        ))
    })?;
    if let Some(entry) = entry {
        match entry.limits.admit(entry.key.quota).await {
            Ok(()) => {}
            Err(LimitRefusal::Rate { per_second }) => {
                return Err(fail(
                    RATE_LIMIT_EXCEEDED,
                    format!("this API ID is limited to {per_second} requests per second"),
                ))
            }
            Err(LimitRefusal::Quota { quota }) => {
                return Err(fail(
                    OUT_OF_QUOTA,
                    format!("this API ID has used its quota of {quota} calls"),
                ))
            }
            Err(LimitRefusal::Unavailable) => {
                return Err(busy(
                    "the shared rate limits and quotas cannot be checked now; retry later".into(),
                ))
            }
        }
    }
    Ok(ticket)
}

/// The image bytes from whichever of the accepted body forms the request uses.
async fn read_image(req: Request) -> Result<Vec<u8>, Failure> {
    let media = body::media_type(req.headers());
    let (file, base64) = match media.as_deref() {
        Some("multipart/form-data") => read_multipart(req).await?,
        Some("application/x-www-form-urlencoded") => {
            let bytes = read_body(req).await?;
            let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&bytes)
                .map_err(|e| invalid(format!("the form is not valid: {e}")))?;
            let mut base64 = None;
            for (k, v) in pairs {
                match k.as_str() {
                    // `+` arrives as a space when the client did not percent-encode it.
                    "image_base64" => set_once(&mut base64, v.replace(' ', "+"), &k)?,
                    "file" => {
                        return Err(invalid(
                            "'file' must be sent as multipart/form-data; in a form use \
                             'image_base64'",
                        ))
                    }
                    _ => {}
                }
            }
            (None, base64)
        }
        Some("application/json") => {
            let bytes = read_body(req).await?;
            let body: JsonBody = serde_json::from_slice(&bytes)
                .map_err(|e| invalid(format!("the JSON body is not valid: {e}")))?;
            if body.file.is_some() {
                return Err(invalid(
                    "'file' must be sent as multipart/form-data; in JSON use 'image_base64'",
                ));
            }
            (None, body.image_base64)
        }
        None if body::declared_length(req.headers()) == Some(0) => (None, None),
        _ => {
            return Err(invalid(
                "unsupported Content-Type: send multipart/form-data ('file' or \
                 'image_base64'), application/x-www-form-urlencoded or application/json \
                 ('image_base64')",
            ))
        }
    };
    let base64 = base64.filter(|s| !s.trim().is_empty());
    match (file, base64) {
        (None, None) => Err(invalid(NO_IMAGE)),
        (Some(_), Some(_)) => Err(invalid("specify either 'file' or 'image_base64', not both")),
        (Some(file), None) => Ok(file),
        (None, Some(b64)) => {
            if b64.len() > MAX_BASE64_CHARS {
                return Err(too_long_base64());
            }
            body::decode_base64(&b64).map_err(invalid)
        }
    }
}

fn too_long_base64() -> Failure {
    invalid(format!(
        "'image_base64' is longer than 7 MB ({MAX_BASE64_CHARS} characters)"
    ))
}

fn too_large_file() -> Failure {
    invalid(format!(
        "'file' is larger than 5 MB ({MAX_FILE_BYTES} bytes)"
    ))
}

fn set_once<T>(slot: &mut Option<T>, value: T, name: &str) -> Result<(), Failure> {
    if slot.is_some() {
        return Err(invalid(format!("'{name}' is given more than once")));
    }
    *slot = Some(value);
    Ok(())
}

async fn read_body(req: Request) -> Result<axum::body::Bytes, Failure> {
    body::read_limited(req.into_body(), MAX_BODY_BYTES)
        .await
        .map_err(|e| match e {
            BodyError::TooLarge => invalid(format!(
                "the request body is larger than {MAX_BODY_BYTES} bytes"
            )),
            BodyError::Read(m) => invalid(format!("the request body could not be read: {m}")),
        })
}

type Inputs = (Option<Vec<u8>>, Option<String>);

/// A JSON body: an object with `image_base64` (other members are ignored).
#[derive(serde::Deserialize)]
struct JsonBody {
    #[serde(default)]
    image_base64: Option<String>,
    #[serde(default)]
    file: Option<serde::de::IgnoredAny>,
}

async fn read_multipart(req: Request) -> Result<Inputs, Failure> {
    let mut multipart = Multipart::from_request(req, &()).await.map_err(|e| {
        invalid(format!(
            "the multipart body is not valid: {}",
            e.body_text()
        ))
    })?;
    let mut file: Option<Vec<u8>> = None;
    let mut base64: Option<String> = None;
    while let Some(mut field) = multipart.next_field().await.map_err(multipart_error)? {
        let name = field.name().unwrap_or_default().to_string();
        let limit = match name.as_str() {
            "file" => MAX_FILE_BYTES,
            "image_base64" => MAX_BASE64_CHARS,
            _ => MAX_BODY_BYTES,
        };
        let mut data = Vec::new();
        while let Some(chunk) = field.chunk().await.map_err(multipart_error)? {
            if data.len() + chunk.len() > limit {
                return Err(match name.as_str() {
                    "file" => too_large_file(),
                    "image_base64" => too_long_base64(),
                    _ => invalid(format!(
                        "the request body is larger than {MAX_BODY_BYTES} bytes"
                    )),
                });
            }
            if name == "file" || name == "image_base64" {
                data.extend_from_slice(&chunk);
            }
        }
        match name.as_str() {
            "file" => set_once(&mut file, data, "file")?,
            "image_base64" => {
                let text = String::from_utf8(data)
                    .map_err(|_| invalid("'image_base64' is not text: send base64"))?;
                set_once(&mut base64, text, "image_base64")?;
            }
            _ => {}
        }
    }
    Ok((file, base64))
}

fn multipart_error(e: axum::extract::multipart::MultipartError) -> Failure {
    if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
        invalid(format!(
            "the request body is larger than {MAX_BODY_BYTES} bytes"
        ))
    } else {
        invalid(format!(
            "the multipart body is not valid: {}",
            e.body_text()
        ))
    }
}

//! `POST /` with `X-TC-Action: RecognizeIndonesiaIDCardOCR`, Tencent Cloud's API
//! (shared/seeds/001_*), signed with TC3-HMAC-SHA256; requests signed with signature v1
//! (`HmacSHA1`, `HmacSHA256`, form fields) go to [`super::tencent_v1`] and share the rest.
//!
//! Every answer is HTTP 200 with a `{"Response": {...}}` body, as Tencent Cloud answers and
//! as its SDKs expect (they treat any other status as a network error); a failure is
//! `{"Response": {"Error": {"Code", "Message"}, "RequestId"}}` with a common or API error
//! code. `ImageUrl` is refused with `UnsupportedOperation`: this server makes no network
//! calls.

use super::body::{self, BodyError, MAX_BASE64_CHARS, MAX_BODY_BYTES};
use super::keys::{Api, KeyEntry, KeyRefusal};
use super::limits::LimitRefusal;
use super::tc3::{self, Signed};
use super::workers::{ReadFailure, Ticket};
use super::{json_response, App};
use crate::clock;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method};
use axum::response::Response;
use ktp_ocr::format::tencent::Scene;
use ktp_ocr::format::{new_tencent_request_id, tencent};
use ktp_ocr::{Error, KtpReading, ReadOptions};
use std::sync::Arc;
use tokio::time::timeout_at;

pub const ACTION: &str = "RecognizeIndonesiaIDCardOCR";
pub const VERSION: &str = "2018-11-19";

/// Tencent Cloud common error codes this server answers with (API-specific ones come from
/// [`tencent::code_of`]).
pub mod codes {
    pub const INVALID_AUTHORIZATION: &str = "AuthFailure.InvalidAuthorization";
    pub const SECRET_ID_NOT_FOUND: &str = "AuthFailure.SecretIdNotFound";
    pub const SIGNATURE_EXPIRE: &str = "AuthFailure.SignatureExpire";
    pub const SIGNATURE_FAILURE: &str = "AuthFailure.SignatureFailure";
    pub const TOKEN_FAILURE: &str = "AuthFailure.TokenFailure";
    pub const UNAUTHORIZED_OPERATION: &str = "AuthFailure.UnauthorizedOperation";
    pub const INVALID_ACTION: &str = "InvalidAction";
    pub const NO_SUCH_VERSION: &str = "NoSuchVersion";
    pub const MISSING_PARAMETER: &str = "MissingParameter";
    pub const INVALID_PARAMETER: &str = "InvalidParameter";
    pub const INVALID_PARAMETER_VALUE: &str = "InvalidParameterValue.InvalidParameterValueLimit";
    pub const UNKNOWN_PARAMETER: &str = "UnknownParameter";
    pub const UNSUPPORTED_PROTOCOL: &str = "UnsupportedProtocol";
    pub const UNSUPPORTED_OPERATION: &str = "UnsupportedOperation";
    pub const REQUEST_LIMIT_EXCEEDED: &str = "RequestLimitExceeded";
    pub const LIMIT_EXCEEDED: &str = "LimitExceeded";
    pub const REQUEST_SIZE_LIMIT_EXCEEDED: &str = "RequestSizeLimitExceeded";
    pub const TOO_LARGE_FILE: &str = "LimitExceeded.TooLargeFileError";
    pub const IMAGE_DECODE_FAILED: &str = "FailedOperation.ImageDecodeFailed";
    pub const SERVICE_UNAVAILABLE: &str = "ServiceUnavailable";
    pub const UNKNOWN_ERROR: &str = "FailedOperation.UnKnowError";
}
use codes::*;

#[derive(Debug)]
pub(super) struct Failure {
    pub(super) code: &'static str,
    message: String,
}

pub(super) fn fail(code: &'static str, message: impl Into<String>) -> Failure {
    Failure {
        code,
        message: message.into(),
    }
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        fail(tencent::code_of(&e), ktp_ocr::format::reason(&e))
    }
}

/// The parameters of the JSON body.
#[derive(Debug, Default, PartialEq)]
pub struct Params {
    pub image_base64: Option<String>,
    pub image_url: Option<String>,
    pub return_head_image: bool,
    pub scene: Scene,
}

pub(super) struct Success {
    reading: KtpReading,
    params: Params,
}

pub(super) async fn handle(State(app): State<Arc<App>>, req: Request) -> Response {
    let request_id = new_tencent_request_id();
    match process(&app, req).await {
        Ok(Success { reading, params }) => {
            let photo = head_photo(&reading, params.return_head_image);
            let answer = tencent::response_for(&reading, request_id.clone(), photo, params.scene);
            json_response(200, &answer, request_id, "OK")
        }
        Err(f) => error_response(f, request_id),
    }
}

fn error_response(f: Failure, request_id: String) -> Response {
    json_response(
        200,
        &tencent::error_with(f.code, f.message, request_id.clone()),
        request_id,
        f.code,
    )
}

/// `Photo`: the holder's photo as base64 JPEG when `ReturnHeadImage` asked for it and the
/// engine found it, else empty.
pub fn head_photo(reading: &KtpReading, return_head_image: bool) -> String {
    if !return_head_image {
        return String::new();
    }
    reading.photo.clone().unwrap_or_default()
}

/// `FailedOperation.UnKnowError` for a panic in the handler; the server goes on.
pub(super) fn panic_response(_panic: Box<dyn std::any::Any + Send + 'static>) -> Response {
    error_response(
        fail(UNKNOWN_ERROR, "internal error while handling the request"),
        new_tencent_request_id(),
    )
}

pub(super) fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|v| !v.is_empty())
}

/// At most `n` characters of a client-supplied value, for a message.
pub(super) fn clip(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}

async fn process(app: &App, req: Request) -> Result<Success, Failure> {
    let deadline = app.deadline();
    if super::tencent_v1::is_v1(&req) {
        return super::tencent_v1::process(app, req, deadline).await;
    }
    if req.method() != Method::POST {
        return Err(fail(
            UNSUPPORTED_PROTOCOL,
            format!(
                "{} is not supported here: send POST with Content-Type application/json, \
                 signed with TC3-HMAC-SHA256, or form fields signed with HmacSHA1/HmacSHA256",
                clip(req.method().as_str(), 16)
            ),
        ));
    }
    if body::media_type(req.headers()).as_deref() != Some("application/json") {
        return Err(fail(
            UNSUPPORTED_PROTOCOL,
            "send Content-Type application/json with signature v3 (TC3-HMAC-SHA256), or \
             application/x-www-form-urlencoded with signature v1 (HmacSHA1, HmacSHA256)",
        ));
    }
    let headers = req.headers();
    let action = header(headers, "x-tc-action").ok_or_else(|| missing_header("X-TC-Action"))?;
    if action != ACTION {
        return Err(fail(
            INVALID_ACTION,
            format!(
                "the action {:?} does not exist here; this server offers {ACTION}",
                clip(action, 64)
            ),
        ));
    }
    let version = header(headers, "x-tc-version").ok_or_else(|| missing_header("X-TC-Version"))?;
    if version != VERSION {
        return Err(fail(
            NO_SUCH_VERSION,
            format!(
                "the version {:?} of {ACTION} does not exist; use {VERSION}",
                clip(version, 32)
            ),
        ));
    }
    let timestamp: i64 = header(headers, "x-tc-timestamp")
        .ok_or_else(|| missing_header("X-TC-Timestamp"))?
        .parse()
        .map_err(|_| fail(INVALID_PARAMETER, "X-TC-Timestamp must be Unix seconds"))?;

    let credential = match &app.keys {
        None => None,
        Some(store) => {
            let value = header(headers, "authorization").ok_or_else(|| {
                fail(
                    INVALID_AUTHORIZATION,
                    "the Authorization header (TC3-HMAC-SHA256) is missing",
                )
            })?;
            let cred =
                tc3::parse_authorization(value).map_err(|m| fail(INVALID_AUTHORIZATION, m))?;
            if header(headers, "x-tc-token").is_some() {
                return Err(fail(
                    TOKEN_FAILURE,
                    "temporary credentials (X-TC-Token) are not supported by this server",
                ));
            }
            let entry = store.get(&cred.secret_id).ok_or_else(|| {
                fail(
                    SECRET_ID_NOT_FOUND,
                    "the SecretId does not exist on this server",
                )
            })?;
            check_timestamp(app, timestamp, "X-TC-Timestamp")?;
            if cred.date != clock::utc_date(timestamp) {
                return Err(fail(
                    SIGNATURE_FAILURE,
                    "the Credential date is not the UTC date of X-TC-Timestamp",
                ));
            }
            Some((cred, entry))
        }
    };

    if body::declared_too_large(req.headers(), MAX_BODY_BYTES) {
        return Err(too_large_body());
    }
    // The body is read holding an unverified place (see `body_gate`), not a worker or queue
    // place: only a request whose signature verifies takes one.
    let (parts, body) = req.into_parts();
    let payload = read_body(app, body, deadline).await?;

    if let Some((cred, entry)) = credential {
        let signed = Signed {
            method: parts.method.as_str(),
            path: parts.uri.path(),
            query: parts.uri.query().unwrap_or(""),
            payload: &payload,
            timestamp,
        };
        if !tc3::verify(entry.key.secret.expose(), &cred, &signed, &parts.headers) {
            return Err(fail(
                SIGNATURE_FAILURE,
                "the signature does not match: check the SecretKey and the signing steps",
            ));
        }
        if let Some(replay) = &app.replay {
            refuse_replay(app, replay, &cred.signature, timestamp)?;
        }
        authorize(entry).await?;
    }
    let ticket = take_place(app)?;
    read_card(app, &ticket, parse_params(&payload)?, deadline).await
}

/// `AuthFailure.SignatureFailure` for a signature accepted before (see [`super::replay`]).
fn refuse_replay(
    app: &App,
    replay: &super::replay::ReplayCache,
    signature: &str,
    timestamp: i64,
) -> Result<(), Failure> {
    let skew = app.max_clock_skew.as_secs() as i64;
    match replay.first_use(signature, timestamp, skew, clock::now_unix()) {
        Ok(()) => Ok(()),
        Err(super::replay::Replay::Seen) => Err(fail(
            SIGNATURE_FAILURE,
            "this signed request was already received: each signature is accepted once \
             (sign every request anew)",
        )),
        Err(super::replay::Replay::Full) => Err(fail(
            SERVICE_UNAVAILABLE,
            "the server is busy: its replay cache is full; retry later",
        )),
    }
}

/// A place among the admitted requests, or `ServiceUnavailable` at once.
pub(super) fn take_place(app: &App) -> Result<Ticket, Failure> {
    app.workers.try_admit().ok_or_else(|| {
        let load = app.workers.load();
        fail(
            SERVICE_UNAVAILABLE,
            format!(
                "the server is busy: {} reads running and {} requests queued; retry later",
                load.busy, load.waiting
            ),
        )
    })
}

/// The request body, within its size limit and the request's deadline.
pub(super) async fn read_body(
    app: &App,
    body: axum::body::Body,
    deadline: tokio::time::Instant,
) -> Result<axum::body::Bytes, Failure> {
    match timeout_at(deadline, body::read_limited(body, MAX_BODY_BYTES)).await {
        Ok(Ok(b)) => Ok(b),
        Ok(Err(BodyError::TooLarge)) => Err(too_large_body()),
        Ok(Err(BodyError::Read(m))) => Err(fail(
            INVALID_PARAMETER,
            format!("the request body could not be read: {m}"),
        )),
        Err(_) => Err(fail(
            INVALID_PARAMETER,
            format!(
                "the request body was not received within {:?}",
                app.request_timeout
            ),
        )),
    }
}

/// `AuthFailure.SignatureExpire` when the signed timestamp (named `what` in the message) is
/// further from this server's clock than allowed.
pub(super) fn check_timestamp(app: &App, timestamp: i64, what: &str) -> Result<(), Failure> {
    let skew = (clock::now_unix() - timestamp).unsigned_abs();
    if skew > app.max_clock_skew.as_secs() {
        return Err(fail(
            SIGNATURE_EXPIRE,
            format!(
                "the signature has expired: {what} differs from the server time by {skew} s \
                 (at most {} s)",
                app.max_clock_skew.as_secs()
            ),
        ));
    }
    Ok(())
}

/// The card of an authenticated, admitted request, read on a worker.
pub(super) async fn read_card(
    app: &App,
    ticket: &Ticket,
    params: Params,
    deadline: tokio::time::Instant,
) -> Result<Success, Failure> {
    if params.image_url.is_some() {
        return Err(fail(
            UNSUPPORTED_OPERATION,
            "ImageUrl is not supported: this on-device server makes no network calls; send \
             the image as ImageBase64",
        ));
    }
    let Some(b64) = params.image_base64.as_deref() else {
        return Err(fail(
            MISSING_PARAMETER,
            "ImageBase64 is required (ImageUrl is not supported by this server)",
        ));
    };
    if b64.len() > MAX_BASE64_CHARS {
        return Err(fail(
            TOO_LARGE_FILE,
            format!("ImageBase64 is longer than 7 MB ({MAX_BASE64_CHARS} characters)"),
        ));
    }
    let image = body::decode_base64(b64).map_err(|m| fail(IMAGE_DECODE_FAILED, m))?;
    let options = ReadOptions {
        head_image: params.return_head_image,
        ..ReadOptions::default()
    };
    match app.workers.read(ticket, image, options, deadline).await {
        Ok(reading) => Ok(Success { reading, params }),
        Err(ReadFailure::Engine(e)) => Err(e.into()),
        Err(ReadFailure::QueueTimeout) => Err(fail(
            SERVICE_UNAVAILABLE,
            format!(
                "the server is busy: no worker came free within {:?}; retry later",
                app.request_timeout
            ),
        )),
        Err(ReadFailure::Timeout) => Err(fail(
            UNKNOWN_ERROR,
            format!("the card was not read within {:?}", app.request_timeout),
        )),
        Err(ReadFailure::Panicked) => {
            Err(fail(UNKNOWN_ERROR, "internal error while reading the card"))
        }
    }
}

fn missing_header(name: &str) -> Failure {
    fail(MISSING_PARAMETER, format!("the {name} header is required"))
}

pub(super) fn too_large_body() -> Failure {
    fail(
        REQUEST_SIZE_LIMIT_EXCEEDED,
        format!("the request body is larger than {MAX_BODY_BYTES} bytes"),
    )
}

/// Expiry, permission, rate and quota of an authenticated key.
pub(super) async fn authorize(entry: &KeyEntry) -> Result<(), Failure> {
    match entry.key.check(Api::Tencent) {
        Ok(()) => {}
        Err(KeyRefusal::Expired { at }) => {
            return Err(fail(
                SECRET_ID_NOT_FOUND,
                format!("the SecretId expired at {at}"),
            ))
        }
        Err(KeyRefusal::NotAllowed) => {
            return Err(fail(
                UNAUTHORIZED_OPERATION,
                format!("this SecretId is not allowed to call {ACTION}"),
            ))
        }
    }
    match entry.limits.admit(entry.key.quota).await {
        Ok(()) => Ok(()),
        Err(LimitRefusal::Rate { per_second }) => Err(fail(
            REQUEST_LIMIT_EXCEEDED,
            format!("this SecretId is limited to {per_second} requests per second"),
        )),
        Err(LimitRefusal::Quota { quota }) => Err(fail(
            LIMIT_EXCEEDED,
            format!("this SecretId has used its quota of {quota} calls"),
        )),
        Err(LimitRefusal::Unavailable) => Err(fail(
            SERVICE_UNAVAILABLE,
            "the shared rate limits and quotas cannot be checked now; retry later",
        )),
    }
}

/// The body's parameters: `ImageBase64`, `ImageUrl`, `ReturnHeadImage` (boolean, or the
/// strings `"true"`/`"false"` as in the documented example and as signature v1 form fields
/// carry it) and `Scene` (`V1`, `V2`). Null counts as absent; any other parameter is
/// `UnknownParameter`, as Tencent Cloud answers.
fn parse_params(payload: &[u8]) -> Result<Params, Failure> {
    let value: serde_json::Value = serde_json::from_slice(payload).map_err(|e| {
        fail(
            INVALID_PARAMETER,
            format!("the body is not valid JSON: {e}"),
        )
    })?;
    let serde_json::Value::Object(obj) = value else {
        return Err(fail(INVALID_PARAMETER, "the body must be a JSON object"));
    };
    params_from_object(obj)
}

/// The parameters of a JSON object (see [`parse_params`]).
pub(super) fn params_from_object(
    obj: serde_json::Map<String, serde_json::Value>,
) -> Result<Params, Failure> {
    let mut p = Params::default();
    for (k, v) in obj {
        if v.is_null() {
            continue;
        }
        let string = |v: serde_json::Value| match v {
            serde_json::Value::String(s) => Ok(s),
            _ => Err(fail(INVALID_PARAMETER, format!("{k} must be a string"))),
        };
        match k.as_str() {
            "ImageBase64" => p.image_base64 = Some(string(v)?).filter(|s| !s.is_empty()),
            "ImageUrl" => p.image_url = Some(string(v)?).filter(|s| !s.is_empty()),
            "ReturnHeadImage" => {
                p.return_head_image = match &v {
                    serde_json::Value::Bool(b) => *b,
                    serde_json::Value::String(s) if s.eq_ignore_ascii_case("true") => true,
                    serde_json::Value::String(s) if s.eq_ignore_ascii_case("false") => false,
                    _ => return Err(fail(INVALID_PARAMETER, "ReturnHeadImage must be a boolean")),
                }
            }
            "Scene" => {
                p.scene = match string(v)?.as_str() {
                    "V1" | "" => Scene::V1,
                    "V2" => Scene::V2,
                    _ => return Err(fail(INVALID_PARAMETER_VALUE, "Scene must be V1 or V2")),
                }
            }
            other => {
                return Err(fail(
                    UNKNOWN_PARAMETER,
                    format!(
                        "the parameter {:?} is not defined for {ACTION}",
                        clip(other, 64)
                    ),
                ))
            }
        }
    }
    Ok(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_documented_parameters() {
        let p = parse_params(br#"{"ReturnHeadImage": "false", "ImageUrl": "https://xx/a.jpg"}"#)
            .unwrap();
        assert_eq!(p.image_url.as_deref(), Some("https://xx/a.jpg"));
        assert!(!p.return_head_image);
        let p = parse_params(
            br#"{"ImageBase64": "AAAA", "ReturnHeadImage": true, "Scene": "V2", "ImageUrl": null}"#,
        )
        .unwrap();
        assert_eq!(
            p,
            Params {
                image_base64: Some("AAAA".into()),
                image_url: None,
                return_head_image: true,
                scene: Scene::V2
            }
        );
    }

    #[test]
    fn refuses_bad_parameters_with_their_codes() {
        for (body, code) in [
            (&b"not json"[..], INVALID_PARAMETER),
            (b"[1]", INVALID_PARAMETER),
            (br#"{"ImageBase64": 5}"#, INVALID_PARAMETER),
            (br#"{"ReturnHeadImage": "yes"}"#, INVALID_PARAMETER),
            (br#"{"Scene": "V3"}"#, INVALID_PARAMETER_VALUE),
            (br#"{"ImageBase46": "AAAA"}"#, UNKNOWN_PARAMETER),
        ] {
            assert_eq!(parse_params(body).unwrap_err().code, code);
        }
    }
}

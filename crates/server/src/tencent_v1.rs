//! Tencent requests signed with signature v1 (`HmacSHA1`, `HmacSHA256`), what the Node.js
//! SDK sends by default: every parameter, the common ones (`Action`, `Version`, `Timestamp`,
//! `Nonce`, `SecretId`, `SignatureMethod`, `Signature`, ...) included, as form fields of a
//! `POST` body (`application/x-www-form-urlencoded`) or of a `GET` query. Once the
//! signature is checked the request is read and answered exactly as a TC3 one
//! ([`super::tencent`]); the signature itself is in [`super::signature_v1`].

use super::body::{self, MAX_BODY_BYTES};
use super::signature_v1::{self as v1, Method as SignMethod};
use super::tencent::codes::*;
use super::tencent::{self, clip, fail, Failure, Success, ACTION, VERSION};
use super::{tc3, App};
use axum::extract::Request;
use axum::http::{HeaderMap, Method};
use std::collections::HashMap;

/// The common parameters of signature v1; every other field is a parameter of the action.
const COMMON: [&str; 11] = [
    "Action",
    "Version",
    "Region",
    "Timestamp",
    "Nonce",
    "SecretId",
    "SignatureMethod",
    v1::SIGNATURE_FIELD,
    "Token",
    "Language",
    "RequestClient",
];

/// Whether a request to `/` is signature v1: no TC3 headers (`X-TC-Action`,
/// `Authorization`), and form fields in a POST body or a GET query.
pub(super) fn is_v1(req: &Request) -> bool {
    let headers = req.headers();
    if tencent::header(headers, "x-tc-action").is_some()
        || tencent::header(headers, "authorization").is_some()
    {
        return false;
    }
    match *req.method() {
        Method::GET => req.uri().query().is_some_and(|q| !q.is_empty()),
        Method::POST => is_form(headers),
        _ => false,
    }
}

fn is_form(headers: &HeaderMap) -> bool {
    body::media_type(headers).as_deref() == Some("application/x-www-form-urlencoded")
}

pub(super) async fn process(
    app: &App,
    req: Request,
    deadline: tokio::time::Instant,
) -> Result<Success, Failure> {
    if body::declared_too_large(req.headers(), MAX_BODY_BYTES) {
        return Err(tencent::too_large_body());
    }
    // The SecretId is inside the body: the body is read within its limit and deadline
    // holding an unverified place (see `body_gate`), and a worker or queue place is taken
    // only once the signature verifies.
    let (parts, body) = req.into_parts();
    let form = if parts.method == Method::GET {
        axum::body::Bytes::copy_from_slice(parts.uri.query().unwrap_or("").as_bytes())
    } else {
        tencent::read_body(app, body, deadline).await?
    };
    let fields: Vec<(String, String)> = serde_urlencoded::from_bytes(&form).map_err(|e| {
        fail(
            INVALID_PARAMETER,
            format!("the form fields cannot be decoded: {e}"),
        )
    })?;
    let mut named: HashMap<&str, &str> = HashMap::with_capacity(fields.len());
    for (k, v) in &fields {
        if named.insert(k.as_str(), v.as_str()).is_some() {
            return Err(fail(
                INVALID_PARAMETER,
                format!("the parameter {:?} is given more than once", clip(k, 64)),
            ));
        }
    }
    let get = |name: &str| named.get(name).copied().filter(|v| !v.is_empty());
    let required = |name: &str| {
        get(name).ok_or_else(|| {
            fail(
                MISSING_PARAMETER,
                format!("the {name} parameter is required"),
            )
        })
    };

    let action = required("Action")?;
    if action != ACTION {
        return Err(fail(
            INVALID_ACTION,
            format!(
                "the action {:?} does not exist here; this server offers {ACTION}",
                clip(action, 64)
            ),
        ));
    }
    let version = required("Version")?;
    if version != VERSION {
        return Err(fail(
            NO_SUCH_VERSION,
            format!(
                "the version {:?} of {ACTION} does not exist; use {VERSION}",
                clip(version, 32)
            ),
        ));
    }
    let timestamp: i64 = required("Timestamp")?
        .parse()
        .map_err(|_| fail(INVALID_PARAMETER, "Timestamp must be Unix seconds"))?;
    required("Nonce")?;

    if let Some(store) = &app.keys {
        if get("Token").is_some() {
            return Err(fail(
                TOKEN_FAILURE,
                "temporary credentials (Token) are not supported by this server",
            ));
        }
        let secret_id = required("SecretId")?;
        let signature = required(v1::SIGNATURE_FIELD)?;
        let method = match get("SignatureMethod") {
            None => v1::DEFAULT_METHOD,
            Some(m) => SignMethod::parse(m).ok_or_else(|| {
                fail(
                    INVALID_PARAMETER_VALUE,
                    "SignatureMethod must be HmacSHA1 or HmacSHA256 (or sign with \
                     TC3-HMAC-SHA256 in the Authorization header)",
                )
            })?,
        };
        let entry = store.get(secret_id).ok_or_else(|| {
            fail(
                SECRET_ID_NOT_FOUND,
                "the SecretId does not exist on this server",
            )
        })?;
        tencent::check_timestamp(app, timestamp, "Timestamp")?;
        let host = tc3::host_header(&parts.headers).unwrap_or("");
        let signed = v1::Signed {
            http_method: parts.method.as_str(),
            host,
            path: parts.uri.path(),
            fields: &fields,
        };
        if !v1::verify(entry.key.secret.expose(), method, &signed, signature) {
            return Err(fail(
                SIGNATURE_FAILURE,
                "the signature does not match: check the SecretKey and the signing steps",
            ));
        }
        tencent::authorize(entry).await?;
    }

    let own: serde_json::Map<String, serde_json::Value> = fields
        .into_iter()
        .filter(|(k, _)| !COMMON.contains(&k.as_str()))
        .map(|(k, v)| (k, serde_json::Value::String(v)))
        .collect();
    let params = tencent::params_from_object(own)?;
    let ticket = tencent::take_place(app)?;
    tencent::read_card(app, &ticket, params, deadline).await
}

//! Tencent Cloud API 3.0 request signatures (TC3-HMAC-SHA256): parsing the
//! `Authorization` header, rebuilding the canonical request and checking the signature with
//! the locally configured SecretKey.
//!
//! ```text
//! CanonicalRequest = Method \n Path \n Query \n CanonicalHeaders \n SignedHeaders \n hex(sha256(body))
//! StringToSign     = "TC3-HMAC-SHA256" \n X-TC-Timestamp \n Date/Service/tc3_request \n hex(sha256(CanonicalRequest))
//! SecretSigning    = HMAC(HMAC(HMAC("TC3" + SecretKey, Date), Service), "tc3_request")
//! Signature        = hex(HMAC(SecretSigning, StringToSign))
//! ```
//!
//! The service of the credential scope is taken from the header as signed: the official
//! Python SDK derives it from the first label of the endpoint, so a client pointed at
//! `127.0.0.1:8080` signs for service `127`; the scope is covered by the signature, so any
//! service is accepted. Canonical header values are used as received (trimmed); Tencent's
//! documentation lower-cases them while the SDKs send them as they are, so a signature made
//! either way verifies.
//!
//! The `host` an SDK signs is not always the `Host` it sends: the Node.js SDK signs the
//! URL's host name without the port (`host:127.0.0.1`) and sends `Host: 127.0.0.1:8080`;
//! the Python SDK signs what it sends. Only on port 80 or 443 are the two the same, so a
//! signature is accepted for the `Host` as received or for that host without its port, and
//! for nothing else (see [`signed_host_forms`]).

use axum::http::HeaderMap;
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

pub const ALGORITHM: &str = "TC3-HMAC-SHA256";
/// The payload hash input when the client sends `X-TC-Content-SHA256: UNSIGNED-PAYLOAD`.
pub const UNSIGNED_PAYLOAD: &str = "UNSIGNED-PAYLOAD";

type HmacSha256 = Hmac<Sha256>;

/// The parts of an `Authorization: TC3-HMAC-SHA256 Credential=..., SignedHeaders=...,
/// Signature=...` header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credential {
    pub secret_id: String,
    /// `YYYY-MM-DD`, the UTC date of the request's timestamp.
    pub date: String,
    pub service: String,
    /// Lower-case header names, in the order signed.
    pub signed_headers: Vec<String>,
    /// Lower-case hex.
    pub signature: String,
}

/// Parse the `Authorization` header; the error says what is wrong with it.
pub fn parse_authorization(value: &str) -> Result<Credential, String> {
    let rest = value
        .strip_prefix(ALGORITHM)
        .filter(|r| r.starts_with(' '))
        .ok_or_else(|| format!("the Authorization header must start with {ALGORITHM}"))?;
    let (mut credential, mut signed, mut signature) = (None, None, None);
    for part in rest.split(',') {
        let part = part.trim();
        let (k, v) = part
            .split_once('=')
            .ok_or_else(|| format!("malformed Authorization part {part:?}"))?;
        match k.trim() {
            "Credential" => credential = Some(v.trim()),
            "SignedHeaders" => signed = Some(v.trim()),
            "Signature" => signature = Some(v.trim()),
            _ => {}
        }
    }
    let credential = credential.ok_or("the Authorization header has no Credential")?;
    let signed = signed.ok_or("the Authorization header has no SignedHeaders")?;
    let signature = signature.ok_or("the Authorization header has no Signature")?;
    let scope: Vec<&str> = credential.split('/').collect();
    let [secret_id, date, service, terminator] = scope[..] else {
        return Err("Credential must be SecretId/Date/Service/tc3_request".into());
    };
    if terminator != "tc3_request" || secret_id.is_empty() || service.is_empty() {
        return Err("Credential must be SecretId/Date/Service/tc3_request".into());
    }
    if !is_date(date) {
        return Err("the Credential date must be YYYY-MM-DD".into());
    }
    let signed_headers: Vec<String> = signed.split(';').map(|h| h.to_ascii_lowercase()).collect();
    if signed_headers.iter().any(|h| h.is_empty()) {
        return Err("SignedHeaders has an empty name".into());
    }
    for needed in ["content-type", "host"] {
        if !signed_headers.iter().any(|h| h == needed) {
            return Err(format!("SignedHeaders must include {needed}"));
        }
    }
    if signature.len() != 64 || !signature.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err("Signature must be 64 hex digits".into());
    }
    Ok(Credential {
        secret_id: secret_id.to_string(),
        date: date.to_string(),
        service: service.to_string(),
        signed_headers,
        signature: signature.to_ascii_lowercase(),
    })
}

fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

/// What of the request is signed, besides its headers.
#[derive(Debug, Clone, Copy)]
pub struct Signed<'a> {
    pub method: &'a str,
    pub path: &'a str,
    pub query: &'a str,
    pub payload: &'a [u8],
    pub timestamp: i64,
}

/// How the canonical headers are written: the forms a client may have signed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HeaderForm<'a> {
    /// Values lower-cased (Tencent's documentation) or as sent (the SDKs).
    pub lowercase_values: bool,
    /// The `host` value signed, when it is not the `Host` header as received (see
    /// [`signed_host_forms`]).
    pub host: Option<&'a str>,
}

impl HeaderForm<'_> {
    /// Every header as received, values as sent.
    pub const AS_SENT: HeaderForm<'static> = HeaderForm {
        lowercase_values: false,
        host: None,
    };
}

/// The `host` values a client sending this `Host` header may have signed: the header itself,
/// and, when it names a port, the host without it (`127.0.0.1:8080` -> `127.0.0.1`,
/// `[::1]:8080` -> `[::1]`). Nothing looser: no other name, no other port.
pub fn signed_host_forms(host: &str) -> Vec<&str> {
    let mut forms = vec![host];
    if let Some((name, port)) = host.rsplit_once(':') {
        // `::1` without brackets is an IPv6 address, not a name and a port.
        let bracketed_or_plain = name.ends_with(']') || !name.contains(':');
        if !name.is_empty()
            && bracketed_or_plain
            && !port.is_empty()
            && port.bytes().all(|b| b.is_ascii_digit())
        {
            forms.push(name);
        }
    }
    forms
}

/// The `Host` header as received (trimmed), if any.
pub fn host_header(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(axum::http::header::HOST)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
}

/// The canonical request, or `None` when a signed header is missing from the request.
pub fn canonical_request(
    req: &Signed<'_>,
    headers: &HeaderMap,
    signed_headers: &[String],
    form: HeaderForm<'_>,
) -> Option<String> {
    let mut canonical_headers = String::new();
    for name in signed_headers {
        let value = match form.host {
            Some(host) if name == "host" => host,
            _ => headers.get(name.as_str())?.to_str().ok()?.trim(),
        };
        canonical_headers.push_str(name);
        canonical_headers.push(':');
        if form.lowercase_values {
            canonical_headers.push_str(&value.to_ascii_lowercase());
        } else {
            canonical_headers.push_str(value);
        }
        canonical_headers.push('\n');
    }
    let unsigned = headers
        .get("x-tc-content-sha256")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim() == UNSIGNED_PAYLOAD);
    let payload_hash = if unsigned {
        hex::encode(Sha256::digest(UNSIGNED_PAYLOAD.as_bytes()))
    } else {
        hex::encode(Sha256::digest(req.payload))
    };
    Some(format!(
        "{}\n{}\n{}\n{}\n{}\n{}",
        req.method,
        req.path,
        req.query,
        canonical_headers,
        signed_headers.join(";"),
        payload_hash
    ))
}

pub fn string_to_sign(timestamp: i64, date: &str, service: &str, canonical: &str) -> String {
    format!(
        "{ALGORITHM}\n{timestamp}\n{date}/{service}/tc3_request\n{}",
        hex::encode(Sha256::digest(canonical.as_bytes()))
    )
}

fn hmac(key: &[u8], msg: &[u8]) -> Vec<u8> {
    // HMAC accepts keys of any length; `new_from_slice` cannot fail for it.
    let mut mac = HmacSha256::new_from_slice(key).expect("HMAC takes any key length");
    mac.update(msg);
    mac.finalize().into_bytes().to_vec()
}

/// The hex signature of a string to sign.
pub fn signature(secret_key: &str, date: &str, service: &str, string_to_sign: &str) -> String {
    let k_date = hmac(format!("TC3{secret_key}").as_bytes(), date.as_bytes());
    let k_service = hmac(&k_date, service.as_bytes());
    let k_signing = hmac(&k_service, b"tc3_request");
    hex::encode(hmac(&k_signing, string_to_sign.as_bytes()))
}

/// Whether the request carries a valid signature by `secret_key`, for the `Host` as received
/// or without its port, with header values as sent or lower-cased. Every form is computed
/// and each signature is compared in constant time.
pub fn verify(secret_key: &str, cred: &Credential, req: &Signed<'_>, headers: &HeaderMap) -> bool {
    let Some(host) = host_header(headers) else {
        return false;
    };
    let mut ok = false;
    for signed_host in signed_host_forms(host) {
        for lowercase_values in [false, true] {
            let form = HeaderForm {
                lowercase_values,
                host: Some(signed_host),
            };
            let Some(canonical) = canonical_request(req, headers, &cred.signed_headers, form)
            else {
                return false;
            };
            let sts = string_to_sign(req.timestamp, &cred.date, &cred.service, &canonical);
            let expected = signature(secret_key, &cred.date, &cred.service, &sts);
            ok |= bool::from(expected.as_bytes().ct_eq(cred.signature.as_bytes()));
        }
    }
    ok
}

/// The `Authorization` value an official SDK sends for a JSON `POST /` (a client for tools
/// and examples; the server never signs).
#[allow(clippy::too_many_arguments)]
pub fn authorization_for_json_post(
    secret_id: &str,
    secret_key: &str,
    service: &str,
    timestamp: i64,
    host: &str,
    content_type: &str,
    payload: &[u8],
) -> String {
    let date = crate::clock::utc_date(timestamp);
    let canonical = format!(
        "POST\n/\n\ncontent-type:{content_type}\nhost:{host}\n\ncontent-type;host\n{}",
        hex::encode(Sha256::digest(payload))
    );
    let sts = string_to_sign(timestamp, &date, service, &canonical);
    let sig = signature(secret_key, &date, service, &sts);
    format!(
        "{ALGORITHM} Credential={secret_id}/{date}/{service}/tc3_request, \
         SignedHeaders=content-type;host, Signature={sig}"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    // The worked example of Tencent Cloud's signature v3 documentation (CVM
    // DescribeInstances, with the documentation's placeholder credentials).
    const SECRET_ID: &str = "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE";
    const SECRET_KEY: &str = "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE";
    const PAYLOAD: &str =
        r#"{"Limit": 1, "Filters": [{"Values": ["\u672a\u547d\u540d"], "Name": "instance-name"}]}"#;

    fn headers() -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(
            "content-type",
            HeaderValue::from_static("application/json; charset=utf-8"),
        );
        h.insert("host", HeaderValue::from_static("cvm.tencentcloudapi.com"));
        h
    }

    fn signed() -> Signed<'static> {
        Signed {
            method: "POST",
            path: "/",
            query: "",
            payload: PAYLOAD.as_bytes(),
            timestamp: 1_551_113_065,
        }
    }

    #[test]
    fn builds_the_documented_canonical_request() {
        let names = vec!["content-type".to_string(), "host".to_string()];
        let c = canonical_request(&signed(), &headers(), &names, HeaderForm::AS_SENT).unwrap();
        assert_eq!(
            c,
            "POST\n/\n\ncontent-type:application/json; charset=utf-8\nhost:cvm.tencentcloudapi.com\n\n\
             content-type;host\n35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064"
        );
        let sts = string_to_sign(1_551_113_065, "2019-02-25", "cvm", &c);
        assert!(sts.starts_with("TC3-HMAC-SHA256\n1551113065\n2019-02-25/cvm/tc3_request\n"));
        // The signature the documentation prints for this request.
        assert_eq!(
            signature(SECRET_KEY, "2019-02-25", "cvm", &sts),
            "72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168"
        );
    }

    #[test]
    fn verifies_its_own_signature_and_rejects_changes() {
        let auth = authorization_for_json_post(
            SECRET_ID,
            SECRET_KEY,
            "cvm",
            1_551_113_065,
            "cvm.tencentcloudapi.com",
            "application/json; charset=utf-8",
            PAYLOAD.as_bytes(),
        );
        let cred = parse_authorization(&auth).unwrap();
        assert_eq!(cred.secret_id, SECRET_ID);
        assert_eq!(cred.date, "2019-02-25");
        assert_eq!(cred.service, "cvm");
        assert!(verify(SECRET_KEY, &cred, &signed(), &headers()));
        assert!(!verify("another key", &cred, &signed(), &headers()));
        let tampered = Signed {
            payload: b"{}",
            ..signed()
        };
        assert!(!verify(SECRET_KEY, &cred, &tampered, &headers()));
        let later = Signed {
            timestamp: 1_551_113_066,
            ..signed()
        };
        assert!(!verify(SECRET_KEY, &cred, &later, &headers()));
        let mut other_host = headers();
        other_host.insert("host", HeaderValue::from_static("evil.example"));
        assert!(!verify(SECRET_KEY, &cred, &signed(), &other_host));
    }

    #[test]
    fn accepts_the_host_signed_with_or_without_its_port_and_nothing_else() {
        assert_eq!(
            signed_host_forms("127.0.0.1:8080"),
            ["127.0.0.1:8080", "127.0.0.1"]
        );
        assert_eq!(signed_host_forms("[::1]:8080"), ["[::1]:8080", "[::1]"]);
        assert_eq!(signed_host_forms("ocr.example"), ["ocr.example"]);
        assert_eq!(signed_host_forms("[::1]"), ["[::1]"]);
        assert_eq!(signed_host_forms("host:"), ["host:"]);
        assert_eq!(signed_host_forms("host:8o"), ["host:8o"]);

        let sign_for = |signed_host: &str| {
            let auth = authorization_for_json_post(
                SECRET_ID,
                SECRET_KEY,
                "ocr",
                1_551_113_065,
                signed_host,
                "application/json; charset=utf-8",
                PAYLOAD.as_bytes(),
            );
            parse_authorization(&auth).unwrap()
        };
        let mut sent = headers();
        sent.insert("host", HeaderValue::from_static("127.0.0.1:8080"));
        // The Python SDK signs the Host it sends; the Node.js SDK signs it without the port.
        assert!(verify(
            SECRET_KEY,
            &sign_for("127.0.0.1:8080"),
            &signed(),
            &sent
        ));
        assert!(verify(SECRET_KEY, &sign_for("127.0.0.1"), &signed(), &sent));
        // Another port, another host, or a port the client did not send: refused.
        for other in ["127.0.0.1:8081", "127.0.0.2", "127.0.0.1:80", "localhost"] {
            assert!(
                !verify(SECRET_KEY, &sign_for(other), &signed(), &sent),
                "{other}"
            );
        }
        let mut bare = headers();
        bare.insert("host", HeaderValue::from_static("127.0.0.1"));
        assert!(!verify(
            SECRET_KEY,
            &sign_for("127.0.0.1:8080"),
            &signed(),
            &bare
        ));
    }

    #[test]
    fn rejects_malformed_headers() {
        let sig = "a".repeat(64);
        for bad in [
            "".to_string(),
            "HMAC-SHA256 Credential=a/2019-02-25/ocr/tc3_request".into(),
            format!("TC3-HMAC-SHA256 Credential=a/2019-02-25/ocr, SignedHeaders=content-type;host, Signature={sig}"),
            format!("TC3-HMAC-SHA256 Credential=a/20190225/ocr/tc3_request, SignedHeaders=content-type;host, Signature={sig}"),
            format!("TC3-HMAC-SHA256 Credential=a/2019-02-25/ocr/tc3_request, SignedHeaders=host, Signature={sig}"),
            "TC3-HMAC-SHA256 Credential=a/2019-02-25/ocr/tc3_request, SignedHeaders=content-type;host, Signature=xyz".into(),
        ] {
            assert!(parse_authorization(&bad).is_err(), "{bad}");
        }
    }
}

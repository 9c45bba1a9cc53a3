//! Tencent Cloud API signature v1 (`HmacSHA1`, `HmacSHA256`): what the Node.js SDK signs
//! with by default, and the Python SDK with `ClientProfile(signMethod="HmacSHA256")`.
//!
//! The request carries every parameter, the common ones included, as form fields (a POST
//! body `application/x-www-form-urlencoded`, or a GET query):
//!
//! ```text
//! Action, Version, Region, Timestamp, Nonce, SecretId, SignatureMethod, [Token, Language,
//! RequestClient], the action's own parameters, Signature
//! StringToSign = METHOD + host + path + "?" + k1=v1&k2=v2... (every field but Signature,
//!                sorted by name, values decoded, not re-encoded)
//! Signature    = base64(HMAC-SHA1 or HMAC-SHA256(SecretKey, StringToSign))
//! ```
//!
//! The Python SDK writes `_` in a name as `.` in the string to sign (and only there); the
//! Node.js SDK does not; both forms are accepted. As for TC3, the host may be signed with or
//! without its port ([`tc3::signed_host_forms`](crate::tc3::signed_host_forms)).

use base64::Engine as _;
use hmac::{Hmac, Mac};
use sha1::Sha1;
use sha2::Sha256;
use subtle::ConstantTimeEq;

/// `SignatureMethod` when the request does not name one (Tencent's documented default).
pub const DEFAULT_METHOD: Method = Method::HmacSha1;

/// The field that carries the signature; it is not itself signed.
pub const SIGNATURE_FIELD: &str = "Signature";

/// A signature v1 method.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    HmacSha1,
    HmacSha256,
}

impl Method {
    /// The `SignatureMethod` value: `HmacSHA1` or `HmacSHA256` (exactly, as the SDKs send).
    pub fn parse(name: &str) -> Option<Method> {
        match name {
            "HmacSHA1" => Some(Method::HmacSha1),
            "HmacSHA256" => Some(Method::HmacSha256),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Method::HmacSha1 => "HmacSHA1",
            Method::HmacSha256 => "HmacSHA256",
        }
    }
}

/// The string to sign of a request: `fields` are its form fields, decoded, without
/// `Signature`. `dotted` writes `_` in names as `.` (the Python SDK's form).
pub fn string_to_sign(
    http_method: &str,
    host: &str,
    path: &str,
    fields: &[(String, String)],
    dotted: bool,
) -> String {
    let mut pairs: Vec<(String, &str)> = fields
        .iter()
        .filter(|(k, _)| k != SIGNATURE_FIELD)
        .map(|(k, v)| {
            let name = if dotted {
                k.replace('_', ".")
            } else {
                k.clone()
            };
            (name, v.as_str())
        })
        .collect();
    pairs.sort();
    let query: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}={v}")).collect();
    format!("{http_method}{host}{path}?{}", query.join("&"))
}

/// The base64 signature of a string to sign.
pub fn signature(secret_key: &str, method: Method, string_to_sign: &str) -> String {
    // HMAC accepts keys of any length; `new_from_slice` cannot fail for it.
    let digest = match method {
        Method::HmacSha1 => {
            let mut mac = Hmac::<Sha1>::new_from_slice(secret_key.as_bytes())
                .expect("HMAC takes any key length");
            mac.update(string_to_sign.as_bytes());
            mac.finalize().into_bytes().to_vec()
        }
        Method::HmacSha256 => {
            let mut mac = Hmac::<Sha256>::new_from_slice(secret_key.as_bytes())
                .expect("HMAC takes any key length");
            mac.update(string_to_sign.as_bytes());
            mac.finalize().into_bytes().to_vec()
        }
    };
    base64::engine::general_purpose::STANDARD.encode(digest)
}

/// What of a v1 request is signed.
#[derive(Debug, Clone, Copy)]
pub struct Signed<'a> {
    /// `POST` or `GET`.
    pub http_method: &'a str,
    /// The `Host` header as received.
    pub host: &'a str,
    pub path: &'a str,
    /// Every form field, decoded, `Signature` included (it is left out of the string).
    pub fields: &'a [(String, String)],
}

/// Whether `given` is the signature of the request by `secret_key`, for the host as received
/// or without its port, names as sent or dotted. Every form is computed and compared in
/// constant time.
pub fn verify(secret_key: &str, method: Method, req: &Signed<'_>, given: &str) -> bool {
    let has_underscore = req.fields.iter().any(|(k, _)| k.contains('_'));
    let mut ok = false;
    for host in crate::tc3::signed_host_forms(req.host) {
        for dotted in [false, true] {
            if dotted && !has_underscore {
                continue;
            }
            let sts = string_to_sign(req.http_method, host, req.path, req.fields, dotted);
            let expected = signature(secret_key, method, &sts);
            ok |= bool::from(expected.as_bytes().ct_eq(given.as_bytes()));
        }
    }
    ok
}

/// The form fields an SDK sends for `params` (a client for tests and tools; the server
/// never signs): the common fields added, `Signature` last.
pub fn signed_fields(
    secret_id: &str,
    secret_key: &str,
    method: Method,
    http_method: &str,
    host: &str,
    common: &[(&str, String)],
    params: &[(&str, String)],
) -> Vec<(String, String)> {
    let mut fields: Vec<(String, String)> = common
        .iter()
        .chain(params)
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect();
    fields.push(("SecretId".into(), secret_id.into()));
    fields.push(("SignatureMethod".into(), method.name().into()));
    let sts = string_to_sign(http_method, host, "/", &fields, false);
    fields.push((SIGNATURE_FIELD.into(), signature(secret_key, method, &sts)));
    fields
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    // The worked example of Tencent Cloud's signature v1 documentation (CVM
    // DescribeInstances, with the documentation's placeholder credentials).
    const DOC_FIELDS: &[(&str, &str)] = &[
        ("Action", "DescribeInstances"),
        ("InstanceIds.0", "ins-09dx96dg"),
        ("Limit", "20"),
        ("Nonce", "11886"),
        ("Offset", "0"),
        ("Region", "ap-guangzhou"),
        ("SecretId", "AKIDz8krbsJ5yKBZQpn74WFkmLPx3*******"),
        ("Timestamp", "1465185768"),
        ("Version", "2017-03-12"),
    ];
    const DOC_KEY: &str = "Gu5t9xGARNpq86cd98joQYCN3*******";

    #[test]
    fn builds_the_documented_string_to_sign() {
        let mut shuffled = fields(DOC_FIELDS);
        shuffled.reverse();
        shuffled.push((SIGNATURE_FIELD.into(), "ignored".into()));
        assert_eq!(
            string_to_sign("GET", "cvm.tencentcloudapi.com", "/", &shuffled, false),
            "GETcvm.tencentcloudapi.com/?Action=DescribeInstances&InstanceIds.0=ins-09dx96dg\
             &Limit=20&Nonce=11886&Offset=0&Region=ap-guangzhou\
             &SecretId=AKIDz8krbsJ5yKBZQpn74WFkmLPx3*******&Timestamp=1465185768&Version=2017-03-12"
        );
    }

    #[test]
    fn both_methods_verify_and_any_change_is_refused() {
        for method in [Method::HmacSha1, Method::HmacSha256] {
            let sts = string_to_sign("POST", "127.0.0.1:8080", "/", &fields(DOC_FIELDS), false);
            let sig = signature(DOC_KEY, method, &sts);
            let len = match method {
                Method::HmacSha1 => 28, // 20 bytes in base64
                Method::HmacSha256 => 44,
            };
            assert_eq!(sig.len(), len);
            let all = fields(DOC_FIELDS);
            let req = Signed {
                http_method: "POST",
                host: "127.0.0.1:8080",
                path: "/",
                fields: &all,
            };
            assert!(verify(DOC_KEY, method, &req, &sig));
            assert!(!verify("another key", method, &req, &sig));
            let other = match method {
                Method::HmacSha1 => Method::HmacSha256,
                Method::HmacSha256 => Method::HmacSha1,
            };
            assert!(!verify(DOC_KEY, other, &req, &sig));
            let get = Signed {
                http_method: "GET",
                ..req
            };
            assert!(!verify(DOC_KEY, method, &get, &sig));
            let other_port = Signed {
                host: "127.0.0.1:8081",
                ..req
            };
            assert!(!verify(DOC_KEY, method, &other_port, &sig));
            let mut changed = all.clone();
            changed[2].1 = "21".into();
            let changed = Signed {
                fields: &changed,
                ..req
            };
            assert!(!verify(DOC_KEY, method, &changed, &sig));
        }
    }

    #[test]
    fn a_host_signed_without_its_port_and_dotted_names_verify() {
        let all = fields(&[("Action", "A"), ("Some_Name", "x")]);
        let req = Signed {
            http_method: "POST",
            host: "127.0.0.1:8080",
            path: "/",
            fields: &all,
        };
        let no_port = string_to_sign("POST", "127.0.0.1", "/", &all, false);
        assert!(verify(
            DOC_KEY,
            Method::HmacSha256,
            &req,
            &signature(DOC_KEY, Method::HmacSha256, &no_port)
        ));
        let dotted = string_to_sign("POST", "127.0.0.1:8080", "/", &all, true);
        assert!(dotted.ends_with("?Action=A&Some.Name=x"));
        assert!(verify(
            DOC_KEY,
            Method::HmacSha256,
            &req,
            &signature(DOC_KEY, Method::HmacSha256, &dotted)
        ));
        let elsewhere = string_to_sign("POST", "127.0.0.9", "/", &all, false);
        assert!(!verify(
            DOC_KEY,
            Method::HmacSha256,
            &req,
            &signature(DOC_KEY, Method::HmacSha256, &elsewhere)
        ));
    }

    #[test]
    fn signed_fields_verify() {
        let f = signed_fields(
            "id",
            DOC_KEY,
            Method::HmacSha1,
            "POST",
            "127.0.0.1:9",
            &[("Action", "RecognizeIndonesiaIDCardOCR".into())],
            &[("Scene", "V2".into())],
        );
        let (name, sig) = f.last().unwrap();
        assert_eq!(name, SIGNATURE_FIELD);
        let req = Signed {
            http_method: "POST",
            host: "127.0.0.1:9",
            path: "/",
            fields: &f,
        };
        assert!(verify(DOC_KEY, Method::HmacSha1, &req, sig));
        assert_eq!(Method::parse("HmacSHA256"), Some(Method::HmacSha256));
        assert_eq!(Method::parse("hmacsha256"), None);
    }
}

//! Request bodies: read while counting, never past a limit, and base64 images decoded.

use axum::body::{Body, Bytes};
use axum::http::{header, HeaderMap};
use base64::alphabet;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use base64::Engine as _;
use http_body_util::{BodyExt, LengthLimitError, Limited};

/// Largest request body either API accepts: a 7 MB base64 image plus its JSON, form or
/// multipart framing. Larger bodies are refused from their `Content-Length` before any byte
/// is read, and cut off at this size while streaming when they have none.
pub const MAX_BODY_BYTES: usize = 8 * 1024 * 1024;
/// Largest accepted `image_base64` / `ImageBase64` value, in characters: 7 MB as both cloud
/// APIs document it, in decimal megabytes (a 5,000,000-byte file is 6,666,668 characters).
pub const MAX_BASE64_CHARS: usize = 7_000_000;

#[derive(Debug)]
pub enum BodyError {
    /// The body is larger than the limit (from `Content-Length` or while streaming).
    TooLarge,
    /// The connection failed while the body was being read.
    Read(String),
}

/// The `Content-Length` the client declared, if any.
pub fn declared_length(headers: &HeaderMap) -> Option<u64> {
    headers
        .get(header::CONTENT_LENGTH)?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()
}

/// Whether a declared `Content-Length` already exceeds `limit`.
pub fn declared_too_large(headers: &HeaderMap, limit: usize) -> bool {
    declared_length(headers).is_some_and(|n| n > limit as u64)
}

/// The whole body, or an error as soon as more than `limit` bytes have arrived.
pub async fn read_limited(body: Body, limit: usize) -> Result<Bytes, BodyError> {
    match Limited::new(body, limit).collect().await {
        Ok(collected) => Ok(collected.to_bytes()),
        Err(e) if e.is::<LengthLimitError>() => Err(BodyError::TooLarge),
        Err(e) => Err(BodyError::Read(e.to_string())),
    }
}

/// The media type of the request (`multipart/form-data`, `application/json`, ...),
/// lower-case, without its parameters.
pub fn media_type(headers: &HeaderMap) -> Option<String> {
    let v = headers.get(header::CONTENT_TYPE)?.to_str().ok()?;
    Some(v.split(';').next()?.trim().to_ascii_lowercase())
}

const LENIENT: GeneralPurposeConfig =
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent);
const STANDARD: GeneralPurpose = GeneralPurpose::new(&alphabet::STANDARD, LENIENT);
const URL_SAFE: GeneralPurpose = GeneralPurpose::new(&alphabet::URL_SAFE, LENIENT);

/// Decode a base64 image as clients send it: standard or URL-safe alphabet, padded or not,
/// wrapped in lines or not, optionally as a `data:image/...;base64,` URL.
pub fn decode_base64(text: &str) -> Result<Vec<u8>, String> {
    let text = match text.split_once(";base64,") {
        Some((prefix, rest)) if prefix.starts_with("data:") => rest,
        _ => text,
    };
    let compact: Vec<u8> = text.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
    if compact.is_empty() {
        return Err("the base64 image is empty".into());
    }
    let engine = if compact.iter().any(|&b| b == b'-' || b == b'_') {
        &URL_SAFE
    } else {
        &STANDARD
    };
    engine
        .decode(&compact)
        .map_err(|e| format!("the image is not valid base64: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_the_forms_clients_send() {
        let want = b"\xff\xd8\xff\xe0 jpeg?".to_vec();
        let std = base64::engine::general_purpose::STANDARD.encode(&want);
        let unpadded = std.trim_end_matches('=').to_string();
        let wrapped = format!("{}\n{}\r\n", &std[..8], &std[8..]);
        let url = base64::engine::general_purpose::URL_SAFE.encode(&want);
        let data = format!("data:image/jpeg;base64,{std}");
        for s in [&std, &unpadded, &wrapped, &url, &data] {
            assert_eq!(decode_base64(s).unwrap(), want, "{s}");
        }
        assert!(decode_base64("not base64!").is_err());
        assert!(decode_base64("  \n").is_err());
    }
}

//! The keys file: who may call the server, until when, how often and how much.
//!
//! A TOML file with one `[[key]]` table per credential (documented in `docs/server.md`):
//!
//! ```toml
//! [[key]]
//! id = "branch-office-1"              # X-DF-API-ID, or the Tencent SecretId
//! secret = "a-long-random-secret..."  # X-DF-API-SECRET, or the Tencent SecretKey (>= 16 chars)
//! expires = 2027-01-01T00:00:00Z      # optional; a date alone means 00:00 UTC of that day
//! quota = 100000                      # optional: calls allowed since the server started
//! rate_limit = 20                     # optional: requests per second (default 20)
//! apis = ["idcard", "tencent"]        # optional: which APIs (default both)
//! ```
//!
//! The secrets are kept in memory as given: Tencent's TC3 signature is an HMAC keyed by the
//! secret, so the server needs the secret itself, not a hash of it. Secrets are compared in
//! constant time and never printed (`Debug` redacts them).

use super::limits::redis_store::RedisLimits;
use super::limits::KeyLimits;
use crate::clock;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;
use subtle::ConstantTimeEq;
use thiserror::Error;

/// Requests per second a key may make unless its entry says otherwise (both cloud APIs
/// document 20).
pub const DEFAULT_RATE_LIMIT: u32 = 20;
/// Shortest accepted secret, in bytes.
pub const MIN_SECRET_LEN: usize = 16;

/// One of the two APIs the server speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Api {
    /// `POST /ocr/idcard` (accuauth).
    Idcard,
    /// `POST /` with `X-TC-Action: RecognizeIndonesiaIDCardOCR` (Tencent Cloud).
    Tencent,
}

impl Api {
    pub fn name(self) -> &'static str {
        match self {
            Api::Idcard => "idcard",
            Api::Tencent => "tencent",
        }
    }
}

#[derive(Debug, Error)]
pub enum KeysError {
    #[error("cannot read the keys file {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("the keys file is not valid TOML for this format: {0}")]
    Parse(String),
    #[error("key {index} ({id:?}): {reason}")]
    Invalid {
        index: usize,
        id: String,
        reason: String,
    },
    #[error("the keys file defines no key; add at least one [[key]] table")]
    Empty,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default, rename = "key")]
    keys: Vec<RawKey>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawKey {
    id: String,
    secret: String,
    expires: Option<toml::value::Datetime>,
    quota: Option<u64>,
    rate_limit: Option<u32>,
    apis: Option<Vec<Api>>,
}

/// A secret that never shows in `Debug` output or logs.
#[derive(Clone)]
pub struct Secret(String);

impl Secret {
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

/// One credential from the keys file.
#[derive(Debug, Clone)]
pub struct ApiKey {
    pub id: String,
    pub secret: Secret,
    /// Unix seconds from which the key is refused; `None` never expires.
    pub expires_at: Option<i64>,
    /// Calls allowed since the server started; `None` is unlimited.
    pub quota: Option<u64>,
    /// Requests per second.
    pub rate_limit: u32,
    pub apis: Vec<Api>,
}

impl ApiKey {
    pub fn allows(&self, api: Api) -> bool {
        self.apis.contains(&api)
    }

    pub fn expired(&self, now_unix: i64) -> bool {
        self.expires_at.is_some_and(|t| now_unix >= t)
    }

    /// Whether this (authenticated) key may call `api` now: not expired, and allowed that
    /// API. Each API words the refusal with its own codes.
    pub fn check(&self, api: Api) -> Result<(), KeyRefusal> {
        if self.expired(clock::now_unix()) {
            let at = self.expires_at.map(clock::utc_datetime);
            return Err(KeyRefusal::Expired {
                at: at.unwrap_or_else(|| "an earlier time".into()),
            });
        }
        if !self.allows(api) {
            return Err(KeyRefusal::NotAllowed);
        }
        Ok(())
    }
}

/// Why an authenticated key is refused (see [`ApiKey::check`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyRefusal {
    /// The key expired at this UTC instant (`YYYY-MM-DDTHH:MM:SSZ`).
    Expired { at: String },
    /// The key is not allowed the API called.
    NotAllowed,
}

/// A key with its live counters.
#[derive(Debug)]
pub struct KeyEntry {
    pub key: ApiKey,
    pub limits: KeyLimits,
}

/// All keys, by id.
#[derive(Debug, Default)]
pub struct KeyStore {
    keys: HashMap<String, KeyEntry>,
}

impl KeyStore {
    pub fn load(path: &Path) -> Result<Self, KeysError> {
        let text = std::fs::read_to_string(path).map_err(|source| KeysError::Read {
            path: path.display().to_string(),
            source,
        })?;
        Self::from_toml(&text)
    }

    pub fn from_toml(text: &str) -> Result<Self, KeysError> {
        let raw: RawFile = toml::from_str(text).map_err(|e| KeysError::Parse(e.to_string()))?;
        if raw.keys.is_empty() {
            return Err(KeysError::Empty);
        }
        let mut keys = Vec::with_capacity(raw.keys.len());
        for (i, k) in raw.keys.into_iter().enumerate() {
            let index = i + 1;
            let invalid = |reason: String| KeysError::Invalid {
                index,
                id: k.id.clone(),
                reason,
            };
            if k.id.is_empty() || k.id.chars().any(|c| c.is_whitespace() || c.is_control()) {
                return Err(invalid("the id must be non-empty, without spaces".into()));
            }
            if k.secret.len() < MIN_SECRET_LEN {
                return Err(invalid(format!(
                    "the secret must be at least {MIN_SECRET_LEN} characters"
                )));
            }
            let rate_limit = k.rate_limit.unwrap_or(DEFAULT_RATE_LIMIT);
            if rate_limit == 0 {
                return Err(invalid("rate_limit must be at least 1 request/s".into()));
            }
            let apis = k
                .apis
                .clone()
                .unwrap_or_else(|| vec![Api::Idcard, Api::Tencent]);
            if apis.is_empty() {
                return Err(invalid("apis is empty: the key could call nothing".into()));
            }
            let expires_at = match &k.expires {
                None => None,
                Some(d) => Some(unix_seconds(d).map_err(invalid)?),
            };
            keys.push(ApiKey {
                id: k.id.clone(),
                secret: Secret(k.secret.clone()),
                expires_at,
                quota: k.quota,
                rate_limit,
                apis,
            });
        }
        Self::from_keys(keys)
    }

    /// A store from keys built in code (ids must be unique).
    pub fn from_keys(keys: Vec<ApiKey>) -> Result<Self, KeysError> {
        let mut map = HashMap::with_capacity(keys.len());
        for (i, key) in keys.into_iter().enumerate() {
            if map.contains_key(&key.id) {
                return Err(KeysError::Invalid {
                    index: i + 1,
                    id: key.id,
                    reason: "the id is used by an earlier key".into(),
                });
            }
            let limits = KeyLimits::new(key.rate_limit);
            map.insert(key.id.clone(), KeyEntry { key, limits });
        }
        if map.is_empty() {
            return Err(KeysError::Empty);
        }
        Ok(Self { keys: map })
    }

    /// Keep every key's rate limit and quota in `store` (Redis) instead of this process, so
    /// that every server sharing the store enforces one limit per key.
    pub fn share_limits(&mut self, store: Arc<RedisLimits>) {
        for entry in self.keys.values_mut() {
            let k = &entry.key;
            entry.limits = KeyLimits::shared(store.clone(), &k.id, k.rate_limit, k.expires_at);
        }
    }

    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// The key with this id (ids are not secret).
    pub fn get(&self, id: &str) -> Option<&KeyEntry> {
        self.keys.get(id)
    }

    /// The key with this id when `secret` is its secret. The comparison takes the same time
    /// whatever the secret's content and length, and whether or not the id exists.
    pub fn authenticate(&self, id: &str, secret: &str) -> Option<&KeyEntry> {
        let given = Sha256::digest(secret.as_bytes());
        match self.keys.get(id) {
            Some(entry) => {
                let expected = Sha256::digest(entry.key.secret.expose().as_bytes());
                bool::from(given.ct_eq(&expected)).then_some(entry)
            }
            None => {
                // Same work as a real comparison, so timing does not tell ids apart.
                let expected = Sha256::digest(b"no such key: compare anyway");
                let _ = bool::from(given.ct_eq(&expected));
                None
            }
        }
    }
}

/// Unix seconds of a TOML date or date-time. A date alone is 00:00 UTC of that day; a
/// date-time needs an offset (`Z` or `+07:00`) so the instant is unambiguous.
fn unix_seconds(d: &toml::value::Datetime) -> Result<i64, String> {
    let date = d
        .date
        .ok_or("expires needs a date, e.g. 2027-01-01 or 2027-01-01T00:00:00Z")?;
    let midnight = clock::unix_of_date(i32::from(date.year), date.month, date.day)
        .ok_or("expires is not a calendar date")?;
    let (secs, offset_min) = match (d.time, d.offset) {
        (None, _) => (0, 0),
        (Some(_), None) => {
            return Err("expires has a time but no offset; add Z (UTC) or e.g. +07:00 (WIB)".into())
        }
        (Some(t), Some(o)) => {
            let off = match o {
                toml::value::Offset::Z => 0,
                toml::value::Offset::Custom { minutes } => minutes as i64,
            };
            (
                t.hour as i64 * 3600 + t.minute as i64 * 60 + t.second as i64,
                off,
            )
        }
    };
    Ok(midnight + secs - offset_min * 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
        [[key]]
        id = "office-1"
        secret = "0123456789abcdef0123"
        expires = 2027-01-01T07:00:00+07:00
        quota = 10
        rate_limit = 5
        apis = ["idcard"]

        [[key]]
        id = "office-2"
        secret = "fedcba9876543210fedc"
        expires = 2026-06-30
    "#;

    #[test]
    fn parses_every_field_and_defaults() {
        let store = KeyStore::from_toml(GOOD).unwrap();
        assert_eq!(store.len(), 2);
        let k = &store.get("office-1").unwrap().key;
        assert_eq!(k.expires_at, Some(1_798_761_600)); // 2027-01-01T00:00:00Z
        assert_eq!(k.quota, Some(10));
        assert_eq!(k.rate_limit, 5);
        assert!(k.allows(Api::Idcard) && !k.allows(Api::Tencent));
        let k = &store.get("office-2").unwrap().key;
        assert_eq!(k.rate_limit, DEFAULT_RATE_LIMIT);
        assert_eq!(k.quota, None);
        assert!(k.allows(Api::Idcard) && k.allows(Api::Tencent));
        assert_eq!(k.expires_at, clock::unix_of_date(2026, 6, 30));
        assert!(!format!("{k:?}").contains("fedcba"));
    }

    #[test]
    fn check_refuses_an_expired_key_and_an_api_not_allowed() {
        let store = KeyStore::from_toml(GOOD).unwrap();
        let expired = &store.get("office-2").unwrap().key; // expired 2026-06-30
        assert_eq!(
            expired.check(Api::Idcard),
            Err(KeyRefusal::Expired {
                at: "2026-06-30T00:00:00Z".into()
            })
        );
        let mut forever = store.get("office-1").unwrap().key.clone();
        forever.expires_at = None;
        assert_eq!(forever.check(Api::Idcard), Ok(()));
        assert_eq!(forever.check(Api::Tencent), Err(KeyRefusal::NotAllowed));
    }

    #[test]
    fn authenticates_only_the_right_secret() {
        let store = KeyStore::from_toml(GOOD).unwrap();
        assert!(store
            .authenticate("office-1", "0123456789abcdef0123")
            .is_some());
        assert!(store
            .authenticate("office-1", "0123456789abcdef012")
            .is_none());
        assert!(store.authenticate("office-1", "").is_none());
        assert!(store
            .authenticate("nobody", "0123456789abcdef0123")
            .is_none());
    }

    #[test]
    fn rejects_bad_entries() {
        for (text, needle) in [
            ("[[key]]\nid = \"a\"\nsecret = \"short\"", "at least 16"),
            (
                "[[key]]\nid = \"a\"\nsecret = \"0123456789abcdef\"\nrate_limit = 0",
                "rate_limit",
            ),
            (
                "[[key]]\nid = \"a\"\nsecret = \"0123456789abcdef\"\napis = []",
                "apis",
            ),
            (
                "[[key]]\nid = \"a\"\nsecret = \"0123456789abcdef\"\napis = [\"cvm\"]",
                "TOML",
            ),
            (
                "[[key]]\nid = \"a\"\nsecret = \"0123456789abcdef\"\nexpires = 2027-01-01T00:00:00",
                "offset",
            ),
            (
                "[[key]]\nid = \"a\"\nsecret = \"0123456789abcdef\"\nsecrets = \"x\"",
                "TOML",
            ),
            (
                "[[key]]\nid = \"a\"\nsecret = \"0123456789abcdef\"\n[[key]]\nid = \"a\"\nsecret = \"0123456789abcdef\"",
                "earlier key",
            ),
            ("", "no key"),
        ] {
            let e = KeyStore::from_toml(text).unwrap_err().to_string();
            assert!(e.contains(needle), "{text:?}: {e}");
        }
    }
}

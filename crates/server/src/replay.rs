//! An optional cache of the TC3 signatures already accepted, to refuse a replayed request.
//!
//! TC3-HMAC-SHA256 has no nonce: a signed request is valid for as long as its
//! `X-TC-Timestamp` is within the allowed clock skew (300 s either way), and anyone who
//! captures it (on a network without TLS, say) can send it again in that window and have
//! the card read again. With `ktpocr serve --replay-cache`, each accepted signature is kept
//! until its timestamp leaves the window, and the same signature again is refused with
//! `AuthFailure.SignatureFailure`. The cache is in memory, per process (replicas do not
//! share it), and holds at most [`MAX_SIGNATURES`]: when full, new requests are refused as
//! busy rather than let through unchecked.

use std::collections::{BTreeSet, HashMap};
use std::sync::Mutex;

/// Signatures kept at most (64 hex digits and a timestamp each: about 10 MB).
pub const MAX_SIGNATURES: usize = 100_000;

#[derive(Debug, PartialEq, Eq)]
pub enum Replay {
    /// This signature was accepted before.
    Seen,
    /// The cache is full of signatures still in their window.
    Full,
}

#[derive(Debug, Default)]
pub struct ReplayCache {
    inner: Mutex<Seen>,
}

#[derive(Debug, Default)]
struct Seen {
    /// Signature -> the timestamp it was signed with.
    by_signature: HashMap<String, i64>,
    /// (expiry, signature), oldest first, to forget what left the window.
    by_expiry: BTreeSet<(i64, String)>,
}

impl ReplayCache {
    pub fn new() -> Self {
        Self::default()
    }

    /// Record `signature` (signed at `timestamp`, valid `skew` seconds either side); `Seen`
    /// when it was recorded before and has not left its window at `now`.
    pub fn first_use(
        &self,
        signature: &str,
        timestamp: i64,
        skew: i64,
        now: i64,
    ) -> Result<(), Replay> {
        let mut seen = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        while let Some((expiry, _)) = seen.by_expiry.first() {
            if *expiry >= now {
                break;
            }
            if let Some((_, sig)) = seen.by_expiry.pop_first() {
                seen.by_signature.remove(&sig);
            }
        }
        if seen.by_signature.contains_key(signature) {
            return Err(Replay::Seen);
        }
        if seen.by_signature.len() >= MAX_SIGNATURES {
            return Err(Replay::Full);
        }
        let expiry = timestamp.saturating_add(skew);
        seen.by_signature.insert(signature.to_string(), timestamp);
        seen.by_expiry.insert((expiry, signature.to_string()));
        Ok(())
    }

    /// Signatures held now.
    pub fn len(&self) -> usize {
        self.inner
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .by_signature
            .len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signature_is_accepted_once_within_its_window() {
        let c = ReplayCache::new();
        assert_eq!(c.first_use("aa", 1000, 300, 1000), Ok(()));
        assert_eq!(c.first_use("aa", 1000, 300, 1200), Err(Replay::Seen));
        assert_eq!(c.first_use("bb", 1000, 300, 1200), Ok(()));
        // Past the window the timestamp check refuses it anyway; the cache forgets it.
        assert_eq!(c.first_use("cc", 1400, 300, 1400), Ok(()));
        assert_eq!(c.len(), 1);
    }
}

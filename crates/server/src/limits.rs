//! Per-key limits: a token-bucket rate limiter and a quota counter, kept in this process's
//! memory (the default) or in Redis, shared by every replica (`--limits redis://...`, see
//! [`redis_store`]).
//!
//! The bucket holds at most one second's worth of requests (`rate_limit` tokens) and refills
//! continuously, so a key may burst up to its rate and sustain exactly its rate. The quota
//! counts calls admitted: in memory since the server started (a restart resets it), in Redis
//! since the counter was created there (restarts and other replicas share it). Both
//! backends take a rate token first and then count the call, so a call refused for its rate
//! does not use quota.

pub mod redis_store;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

/// Why a call was refused by its key's limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LimitRefusal {
    /// More requests per second than the key's `rate_limit`.
    Rate { per_second: u32 },
    /// The key's `quota` is used up.
    Quota { quota: u64 },
    /// The shared limits (Redis) could not be asked in time: the call is refused rather
    /// than let through uncounted; the client may retry.
    Unavailable,
}

/// The limits of one key, where they are kept.
#[derive(Debug)]
pub enum KeyLimits {
    /// In this process.
    Local(LocalLimits),
    /// In Redis, shared by every server pointed at it.
    Shared(redis_store::SharedLimits),
}

impl KeyLimits {
    /// In-memory limits with this many requests per second.
    pub fn new(rate_limit: u32) -> Self {
        KeyLimits::Local(LocalLimits::new(rate_limit))
    }

    /// The limits of the key `id` in a shared store. `expires_at` (Unix seconds) bounds how
    /// long its quota counter is kept there.
    pub fn shared(
        store: Arc<redis_store::RedisLimits>,
        id: &str,
        rate_limit: u32,
        expires_at: Option<i64>,
    ) -> Self {
        KeyLimits::Shared(redis_store::SharedLimits::new(
            store, id, rate_limit, expires_at,
        ))
    }

    /// Admit one call: take a rate token, then count it against the quota.
    pub async fn admit(&self, quota: Option<u64>) -> Result<(), LimitRefusal> {
        match self {
            KeyLimits::Local(l) => l.admit(quota),
            KeyLimits::Shared(s) => s.admit(quota).await,
        }
    }
}

/// Limits kept in this process's memory.
#[derive(Debug)]
pub struct LocalLimits {
    rate: u32,
    bucket: Mutex<Bucket>,
    used: AtomicU64,
}

#[derive(Debug)]
struct Bucket {
    tokens: f64,
    refilled: Instant,
}

impl LocalLimits {
    pub fn new(rate_limit: u32) -> Self {
        let rate = rate_limit.max(1);
        Self {
            rate,
            bucket: Mutex::new(Bucket {
                tokens: rate as f64,
                refilled: Instant::now(),
            }),
            used: AtomicU64::new(0),
        }
    }

    /// Calls counted against the quota so far.
    pub fn used(&self) -> u64 {
        self.used.load(Ordering::Relaxed)
    }

    /// Admit one call: take a rate token, then count it against the quota. A call refused
    /// for its rate does not use quota.
    pub fn admit(&self, quota: Option<u64>) -> Result<(), LimitRefusal> {
        self.admit_at(quota, Instant::now())
    }

    fn admit_at(&self, quota: Option<u64>, now: Instant) -> Result<(), LimitRefusal> {
        {
            let mut b = self.bucket.lock().unwrap_or_else(|p| p.into_inner());
            let elapsed = now.saturating_duration_since(b.refilled).as_secs_f64();
            b.tokens = (b.tokens + elapsed * self.rate as f64).min(self.rate as f64);
            b.refilled = now;
            if b.tokens < 1.0 {
                return Err(LimitRefusal::Rate {
                    per_second: self.rate,
                });
            }
            b.tokens -= 1.0;
        }
        if let Some(q) = quota {
            let counted = self
                .used
                .fetch_update(Ordering::AcqRel, Ordering::Acquire, |u| {
                    (u < q).then_some(u + 1)
                });
            if counted.is_err() {
                return Err(LimitRefusal::Quota { quota: q });
            }
        } else {
            self.used.fetch_add(1, Ordering::Relaxed);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn bursts_to_the_rate_then_refills() {
        let l = LocalLimits::new(3);
        let t0 = Instant::now();
        for _ in 0..3 {
            assert_eq!(l.admit_at(None, t0), Ok(()));
        }
        assert_eq!(
            l.admit_at(None, t0),
            Err(LimitRefusal::Rate { per_second: 3 })
        );
        // A third of a second later one token is back.
        let t1 = t0 + Duration::from_millis(340);
        assert_eq!(l.admit_at(None, t1), Ok(()));
        assert!(l.admit_at(None, t1).is_err());
        assert_eq!(l.used(), 4);
    }

    #[test]
    fn quota_is_a_hard_cap_and_rate_refusals_do_not_use_it() {
        let l = LocalLimits::new(1);
        let t0 = Instant::now();
        assert_eq!(l.admit_at(Some(2), t0), Ok(()));
        assert!(matches!(
            l.admit_at(Some(2), t0),
            Err(LimitRefusal::Rate { .. })
        ));
        assert_eq!(l.admit_at(Some(2), t0 + Duration::from_secs(1)), Ok(()));
        assert_eq!(
            l.admit_at(Some(2), t0 + Duration::from_secs(2)),
            Err(LimitRefusal::Quota { quota: 2 })
        );
        assert_eq!(l.used(), 2);
    }
}

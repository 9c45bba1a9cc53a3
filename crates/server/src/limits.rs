//! Per-key limits: a token-bucket rate limiter and a quota counter.
//!
//! The bucket holds at most one second's worth of requests (`rate_limit` tokens) and refills
//! continuously, so a key may burst up to its rate and sustain exactly its rate. The quota
//! counts calls admitted since the server started (kept in memory; a restart resets it).

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::Instant;

/// Why a call was refused by its key's limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LimitRefusal {
    /// More requests per second than the key's `rate_limit`.
    Rate { per_second: u32 },
    /// The key's `quota` is used up.
    Quota { quota: u64 },
}

#[derive(Debug)]
pub struct KeyLimits {
    rate: u32,
    bucket: Mutex<Bucket>,
    used: AtomicU64,
}

#[derive(Debug)]
struct Bucket {
    tokens: f64,
    refilled: Instant,
}

impl KeyLimits {
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
        let l = KeyLimits::new(3);
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
        let l = KeyLimits::new(1);
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

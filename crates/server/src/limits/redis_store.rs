//! Limits kept in Redis (`--limits redis://HOST:PORT/DB`), so that every replica pointed at
//! the same Redis enforces one rate and one quota per key.
//!
//! One Lua script does the whole admission of a call atomically (Redis runs a script alone):
//! refill the key's bucket and take a token, then count the call against its quota. Two
//! Redis keys per API key, with a hash tag so they share a cluster slot:
//!
//! * `ktpocr:{ID}:rate`: the bucket (`tokens`, `at` in ms), expiring when it would be full
//!   again (a missing bucket reads as full), so an idle key leaves nothing behind;
//! * `ktpocr:{ID}:quota`: the calls counted, expiring at the key's `expires` (kept
//!   otherwise; `DEL` it to reset the count).
//!
//! The clock is Redis's own (`TIME`), so replicas whose clocks differ share one bucket.
//! When Redis cannot be asked within [`ADMIT_TIMEOUT`], the call is refused
//! ([`LimitRefusal::Unavailable`]) rather than let through uncounted.

use super::LimitRefusal;
use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;
use thiserror::Error;
use tokio::sync::OnceCell;

/// Longest a call waits for Redis before it is refused.
pub const ADMIT_TIMEOUT: Duration = Duration::from_secs(1);
/// Prefix of every Redis key this server writes.
pub const KEY_PREFIX: &str = "ktpocr";

/// KEYS[1] the bucket, KEYS[2] the quota counter; ARGV[1] the rate (tokens per second and
/// the bucket's size), ARGV[2] the quota or -1, ARGV[3] the Unix second the counter may go
/// at or 0. Returns {0, used} admitted, {1, 0} over the rate, {2, used} over the quota.
const ADMIT_SCRIPT: &str = r"
if redis.replicate_commands then redis.replicate_commands() end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local rate = tonumber(ARGV[1])
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens, at = tonumber(state[1]), tonumber(state[2])
if tokens == nil or at == nil then
  tokens, at = rate, now
end
tokens = math.min(rate, tokens + math.max(0, now - at) * rate / 1000)
if tokens < 1 then
  return {1, 0}
end
tokens = tokens - 1
redis.call('HSET', KEYS[1], 'tokens', tokens, 'at', now)
redis.call('PEXPIRE', KEYS[1], math.ceil((rate - tokens) * 1000 / rate) + 1)
local quota = tonumber(ARGV[2])
if quota >= 0 then
  local used = tonumber(redis.call('GET', KEYS[2]) or '0')
  if used >= quota then
    return {2, used}
  end
end
local used = redis.call('INCR', KEYS[2])
if tonumber(ARGV[3]) > 0 then
  redis.call('EXPIREAT', KEYS[2], ARGV[3])
end
return {0, used}
";

#[derive(Debug, Error)]
pub enum RedisLimitsError {
    #[error(
        "--limits {0:?} is not a Redis URL: use redis://HOST:PORT/DB (or \
         redis://:PASSWORD@HOST:PORT/DB)"
    )]
    Url(String),
    #[error("cannot reach Redis at {addr} for the shared limits: {reason}")]
    Unreachable { addr: String, reason: String },
}

/// A connection to the Redis that holds the limits, shared by every key.
pub struct RedisLimits {
    client: redis::Client,
    /// Made on first use, inside the server's runtime (the manager runs a task there), and
    /// reconnecting by itself after that.
    connection: OnceCell<ConnectionManager>,
    script: redis::Script,
    /// Whether the last failure was reported, so an outage is logged once, not per call.
    failing: AtomicBool,
}

impl std::fmt::Debug for RedisLimits {
    // The URL may hold a password: show the address only.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RedisLimits")
            .field("addr", &self.addr())
            .finish()
    }
}

impl RedisLimits {
    /// The limits store at `url` (`redis://...`); nothing is connected yet.
    pub fn open(url: &str) -> Result<Self, RedisLimitsError> {
        if !url.starts_with("redis://") {
            return Err(RedisLimitsError::Url(redact(url)));
        }
        let client = redis::Client::open(url).map_err(|_| RedisLimitsError::Url(redact(url)))?;
        Ok(Self {
            client,
            connection: OnceCell::new(),
            script: redis::Script::new(ADMIT_SCRIPT),
            failing: AtomicBool::new(false),
        })
    }

    /// `HOST:PORT` (never the password).
    pub fn addr(&self) -> String {
        self.client.get_connection_info().addr().to_string()
    }

    /// Whether Redis answers a `PING` within `timeout` (blocking; for the start, so that a
    /// wrong URL stops the server instead of refusing every call).
    pub fn check(&self, timeout: Duration) -> Result<(), RedisLimitsError> {
        let unreachable = |e: redis::RedisError| RedisLimitsError::Unreachable {
            addr: self.addr(),
            reason: e.to_string(),
        };
        let mut con = self
            .client
            .get_connection_with_timeout(timeout)
            .map_err(unreachable)?;
        con.set_read_timeout(Some(timeout)).map_err(unreachable)?;
        redis::cmd("PING")
            .query::<String>(&mut con)
            .map_err(unreachable)?;
        Ok(())
    }

    async fn connection(&self) -> redis::RedisResult<ConnectionManager> {
        let config = ConnectionManagerConfig::new()
            .set_connection_timeout(Some(ADMIT_TIMEOUT))
            .set_response_timeout(Some(ADMIT_TIMEOUT))
            .set_number_of_retries(1);
        let manager = self
            .connection
            .get_or_try_init(|| ConnectionManager::new_with_config(self.client.clone(), config))
            .await?;
        Ok(manager.clone())
    }

    async fn run_script(
        &self,
        limits: &SharedLimits,
        quota: Option<u64>,
    ) -> redis::RedisResult<Vec<i64>> {
        let mut con = self.connection().await?;
        let quota_arg = quota.map_or(-1, |q| i64::try_from(q).unwrap_or(i64::MAX));
        self.script
            .key(&limits.bucket_key)
            .key(&limits.quota_key)
            .arg(limits.rate)
            .arg(quota_arg)
            .arg(limits.expires_at.unwrap_or(0).max(0))
            .invoke_async(&mut con)
            .await
    }

    async fn admit(&self, limits: &SharedLimits, quota: Option<u64>) -> Result<(), LimitRefusal> {
        let answer = tokio::time::timeout(ADMIT_TIMEOUT, self.run_script(limits, quota)).await;
        let reply = match answer {
            Ok(Ok(reply)) => reply,
            Ok(Err(e)) => return Err(self.failed(&e.to_string())),
            Err(_) => return Err(self.failed("no answer in time")),
        };
        if self.failing.swap(false, Ordering::Relaxed) {
            eprintln!("limits: Redis at {} answers again", self.addr());
        }
        match reply.first() {
            Some(0) => Ok(()),
            Some(1) => Err(LimitRefusal::Rate {
                per_second: limits.rate,
            }),
            Some(2) => Err(LimitRefusal::Quota {
                quota: quota.unwrap_or(0),
            }),
            _ => Err(self.failed("unexpected answer from the admission script")),
        }
    }

    fn failed(&self, reason: &str) -> LimitRefusal {
        if !self.failing.swap(true, Ordering::Relaxed) {
            eprintln!(
                "limits: Redis at {} cannot be asked ({reason}); calls are refused until it answers",
                self.addr()
            );
        }
        LimitRefusal::Unavailable
    }
}

/// `redis://user:password@host` with the password hidden, for a message.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            format!("{}://<credentials>@{}", &url[..scheme], &url[at + 1..])
        }
        _ => url.to_string(),
    }
}

/// One key's limits in a [`RedisLimits`] store.
#[derive(Debug)]
pub struct SharedLimits {
    store: Arc<RedisLimits>,
    bucket_key: String,
    quota_key: String,
    rate: u32,
    expires_at: Option<i64>,
}

impl SharedLimits {
    pub fn new(
        store: Arc<RedisLimits>,
        id: &str,
        rate_limit: u32,
        expires_at: Option<i64>,
    ) -> Self {
        Self {
            store,
            bucket_key: format!("{KEY_PREFIX}:{{{id}}}:rate"),
            quota_key: format!("{KEY_PREFIX}:{{{id}}}:quota"),
            rate: rate_limit.max(1),
            expires_at,
        }
    }

    pub async fn admit(&self, quota: Option<u64>) -> Result<(), LimitRefusal> {
        self.store.admit(self, quota).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_checked_and_passwords_never_shown() {
        assert!(RedisLimits::open("redis://127.0.0.1:6379/0").is_ok());
        for bad in ["127.0.0.1:6379", "http://127.0.0.1", "rediss://h", "memory"] {
            assert!(
                matches!(RedisLimits::open(bad), Err(RedisLimitsError::Url(_))),
                "{bad}"
            );
        }
        let e = RedisLimits::open("rediss://:hunter2secret@h:6379").unwrap_err();
        assert!(!e.to_string().contains("hunter2secret"), "{e}");
        let store = RedisLimits::open("redis://:hunter2secret@127.0.0.1:6390/1").unwrap();
        assert!(!format!("{store:?}").contains("hunter2secret"));
        assert_eq!(store.addr(), "127.0.0.1:6390");
    }

    #[test]
    fn key_names_share_a_hash_tag() {
        let store = Arc::new(RedisLimits::open("redis://127.0.0.1:6390").unwrap());
        let l = SharedLimits::new(store, "office-1", 5, None);
        assert_eq!(l.bucket_key, "ktpocr:{office-1}:rate");
        assert_eq!(l.quota_key, "ktpocr:{office-1}:quota");
    }

    #[test]
    fn an_unreachable_redis_is_a_clear_error_and_refuses_calls() {
        // Port 9 (discard) on loopback: nothing listens there.
        let store = Arc::new(RedisLimits::open("redis://127.0.0.1:9/0").unwrap());
        let e = store.check(Duration::from_millis(500)).unwrap_err();
        assert!(e.to_string().contains("127.0.0.1:9"), "{e}");
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let limits = SharedLimits::new(store, "k", 5, None);
        assert_eq!(
            rt.block_on(limits.admit(Some(5))),
            Err(LimitRefusal::Unavailable)
        );
    }
}

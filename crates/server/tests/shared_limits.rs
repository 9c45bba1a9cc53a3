//! Replicas sharing one Redis (`--limits redis://...`) enforce one quota and one rate per
//! key: two servers, each with its own key store, against a real `redis-server` started
//! here on a free loopback port (scripts/install-redis.sh installs Debian's package in CI).
//! The reader is a stand-in: what is tested is which calls are let through.

use ktp_ocr::{Error, KtpReading, ReadOptions};
use ktp_ocr_server::keys::KeyStore;
use ktp_ocr_server::limits::redis_store::RedisLimits;
use ktp_ocr_server::{self as server, CardReader, RunningServer, ServerConfig};
use serde_json::Value;
use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

const KEYS: &str = r#"
[[key]]
id = "five-calls"
secret = "five-calls-secret-0123"
quota = 5
rate_limit = 1000
expires = 2099-01-01

[[key]]
id = "one-per-second"
secret = "one-per-second-secret-0"
rate_limit = 1
"#;

struct NoCard;

impl CardReader for NoCard {
    fn read_card(&self, _: &[u8], _: &ReadOptions) -> ktp_ocr::Result<KtpReading> {
        Err(Error::DetectionFailed(
            "no identity card found (stand-in reader)".into(),
        ))
    }
    fn check(&self, _: &[u8]) -> ktp_ocr::Result<()> {
        Ok(())
    }
}

/// A `redis-server` of this test's own, stopped when dropped.
struct Redis {
    child: Child,
    port: u16,
}

impl Drop for Redis {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Redis {
    fn url(&self) -> String {
        format!("redis://127.0.0.1:{}/0", self.port)
    }
}

/// Start `redis-server`, or `None` (with the reason printed) where it cannot be had and
/// this is not CI; in CI a missing server fails the test unless the install script said
/// the registry could not be reached (KTPOCR_REDIS_SKIP).
fn redis() -> Option<Redis> {
    let program = std::env::var("KTPOCR_REDIS_SERVER").unwrap_or_else(|_| "redis-server".into());
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let spawned = Command::new(&program)
        .args([
            "--port",
            &port.to_string(),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn();
    let child = match spawned {
        Ok(c) => c,
        Err(e) => {
            if let Ok(reason) = std::env::var("KTPOCR_REDIS_SKIP") {
                eprintln!("skipped: {reason}");
                return None;
            }
            assert!(
                std::env::var_os("CI").is_none(),
                "{program} cannot be started ({e}): scripts/install-redis.sh installs it"
            );
            eprintln!("skipped: {program} cannot be started ({e}); apt-get install redis-server");
            return None;
        }
    };
    let r = Redis { child, port };
    let store = RedisLimits::open(&r.url()).unwrap();
    let start = Instant::now();
    while store.check(Duration::from_millis(200)).is_err() {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "redis-server did not answer"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    Some(r)
}

fn replica(redis: &Redis) -> RunningServer {
    let mut keys = KeyStore::from_toml(KEYS).unwrap();
    keys.share_limits(Arc::new(RedisLimits::open(&redis.url()).unwrap()));
    let mut c = ServerConfig::new(Some(keys));
    c.workers = 1;
    c.queue = 4;
    c.access_log = false;
    server::start("127.0.0.1:0".parse().unwrap(), c, Arc::new(NoCard)).expect("start server")
}

/// An accuauth call (a tiny image: the call counts whatever the outcome): HTTP status and
/// `status`.
fn call(s: &RunningServer, id: &str, secret: &str) -> (u16, String) {
    let form = reqwest::blocking::multipart::Form::new().part(
        "file",
        reqwest::blocking::multipart::Part::bytes(b"\xff\xd8\xff\xe0 not a card".to_vec())
            .file_name("card.jpg"),
    );
    let r = reqwest::blocking::Client::new()
        .post(format!("http://{}/ocr/idcard", s.addr()))
        .header("X-DF-API-ID", id)
        .header("X-DF-API-SECRET", secret)
        .multipart(form)
        .send()
        .unwrap();
    let status = r.status().as_u16();
    let v: Value = r.json().unwrap();
    (status, v["status"].as_str().unwrap_or_default().to_string())
}

fn sync_connection(redis: &Redis) -> redis::Connection {
    redis::Client::open(redis.url())
        .unwrap()
        .get_connection()
        .unwrap()
}

#[test]
fn two_replicas_enforce_one_quota_and_one_rate() {
    let Some(redis) = redis() else { return };
    let (a, b) = (replica(&redis), replica(&redis));
    let five = |s: &RunningServer| call(s, "five-calls", "five-calls-secret-0123");
    // Five calls, alternating between the replicas, are let through (the stand-in reader
    // finds no card); the sixth is refused by either.
    for i in 0..5 {
        let s = if i % 2 == 0 { &a } else { &b };
        assert_eq!(five(s), (400, "DETECTION_FAILED".into()), "call {}", i + 1);
    }
    assert_eq!(five(&a), (403, "OUT_OF_QUOTA".into()));
    assert_eq!(five(&b), (403, "OUT_OF_QUOTA".into()));
    // A replica started later (or restarted) sees the same count.
    let c = replica(&redis);
    assert_eq!(five(&c), (403, "OUT_OF_QUOTA".into()));

    // One token a second between both replicas.
    let slow = |s: &RunningServer| call(s, "one-per-second", "one-per-second-secret-0");
    assert_eq!(slow(&a).1, "DETECTION_FAILED");
    assert_eq!(slow(&b), (403, "RATE_LIMIT_EXCEEDED".into()));
    std::thread::sleep(Duration::from_millis(1100));
    assert_eq!(slow(&b).1, "DETECTION_FAILED");

    // The counters expire: the bucket once it would be full again, the quota with its key.
    let mut con = sync_connection(&redis);
    let bucket_ttl: i64 = redis::cmd("PTTL")
        .arg("ktpocr:{one-per-second}:rate")
        .query(&mut con)
        .unwrap();
    assert!((1..=1001).contains(&bucket_ttl), "{bucket_ttl}");
    let quota_ttl: i64 = redis::cmd("TTL")
        .arg("ktpocr:{five-calls}:quota")
        .query(&mut con)
        .unwrap();
    let until_expiry = 4_070_908_800 - ktp_ocr_server::clock::now_unix(); // 2099-01-01T00:00Z
    assert!(
        (quota_ttl - until_expiry).abs() <= 5,
        "{quota_ttl} vs {until_expiry}"
    );
    let used: i64 = redis::cmd("GET")
        .arg("ktpocr:{five-calls}:quota")
        .query(&mut con)
        .unwrap();
    assert_eq!(used, 5, "refused calls are not counted");
}

#[test]
fn calls_are_refused_while_redis_cannot_be_asked() {
    let Some(redis) = redis() else { return };
    let a = replica(&redis);
    assert_eq!(
        call(&a, "five-calls", "five-calls-secret-0123").1,
        "DETECTION_FAILED"
    );
    drop(redis);
    // Fail closed: not let through uncounted; a busy answer the client may retry.
    let (http, status) = call(&a, "five-calls", "five-calls-secret-0123");
    assert_eq!((http, status.as_str()), (503, "RATE_LIMIT_EXCEEDED"));
}

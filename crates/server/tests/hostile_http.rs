//! What a hostile client can do over HTTP, and what it gets: slow and idle connections
//! closed, unauthenticated bodies kept off the workers, `/health` answered when every
//! connection is taken, malformed heads refused with the server going on, replayed
//! signatures refused. The reader is canned (it finds no card in anything), so a request
//! answered `FailedOperation.OcrFailed` / `DETECTION_FAILED` is one that went all the way
//! through authentication and admission to a worker.

use hmac::{Hmac, Mac};
use ktp_ocr::{Error, KtpReading, ReadOptions};
use ktp_ocr_server::{
    self as server, keys::KeyStore, listen, CardReader, RunningServer, ServerConfig,
};
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::Arc;
use std::time::{Duration, Instant};

const KEYS: &str = r#"
[[key]]
id = "good"
secret = "good-secret-0123456789"
rate_limit = 1000
"#;
const SECRET: &str = "good-secret-0123456789";

struct NoCard;

impl CardReader for NoCard {
    fn read_card(&self, _: &[u8], _: &ReadOptions) -> ktp_ocr::Result<KtpReading> {
        Err(Error::DetectionFailed("canned reader: no card here".into()))
    }

    fn check(&self, _: &[u8]) -> ktp_ocr::Result<()> {
        Ok(())
    }
}

fn config() -> ServerConfig {
    let mut c = ServerConfig::new(Some(KeyStore::from_toml(KEYS).unwrap()));
    c.workers = 1;
    c.queue = 0;
    c.access_log = false;
    c.body_timeout = Duration::from_secs(2);
    c.connections.header_timeout = Duration::from_secs(1);
    c
}

fn start(config: ServerConfig) -> RunningServer {
    server::start("127.0.0.1:0".parse().unwrap(), config, Arc::new(NoCard)).unwrap()
}

fn connect(addr: SocketAddr) -> TcpStream {
    let s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    s
}

/// Status and body of one response (bodies with a Content-Length only).
fn read_response(reader: &mut impl BufRead) -> Option<(u16, Vec<u8>)> {
    let mut line = String::new();
    if reader.read_line(&mut line).ok()? == 0 {
        return None;
    }
    let status = line.split_whitespace().nth(1)?.parse().ok()?;
    let mut len = 0;
    loop {
        let mut h = String::new();
        reader.read_line(&mut h).ok()?;
        let h = h.trim_end().to_ascii_lowercase();
        if h.is_empty() {
            break;
        }
        if let Some(v) = h.strip_prefix("content-length:") {
            len = v.trim().parse().ok()?;
        }
    }
    let mut body = vec![0; len];
    reader.read_exact(&mut body).ok()?;
    Some((status, body))
}

fn json(body: &[u8]) -> Value {
    serde_json::from_slice(body)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(body)))
}

/// Whether the server closed `stream` (EOF or reset) within `within`.
fn closed_within(stream: &mut TcpStream, within: Duration) -> bool {
    stream.set_read_timeout(Some(within)).unwrap();
    let mut buf = [0u8; 512];
    loop {
        match stream.read(&mut buf) {
            Ok(0) => return true,
            Ok(_) => continue,
            Err(e)
                if e.kind() == std::io::ErrorKind::WouldBlock
                    || e.kind() == std::io::ErrorKind::TimedOut =>
            {
                return false
            }
            Err(_) => return true,
        }
    }
}

fn hmac256(key: &[u8], msg: &str) -> Vec<u8> {
    let mut m = Hmac::<Sha256>::new_from_slice(key).unwrap();
    m.update(msg.as_bytes());
    m.finalize().into_bytes().to_vec()
}

/// The head of a TC3-signed Tencent request for `payload` (signed with `secret`).
fn tencent_head(addr: SocketAddr, payload: &[u8], secret: &str, timestamp: i64) -> String {
    let host = addr.to_string();
    let date = server::clock::utc_date(timestamp);
    let canonical = format!(
        "POST\n/\n\ncontent-type:application/json\nhost:{host}\n\ncontent-type;host\n{}",
        hex::encode(Sha256::digest(payload))
    );
    let scope = format!("{date}/ocr/tc3_request");
    let to_sign = format!(
        "TC3-HMAC-SHA256\n{timestamp}\n{scope}\n{}",
        hex::encode(Sha256::digest(canonical.as_bytes()))
    );
    let k = hmac256(format!("TC3{secret}").as_bytes(), &date);
    let k = hmac256(&k, "ocr");
    let k = hmac256(&k, "tc3_request");
    let sig = hex::encode(hmac256(&k, &to_sign));
    format!(
        "POST / HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n\
         X-TC-Action: RecognizeIndonesiaIDCardOCR\r\nX-TC-Version: 2018-11-19\r\n\
         X-TC-Timestamp: {timestamp}\r\nContent-Length: {}\r\n\
         Authorization: TC3-HMAC-SHA256 Credential=good/{scope}, \
         SignedHeaders=content-type;host, Signature={sig}\r\n\r\n",
        payload.len()
    )
}

const PAYLOAD: &[u8] = br#"{"ImageBase64":"/9j/4AAQSkZJRgABAQ"}"#;

fn tencent_code(body: &[u8]) -> String {
    json(body)["Response"]["Error"]["Code"]
        .as_str()
        .unwrap_or("")
        .to_string()
}

/// A complete, validly signed Tencent request on a new connection: its error code.
fn signed_request(addr: SocketAddr) -> String {
    let mut s = connect(addr);
    let now = server::clock::now_unix();
    s.write_all(tencent_head(addr, PAYLOAD, SECRET, now).as_bytes())
        .unwrap();
    s.write_all(PAYLOAD).unwrap();
    let (status, body) = read_response(&mut BufReader::new(s)).expect("an answer");
    assert_eq!(status, 200);
    tencent_code(&body)
}

#[test]
fn slow_heads_and_idle_connections_are_closed() {
    let s = start(config());
    // Slowloris: a head a byte at a time never completes; the connection is closed once
    // the header-read time limit (1 s here) is over.
    let mut slow = connect(s.addr());
    let started = Instant::now();
    for b in b"GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: " {
        if slow.write_all(&[*b]).is_err() {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
        if started.elapsed() > Duration::from_secs(3) {
            break;
        }
    }
    assert!(closed_within(&mut slow, Duration::from_secs(3)));
    assert!(started.elapsed() < Duration::from_secs(7));

    // An idle kept-alive connection is closed after the same time.
    let mut idle = connect(s.addr());
    idle.write_all(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
        .unwrap();
    let mut reader = BufReader::new(idle.try_clone().unwrap());
    assert_eq!(read_response(&mut reader).unwrap().0, 200);
    assert!(closed_within(&mut idle, Duration::from_secs(4)));
}

#[test]
fn unauthenticated_bodies_take_no_worker_place() {
    // One admission place in all (1 worker, no queue): before, 40 slow bodies with a real
    // SecretId and a wrong signature took it and every valid request was refused busy.
    let s = start(config());
    let now = server::clock::now_unix();
    let mut slow = Vec::new();
    for _ in 0..40 {
        let mut c = connect(s.addr());
        let head = tencent_head(s.addr(), PAYLOAD, "wrong-secret-0123456789", now);
        c.write_all(head.as_bytes()).unwrap();
        c.write_all(&PAYLOAD[..5]).unwrap();
        slow.push(c);
    }
    std::thread::sleep(Duration::from_millis(200));
    // A valid request goes through to the worker meanwhile.
    assert_eq!(signed_request(s.addr()), "FailedOperation.OcrFailed");
    // The slow ones are answered once the body read time limit (2 s here) is over.
    for c in slow {
        let (status, body) = read_response(&mut BufReader::new(c)).expect("an answer");
        assert_eq!(status, 200);
        let v = json(&body);
        assert_eq!(v["Response"]["Error"]["Code"], "InvalidParameter", "{v}");
        let message = v["Response"]["Error"]["Message"].as_str().unwrap();
        assert!(message.contains("not received within 2 s"), "{message}");
        assert!(v["Response"]["RequestId"].is_string());
    }
}

#[test]
fn a_refused_small_body_is_read_before_the_answer_and_a_large_one_is_not() {
    let s = start(config());
    let head = |len: usize| {
        format!(
            "POST /ocr/idcard HTTP/1.1\r\nHost: x\r\nX-DF-API-ID: good\r\n\
             X-DF-API-SECRET: wrong-secret-0123456789\r\nContent-Type: image/jpeg\r\n\
             Content-Length: {len}\r\n\r\n"
        )
    };
    // A small body sent after the head: the server reads it before it answers, so the
    // answer comes on a connection still open (no reset under a client still sending).
    let mut c = connect(s.addr());
    c.write_all(head(10).as_bytes()).unwrap();
    std::thread::sleep(Duration::from_millis(100));
    c.write_all(b"0123456789").unwrap();
    let mut reader = BufReader::new(c.try_clone().unwrap());
    let (status, body) = read_response(&mut reader).expect("an answer");
    assert_eq!(
        (status, json(&body)["status"].as_str()),
        (401, Some("UNAUTHORIZED"))
    );
    assert!(
        !closed_within(&mut c, Duration::from_millis(300)),
        "kept alive"
    );
    // A large declared body is refused without being read, and the connection closed.
    let mut c = connect(s.addr());
    c.write_all(head(5_000_000).as_bytes()).unwrap();
    let mut reader = BufReader::new(c.try_clone().unwrap());
    let (status, _) = read_response(&mut reader).expect("an answer");
    assert_eq!(status, 401);
    assert!(closed_within(&mut c, Duration::from_secs(2)), "closed");
}

#[test]
fn a_slow_authenticated_body_is_cut_off_too() {
    let s = start(config());
    let mut c = connect(s.addr());
    c.write_all(
        b"POST /ocr/idcard HTTP/1.1\r\nHost: x\r\nX-DF-API-ID: good\r\n\
          X-DF-API-SECRET: good-secret-0123456789\r\nContent-Type: application/json\r\n\
          Content-Length: 1000\r\n\r\n{\"image_base64\": \"",
    )
    .unwrap();
    let started = Instant::now();
    let (status, body) = read_response(&mut BufReader::new(c)).expect("an answer");
    assert_eq!(status, 400);
    let v = json(&body);
    assert_eq!(v["status"], "INVALID_ARGUMENT");
    assert!(
        v["reason"]
            .as_str()
            .unwrap()
            .contains("not received within 2 s"),
        "{v}"
    );
    assert!(started.elapsed() < Duration::from_secs(10));
}

#[test]
fn health_is_answered_when_every_connection_is_taken() {
    let mut c = config();
    c.connections.max = listen::HEALTH_RESERVE + 4;
    c.connections.header_timeout = Duration::from_secs(30);
    let s = start(c);
    // Every place taken by connections that send nothing.
    let idle: Vec<TcpStream> = (0..listen::HEALTH_RESERVE + 4)
        .map(|_| connect(s.addr()))
        .collect();
    std::thread::sleep(Duration::from_millis(300));
    let started = Instant::now();
    let mut h = connect(s.addr());
    h.write_all(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
        .unwrap();
    let (status, body) = read_response(&mut BufReader::new(h)).expect("health answered");
    assert_eq!(status, 200);
    assert_eq!(json(&body)["status"], "ok");
    // Reserve places churn within their 2 s header limit.
    assert!(started.elapsed() < Duration::from_secs(8));
    // On a reserve place anything but the health check is busy, in the API's shape.
    let mut r = connect(s.addr());
    r.write_all(b"GET /ocr/idcard HTTP/1.1\r\nHost: x\r\n\r\n")
        .unwrap();
    let (status, body) = read_response(&mut BufReader::new(r)).expect("an answer");
    assert_eq!(status, 503);
    let v = json(&body);
    assert_eq!(v["status"], "RATE_LIMIT_EXCEEDED");
    assert!(v["reason"]
        .as_str()
        .unwrap()
        .contains("too many connections"));
    assert!(v["request_id"].as_str().unwrap().starts_with("TID"));
    drop(idle);
}

#[test]
fn malformed_heads_are_refused_and_the_server_goes_on() {
    let s = start(config());
    let big = format!(
        "GET /health HTTP/1.1\r\nHost: x\r\nX-Big: {}\r\n\r\n",
        "a".repeat(100_000)
    );
    let cases: [(&[u8], u16); 5] = [
        (b"GET /health HTTP/1.1\r\nHost: x\rX-Bare-CR: 1\r\n\r\n", 400),
        (b"GET /health HTTP/1.1\r\nHost: x\r\nX-Nul: a\0b\r\n\r\n", 400),
        (b"POST /ocr/idcard HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n", 400),
        (
            b"POST /ocr/idcard HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello",
            400,
        ),
        (big.as_bytes(), 431),
    ];
    for (head, want) in cases {
        let mut c = connect(s.addr());
        // The server may answer and close before all of a large head is sent.
        let _ = c.write_all(head);
        let got = read_response(&mut BufReader::new(c)).map(|r| r.0);
        assert_eq!(
            got,
            Some(want),
            "{:?}",
            String::from_utf8_lossy(&head[..40])
        );
    }
    assert_eq!(signed_request(s.addr()), "FailedOperation.OcrFailed");
}

#[test]
fn a_replayed_signature_is_refused_with_the_replay_cache() {
    let mut c = config();
    c.replay_cache = true;
    let s = start(c);
    let now = server::clock::now_unix();
    let send = || {
        let mut c = connect(s.addr());
        c.write_all(tencent_head(s.addr(), PAYLOAD, SECRET, now).as_bytes())
            .unwrap();
        c.write_all(PAYLOAD).unwrap();
        let (_, body) = read_response(&mut BufReader::new(c)).unwrap();
        json(&body)
    };
    assert_eq!(
        send()["Response"]["Error"]["Code"],
        "FailedOperation.OcrFailed"
    );
    let again = send();
    assert_eq!(
        again["Response"]["Error"]["Code"],
        "AuthFailure.SignatureFailure"
    );
    assert!(again["Response"]["Error"]["Message"]
        .as_str()
        .unwrap()
        .contains("already received"));
    // Without the cache the same request is read again (TC3 has no nonce).
    let s = start(config());
    for _ in 0..2 {
        let mut c = connect(s.addr());
        c.write_all(tencent_head(s.addr(), PAYLOAD, SECRET, now).as_bytes())
            .unwrap();
        c.write_all(PAYLOAD).unwrap();
        let (_, body) = read_response(&mut BufReader::new(c)).unwrap();
        assert_eq!(tencent_code(&body), "FailedOperation.OcrFailed");
    }
}

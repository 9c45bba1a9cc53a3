//! Bounded load run of `ktpocr serve` over loopback: starts the server as a child process
//! on 127.0.0.1 (never anything else), sends a fixed mix of valid and invalid requests for
//! both APIs from N threads, checks every answer, and prints throughput, latency
//! percentiles and the server's peak memory (VmHWM).
//!
//! ```text
//! cargo build --release && cargo run --release --example load -- --requests 2000 --concurrency 16
//! ```
//!
//! Exits non-zero when any request got a wrong answer or none, or the server did not stop
//! cleanly on SIGTERM.

#[path = "../tests/support/card.rs"]
mod card;

use base64::Engine as _;
use clap::Parser;
use ktp_ocr_server::tc3;
use serde_json::{json, Value};
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

#[derive(Parser, Debug)]
struct Args {
    /// Requests to send (at most 100000).
    #[arg(long, default_value_t = 2000)]
    requests: usize,
    /// Requests in flight at once (at most 256).
    #[arg(long, default_value_t = 16)]
    concurrency: usize,
    /// Stop sending after this many seconds (the run is reported as incomplete).
    #[arg(long, default_value_t = 1200)]
    max_seconds: u64,
    /// The ktpocr binary (default: next to this example's folder, i.e. target/<profile>/ktpocr).
    #[arg(long)]
    server: Option<PathBuf>,
    /// Passed to `ktpocr serve --workers`.
    #[arg(long)]
    workers: Option<usize>,
    /// Passed to `ktpocr serve --batch` (cards sharing a model call).
    #[arg(long)]
    batch: Option<usize>,
    /// Passed to `ktpocr serve --gpu` (a binary built with `--features cuda`).
    #[arg(long)]
    gpu: Option<i32>,
}

const KEYS: &str = r#"
[[key]]
id = "load"
secret = "load-secret-0123456789"
rate_limit = 100000

[[key]]
id = "expired"
secret = "expired-secret-0123456789"
expires = 2020-01-01

[[key]]
id = "idcard-only"
secret = "idcard-secret-0123456789"
apis = ["idcard"]
rate_limit = 100000
"#;

/// One kind of request in the mix, with the answer it must get.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Kind {
    IdcardFile,
    IdcardBase64,
    TencentCard,
    IdcardNoSecret,
    IdcardWrongSecret,
    IdcardExpired,
    IdcardNoImage,
    IdcardBadBase64,
    IdcardNotImage,
    IdcardBlank,
    NotFound,
    TencentBadSignature,
    TencentExpiredSignature,
    TencentNoPermission,
    TencentImageUrl,
    TencentInvalidAction,
    Health,
}

/// The mix, cycled: each of the 13 kinds that read no card twice, each of the 4 that do
/// once (3 valid cards and a blank page): 4 reads in 30 requests.
const MIX: [Kind; 30] = [
    Kind::IdcardFile,
    Kind::IdcardNoSecret,
    Kind::IdcardWrongSecret,
    Kind::TencentBadSignature,
    Kind::IdcardExpired,
    Kind::IdcardNoImage,
    Kind::IdcardBadBase64,
    Kind::TencentCard,
    Kind::NotFound,
    Kind::TencentExpiredSignature,
    Kind::IdcardNotImage,
    Kind::TencentNoPermission,
    Kind::TencentImageUrl,
    Kind::TencentInvalidAction,
    Kind::Health,
    Kind::IdcardBase64,
    Kind::IdcardNoSecret,
    Kind::IdcardWrongSecret,
    Kind::TencentBadSignature,
    Kind::IdcardExpired,
    Kind::IdcardNoImage,
    Kind::IdcardBadBase64,
    Kind::IdcardBlank,
    Kind::NotFound,
    Kind::TencentExpiredSignature,
    Kind::IdcardNotImage,
    Kind::TencentNoPermission,
    Kind::TencentImageUrl,
    Kind::TencentInvalidAction,
    Kind::Health,
];

impl Kind {
    fn reads_a_card(self) -> bool {
        matches!(
            self,
            Kind::IdcardFile | Kind::IdcardBase64 | Kind::TencentCard | Kind::IdcardBlank
        )
    }
}

struct Fixtures {
    base: String,
    host: String,
    card: Vec<u8>,
    card_b64: String,
    nik: String,
    blank: Vec<u8>,
    client: reqwest::blocking::Client,
}

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

type Sent = Result<(u16, Value), String>;

fn send(req: reqwest::blocking::RequestBuilder) -> Sent {
    let r = req.send().map_err(|e| format!("transport: {e}"))?;
    let status = r.status().as_u16();
    let text = r.text().map_err(|e| format!("transport: {e}"))?;
    let v = serde_json::from_str(&text).map_err(|e| format!("not JSON ({e}): {text:.200}"))?;
    Ok((status, v))
}

fn idcard(f: &Fixtures, id: &str, secret: Option<&str>) -> reqwest::blocking::RequestBuilder {
    let mut r = f
        .client
        .post(format!("{}/ocr/idcard", f.base))
        .header("X-DF-API-ID", id);
    if let Some(s) = secret {
        r = r.header("X-DF-API-SECRET", s);
    }
    r
}

fn tencent(
    f: &Fixtures,
    id: &str,
    key: &str,
    action: &str,
    timestamp: i64,
    body: &Value,
) -> reqwest::blocking::RequestBuilder {
    let payload = serde_json::to_vec(body).expect("JSON");
    let auth = tc3::authorization_for_json_post(
        id,
        key,
        "ocr",
        timestamp,
        &f.host,
        "application/json",
        &payload,
    );
    f.client
        .post(format!("{}/", f.base))
        .header("Content-Type", "application/json")
        .header("X-TC-Action", action)
        .header("X-TC-Version", "2018-11-19")
        .header("X-TC-Timestamp", timestamp.to_string())
        .header("Authorization", auth)
        .body(payload)
}

/// Send one request of `kind`; `Ok` when it got exactly the answer it must.
fn run_one(f: &Fixtures, kind: Kind) -> Result<(), String> {
    let good = Some("load-secret-0123456789");
    let (want_http, want): (u16, &str) = match kind {
        Kind::IdcardFile | Kind::IdcardBase64 | Kind::Health => (200, "OK"),
        Kind::IdcardNoSecret | Kind::IdcardWrongSecret => (401, "UNAUTHORIZED"),
        Kind::IdcardExpired => (401, "KEY_EXPIRED"),
        Kind::IdcardNoImage | Kind::IdcardBadBase64 | Kind::IdcardNotImage => {
            (400, "INVALID_ARGUMENT")
        }
        Kind::IdcardBlank => (400, "DETECTION_FAILED"),
        Kind::NotFound => (404, "NOT_FOUND"),
        Kind::TencentCard => (200, "OK"),
        Kind::TencentBadSignature => (200, "AuthFailure.SignatureFailure"),
        Kind::TencentExpiredSignature => (200, "AuthFailure.SignatureExpire"),
        Kind::TencentNoPermission => (200, "AuthFailure.UnauthorizedOperation"),
        Kind::TencentImageUrl => (200, "UnsupportedOperation"),
        Kind::TencentInvalidAction => (200, "InvalidAction"),
    };
    let card_body = json!({ "ImageBase64": f.card_b64, "Scene": "V2" });
    let act = "RecognizeIndonesiaIDCardOCR";
    let sent = match kind {
        Kind::IdcardFile => {
            let part = reqwest::blocking::multipart::Part::bytes(f.card.clone())
                .file_name("card.jpg")
                .mime_str("image/jpeg")
                .expect("mime");
            send(
                idcard(f, "load", good)
                    .multipart(reqwest::blocking::multipart::Form::new().part("file", part)),
            )
        }
        Kind::IdcardBase64 => {
            send(idcard(f, "load", good).json(&json!({ "image_base64": f.card_b64 })))
        }
        Kind::IdcardNoSecret => send(idcard(f, "load", None).json(&json!({}))),
        Kind::IdcardWrongSecret => send(
            idcard(f, "load", Some("not-the-secret-0123456789"))
                .json(&json!({ "image_base64": f.card_b64 })),
        ),
        Kind::IdcardExpired => {
            send(idcard(f, "expired", Some("expired-secret-0123456789")).json(&json!({})))
        }
        Kind::IdcardNoImage => send(idcard(f, "load", good).json(&json!({}))),
        Kind::IdcardBadBase64 => {
            send(idcard(f, "load", good).json(&json!({ "image_base64": "%%% not base64 %%%" })))
        }
        Kind::IdcardNotImage => {
            send(idcard(f, "load", good).json(&json!({ "image_base64": b64(b"just some text") })))
        }
        Kind::IdcardBlank => {
            send(idcard(f, "load", good).json(&json!({ "image_base64": b64(&f.blank) })))
        }
        Kind::NotFound => send(f.client.post(format!("{}/ocr/passport", f.base))),
        Kind::Health => send(f.client.get(format!("{}/health", f.base))),
        Kind::TencentCard => send(tencent(
            f,
            "load",
            "load-secret-0123456789",
            act,
            now(),
            &card_body,
        )),
        Kind::TencentBadSignature => send(tencent(
            f,
            "load",
            "not-the-secret-0123456789",
            act,
            now(),
            &card_body,
        )),
        Kind::TencentExpiredSignature => send(tencent(
            f,
            "load",
            "load-secret-0123456789",
            act,
            now() - 3600,
            &card_body,
        )),
        Kind::TencentNoPermission => send(tencent(
            f,
            "idcard-only",
            "idcard-secret-0123456789",
            act,
            now(),
            &card_body,
        )),
        Kind::TencentImageUrl => send(tencent(
            f,
            "load",
            "load-secret-0123456789",
            act,
            now(),
            &json!({ "ImageUrl": "https://example.invalid/card.jpg" }),
        )),
        Kind::TencentInvalidAction => send(tencent(
            f,
            "load",
            "load-secret-0123456789",
            "GeneralBasicOCR",
            now(),
            &card_body,
        )),
    };
    let (http, v) = sent?;
    let got = if kind == Kind::Health {
        v["status"]
            .as_str()
            .map(|s| if s == "ok" { "OK" } else { s })
    } else if v.get("Response").is_some() {
        Some(v["Response"]["Error"]["Code"].as_str().unwrap_or(
            if v["Response"]["NIK"].is_string() {
                "OK"
            } else {
                "?"
            },
        ))
    } else {
        v["status"].as_str()
    };
    if http != want_http || got != Some(want) {
        return Err(format!(
            "{kind:?}: want {want_http} {want}, got {http} {v:.300}"
        ));
    }
    let nik = match kind {
        Kind::IdcardFile | Kind::IdcardBase64 => v["results"][0]["id_number"].as_str(),
        Kind::TencentCard => v["Response"]["NIK"].as_str(),
        _ => return Ok(()),
    };
    if nik != Some(f.nik.as_str()) {
        return Err(format!("{kind:?}: NIK {nik:?}, want {}", f.nik));
    }
    Ok(())
}

struct Outcome {
    kind: Kind,
    latency: Duration,
    result: Result<(), String>,
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let i = ((p / 100.0) * (sorted.len() - 1) as f64).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

fn vm_hwm_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn start_server(args: &Args, dir: &std::path::Path) -> (Child, String, Arc<AtomicUsize>) {
    let exe = args.server.clone().unwrap_or_else(|| {
        let me = std::env::current_exe().expect("current exe");
        me.parent()
            .and_then(|examples| examples.parent())
            .map(|profile| profile.join("ktpocr"))
            .expect("target folder")
    });
    let keys = dir.join("keys.toml");
    std::fs::write(&keys, KEYS).expect("write keys");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(&keys, std::fs::Permissions::from_mode(0o600));
    }
    let mut cmd = Command::new(&exe);
    cmd.args(["serve", "--addr", "127.0.0.1:0", "--keys"])
        .arg(&keys)
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    if let Some(w) = args.workers {
        cmd.args(["--workers", &w.to_string()]);
    }
    if let Some(b) = args.batch {
        cmd.args(["--batch", &b.to_string()]);
    }
    if let Some(g) = args.gpu {
        cmd.args(["--gpu", &g.to_string()]);
    }
    let mut child = cmd
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", exe.display()));
    let stderr = child.stderr.take().expect("stderr");
    let (tx, rx) = std::sync::mpsc::channel();
    let log_lines = Arc::new(AtomicUsize::new(0));
    let counted = log_lines.clone();
    let log_path = dir.join("server.log");
    std::thread::spawn(move || {
        let mut log = std::fs::File::create(log_path).ok();
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if let Some(addr) = line
                .split("listening on http://")
                .nth(1)
                .and_then(|r| r.split_whitespace().next())
            {
                let _ = tx.send(addr.to_string());
            }
            if line.contains(" request_id=") {
                counted.fetch_add(1, Ordering::Relaxed);
            }
            if let Some(f) = log.as_mut() {
                use std::io::Write;
                let _ = writeln!(f, "{line}");
            }
        }
    });
    let addr = rx
        .recv_timeout(Duration::from_secs(120))
        .expect("the server did not start listening");
    assert!(
        addr.starts_with("127.0.0.1:"),
        "the server must listen on loopback"
    );
    (child, addr, log_lines)
}

fn main() {
    let args = Args::parse();
    let requests = args.requests.min(100_000);
    let concurrency = args.concurrency.clamp(1, 256);
    let dir = std::env::temp_dir().join(format!("ktpocr-load-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let (mut child, addr, log_lines) = start_server(&args, &dir);
    let pid = child.id();

    let card = card::card();
    let fixtures = Arc::new(Fixtures {
        base: format!("http://{addr}"),
        host: addr.clone(),
        card_b64: b64(&card.bytes),
        card: card.bytes,
        nik: card.fields.nik,
        blank: card::blank_png(),
        client: reqwest::blocking::Client::builder()
            .timeout(Duration::from_secs(120))
            .build()
            .expect("client"),
    });
    let health = fixtures
        .client
        .get(format!("{}/health", fixtures.base))
        .send()
        .and_then(|r| r.text())
        .expect("health");
    eprintln!("load: server {addr} (pid {pid}) up: {health}");

    let next = Arc::new(AtomicUsize::new(0));
    let outcomes = Arc::new(Mutex::new(Vec::with_capacity(requests)));
    let deadline = Instant::now() + Duration::from_secs(args.max_seconds);
    let t0 = Instant::now();
    let threads: Vec<_> = (0..concurrency)
        .map(|_| {
            let (f, next, outcomes) = (fixtures.clone(), next.clone(), outcomes.clone());
            std::thread::spawn(move || loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= requests || Instant::now() > deadline {
                    break;
                }
                let kind = MIX[i % MIX.len()];
                let started = Instant::now();
                let result = run_one(&f, kind);
                let latency = started.elapsed();
                outcomes.lock().expect("lock").push(Outcome {
                    kind,
                    latency,
                    result,
                });
            })
        })
        .collect();
    for t in threads {
        t.join().expect("load thread");
    }
    let wall = t0.elapsed();
    let peak_kib = vm_hwm_kib(pid);

    // Graceful stop: SIGTERM, then the server must exit 0 on its own.
    let _ = Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status();
    let stop_started = Instant::now();
    let exit = loop {
        if let Ok(Some(s)) = child.try_wait() {
            break Some(s);
        }
        if stop_started.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            break None;
        }
        std::thread::sleep(Duration::from_millis(50));
    };

    let outcomes = std::mem::take(&mut *outcomes.lock().expect("lock"));
    let sent = outcomes.len();
    let wrong: Vec<&Outcome> = outcomes.iter().filter(|o| o.result.is_err()).collect();
    let lost = requests - sent;
    let mut all: Vec<Duration> = outcomes.iter().map(|o| o.latency).collect();
    all.sort();
    let mut ocr: Vec<Duration> = outcomes
        .iter()
        .filter(|o| o.kind.reads_a_card() && o.kind != Kind::IdcardBlank)
        .map(|o| o.latency)
        .collect();
    ocr.sort();
    let mut cheap: Vec<Duration> = outcomes
        .iter()
        .filter(|o| !o.kind.reads_a_card())
        .map(|o| o.latency)
        .collect();
    cheap.sort();

    println!("load: {requests} requests, {concurrency} concurrent, over loopback to {addr}");
    println!(
        "  answers: {} right, {} wrong, {} not sent (time bound)",
        sent - wrong.len(),
        wrong.len(),
        lost
    );
    for w in wrong.iter().take(10) {
        println!("    {}", w.result.as_ref().err().map_or("", |s| s.as_str()));
    }
    println!(
        "  wall {:.1} s, throughput {:.1} req/s ({} card reads: {:.2} reads/s)",
        wall.as_secs_f64(),
        sent as f64 / wall.as_secs_f64(),
        ocr.len(),
        ocr.len() as f64 / wall.as_secs_f64()
    );
    for (name, v) in [
        ("all requests", &all),
        ("card reads", &ocr),
        ("no card read", &cheap),
    ] {
        println!(
            "  latency {name:>12}: p50 {:8.1} ms  p99 {:8.1} ms  max {:8.1} ms  (n={})",
            percentile(v, 50.0),
            percentile(v, 99.0),
            v.last().map_or(f64::NAN, |d| d.as_secs_f64() * 1000.0),
            v.len()
        );
    }
    match peak_kib {
        Some(k) => println!("  server peak memory (VmHWM): {:.1} MiB", k as f64 / 1024.0),
        None => println!("  server peak memory: unavailable (no /proc)"),
    }
    // Give the log reader a moment to see the last lines.
    std::thread::sleep(Duration::from_millis(200));
    let logged = log_lines.load(Ordering::Relaxed);
    println!(
        "  server log lines: {logged} (one per request, plus 1 health check); stopped on SIGTERM: {}",
        match exit {
            Some(s) if s.success() => "exit 0".to_string(),
            Some(s) => format!("{s}"),
            None => "did not stop within 60 s (killed)".to_string(),
        }
    );
    println!("  server log: {}", dir.join("server.log").display());
    let clean = exit.is_some_and(|s| s.success());
    if !wrong.is_empty() || lost > 0 || !clean {
        std::process::exit(1);
    }
}

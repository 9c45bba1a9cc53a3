//! `ktpocr serve`: the local HTTP server (parses arguments, loads keys and models, hands
//! over to `ktp_ocr_server`).

use super::EngineArgs;

use ktp_ocr_server::limits::redis_store::RedisLimits;
use ktp_ocr_server::{self as server, keys::KeyStore, ServerConfig};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

#[derive(clap::Args, Debug)]
pub struct ServeArgs {
    /// Address to listen on (port 0 picks a free port; the bound address is printed).
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// Keys file (TOML, see docs/server.md): per key its secret, expiry, quota, rate limit
    /// and APIs. Required unless --no-auth.
    #[arg(long)]
    pub keys: Option<PathBuf>,
    /// Accept every request without credentials, rate limits or quotas. Only allowed on a
    /// loopback address (127.0.0.1, ::1).
    #[arg(long, conflicts_with = "keys")]
    pub no_auth: bool,
    /// OCR reads at a time, 1-64 (default: one per core, at most 4); each holds its own model
    /// sessions (~0.5 GB).
    #[arg(long, value_parser = clap::value_parser!(u16).range(1..=server::MAX_WORKERS as i64))]
    pub workers: Option<u16>,
    /// Requests admitted beyond the running reads, 0-4096; more are answered busy at once
    /// (default: 16 per worker).
    #[arg(long, value_parser = clap::value_parser!(u16).range(0..=server::MAX_QUEUE as i64))]
    pub queue: Option<u16>,
    /// Deadline of a request in seconds, from arrival to answer (60, as the Tencent SDKs'
    /// default client timeout). Also how long shutdown waits for requests in flight.
    #[arg(long, default_value_t = 60, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub timeout: u64,
    /// No per-request log lines on stderr.
    #[arg(long)]
    pub quiet: bool,
    /// Refuse a Tencent request whose TC3 signature was already accepted within its 300 s
    /// window (a replay; TC3 has no nonce). In memory, per process.
    #[arg(long)]
    pub replay_cache: bool,
    /// Where the keys' rate limits and quotas are counted: `memory` (this process) or
    /// `redis://[:PASSWORD@]HOST:PORT/DB`, shared by every replica pointed at it (see
    /// docs/deploy.md).
    #[arg(long, default_value = "memory", value_name = "memory|redis://...")]
    pub limits: String,
    #[command(flatten)]
    pub engine: EngineArgs,
}

/// How long the start waits for the Redis of `--limits` to answer.
const LIMITS_CHECK_TIMEOUT: Duration = Duration::from_secs(5);

/// Point the keys' limits at the store `--limits` names, checked to answer; a description
/// for the start line.
fn share_limits(spec: &str, keys: Option<&mut KeyStore>) -> Result<String, String> {
    if spec == "memory" {
        return Ok("in memory".into());
    }
    let Some(keys) = keys else {
        return Err("--limits applies to the keys of --keys; --no-auth has none".into());
    };
    let store = RedisLimits::open(spec).map_err(|e| e.to_string())?;
    store
        .check(LIMITS_CHECK_TIMEOUT)
        .map_err(|e| e.to_string())?;
    let described = format!("shared in Redis at {}", store.addr());
    keys.share_limits(Arc::new(store));
    Ok(described)
}

pub fn run(args: ServeArgs) -> i32 {
    if args.keys.is_none() && !args.no_auth {
        eprintln!(
            "serve: give --keys FILE (see docs/server.md), or --no-auth to serve without \
             credentials on a loopback address"
        );
        return 2;
    }
    let mut keys = match &args.keys {
        Some(path) => match KeyStore::load(path) {
            Ok(k) => {
                warn_if_readable_by_others(path);
                Some(k)
            }
            Err(e) => {
                eprintln!("serve: {e}");
                return 2;
            }
        },
        None => None,
    };
    if keys.is_none() && !args.addr.ip().is_loopback() {
        eprintln!(
            "serve: --no-auth is only allowed on a loopback address, not {}; give --keys FILE",
            args.addr
        );
        return 2;
    }
    let limits_kept = match share_limits(&args.limits, keys.as_mut()) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("serve: {e}");
            return 2;
        }
    };
    let mut config = ServerConfig::new(keys);
    // With batching across cards, enough workers to fill a batch.
    config.workers = args
        .workers
        .map_or(config.workers.max(args.engine.batch_cards()), usize::from);
    config.queue = args
        .queue
        .map_or_else(|| server::default_queue(config.workers), usize::from);
    config.request_timeout = Duration::from_secs(args.timeout);
    config.shutdown_grace = config.request_timeout;
    config.access_log = !args.quiet;
    config.replay_cache = args.replay_cache;

    let builder = args
        .engine
        .builder(Some(args.engine.threads_for(config.workers)))
        .concurrency(config.workers);
    // One render child per worker at most, so PDFs never wait on each other; a render is
    // killed well within the request's deadline, so the request's answer still arrives.
    #[cfg(feature = "pdf")]
    let builder = {
        let mut limits = ktp_pdf_sandbox::RenderLimits::default();
        limits.deadline = limits.deadline.min(config.request_timeout / 2);
        let sandbox = args.engine.pdf_sandbox(config.workers).limits(limits);
        builder.pdf_renderer(Arc::new(sandbox))
    };
    let engine = match builder.build() {
        Ok(e) => e,
        Err(e) => {
            eprintln!("serve: {e}");
            return 3;
        }
    };
    let auth = match &config.keys {
        Some(k) if k.len() == 1 => "1 key".to_string(),
        Some(k) => format!("{} keys", k.len()),
        None => "disabled (--no-auth)".into(),
    };
    let (workers, queue) = (config.workers, config.queue);
    let result = server::run(args.addr, config, Arc::new(engine), |addr| {
        eprintln!(
            "serve: listening on http://{addr} ({workers} workers, queue {queue}, auth: {auth}, \
             limits: {limits_kept})"
        );
    });
    match result {
        Ok(()) => {
            eprintln!("serve: stopped");
            0
        }
        Err(e) => {
            eprintln!("serve: {e}");
            1
        }
    }
}

/// The keys file holds secrets in clear (TC3 needs them): say so when others may read it.
fn warn_if_readable_by_others(path: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if let Ok(meta) = std::fs::metadata(path) {
            if meta.permissions().mode() & 0o077 != 0 {
                eprintln!(
                    "serve: warning: {} can be read by other users; chmod 600 it",
                    path.display()
                );
            }
        }
    }
    #[cfg(not(unix))]
    let _ = path;
}

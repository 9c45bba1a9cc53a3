//! `ktpocr serve`: a local HTTP server that is a drop-in for two cloud KTP OCR APIs.
//!
//! * `POST /ocr/idcard`: the accuauth API (`X-DF-API-ID` / `X-DF-API-SECRET`).
//! * `POST /` with `X-TC-Action: RecognizeIndonesiaIDCardOCR`: Tencent Cloud's API, with
//!   TC3-HMAC-SHA256 signatures verified against the keys file, so the official SDKs work
//!   unmodified when pointed at this server.
//! * `GET /health`, `GET /openapi.yaml`.
//! * `GET /kiosk` (and `GET /` from a browser): the operator's page, reading through
//!   `POST /kiosk/read` (see [`kiosk`]).
//!
//! Requests are authenticated against a [`keys::KeyStore`] (per key: secret, expiry,
//! quota, rate limit, APIs). OCR runs on a bounded set of workers behind a bounded queue
//! (see [`workers`]); bodies are limited while they stream (see [`body`]); every request
//! has a deadline; shutdown lets requests in flight finish. One log line per request goes
//! to stderr with the request id, HTTP status, API status code and latency, never a field
//! value or an image. `docs/server.md` is the operator's guide, `docs/openapi.yaml` the
//! reference.

pub mod accuauth;
pub mod body;
mod body_gate;
pub mod clock;
mod connection;
pub mod health;
pub mod keys;
pub mod kiosk;
pub mod limits;
pub mod listen;
pub mod replay;
pub mod signature_v1;
pub mod tc3;
pub mod tencent;
mod tencent_v1;
pub mod workers;

use axum::extract::{DefaultBodyLimit, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get, post};
use axum::{Json, Router};
use keys::KeyStore;
use ktp_ocr::format;
use ktp_ocr::{Engine, KtpReading, ReadOptions};
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};
use thiserror::Error;
use tower_http::catch_panic::CatchPanicLayer;
use workers::Workers;

/// What the server reads cards with: the [`Engine`], or a stand-in in tests.
pub trait CardReader: Send + Sync + 'static {
    /// Read a card (CPU-bound: runs on a worker). `options.head_image` asks for the
    /// holder's photo (Tencent `ReturnHeadImage`).
    fn read_card(&self, bytes: &[u8], options: &ReadOptions) -> ktp_ocr::Result<KtpReading>;

    /// Checks cheap enough to run before a worker is taken, so that plainly invalid input
    /// (empty, over 5 MB, not JPG/PNG/PDF) never waits in the queue.
    fn check(&self, bytes: &[u8]) -> ktp_ocr::Result<()> {
        ktp_ocr::input::check_container(bytes).map(|_| ())
    }
}

impl CardReader for Engine {
    fn read_card(&self, bytes: &[u8], options: &ReadOptions) -> ktp_ocr::Result<KtpReading> {
        self.read_with(bytes, options).0
    }
}

/// How the server runs. [`ServerConfig::new`] gives the defaults.
#[derive(Debug)]
pub struct ServerConfig {
    /// The keys requests are checked against; `None` turns authentication, rate limits and
    /// quotas off, which [`serve`] allows only on a loopback address.
    pub keys: Option<KeyStore>,
    /// OCR reads running at once (give the engine as many sessions).
    pub workers: usize,
    /// Admitted requests beyond the running ones (reading their body or waiting for a
    /// worker); more are answered busy at once.
    pub queue: usize,
    /// Deadline of a request, from its arrival to its answer.
    pub request_timeout: Duration,
    /// After a shutdown signal, how long requests in flight may still take.
    pub shutdown_grace: Duration,
    /// Largest difference between a TC3 `X-TC-Timestamp` and this machine's clock (Tencent
    /// allows five minutes).
    pub max_clock_skew: Duration,
    /// Write one line per request to stderr.
    pub access_log: bool,
    /// Time a request body has to arrive after its head (see `body_gate`).
    pub body_timeout: Duration,
    /// Connections open at once (see [`listen`]).
    pub connections: listen::Connections,
    /// Refuse a TC3 signature seen before within its window (see [`replay`]).
    pub replay_cache: bool,
}

impl ServerConfig {
    pub fn new(keys: Option<KeyStore>) -> Self {
        let workers = default_workers();
        Self {
            keys,
            workers,
            queue: default_queue(workers),
            request_timeout: Duration::from_secs(60),
            shutdown_grace: Duration::from_secs(60),
            max_clock_skew: Duration::from_secs(300),
            access_log: true,
            body_timeout: body_gate::BODY_READ_TIMEOUT,
            connections: listen::Connections::for_this_process(),
            replay_cache: false,
        }
    }
}

/// Cores of this machine (at least 1).
pub fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// One worker per core, at most 4 (beyond that each read gets more threads: `ktpocr serve`
/// divides the cores among the sessions). Measured on 2 busy cores, 16 clients: two
/// 1-thread workers read ~45% more cards per second than one 2-thread worker, for twice the
/// memory (each worker holds its own model sessions, ~0.5 GB); one read alone is faster
/// with more threads, so wide machines give each of their 4 workers several.
pub fn default_workers() -> usize {
    cores().clamp(1, 4)
}

/// Most workers `ktpocr serve` accepts: each holds its own model sessions (~0.5 GB).
pub const MAX_WORKERS: usize = 64;
/// Longest queue `ktpocr serve` accepts: each place may hold a body of up to 8 MiB.
pub const MAX_QUEUE: usize = 4096;

/// Queue length: 16 per worker (at least 16), so 16 clients at a time are all admitted on
/// any machine, and the last of them waits about 16 read times divided by the workers.
pub fn default_queue(workers: usize) -> usize {
    (16 * workers).max(16)
}

#[derive(Debug, Error)]
pub enum ServerError {
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error(
        "refusing to serve without authentication on {0}, which is not a loopback address: \
         give --keys FILE, or bind 127.0.0.1 / [::1]"
    )]
    OpenToNetwork(SocketAddr),
    #[error("the server failed: {0}")]
    Io(#[from] std::io::Error),
}

/// Shared by every request.
pub(crate) struct App {
    keys: Option<KeyStore>,
    workers: Workers,
    request_timeout: Duration,
    max_clock_skew: Duration,
    access_log: bool,
    body_timeout: Duration,
    gate: body_gate::Gate,
    replay: Option<replay::ReplayCache>,
}

impl App {
    fn deadline(&self) -> tokio::time::Instant {
        tokio::time::Instant::now() + self.request_timeout
    }
}

/// Put into each response's extensions for the access log.
#[derive(Debug, Clone)]
pub(crate) struct Logged {
    pub request_id: String,
    pub code: &'static str,
}

/// A JSON response with its log record.
pub(crate) fn json_response<T: serde::Serialize>(
    status: u16,
    body: &T,
    request_id: String,
    code: &'static str,
) -> Response {
    let status = axum::http::StatusCode::from_u16(status)
        .unwrap_or(axum::http::StatusCode::INTERNAL_SERVER_ERROR);
    let mut response = (status, Json(body)).into_response();
    response
        .extensions_mut()
        .insert(Logged { request_id, code });
    response
}

fn router(app: Arc<App>) -> Router {
    let idcard = post(accuauth::handle).layer(CatchPanicLayer::custom(accuauth::panic_response));
    let tencent = any(tencent::handle)
        .layer(CatchPanicLayer::custom(tencent::panic_response))
        .layer(axum::middleware::from_fn(kiosk::page_for_browsers));
    let kiosk_read = post(kiosk::read).layer(CatchPanicLayer::custom(accuauth::panic_response));
    kiosk::page_routes(Router::new())
        .route("/ocr/idcard", idcard)
        .route("/", tencent)
        .route("/health", get(health::health))
        .route("/openapi.yaml", get(health::openapi))
        .route(kiosk::READ_PATH, kiosk_read)
        .fallback(not_found)
        .method_not_allowed_fallback(not_found)
        // Multipart parsing stops at this many bytes; the other bodies are read through
        // `body::read_limited` with the same limit.
        .layer(DefaultBodyLimit::max(body::MAX_BODY_BYTES))
        .layer(axum::middleware::from_fn_with_state(
            app.clone(),
            body_gate::bound_bodies,
        ))
        // Outside the body bounds, so an answer they give before the body is read closes
        // the connection too.
        .layer(axum::middleware::from_fn(connection::close_if_unread))
        .layer(axum::middleware::from_fn_with_state(
            app.clone(),
            access_log,
        ))
        .with_state(app)
}

/// The routes of a reserve-tier connection (see [`listen`]): `/health`, and busy for the
/// rest in the API's shape.
fn reserve_router(app: Arc<App>) -> Router {
    Router::new()
        .route("/health", get(health::health))
        .fallback(too_many_connections)
        .layer(axum::middleware::from_fn_with_state(
            app.clone(),
            access_log,
        ))
        .with_state(app)
}

async fn too_many_connections(req: Request) -> Response {
    let message = "the server has too many connections open; retry later";
    let mut response = if req.uri().path() == "/" {
        let request_id = format::new_tencent_request_id();
        let code = tencent::codes::SERVICE_UNAVAILABLE;
        json_response(
            200,
            &format::tencent::error_with(code, message, request_id.clone()),
            request_id,
            code,
        )
    } else {
        let request_id = format::new_request_id();
        let code = format::accuauth::RATE_LIMIT_EXCEEDED;
        json_response(
            503,
            &format::accuauth::error_with(code, message, request_id.clone()),
            request_id,
            code,
        )
    };
    // One answer per reserve connection.
    response.headers_mut().insert(
        axum::http::header::CONNECTION,
        axum::http::HeaderValue::from_static("close"),
    );
    response
}

/// `NOT_FOUND` (404) in the accuauth shape for any path or method the server does not offer.
async fn not_found(req: Request) -> Response {
    let request_id = format::new_request_id();
    let reason = format!(
        "{} {} is not an API of this server: use POST /ocr/idcard, POST / (Tencent \
         RecognizeIndonesiaIDCardOCR) or GET /health",
        req.method(),
        req.uri().path().chars().take(100).collect::<String>()
    );
    let code = format::accuauth::NOT_FOUND;
    json_response(
        404,
        &format::accuauth::error_with(code, reason, request_id.clone()),
        request_id,
        code,
    )
}

/// One line per request on stderr: time, request id, API, HTTP status, status code and
/// latency. Never a header value, field value or image.
async fn access_log(State(app): State<Arc<App>>, req: Request, next: Next) -> Response {
    let started = Instant::now();
    let api = match req.uri().path() {
        p if kiosk::is_kiosk(req.method(), p, req.headers()) => "kiosk",
        "/ocr/idcard" => "idcard",
        "/" => "tencent",
        "/health" => "health",
        "/openapi.yaml" => "openapi",
        _ => "other",
    };
    let response = next.run(req).await;
    if app.access_log {
        let (id, code) = response
            .extensions()
            .get::<Logged>()
            .map_or(("-", "-"), |l| (l.request_id.as_str(), l.code));
        eprintln!(
            "{} request_id={id} api={api} http={} status={code} latency_ms={:.1}",
            crate::clock::utc_datetime(crate::clock::now_unix()),
            response.status().as_u16(),
            started.elapsed().as_secs_f64() * 1000.0
        );
    }
    response
}

/// Serve on `listener` until `shutdown` completes, then stop accepting, let requests in
/// flight finish (at most `config.shutdown_grace`), and return.
pub async fn serve(
    listener: tokio::net::TcpListener,
    config: ServerConfig,
    reader: Arc<dyn CardReader>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), ServerError> {
    let local = listener.local_addr()?;
    if config.keys.is_none() && !local.ip().is_loopback() {
        return Err(ServerError::OpenToNetwork(local));
    }
    let grace = config.shutdown_grace;
    let app = Arc::new(App {
        workers: Workers::new(reader, config.workers, config.queue),
        keys: config.keys,
        request_timeout: config.request_timeout,
        max_clock_skew: config.max_clock_skew,
        access_log: config.access_log,
        body_timeout: config.body_timeout,
        gate: body_gate::Gate::new(),
        replay: config.replay_cache.then(replay::ReplayCache::new),
    });
    let (stopping_tx, mut stopping_rx) = tokio::sync::watch::channel(false);
    let signal = async move {
        shutdown.await;
        let _ = stopping_tx.send(true);
    };
    let routers = listen::Routers {
        full: router(app.clone()),
        reserve: reserve_router(app),
    };
    let server = listen::serve(listener, routers, config.connections, signal);
    let grace_over = async move {
        // Resolves `grace` after the shutdown signal; never if there is none.
        if stopping_rx.wait_for(|s| *s).await.is_err() {
            std::future::pending::<()>().await;
        }
        tokio::time::sleep(grace).await;
    };
    tokio::select! {
        r = server => r.map_err(ServerError::Io),
        _ = grace_over => {
            eprintln!("ktpocr serve: shutdown grace of {grace:?} over; closing the connections left");
            Ok(())
        }
    }
}

/// Resolves on SIGINT (Ctrl-C) or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}

fn runtime(workers: usize) -> std::io::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(cores().clamp(1, 4))
        // OCR is the only blocking work and never runs on more than `workers` threads.
        .max_blocking_threads(workers.max(1) + 2)
        .thread_name("ktpocr-serve")
        .enable_all()
        .build()
}

fn bind(addr: SocketAddr) -> Result<std::net::TcpListener, ServerError> {
    let listener =
        std::net::TcpListener::bind(addr).map_err(|source| ServerError::Bind { addr, source })?;
    listener.set_nonblocking(true)?;
    Ok(listener)
}

/// Serve on `addr` until SIGINT or SIGTERM (the `ktpocr serve` command). `on_listening`
/// gets the bound address (useful with port 0) once the server accepts connections.
pub fn run(
    addr: SocketAddr,
    config: ServerConfig,
    reader: Arc<dyn CardReader>,
    on_listening: impl FnOnce(SocketAddr),
) -> Result<(), ServerError> {
    let rt = runtime(config.workers)?;
    let listener = bind(addr)?;
    let result = rt.block_on(async move {
        let listener = tokio::net::TcpListener::from_std(listener)?;
        on_listening(listener.local_addr()?);
        serve(listener, config, reader, shutdown_signal()).await
    });
    // Reads whose requests timed out may still be running; do not wait for them.
    rt.shutdown_timeout(Duration::from_secs(1));
    result
}

/// A server running on its own threads (for tests, tools and embedding).
pub struct RunningServer {
    addr: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<Result<(), ServerError>>>,
}

impl RunningServer {
    /// The bound address (the real port when started on port 0).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Shut down gracefully and wait until every request in flight is answered.
    pub fn stop(mut self) -> Result<(), ServerError> {
        self.stop_inner()
    }

    fn stop_inner(&mut self) -> Result<(), ServerError> {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
        match self.thread.take() {
            Some(t) => t.join().unwrap_or_else(|_| {
                Err(ServerError::Io(std::io::Error::other(
                    "the server thread panicked",
                )))
            }),
            None => Ok(()),
        }
    }
}

impl Drop for RunningServer {
    fn drop(&mut self) {
        let _ = self.stop_inner();
    }
}

/// Start serving on `addr` on a thread of its own; returns once the port is bound.
pub fn start(
    addr: SocketAddr,
    config: ServerConfig,
    reader: Arc<dyn CardReader>,
) -> Result<RunningServer, ServerError> {
    if config.keys.is_none() && !addr.ip().is_loopback() {
        return Err(ServerError::OpenToNetwork(addr));
    }
    let listener = bind(addr)?;
    let addr = listener.local_addr()?;
    let rt = runtime(config.workers)?;
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let thread = std::thread::Builder::new()
        .name("ktpocr-serve".into())
        .spawn(move || {
            let result = rt.block_on(async move {
                let listener = tokio::net::TcpListener::from_std(listener)?;
                serve(listener, config, reader, async move {
                    let _ = rx.await;
                })
                .await
            });
            rt.shutdown_timeout(Duration::from_secs(1));
            result
        })?;
    Ok(RunningServer {
        addr,
        stop: Some(tx),
        thread: Some(thread),
    })
}

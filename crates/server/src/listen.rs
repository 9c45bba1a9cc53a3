//! The accept loop: every connection bounded in number and in time, before any handler runs.
//!
//! * **Connections**: at most [`Connections::max`] open at once, below the process's
//!   descriptor limit (the models, pipes to PDF renderers and log keep some). The last
//!   [`HEALTH_RESERVE`] places are a reserve tier: a connection accepted there answers one
//!   request, `GET /health` normally and anything else busy, then closes; its head must
//!   arrive within [`RESERVE_HEADER_TIMEOUT`]. So a flood of idle or slow connections never
//!   makes the server unreachable to its health check, and reserve places churn quickly.
//!   When every place is taken, new connections wait in the kernel's backlog.
//! * **Request heads** must arrive within [`HEADER_READ_TIMEOUT`]. hyper starts that clock
//!   when it waits for a request's head, also on a kept-alive connection between requests,
//!   so it is the idle keep-alive timeout too: a slowloris client (headers a byte at a time)
//!   and an idle connection are both closed after it.
//! * **Head size**: at most [`MAX_HEAD_BYTES`]. hyper answers a head it cannot accept (too
//!   large: 431; malformed: bare CR, NUL, an invalid or doubled `Content-Length`: 400)
//!   itself, with an empty body, before any handler runs, and closes the connection; those
//!   answers have no request id.
//! * Bodies are bounded by [`crate::body_gate`] (time, and places before authentication).

use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower::ServiceExt;

/// Time a client has to send a request's head, from when the server waits for it (also the
/// idle time allowed between requests on a kept-alive connection).
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);
/// The same for a reserve-tier connection.
pub const RESERVE_HEADER_TIMEOUT: Duration = Duration::from_secs(2);
/// Largest request head (request line and headers) accepted.
pub const MAX_HEAD_BYTES: usize = 64 * 1024;
/// Connections at most, on a machine whose descriptor limit allows it.
pub const DEFAULT_MAX_CONNECTIONS: usize = 512;
/// Descriptors kept for everything but connections.
pub const RESERVED_DESCRIPTORS: u64 = 64;
/// Places kept for health checks when the others are taken.
pub const HEALTH_RESERVE: usize = 16;

/// The peer of the connection a request came on (in the request's extensions).
#[derive(Debug, Clone, Copy)]
pub struct ClientAddr(pub SocketAddr);

/// The bounds on connections.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Connections {
    /// Open at once, the reserve tier included (more than [`HEALTH_RESERVE`]).
    pub max: usize,
    /// [`HEADER_READ_TIMEOUT`] by default.
    pub header_timeout: Duration,
}

impl Connections {
    /// [`DEFAULT_MAX_CONNECTIONS`], lowered to fit the soft descriptor limit.
    pub fn for_this_process() -> Self {
        let fds = nix::sys::resource::getrlimit(nix::sys::resource::Resource::RLIMIT_NOFILE)
            .map_or(1024, |(soft, _)| soft);
        let fit = fds.saturating_sub(RESERVED_DESCRIPTORS) as usize;
        Self {
            max: DEFAULT_MAX_CONNECTIONS.min(fit).max(HEALTH_RESERVE + 1),
            header_timeout: HEADER_READ_TIMEOUT,
        }
    }
}

/// Which routes a connection gets.
#[derive(Clone)]
pub(crate) struct Routers {
    pub full: Router,
    /// `GET /health`, and busy for the rest.
    pub reserve: Router,
}

/// Accept and serve connections until `shutdown`, then let the open ones finish their
/// request in flight and close (the caller bounds how long).
pub(crate) async fn serve(
    listener: TcpListener,
    routers: Routers,
    limit: Connections,
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<()> {
    let places = Arc::new(Semaphore::new(limit.max.max(HEALTH_RESERVE + 1)));
    let graceful = GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        // Wait for a place before accepting: the kernel's backlog holds the rest.
        let place = tokio::select! {
            p = places.clone().acquire_owned() => p.map_err(std::io::Error::other)?,
            () = &mut shutdown => break,
        };
        let (stream, peer) = tokio::select! {
            a = listener.accept() => match a {
                Ok(a) => a,
                // Out of descriptors or a connection reset before it was accepted: the
                // loop goes on (after a pause, so an exhausted table is not spun on).
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let reserve = places.available_permits() < HEALTH_RESERVE;
        let router = if reserve {
            routers.reserve.clone()
        } else {
            routers.full.clone()
        };
        let service = hyper::service::service_fn(move |mut req: hyper::Request<Incoming>| {
            req.extensions_mut().insert(ClientAddr(peer));
            router.clone().oneshot(req.map(axum::body::Body::new))
        });
        let mut http = hyper::server::conn::http1::Builder::new();
        http.timer(TokioTimer::new())
            .max_buf_size(MAX_HEAD_BYTES)
            .max_header_size(MAX_HEAD_BYTES)
            .keep_alive(!reserve)
            .header_read_timeout(if reserve {
                RESERVE_HEADER_TIMEOUT.min(limit.header_timeout)
            } else {
                limit.header_timeout
            });
        let conn = http.serve_connection(TokioIo::new(stream), service);
        let conn = graceful.watch(conn);
        tokio::spawn(async move {
            // A connection's errors (a client gone, a head refused) are the client's.
            let _ = conn.await;
            drop(place);
        });
    }
    drop(listener);
    graceful.shutdown().await;
    Ok(())
}

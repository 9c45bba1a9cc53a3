//! Request bodies bounded in time, and unauthenticated bodies bounded in number.
//!
//! * Every body must arrive within the body read time limit
//!   ([`crate::ServerConfig::body_timeout`], [`BODY_READ_TIMEOUT`] by default) from the
//!   moment its head was read: a body trickled slower ends in an error the handlers answer
//!   in their API's shape, and the connection is closed.
//! * A Tencent request (`POST /`) cannot be authenticated before its body is read (the
//!   signature covers the body's hash), so until its body has arrived it holds an
//!   *unverified* place, never a worker or queue place: at most [`MAX_UNVERIFIED`] such
//!   bodies are read at once, at most [`MAX_UNVERIFIED_PER_CLIENT`] from one client address.
//!   A request finding none free is answered busy at once. Only a request whose signature
//!   then verifies takes a place among the admitted requests ([`crate::workers`]).
//!   (accuauth requests are authenticated from their headers before their body is read.)

use crate::listen::ClientAddr;
use crate::{json_response, App};
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::Response;
use http_body::{Body as HttpBody, Frame, SizeHint};
use ktp_ocr::format::{new_tencent_request_id, tencent};
use std::collections::HashMap;
use std::future::Future;
use std::net::{IpAddr, Ipv4Addr};
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// Default time a request body has to arrive, from the end of its head.
pub const BODY_READ_TIMEOUT: Duration = Duration::from_secs(15);
/// Unauthenticated (Tencent) bodies read at once; with 8 MiB a body at most, 512 MiB.
pub const MAX_UNVERIFIED: usize = 64;
/// Of those, how many one client address may have. Kiosks behind one NAT address share it,
/// so it is not tiny; it keeps one address from taking every place.
pub const MAX_UNVERIFIED_PER_CLIENT: usize = 48;

/// The unverified places.
pub(crate) struct Gate {
    total: Arc<Semaphore>,
    per_client: Arc<Mutex<HashMap<IpAddr, usize>>>,
}

/// An unverified place, freed when the body has been read to its end or dropped.
struct Place {
    _total: OwnedSemaphorePermit,
    client: IpAddr,
    per_client: Arc<Mutex<HashMap<IpAddr, usize>>>,
}

impl Drop for Place {
    fn drop(&mut self) {
        let mut map = self.per_client.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(n) = map.get_mut(&self.client) {
            *n -= 1;
            if *n == 0 {
                map.remove(&self.client);
            }
        }
    }
}

impl Gate {
    pub(crate) fn new() -> Self {
        Self {
            total: Arc::new(Semaphore::new(MAX_UNVERIFIED)),
            per_client: Arc::new(Mutex::new(HashMap::new())),
        }
    }

    fn enter(&self, client: IpAddr) -> Result<Place, String> {
        let total = self.total.clone().try_acquire_owned().map_err(|_| {
            format!(
                "the server is busy: {MAX_UNVERIFIED} unauthenticated request bodies are \
                 being received; retry later"
            )
        })?;
        let mut map = self.per_client.lock().unwrap_or_else(|p| p.into_inner());
        let n = map.entry(client).or_insert(0);
        if *n >= MAX_UNVERIFIED_PER_CLIENT {
            return Err(format!(
                "too many requests from this address are being received at once (at most \
                 {MAX_UNVERIFIED_PER_CLIENT}); retry later"
            ));
        }
        *n += 1;
        Ok(Place {
            _total: total,
            client,
            per_client: self.per_client.clone(),
        })
    }
}

/// What a body trickled past its time limit ends with.
#[derive(Debug)]
struct TooSlow(Duration);

impl std::fmt::Display for TooSlow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the request body was not received within {} s (the body read time limit)",
            self.0.as_secs()
        )
    }
}

impl std::error::Error for TooSlow {}

/// A body with a deadline, holding its unverified place (if any) until it ends.
struct Bounded {
    inner: Body,
    limit: Duration,
    deadline: Pin<Box<tokio::time::Sleep>>,
    place: Option<Place>,
}

impl HttpBody for Bounded {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        let this = self.get_mut();
        match Pin::new(&mut this.inner).poll_frame(cx) {
            Poll::Ready(None) => {
                this.place = None;
                Poll::Ready(None)
            }
            Poll::Ready(other) => Poll::Ready(other),
            Poll::Pending => {
                if this.deadline.as_mut().poll(cx).is_ready() {
                    this.place = None;
                    return Poll::Ready(Some(Err(axum::Error::new(TooSlow(this.limit)))));
                }
                Poll::Pending
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

/// The middleware: a deadline on every body, an unverified place for Tencent bodies.
pub(crate) async fn bound_bodies(
    State(app): State<Arc<App>>,
    req: Request,
    next: Next,
) -> Response {
    let (parts, body) = req.into_parts();
    if body.is_end_stream() {
        return next.run(Request::from_parts(parts, body)).await;
    }
    let unverified = parts.method == Method::POST && parts.uri.path() == "/" && app.keys.is_some();
    let place = if unverified {
        let client = parts
            .extensions
            .get::<ClientAddr>()
            .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |c| c.0.ip());
        match app.gate.enter(client) {
            Ok(p) => Some(p),
            Err(message) => {
                let request_id = new_tencent_request_id();
                let code = crate::tencent::codes::SERVICE_UNAVAILABLE;
                return json_response(
                    200,
                    &tencent::error_with(code, message, request_id.clone()),
                    request_id,
                    code,
                );
            }
        }
    } else {
        None
    };
    let limit = app.body_timeout;
    let body = Body::new(Bounded {
        inner: body,
        limit,
        deadline: Box::pin(tokio::time::sleep(limit)),
        place,
    });
    next.run(Request::from_parts(parts, body)).await
}

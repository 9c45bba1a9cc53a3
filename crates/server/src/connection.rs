//! Keep-alive only when the request body was read to its end, and a small body read even
//! when the answer needed none of it.
//!
//! A request refused before its body is read (bad credentials, a declared size over the
//! limit, a busy server) leaves unread bytes on the connection. hyper then closes the
//! connection after the answer, and a client that reuses it from its pool meanwhile sees it
//! fail. Saying `Connection: close` on those answers tells the client not to reuse it; with
//! `Expect: 100-continue` (curl above 1 MB) the body is then never sent at all.
//!
//! Closing a connection with unread bytes on it makes the kernel answer them with a reset,
//! and a client still sending its body, or one whose reset arrives before it read the
//! answer, then gets a broken connection instead of the `401` (seen with reqwest, whose
//! multipart body is sent apart from the head). So a body the client declared small
//! ([`LINGER_BYTES`]) is read and dropped before the answer goes, within [`LINGER_TIME`]
//! (the "lingering close" of RFC 9112, 9.6); a larger one still closes at once, so a
//! refused client cannot make the server read megabytes.

use axum::body::{Body, Bytes};
use axum::extract::Request;
use axum::http::{header, HeaderMap, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use http_body::{Body as HttpBody, Frame, SizeHint};
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

/// A body declared this size or less is read to its end after an answer that did not read
/// it (about what a client sends with its head in one go).
pub const LINGER_BYTES: usize = 64 * 1024;
/// ...if it arrives within this time.
pub const LINGER_TIME: Duration = Duration::from_millis(500);

/// A request body that records whether it was read to its end, and leaves itself behind
/// when dropped unread.
struct Tracked {
    inner: Option<Body>,
    ended: Arc<AtomicBool>,
    unread: Arc<Mutex<Option<Body>>>,
}

impl HttpBody for Tracked {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        let this = self.get_mut();
        let Some(inner) = this.inner.as_mut() else {
            return Poll::Ready(None);
        };
        let polled = Pin::new(inner).poll_frame(cx);
        if let Poll::Ready(None) = polled {
            this.ended.store(true, Ordering::Release);
        }
        polled
    }

    fn is_end_stream(&self) -> bool {
        self.inner.as_ref().is_none_or(HttpBody::is_end_stream)
    }

    fn size_hint(&self) -> SizeHint {
        self.inner
            .as_ref()
            .map_or_else(|| SizeHint::with_exact(0), HttpBody::size_hint)
    }
}

impl Drop for Tracked {
    fn drop(&mut self) {
        if !self.ended.load(Ordering::Acquire) {
            if let (Some(body), Ok(mut unread)) = (self.inner.take(), self.unread.lock()) {
                *unread = Some(body);
            }
        }
    }
}

/// The body length the head declares, when it does.
fn declared_length(headers: &HeaderMap) -> Option<usize> {
    headers
        .get(header::CONTENT_LENGTH)?
        .to_str()
        .ok()?
        .parse()
        .ok()
}

/// Read `body` to its end and drop it, within [`LINGER_TIME`] and [`LINGER_BYTES`];
/// whether it ended.
async fn drain(body: Body) -> bool {
    tokio::time::timeout(LINGER_TIME, axum::body::to_bytes(body, LINGER_BYTES))
        .await
        .is_ok_and(|read| read.is_ok())
}

pub(super) async fn close_if_unread(req: Request, next: Next) -> Response {
    let (parts, body) = req.into_parts();
    let small = declared_length(&parts.headers).is_some_and(|n| n <= LINGER_BYTES);
    let ended = Arc::new(AtomicBool::new(body.is_end_stream()));
    let unread = Arc::new(Mutex::new(None));
    let body = Body::new(Tracked {
        inner: Some(body),
        ended: ended.clone(),
        unread: unread.clone(),
    });
    let mut response = next.run(Request::from_parts(parts, body)).await;
    let mut read_to_end = ended.load(Ordering::Acquire);
    if !read_to_end && small {
        let left = unread.lock().ok().and_then(|mut u| u.take());
        if let Some(body) = left {
            read_to_end = drain(body).await;
        }
    }
    if !read_to_end {
        response
            .headers_mut()
            .insert(header::CONNECTION, HeaderValue::from_static("close"));
    }
    response
}

//! The operator's kiosk page: `GET /kiosk` (and `GET /` from a browser), its script and
//! style under `/kiosk/`, and `POST /kiosk/read`, which reads a card for the page.
//!
//! The page is plain HTML, CSS and JavaScript from `crates/server/kiosk/`, compiled into the
//! binary: nothing is fetched from another host, and a Content-Security-Policy keeps the
//! browser to this origin (`connect-src 'self'`, no inline script). The page holds no
//! secret: under a keys file the operator types a key id and secret, which the page keeps
//! in memory and sends as the accuauth headers.
//!
//! `POST /kiosk/read` is `/ocr/idcard` with the same body forms, credentials (a key allowed
//! the `idcard` API), limits, queue and workers (it runs [`accuauth::process`]), answering
//! the native schema with the straightened card (`card`) and the holder's photo (`photo`)
//! that the page shows. Nothing is kept after the answer; every kiosk answer says
//! `Cache-Control: no-store` so the browser keeps no copy either.

use super::accuauth;
use super::{json_response, App};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use ktp_ocr::format::{native, new_request_id};
use ktp_ocr::ReadOptions;
use std::sync::Arc;

/// Where the page is served.
pub const PAGE_PATH: &str = "/kiosk";
/// Where the page sends the card (the native result with `card` and `photo`).
pub const READ_PATH: &str = "/kiosk/read";

const INDEX_HTML: &str = include_str!("../kiosk/index.html");

/// The page's files under `/kiosk/`: path, media type, content.
pub const ASSETS: &[(&str, &str, &str)] = &[
    (
        "/kiosk/kiosk.css",
        "text/css; charset=utf-8",
        include_str!("../kiosk/kiosk.css"),
    ),
    (
        "/kiosk/quality.js",
        "text/javascript; charset=utf-8",
        include_str!("../kiosk/quality.js"),
    ),
    (
        "/kiosk/access.js",
        "text/javascript; charset=utf-8",
        include_str!("../kiosk/access.js"),
    ),
    (
        "/kiosk/camera.js",
        "text/javascript; charset=utf-8",
        include_str!("../kiosk/camera.js"),
    ),
    (
        "/kiosk/result.js",
        "text/javascript; charset=utf-8",
        include_str!("../kiosk/result.js"),
    ),
    (
        "/kiosk/handover.js",
        "text/javascript; charset=utf-8",
        include_str!("../kiosk/handover.js"),
    ),
    (
        "/kiosk/kiosk.js",
        "text/javascript; charset=utf-8",
        include_str!("../kiosk/kiosk.js"),
    ),
];

/// Only this origin, for everything: scripts and styles from files (no inline code), the
/// card and photo as `data:`/`blob:` images made in the page, the camera as a media
/// stream, requests back to this server only.
const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; \
     style-src 'self'; img-src 'self' data: blob:; media-src 'self' blob: mediastream:; \
     connect-src 'self'; form-action 'none'; base-uri 'none'";

/// Headers on every kiosk answer: the browser keeps no copy (the reading holds a person's
/// data), sends no referrer, sniffs no types, and may use the camera for this origin only.
fn kiosk_headers(headers: &mut HeaderMap) {
    let set = [
        (header::CACHE_CONTROL, "no-store"),
        (header::REFERRER_POLICY, "no-referrer"),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY),
    ];
    for (name, value) in set {
        headers.insert(name, HeaderValue::from_static(value));
    }
    headers.insert(
        header::HeaderName::from_static("permissions-policy"),
        HeaderValue::from_static("camera=(self), microphone=()"),
    );
}

fn file_response(content_type: &'static str, body: &'static str) -> Response {
    let mut response = ([(header::CONTENT_TYPE, content_type)], body).into_response();
    kiosk_headers(response.headers_mut());
    response
}

/// `GET /kiosk`: the page.
pub(super) async fn page() -> Response {
    file_response("text/html; charset=utf-8", INDEX_HTML)
}

/// The page at `/kiosk` (and `/kiosk/`, as people type it) and `GET /kiosk/<file>` for each
/// of [`ASSETS`].
pub(super) fn page_routes<S: Clone + Send + Sync + 'static>(
    mut router: axum::Router<S>,
) -> axum::Router<S> {
    for path in [PAGE_PATH, "/kiosk/"] {
        router = router.route(path, axum::routing::get(page));
    }
    for &(path, content_type, body) in ASSETS {
        router = router.route(
            path,
            axum::routing::get(move || async move { file_response(content_type, body) }),
        );
    }
    router
}

/// `POST /kiosk/read`: `/ocr/idcard`'s checks and read, answered in the native schema with
/// the straightened card and the holder's photo.
pub(super) async fn read(State(app): State<Arc<App>>, req: Request) -> Response {
    let request_id = new_request_id();
    let options = ReadOptions {
        head_image: true,
        card_image: true,
        trace: false,
    };
    let mut response = match accuauth::process(&app, req, options).await {
        Ok(reading) => json_response(
            200,
            &native::response(&reading, request_id.clone()),
            request_id,
            "OK",
        ),
        Err(f) => accuauth::failure_response(f, request_id),
    };
    kiosk_headers(response.headers_mut());
    response
}

/// Whether a request for `/` comes from a browser opening the server: a `GET` (or `HEAD`)
/// that names `text/html` in its `Accept` header and carries no Tencent action. API clients
/// send `POST`, or `Accept: */*` or `application/json`, and keep getting the API's answers.
pub fn wants_page(method: &Method, headers: &HeaderMap) -> bool {
    if method != Method::GET && method != Method::HEAD {
        return false;
    }
    if headers.contains_key("x-tc-action") {
        return false;
    }
    headers
        .get_all(header::ACCEPT)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|item| {
            let mut parts = item.split(';').map(str::trim);
            let media = parts.next().unwrap_or_default();
            // `text/html;q=0` says the client does not want HTML.
            let refused = parts.any(|p| {
                p.strip_prefix("q=")
                    .and_then(|q| q.trim().parse::<f32>().ok())
                    .is_some_and(|q| q <= 0.0)
            });
            media.eq_ignore_ascii_case("text/html") && !refused
        })
}

/// Whether a request is for the kiosk (for the access log's `api`).
pub fn is_kiosk(method: &Method, path: &str, headers: &HeaderMap) -> bool {
    path == PAGE_PATH || path.starts_with("/kiosk/") || (path == "/" && wants_page(method, headers))
}

/// On `/`: the page for a browser (see [`wants_page`]), the Tencent API for anyone else.
pub(super) async fn page_for_browsers(req: Request, next: Next) -> Response {
    if wants_page(req.method(), req.headers()) {
        return page().await;
    }
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn accept(value: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::ACCEPT, HeaderValue::from_str(value).unwrap());
        h
    }

    #[test]
    fn browsers_get_the_page_api_clients_do_not() {
        let chrome = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
        assert!(wants_page(&Method::GET, &accept(chrome)));
        assert!(wants_page(&Method::HEAD, &accept("TEXT/HTML")));
        assert!(!wants_page(&Method::POST, &accept(chrome)));
        assert!(!wants_page(&Method::GET, &accept("*/*")));
        assert!(!wants_page(&Method::GET, &accept("application/json")));
        assert!(!wants_page(&Method::GET, &accept("text/html;q=0, */*")));
        assert!(!wants_page(&Method::GET, &HeaderMap::new()));
        let mut tc = accept(chrome);
        tc.insert("x-tc-action", HeaderValue::from_static("X"));
        assert!(!wants_page(&Method::GET, &tc));
    }

    fn served(path: &str) -> bool {
        ASSETS.iter().any(|(p, _, _)| *p == path)
    }

    #[test]
    fn the_page_names_only_files_this_server_serves() {
        // Every src/href of the page, and every module a script imports, is one of ASSETS:
        // nothing comes from another host.
        for attr in ["src=\"", "href=\""] {
            for piece in INDEX_HTML.split(attr).skip(1) {
                let target = piece.split('"').next().unwrap();
                // A data: URL is in the page itself.
                let inline = target.starts_with("data:");
                assert!(
                    inline || served(target),
                    "{target} is not served by the kiosk"
                );
            }
        }
        for (path, _, body) in ASSETS.iter().filter(|(p, _, _)| p.ends_with(".js")) {
            for piece in body.split(" from \"").skip(1) {
                let module = piece.split('"').next().unwrap();
                let target = module.strip_prefix("./").map(|m| format!("/kiosk/{m}"));
                assert!(
                    target.as_deref().is_some_and(served),
                    "{path} imports {module}, which the kiosk does not serve"
                );
            }
        }
    }
}

//! `GET /health` (liveness and load, no authentication, no secrets) and
//! `GET /openapi.yaml` (the API reference shipped in the repository).

use super::workers::Load;
use super::App;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;
use std::sync::Arc;

#[derive(Debug, Serialize)]
pub struct Health {
    /// Always `ok` while the server accepts requests.
    pub status: &'static str,
    pub version: &'static str,
    /// `keys` (a keys file is enforced) or `disabled` (`--no-auth`, loopback only).
    pub auth: &'static str,
    #[serde(flatten)]
    pub load: Load,
}

pub(super) async fn health(State(app): State<Arc<App>>) -> Json<Health> {
    Json(Health {
        status: "ok",
        version: env!("CARGO_PKG_VERSION"),
        auth: if app.keys.is_some() {
            "keys"
        } else {
            "disabled"
        },
        load: app.workers.load(),
    })
}

/// The OpenAPI document of both APIs, as in `docs/openapi.yaml`.
pub const OPENAPI_YAML: &str = include_str!("../../../docs/openapi.yaml");

pub(super) async fn openapi() -> Response {
    (
        [(header::CONTENT_TYPE, "application/yaml; charset=utf-8")],
        OPENAPI_YAML,
    )
        .into_response()
}

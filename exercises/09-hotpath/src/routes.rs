//! The router: every route in one place, `/health` and the JSON 404/405 fallbacks.

use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Serialize;

use crate::error::StatsError;
use crate::handler;

/// The largest body `POST /stats` reads: 4 MiB, Go's `http.MaxBytesReader(w, r.Body, 4<<20)`.
pub const MAX_BODY_BYTES: usize = 4 << 20;

/// The whole service, without a socket. It keeps no state: each `POST /stats` is
/// answered from its own body.
pub fn app() -> Router {
    Router::new()
        .route("/health", get(health))
        .route("/stats", post(handler::stats))
        // TODO: axum reads at most 2 MB of a body unless told otherwise, and the
        // README allows 4 MiB. Look up `axum::extract::DefaultBodyLimit`
        // (lessons/09-hotpath.md#the-body-limit).
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
}

#[derive(Serialize)]
struct Health {
    status: &'static str,
}

async fn health() -> Json<Health> {
    Json(Health { status: "ok" })
}

async fn not_found() -> StatsError {
    StatsError::NotFound
}

async fn method_not_allowed() -> StatsError {
    StatsError::MethodNotAllowed
}

//! The router: every route in one place, the body limit, `/health` and the JSON 404/405
//! fallbacks.

use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Serialize;

use crate::error::StatsError;
use crate::handler;

/// The largest body `POST /stats` reads: 4 MiB, Go's `http.MaxBytesReader(w, r.Body, 4<<20)`.
pub const MAX_BODY_BYTES: usize = 4 << 20;

/// The whole service, without a socket: `main` serves it, the tests call it directly.
/// It keeps no state: each `POST /stats` is answered from its own body.
pub fn app() -> Router {
    Router::new()
        .route("/health", get(health))
        .route("/stats", post(handler::stats))
        // axum's own limit is 2 MB, and a 3 MiB body is allowed here: raise it. The
        // extractor (`extract::JsonBody`) turns the limit's plain-text 413 into ours.
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .fallback(not_found)
        // Known path, wrong method: this replaces only the body; axum still adds `Allow`.
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

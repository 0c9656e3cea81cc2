//! The reference's router, with the mutations `health-text` and `default-limit`.

use axum::extract::DefaultBodyLimit;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Serialize;

use crate::error::StatsError;
use crate::handler;
use crate::mutation::{self, Mutation};

/// The largest body `POST /stats` reads: 4 MiB.
pub const MAX_BODY_BYTES: usize = 4 << 20;

pub fn app() -> Router {
    let router = Router::new()
        .route("/health", get(health))
        .route("/stats", post(handler::stats));
    let router = match mutation::active() {
        // MUTATION default-limit: the Go service reads 4 MiB, and the port forgets
        // that axum's own limit is 2 MB.
        Some(Mutation::DefaultLimit) => router,
        _ => router.layer(DefaultBodyLimit::max(MAX_BODY_BYTES)),
    };
    router
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
}

#[derive(Serialize)]
struct Health {
    status: &'static str,
}

async fn health() -> Response {
    match mutation::active() {
        // MUTATION health-text: Go's `fmt.Fprint(w, "ok")`, ported as a string.
        Some(Mutation::HealthText) => "ok".into_response(),
        _ => Json(Health { status: "ok" }).into_response(),
    }
}

async fn not_found() -> StatsError {
    StatsError::NotFound
}

async fn method_not_allowed() -> StatsError {
    StatsError::MethodNotAllowed
}

//! The router: every route in one place, `/health` and the JSON 404/405 fallbacks.

use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Serialize;

use crate::error::JobError;
use crate::jobs;
use crate::mutation::{self, Mutation};
use crate::queue::Queue;
use crate::store::Store;

/// What every handler gets through `State`: the database, and the sending half of the
/// queue. The router owns it, and each connection a clone: when the server has stopped
/// and dropped them all, the queue's `Sender`s go with them, and the workers, once the
/// queue is empty, stop.
#[derive(Debug, Clone)]
pub struct AppState {
    pub store: Store,
    pub queue: Queue,
}

/// The whole service, without a socket: `main` serves it, the tests call it directly.
pub fn app(state: AppState) -> Router {
    Router::new()
        .route("/health", get(health))
        .route("/jobs", post(jobs::create))
        .route("/jobs/{id}", get(jobs::show))
        // Unknown paths: axum's default is an empty 404.
        .fallback(not_found)
        // Known path, wrong method: axum's default is a 405 with an `Allow` header and
        // an empty body. This replaces only the body; axum still adds `Allow`.
        // It applies to the routes registered above it, so it stays last.
        .method_not_allowed_fallback(method_not_allowed)
        .with_state(state)
}

#[derive(Serialize)]
struct Health {
    status: &'static str,
}

/// `main` serves only once the database is open and migrated and the workers are
/// running, so a server that answers at all is ready.
async fn health() -> Response {
    match mutation::active() {
        // MUTATION health-text: plain text; the readiness probe only needs a 200.
        Some(Mutation::HealthText) => "ok".into_response(),
        _ => Json(Health { status: "ok" }).into_response(),
    }
}

async fn not_found() -> JobError {
    JobError::NotFound
}

async fn method_not_allowed() -> JobError {
    JobError::MethodNotAllowed
}

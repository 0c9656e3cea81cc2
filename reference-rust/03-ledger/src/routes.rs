//! The router: every route in one place, `/health` and the JSON 404/405 fallbacks.

use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Serialize;

use crate::error::LedgerError;
use crate::store::AppState;
use crate::{accounts, transfers};

/// The whole service, without a socket: `main` serves it, the tests call it directly.
pub fn app(state: AppState) -> Router {
    Router::new()
        .route("/health", get(health))
        .route("/accounts", post(accounts::open))
        .route("/accounts/{id}", get(accounts::show))
        .route("/accounts/{id}/deposit", post(accounts::deposit))
        .route("/transfers", post(transfers::transfer))
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

async fn health() -> Json<Health> {
    Json(Health { status: "ok" })
}

async fn not_found() -> LedgerError {
    LedgerError::NotFound
}

async fn method_not_allowed() -> LedgerError {
    LedgerError::MethodNotAllowed
}

//! The router: every route in one place, `/health` and the JSON 404/405 fallbacks.

use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Serialize;

use crate::clients;
use crate::error::AppError;
use crate::store::AppState;

/// The whole service, without a socket: `main` serves it, the tests call it directly.
pub fn app(state: AppState) -> Router {
    Router::new()
        .route("/health", get(health))
        .route("/clients", post(clients::create))
        .route(
            "/clients/{name}",
            get(clients::show).delete(clients::delete),
        )
        .route("/clients/{name}/take", post(clients::take))
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

async fn not_found() -> AppError {
    AppError::NotFound
}

async fn method_not_allowed() -> AppError {
    AppError::MethodNotAllowed
}

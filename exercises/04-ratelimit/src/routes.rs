//! The router. Done for you: every route of the contract, `/health`, and the JSON
//! 404/405 fallbacks.

use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::json;

use crate::clients;
use crate::error::AppError;
use crate::store::AppState;

/// The whole service, without a socket: `main` serves it, tests can call it directly.
pub fn app(state: AppState) -> Router {
    Router::new()
        .route("/health", get(health))
        .route("/clients", post(clients::create))
        .route(
            "/clients/{name}",
            get(clients::show).delete(clients::delete),
        )
        .route("/clients/{name}/take", post(clients::take))
        .fallback(not_found)
        // Applies to the routes above it: keep it after the last `.route`.
        .method_not_allowed_fallback(method_not_allowed)
        .with_state(state)
}

async fn health() -> Json<serde_json::Value> {
    Json(json!({ "status": "ok" }))
}

async fn not_found() -> AppError {
    AppError::NotFound
}

async fn method_not_allowed() -> AppError {
    AppError::MethodNotAllowed
}

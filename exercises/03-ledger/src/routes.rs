//! The router. Done for you: every route of the contract, `/health`, and the JSON
//! 404/405 fallbacks you wrote in 01-hello.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::json;

use crate::store::AppState;
use crate::{accounts, transfers};

/// The whole service, without a socket: `main` serves it, tests can call it directly.
pub fn app(state: AppState) -> Router {
    Router::new()
        .route("/health", get(health))
        .route("/accounts", post(accounts::open))
        .route("/accounts/{id}", get(accounts::show))
        .route("/accounts/{id}/deposit", post(accounts::deposit))
        .route("/transfers", post(transfers::transfer))
        .fallback(not_found)
        // Applies to the routes above it: keep it after the last `.route`.
        .method_not_allowed_fallback(method_not_allowed)
        .with_state(state)
}

async fn health() -> Json<serde_json::Value> {
    Json(json!({ "status": "ok" }))
}

// These two build the error body by hand so that they work before `LedgerError`'s
// `status()` and `code()` do. Once those are written, return
// `LedgerError::NotFound` and `LedgerError::MethodNotAllowed` here instead.

async fn not_found() -> Response {
    error_body(StatusCode::NOT_FOUND, "not_found", "no route for this path")
}

async fn method_not_allowed() -> Response {
    error_body(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        "this path does not accept that method",
    )
}

fn error_body(status: StatusCode, code: &str, message: &str) -> Response {
    let body = json!({ "error": { "code": code, "message": message } });
    (status, Json(body)).into_response()
}

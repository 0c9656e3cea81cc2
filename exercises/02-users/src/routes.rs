//! The router. Done for you: every route of the contract, `/health`, and the JSON
//! 404/405 fallbacks you wrote in 01-hello.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::json;

use crate::store::AppState;
use crate::users;

/// The whole service, without a socket: `main` serves it, tests can call it directly.
pub fn app(state: AppState) -> Router {
    Router::new()
        .route("/health", get(health))
        .route("/users", get(users::list).post(users::create))
        .route("/users/{id}", get(users::show).patch(users::update_email))
        .route("/users/{id}/notify", post(users::notify))
        .fallback(not_found)
        // Applies to the routes above it: keep it after the last `.route`.
        .method_not_allowed_fallback(method_not_allowed)
        .with_state(state)
}

async fn health() -> Json<serde_json::Value> {
    Json(json!({ "status": "ok" }))
}

// These two build the error body by hand so that they work before your `AppError`
// does. Once `AppError::into_response` is written, return `AppError` variants here
// instead, as you did in 01-hello.

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

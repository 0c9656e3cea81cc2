//! The router. Done for you: every route of the contract, `/health`, and the JSON
//! 404/405 fallbacks you wrote in 01-hello.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::json;

use crate::store::Store;
use crate::todos;

/// The whole service, without a socket: `main` serves it, tests can call it directly.
pub fn app(store: Store) -> Router {
    Router::new()
        .route("/health", get(health))
        .route("/todos", get(todos::list).post(todos::create))
        // A static segment wins over `{id}`: `GET /todos/batch` is a 405, not an id.
        .route("/todos/batch", post(todos::create_batch))
        .route(
            "/todos/{id}",
            get(todos::show).patch(todos::update).delete(todos::delete),
        )
        .fallback(not_found)
        // Applies to the routes above it: keep it after the last `.route`.
        .method_not_allowed_fallback(method_not_allowed)
        .with_state(store)
}

/// `main` listens only once the database is open and migrated: answering is being ready.
async fn health() -> Json<serde_json::Value> {
    Json(json!({ "status": "ok" }))
}

// These two build the error body by hand so that they work before `TodoError`'s
// `status()` and `code()` do. Once those are written, return `TodoError::NotFound`
// and `TodoError::MethodNotAllowed` here instead.

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

//! The router: every route in one place, `/health` and the JSON 404/405 fallbacks.

use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Serialize;

use crate::error::TodoError;
use crate::mutation::{self, Mutation};
use crate::store::Store;
use crate::todos;

/// The whole service, without a socket: `main` serves it, the tests call it directly.
pub fn app(store: Store) -> Router {
    Router::new()
        .route("/health", get(health))
        .route("/todos", get(todos::list).post(todos::create))
        // A static segment wins over `{id}`: `GET /todos/batch` is this route's 405,
        // not an `invalid_id`.
        .route("/todos/batch", post(todos::create_batch))
        .route(
            "/todos/{id}",
            get(todos::show).patch(todos::update).delete(todos::delete),
        )
        // Unknown paths: axum's default is an empty 404.
        .fallback(not_found)
        // Known path, wrong method: axum's default is a 405 with an `Allow` header and
        // an empty body. This replaces only the body; axum still adds `Allow`.
        // It applies to the routes registered above it, so it stays last.
        .method_not_allowed_fallback(method_not_allowed)
        .with_state(store)
}

#[derive(Serialize)]
struct Health {
    status: &'static str,
}

/// `main` serves only once the database is open and migrated, so a server that
/// answers at all is ready.
async fn health() -> Response {
    match mutation::active() {
        // MUTATION health-text: plain text; the readiness probe only needs a 200.
        Some(Mutation::HealthText) => "ok".into_response(),
        _ => Json(Health { status: "ok" }).into_response(),
    }
}

async fn not_found() -> TodoError {
    TodoError::NotFound
}

async fn method_not_allowed() -> TodoError {
    TodoError::MethodNotAllowed
}

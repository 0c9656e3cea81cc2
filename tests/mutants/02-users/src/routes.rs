//! The router: every route in one place, `/health` and the JSON 404/405 fallbacks.

use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Serialize;

use crate::error::AppError;
use crate::mutation::{self, Mutation};
use crate::store::AppState;
use crate::users;

/// The whole service, without a socket: `main` serves it, the tests call it directly.
pub fn app(state: AppState) -> Router {
    Router::new()
        .route("/health", get(health))
        .route("/users", get(users::list).post(users::create))
        .route("/users/{id}", get(users::show).patch(users::update_email))
        .route("/users/{id}/notify", post(users::notify))
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

async fn health() -> Response {
    match mutation::active() {
        // MUTATION health-text: a plain-text answer; the supervisor's readiness probe
        // only needs a 200, the contract's health case wants JSON.
        Some(Mutation::HealthText) => "ok".into_response(),
        _ => Json(Health { status: "ok" }).into_response(),
    }
}

async fn not_found() -> AppError {
    AppError::NotFound
}

async fn method_not_allowed() -> AppError {
    AppError::MethodNotAllowed
}

//! The router. Done for you: every route of the contract, `/health`, and the JSON
//! 404/405 fallbacks you wrote in 01-hello.

use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::json;

use crate::error::ShortenerError;
use crate::links;
use crate::store::Store;

/// The whole service, without a socket: `main` serves it, tests can call it directly.
///
/// Generic over the store, like the handlers in `links.rs`: `app(MemoryStore::default())`
/// and `app(sqlite_store)` are two copies of this function, made by the compiler. The
/// handlers are named with `::<S>` because axum cannot work out their store from the
/// state alone.
pub fn app<S: Store>(store: S) -> Router {
    Router::new()
        .route("/health", get(health))
        .route("/links", post(links::create::<S>))
        .route(
            "/links/{code}",
            get(links::show::<S>).delete(links::delete::<S>),
        )
        // Static paths win over `{code}`: `/health` is never a redirect, and `GET
        // /links` is a 405. That is why `health` and `links` may not be aliases.
        .route("/{code}", get(links::redirect::<S>))
        .fallback(not_found)
        // Applies to the routes above it: keep it after the last `.route`.
        .method_not_allowed_fallback(method_not_allowed)
        .with_state(store)
}

/// `main` listens only once the store is ready: answering is being ready.
async fn health() -> Json<serde_json::Value> {
    Json(json!({ "status": "ok" }))
}

async fn not_found() -> ShortenerError {
    ShortenerError::NotFound
}

async fn method_not_allowed() -> ShortenerError {
    ShortenerError::MethodNotAllowed
}

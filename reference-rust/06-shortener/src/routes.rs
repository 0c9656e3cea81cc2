//! The router: every route in one place, `/health` and the JSON 404/405 fallbacks.

use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Serialize;

use crate::error::ShortenerError;
use crate::links;
use crate::store::Store;

/// The whole service, without a socket: `main` serves it, the tests call it directly.
///
/// Generic over the store, like the handlers: `app(MemoryStore::default())` and
/// `app(sqlite_store)` are two functions, compiled from this one. What comes out is a
/// `Router` with no type parameter left (`with_state` consumes `S`), so `main` and
/// the tests handle both the same way. The handlers are named with `::<S>`: axum
/// cannot work out which store a generic handler is for from the state alone.
pub fn app<S: Store>(store: S) -> Router {
    Router::new()
        .route("/health", get(health))
        .route("/links", post(links::create::<S>))
        .route(
            "/links/{code}",
            get(links::show::<S>).delete(links::delete::<S>),
        )
        // Static paths win over `{code}`, whatever the order: `/health` is never a
        // redirect, and `GET /links` is the 405 of the route above. That is why
        // `health` and `links` are no aliases.
        .route("/{code}", get(links::redirect::<S>))
        // Unknown paths (`/`, `/a/b`, `/links/`): axum's default is an empty 404.
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

/// `main` serves only once the store is ready (the database open and migrated), so
/// a server that answers at all is ready.
async fn health() -> Json<Health> {
    Json(Health { status: "ok" })
}

async fn not_found() -> ShortenerError {
    ShortenerError::NotFound
}

async fn method_not_allowed() -> ShortenerError {
    ShortenerError::MethodNotAllowed
}

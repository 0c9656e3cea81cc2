//! The router: `/health` is done; the migrated route is yours.

use axum::routing::get;
use axum::{middleware, Json, Router};
use serde::Serialize;

use crate::proxy::{self, Upstream};
use crate::request_id;
use crate::store::Store;

/// What every handler gets through `State`: the database it reads, and the upstream it
/// forwards to (with the one HTTP client). Both are handles: cloning them is cheap.
#[derive(Debug, Clone)]
pub struct AppState {
    pub store: Store,
    pub upstream: Upstream,
}

/// The whole gateway, without a socket: `main` serves it.
///
/// TODO: the migrated route, `GET /todos/{id}` (`todos::read_todo`). Before you add it,
/// read the README's table again: on that path, which requests are the gateway's, and
/// which the upstream's? Then find out what axum answers, by itself, to a method a
/// route was not given (try `curl -X PATCH` on `/health`). In Go, a request that
/// `"GET /todos/{id}"` does not match falls through to the `"/"` pattern; in axum it
/// does not fall through. The same goes for every route the gateway serves, `/health`
/// included. Once a forwarded `PATCH /todos/1` works, look at the headers of its
/// answer: they must be the upstream's, and only those. (And 05 has one more route
/// under `/todos/`: which of the two should `GET /todos/batch` reach?)
pub fn app(state: AppState) -> Router {
    Router::new()
        .route("/health", get(health))
        // Every other path, any method: the upstream's.
        .fallback(proxy::forward)
        // Last, so that it wraps everything above.
        .layer(middleware::from_fn(request_id::tag))
        .with_state(state)
}

#[derive(Serialize)]
struct Health {
    status: &'static str,
}

/// The gateway's own health, not the upstream's: `main` serves only once the database
/// is open, and a gateway whose upstream is down still has its migrated route to give.
async fn health() -> Json<Health> {
    Json(Health { status: "ok" })
}

//! The router: the gateway's own routes, and everything else forwarded.

use axum::routing::any;
use axum::{middleware, Json, Router};
use serde::Serialize;

use crate::proxy::{self, Upstream};
use crate::request_id;
use crate::store::Store;
use crate::todos;

/// What every handler gets through `State`: the database it reads, and the upstream it
/// forwards to (with the one HTTP client). Both are handles: cloning them is cheap, and
/// every clone shares the same pool of connections.
#[derive(Debug, Clone)]
pub struct AppState {
    pub store: Store,
    pub upstream: Upstream,
}

/// The whole gateway, without a socket: `main` serves it, the tests call it directly.
///
/// **The routes the gateway serves itself answer only their own methods.** Go's
/// `ServeMux` gets that for free: a `PATCH /todos/7` that `"GET /todos/{id}"` does not
/// match falls through to the `"/"` pattern, the proxy. axum does not fall through
/// from a route to the router's fallback, and there are two traps on the way:
///
/// - `get(read_todo)` alone answers every other method itself, with axum's `405`:
///   `PATCH` and `DELETE` never reach the upstream, and `PUT` gets axum's `405`
///   instead of the upstream's;
/// - `get(read_todo).fallback(forward)` forwards them, but a method router adds an
///   `Allow` header of its own (`GET,HEAD`) to whatever its fallback answers without
///   one: every forwarded `PATCH` would come back with an `Allow` the upstream never
///   sent.
///
/// `any(forward).get(read_todo)` says what is meant, "every method is forwarded,
/// except `GET` (and `HEAD`), which is ours", and a router built from `any` adds no
/// `Allow`.
pub fn app(state: AppState) -> Router {
    Router::new()
        // `GET` (and `HEAD`) here; `POST /health` and the others go to the upstream,
        // as they would in Go.
        .route("/health", any(proxy::forward).get(health))
        // The migrated route. The upstream still has it (and still answers it behind
        // the gateway's back, to anyone who calls it directly); callers of the gateway
        // get the gateway's.
        .route("/todos/{id}", any(proxy::forward).get(todos::read_todo))
        // Not a todo: 05's batch route. `{id}` would take `GET /todos/batch` and answer
        // `400 invalid_id`; a static segment wins over a parameter, so this route takes
        // it, and sends it on for the upstream to answer (its `405`).
        .route("/todos/batch", any(proxy::forward))
        // Every other path, any method: the upstream's, including its 404s.
        .fallback(proxy::forward)
        // Last, so it wraps everything above: the routes, the fallbacks, and the
        // errors they answer with.
        .layer(middleware::from_fn(request_id::tag))
        .with_state(state)
}

#[derive(Serialize)]
struct Health {
    status: &'static str,
}

/// The gateway's own health, not the upstream's: it is up, its database open. A
/// gateway whose upstream is down still answers (its `GET /todos/{id}` does), and the
/// supervisor that restarts processes on a failed health check must not restart it
/// for someone else's outage.
async fn health() -> Json<Health> {
    Json(Health { status: "ok" })
}

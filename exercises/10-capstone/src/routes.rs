//! The router: every route, `/health`, `/metrics`, the JSON 404/405 fallbacks, and the
//! middleware around all of them.

use std::sync::Arc;

use axum::extract::State;
use axum::http::header::CONTENT_TYPE;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::{middleware, Extension, Json, Router};
use serde::Serialize;

use crate::config::Limits;
use crate::error::OrderError;
use crate::metrics::{self, Metrics};
use crate::orders;
use crate::store::Store;
use crate::telemetry::{self, Unmatched};

/// What every handler can get through `State`: cheap to clone, shared by all requests.
#[derive(Debug, Clone)]
pub struct AppState {
    pub store: Store,
    pub metrics: Arc<Metrics>,
    pub limits: Limits,
}

/// The whole service, without a socket: `main` serves it, the tests call it directly.
pub fn app(state: AppState) -> Router {
    let metrics = state.metrics.clone();
    Router::new()
        .route("/health", get(health))
        .route("/metrics", get(render_metrics))
        .route("/orders", get(orders::list).post(orders::create))
        .route("/orders/{id}", get(orders::show))
        .route("/orders/{id}/cancel", post(orders::cancel))
        .route("/orders/{id}/ship", post(orders::ship))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        // `layer`, not `route_layer`: the 404s and 405s are requests too, with an id, a
        // log line and a count.
        .layer(middleware::from_fn_with_state(metrics, telemetry::observe))
        .with_state(state)
}

#[derive(Serialize)]
struct Health {
    status: &'static str,
}

async fn health() -> Json<Health> {
    Json(Health { status: "ok" })
}

async fn render_metrics(State(state): State<AppState>) -> impl IntoResponse {
    (
        [(CONTENT_TYPE, metrics::CONTENT_TYPE)],
        state.metrics.render(),
    )
}

async fn not_found() -> impl IntoResponse {
    (Extension(Unmatched), OrderError::NotFound)
}

async fn method_not_allowed() -> impl IntoResponse {
    (Extension(Unmatched), OrderError::MethodNotAllowed)
}

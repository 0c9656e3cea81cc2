//! The reference's router, with the mutations `health-text` and `default-limit`.

use axum::body::{to_bytes, Body};
use axum::extract::{DefaultBodyLimit, Request};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Serialize;

use crate::error::StatsError;
use crate::handler;
use crate::mutation::{self, Mutation};

/// The largest body `POST /stats` reads: 4 MiB.
pub const MAX_BODY_BYTES: usize = 4 << 20;

pub fn app() -> Router {
    let router = Router::new()
        .route("/health", get(health))
        .route("/stats", post(handler::stats));
    let router = match mutation::active() {
        // MUTATION default-limit: the Go service reads 4 MiB, and the port forgets
        // that axum's own limit is 2 MB. (Enforced by `axum_default_limit` below rather
        // than by axum, for a deterministic run: see there.)
        Some(Mutation::DefaultLimit) => router
            .layer(middleware::from_fn(axum_default_limit))
            .layer(DefaultBodyLimit::disable()),
        _ => router.layer(DefaultBodyLimit::max(MAX_BODY_BYTES)),
    };
    router
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
}

#[derive(Serialize)]
struct Health {
    status: &'static str,
}

async fn health() -> Response {
    match mutation::active() {
        // MUTATION health-text: Go's `fmt.Fprint(w, "ok")`, ported as a string.
        Some(Mutation::HealthText) => "ok".into_response(),
        _ => Json(Health { status: "ok" }).into_response(),
    }
}

async fn not_found() -> StatsError {
    StatsError::NotFound
}

async fn method_not_allowed() -> StatsError {
    StatsError::MethodNotAllowed
}

/// axum's default limit, 2 MB, as the learner who forgot `DefaultBodyLimit` gets it: a
/// body over it is a 413 `body_too_large`. One difference, for the mutant's sake: axum
/// stops reading at the limit and closes the connection, and with 2 MB of a 4 MiB body
/// still unsent, the client's write then meets a reset that, as often as not, loses the
/// answer too. Reading the whole body first makes the run deterministic: the mutant
/// fails the 3 MiB case every time, and only it.
async fn axum_default_limit(request: Request, next: Next) -> Response {
    const AXUM_DEFAULT_LIMIT: usize = 2_097_152;
    let (parts, body) = request.into_parts();
    match to_bytes(body, usize::MAX).await {
        Ok(bytes) if bytes.len() > AXUM_DEFAULT_LIMIT => StatsError::BodyTooLarge.into_response(),
        Ok(bytes) => {
            next.run(Request::from_parts(parts, Body::from(bytes)))
                .await
        }
        Err(_) => StatsError::Internal.into_response(),
    }
}

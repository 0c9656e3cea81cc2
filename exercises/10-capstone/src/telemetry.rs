//! The middleware around every request: your work.
//!
//! `routes.rs` already puts `observe` around the whole router (`Router::layer`, so the
//! 404s and 405s go through it too). As it is, it only passes the request on. In the
//! Go service, `Server.ServeHTTP` does five things around each request; do the same
//! here:
//!
//! 1. the request id: `RequestId::from_headers` (`request_id.rs`) keeps the client's
//!    valid `X-Request-Id` or makes one;
//! 2. a span, `tracing::info_span!("request", request_id = %id, …)`, that the rest of
//!    the request runs in (`next.run(request).instrument(span.clone())`), so every log
//!    line of the request carries the id;
//! 3. the route's pattern for the metrics label: the router leaves a `MatchedPath` in
//!    the request's extensions (`/orders/{id}`, not `/orders/17`); `metrics::UNMATCHED`
//!    when there is none, and for the fallbacks' answers (they carry `Unmatched`);
//! 4. after the answer: `metrics.observe(method, route, status)`, the in-flight gauge
//!    (`metrics.in_flight()` is a guard), `X-Request-Id` on the response;
//! 5. one log line for the request, written *inside* the span.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;

use crate::metrics::Metrics;

/// Marks a response of the 404/405 fallbacks, which no route answered: its route label
/// is `unmatched`.
#[derive(Debug, Clone, Copy)]
pub struct Unmatched;

/// The middleware (`axum::middleware::from_fn_with_state`), around the whole router.
pub async fn observe(
    State(_metrics): State<Arc<Metrics>>,
    request: Request,
    next: Next,
) -> Response {
    // TODO: the five steps above. Until then, requests pass through untouched.
    next.run(request).await
}

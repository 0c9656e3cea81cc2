//! The middleware around every request: its id, its span, its log line, its metrics.
//!
//! The Go service does this in `Server.ServeHTTP`: it puts the id in the request's
//! `context`, and a `slog.Handler` of its own copies it onto every line logged with
//! that context (`slog.InfoContext(ctx, …)`). In Rust the id goes into a `tracing`
//! span, and every event inside the span (the handler's, the store's, this
//! middleware's own line) carries the span's fields: no context to pass, and no way to
//! forget it, as long as the work stays inside the span.

use std::sync::Arc;
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::Response;
use tracing::Instrument;

use crate::metrics::{Metrics, UNMATCHED};
use crate::request_id::{RequestId, X_REQUEST_ID};

/// Marks a response of the 404/405 fallbacks, which no route answered: axum knows the
/// matched path for a 405 (the path matched, the method did not), but the route label
/// is `unmatched` for both, as in the Go service.
#[derive(Debug, Clone, Copy)]
pub struct Unmatched;

/// The middleware (`axum::middleware::from_fn_with_state`), around the whole router.
pub async fn observe(
    State(metrics): State<Arc<Metrics>>,
    request: Request,
    next: Next,
) -> Response {
    let started = Instant::now();
    let id = RequestId::from_headers(request.headers());
    let method = request.method().clone();
    // `Router::layer` wraps every route, so by the time this runs the router has
    // matched the path and left its pattern in the extensions.
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or(UNMATCHED, MatchedPath::as_str)
        .to_owned();
    let _in_flight = metrics.in_flight();

    let span = tracing::info_span!("request", request_id = %id, %method, %route);
    let mut response = next.run(request).instrument(span.clone()).await;

    let route = if response.extensions().get::<Unmatched>().is_some() {
        UNMATCHED
    } else {
        route.as_str()
    };
    let status = response.status().as_u16();
    metrics.observe(method.as_str(), route, status);
    response
        .headers_mut()
        .insert(X_REQUEST_ID.clone(), id.header_value());
    // In the span, like every line of the request.
    span.in_scope(|| {
        tracing::info!(
            status,
            duration_ms = started.elapsed().as_millis(),
            "request"
        );
    });
    response
}

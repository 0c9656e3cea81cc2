//! The middleware around every request: its id, its span, its log line, its metrics.
//! Mutations here: `raw-path-label`, `log-outside-span`, `request-id-ignored`,
//! `text-errors`.
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
use crate::mutation::{self, Mutation};
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
    let id = match mutation::active() {
        // MUTATION request-id-ignored: the id is always made here, the caller's
        // X-Request-Id never read (a middleware copied from a service that had no callers).
        Some(Mutation::RequestIdIgnored) => RequestId::generate(),
        _ => RequestId::from_headers(request.headers()),
    };
    let method = request.method().clone();
    // `Router::layer` wraps every route, so by the time this runs the router has
    // matched the path and left its pattern in the extensions.
    let route = match mutation::active() {
        // MUTATION raw-path-label: Go's `r.URL.Path` as the label: a series per order.
        Some(Mutation::RawPathLabel) => request.uri().path().to_owned(),
        _ => request
            .extensions()
            .get::<MatchedPath>()
            .map_or(UNMATCHED, MatchedPath::as_str)
            .to_owned(),
    };
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
    // MUTATION text-errors: every error written as Go's `http.Error` would, with the
    // JSON text but `Content-Type: text/plain`.
    if status >= 400 && mutation::active() == Some(Mutation::TextErrors) {
        response.headers_mut().insert(
            axum::http::header::CONTENT_TYPE,
            axum::http::HeaderValue::from_static("text/plain; charset=utf-8"),
        );
    }
    // In the span, like every line of the request.
    match mutation::active() {
        // MUTATION log-outside-span: Go's `slog.Info` where `slog.InfoContext(ctx, …)`
        // was meant: the line is written after the span is left, without the id.
        Some(Mutation::LogOutsideSpan) => {
            tracing::info!(
                status,
                duration_ms = started.elapsed().as_millis(),
                "request"
            );
        }
        _ => span.in_scope(|| {
            tracing::info!(
                status,
                duration_ms = started.elapsed().as_millis(),
                "request"
            );
        }),
    }
    response
}

//! `X-Request-Id`: your work.
//!
//! The Go gateway (`reference-go/08-gateway/requestid.go`) wraps its mux in a
//! `func(http.Handler) http.Handler`: it fixes the header on the request before calling
//! the next handler, and wraps the `ResponseWriter` to set the header on the answer.
//! In axum the same thing is a middleware, `axum::middleware::from_fn(tag)` (already in
//! `routes.rs`): an `async fn` that gets the request and `Next`, and owns the response
//! once `next.run(request).await` returns it.
//!
//! What the contract wants (README, "Request ids"):
//!
//! - a valid id (1 to 128 characters, each a letter, a digit, `-`, `_`, `.` or `:`) is
//!   kept; a missing or invalid one is replaced by a fresh one, 32 lowercase
//!   hexadecimal digits from 128 random bits (`format!("{:032x}", rand::random::<u128>())`);
//! - the id is on the request the upstream gets (`proxy::forward` copies the request's
//!   headers), and on every answer: the gateway's own, forwarded ones (over any id the
//!   upstream set) and the `502`/`504`s;
//! - one log line per request, with its id (`tracing::info!`, or a span around
//!   `next.run(...)`: `tracing::Instrument`). Put the id in the request's extensions
//!   too (`request.extensions_mut().insert(...)`): a handler can then take
//!   `Extension<RequestId>`.

use axum::extract::Request;
use axum::http::{HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

pub static X_REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The longest id kept.
pub const MAX_LEN: usize = 128;

/// A request's id, valid by construction: the only ways to get one are `parse` and
/// `generate`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestId(HeaderValue);

impl RequestId {
    /// The client's id, when it is a valid one.
    pub fn parse(_value: &HeaderValue) -> Option<Self> {
        todo!("Some(id) for 1 to 128 of [A-Za-z0-9-_.:], else None")
    }

    /// A fresh id: 128 random bits as 32 lowercase hexadecimal digits.
    pub fn generate() -> Self {
        todo!("32 lowercase hex digits from rand::random::<u128>()")
    }
}

/// The middleware. TODO: all of it. As given, it passes every request through
/// untouched, so that `/health` answers.
pub async fn tag(request: Request, next: Next) -> Response {
    next.run(request).await
}

//! `X-Request-Id`: one id per request, from the client to the upstream and back, and in
//! the gateway's log line.
//!
//! The Go gateway wraps its mux in a `func(http.Handler) http.Handler` that fixes the
//! header on the `*http.Request` before calling the next handler and sets it on the
//! `ResponseWriter` before anything is written. In axum the same thing is a middleware
//! (`axum::middleware::from_fn`): an `async fn` that gets the request and `Next`, and
//! owns the response once `next.run` returns it. Owning it is simpler than Go's
//! version: the header is set *after* the handler ran, so it overrides whatever the
//! upstream said, and no handler can forget it, the gateway's own `502`s and `504`s
//! included.

use std::fmt;
use std::time::Instant;

use axum::extract::Request;
use axum::http::{HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use tracing::Instrument;

pub static X_REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The longest id kept.
pub const MAX_LEN: usize = 128;

/// A request's id: 1 to 128 characters, each a letter, a digit, `-`, `_`, `.` or `:`.
///
/// It is also in the request's extensions: a handler that needs it takes
/// `Extension<RequestId>`, as a Go handler would read it back from the `context`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestId(HeaderValue);

impl RequestId {
    /// The client's id, when it is one we can pass on: nothing that could break a log
    /// line or a header downstream (spaces, control characters, non-ASCII bytes).
    pub fn parse(value: &HeaderValue) -> Option<Self> {
        is_valid(value.as_bytes()).then(|| Self(value.clone()))
    }

    /// A fresh id: 128 random bits as 32 lowercase hexadecimal digits.
    pub fn generate() -> Self {
        let hex = format!("{:032x}", rand::random::<u128>());
        // Hexadecimal digits are visible ASCII, which a header value always accepts.
        Self(HeaderValue::from_str(&hex).expect("hex digits are a valid header value"))
    }

    pub fn header_value(&self) -> HeaderValue {
        self.0.clone()
    }
}

impl fmt::Display for RequestId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Only valid ids are ever built, and they are ASCII.
        f.write_str(self.0.to_str().unwrap_or_default())
    }
}

fn is_valid(id: &[u8]) -> bool {
    (1..=MAX_LEN).contains(&id.len())
        && id
            .iter()
            .all(|&b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':'))
}

/// The middleware: keeps the client's valid id or makes a new one, puts it on the
/// request (its header, which `proxy::forward` copies to the upstream, and its
/// extensions), runs the rest of the router in a span that carries it, then sets it on
/// the response and logs one line for the request.
pub async fn tag(mut request: Request, next: Next) -> Response {
    let id = request
        .headers()
        .get(&X_REQUEST_ID)
        .and_then(RequestId::parse)
        .unwrap_or_else(RequestId::generate);
    // `insert`, not `append`: an invalid id the client sent is replaced, not kept next
    // to ours, and a repeated header becomes one.
    request
        .headers_mut()
        .insert(X_REQUEST_ID.clone(), id.header_value());
    request.extensions_mut().insert(id.clone());

    let method = request.method().clone();
    let uri = request.uri().clone();
    let started = Instant::now();
    // Every line logged while the request is handled (a database error, an upstream
    // failure) is inside this span, so it carries the id too.
    let span = tracing::info_span!("request", id = %id);
    let mut response = next.run(request).instrument(span.clone()).await;

    // The gateway's id wins over any the upstream put on its answer: the client must
    // get back the id it sent, or the one it was given.
    response
        .headers_mut()
        .insert(X_REQUEST_ID.clone(), id.header_value());
    span.in_scope(|| {
        tracing::info!(
            %method,
            %uri,
            status = response.status().as_u16(),
            elapsed_ms = started.elapsed().as_millis(),
            "answered"
        );
    });
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(raw: &[u8]) -> Option<RequestId> {
        RequestId::parse(&HeaderValue::from_bytes(raw).expect("a header value"))
    }

    #[test]
    fn valid_ids_are_kept() {
        let longest = "a".repeat(MAX_LEN);
        for id in ["a", "abc-123", "A.b_c:d-e", "0", longest.as_str()] {
            let kept = parse(id.as_bytes()).expect("valid");
            assert_eq!(kept.to_string(), id);
        }
    }

    #[test]
    fn invalid_ids_are_refused() {
        let too_long = "a".repeat(MAX_LEN + 1);
        for id in [
            "".as_bytes(),
            too_long.as_bytes(),
            b"a b",
            b"a\tb",
            b"a/b",
            b"a,b",
            b"{id}",
            "é".as_bytes(),
            b"\x80",
        ] {
            assert_eq!(parse(id), None, "{id:?}");
        }
    }

    #[test]
    fn fresh_ids_are_32_lowercase_hex_digits() {
        let id = RequestId::generate().to_string();
        assert_eq!(id.len(), 32, "{id}");
        assert!(
            id.bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)),
            "{id}"
        );
        assert!(parse(id.as_bytes()).is_some());
        assert_ne!(RequestId::generate(), RequestId::generate());
    }
}

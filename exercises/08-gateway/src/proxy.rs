//! Forwarding: your work. Everything the gateway does not answer itself goes to the
//! upstream, and the upstream's answer comes back unchanged.
//!
//! The Go gateway (`reference-go/08-gateway/proxy.go`), in outline:
//!
//! ```go
//! proxy := &httputil.ReverseProxy{
//!     Rewrite:      func(pr *httputil.ProxyRequest) { pr.SetURL(upstream) },
//!     ErrorHandler: func(w, r, err) { /* 504 if DeadlineExceeded, else 502 */ },
//! }
//! ctx, cancel := context.WithTimeout(r.Context(), timeout)
//! defer cancel()
//! proxy.ServeHTTP(w, r.WithContext(ctx))
//! ```
//!
//! Rust has no `ReverseProxy`: the same steps, written out with `reqwest`:
//!
//! - **The request as it came** (README, "What the gateway answers"): the method, the
//!   path *and the query string* (`uri.path_and_query()`), the headers minus
//!   `HOP_BY_HOP` and `Host`, the body. axum's extractors give you the pieces:
//!   `Method`, `Uri`, `HeaderMap`, and `Bytes` last (it consumes the body).
//!   `self.client.request(method, url).headers(headers).body(body).send()`.
//! - **The answer as it came**: the upstream's status, its headers minus `HOP_BY_HOP`
//!   (its `Allow`, its `Location`, its `Content-Type`), its body (`response.bytes()`),
//!   into an `axum::response::Response`.
//! - **A deadline**: `tokio::time::timeout(duration, future)` is `context.WithTimeout`;
//!   what does it return when time is up, and what does the client get then? And what
//!   does reqwest return when nothing listens at `UPSTREAM_URL`? Each is a different
//!   `GatewayError`.
//! - **Never twice**: not on a timeout, not on a refused connection (README: why).

use std::time::Duration;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderName, Method, Uri};
use axum::response::Response;
use reqwest::Url;

use crate::error::GatewayError;
use crate::routes::AppState;

/// The hop-by-hop headers (RFC 9110, section 7.6.1): they describe one connection,
/// the client's to the gateway or the gateway's to the upstream, and a proxy must not
/// pass them on, in either direction. The headers that `Connection` itself names are
/// hop-by-hop too.
pub const HOP_BY_HOP: [HeaderName; 8] = [
    header::CONNECTION,
    HeaderName::from_static("keep-alive"),
    header::PROXY_AUTHENTICATE,
    header::PROXY_AUTHORIZATION,
    header::TE,
    header::TRAILER,
    header::TRANSFER_ENCODING,
    header::UPGRADE,
];

/// The upstream: where it is, how long to wait for it, and the one HTTP client every
/// forwarded request goes through. Done for you.
///
/// One `reqwest::Client` for the whole process, cloned into each request (a clone is a
/// handle to the same client): it keeps a pool of open connections to the upstream. A
/// client built per request would throw the pool away every time.
#[derive(Debug, Clone)]
pub struct Upstream {
    client: reqwest::Client,
    /// `UPSTREAM_URL` without its trailing `/`: a forwarded path starts with one.
    base: String,
    timeout: Duration,
}

impl Upstream {
    pub fn new(url: &Url, timeout: Duration) -> Result<Self, reqwest::Error> {
        let client = reqwest::Client::builder()
            // A `302` is the upstream's answer, for the client to follow or not.
            .redirect(reqwest::redirect::Policy::none())
            // Straight to UPSTREAM_URL, whatever HTTP_PROXY says in the environment.
            .no_proxy()
            // No retries of reqwest's own either.
            .retry(reqwest::retry::never())
            .build()?;
        Ok(Self {
            client,
            base: url.as_str().trim_end_matches('/').to_owned(),
            timeout,
        })
    }
}

/// The router's fallback: forwards the request, and passes the answer back.
pub async fn forward(
    State(_app): State<AppState>,
    _method: Method,
    _uri: Uri,
    _headers: HeaderMap,
    _body: Result<Bytes, BytesRejection>,
) -> Result<Response, GatewayError> {
    todo!("send the request to the upstream as it came, and its answer back as it came: 502 when it cannot be reached, 504 after UPSTREAM_TIMEOUT_MS")
}

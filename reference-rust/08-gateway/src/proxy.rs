//! Forwarding: everything the gateway does not answer itself goes to the upstream, and
//! the upstream's answer comes back unchanged.
//!
//! The Go gateway gets this from `httputil.ReverseProxy`: it copies the request, drops
//! the hop-by-hop headers, sends it, copies the answer back, and calls its
//! `ErrorHandler` when there is none. Rust has no reverse proxy in the standard
//! library, so the same steps are written out here with an HTTP client, `reqwest`:
//!
//! 1. take the request apart: method, path and query, headers, body (buffered);
//! 2. drop the headers that belong to the connection, not to the message;
//! 3. send it, once, and wait for the answer at most `UPSTREAM_TIMEOUT_MS`;
//! 4. build the response from the upstream's status, headers and body.

use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::rejection::BytesRejection;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderName, Method, StatusCode, Uri};
use axum::response::Response;
use reqwest::Url;

use crate::error::GatewayError;
use crate::request_id::X_REQUEST_ID;
use crate::routes::AppState;

/// The hop-by-hop headers (RFC 9110, section 7.6.1): they describe one connection,
/// the client's to the gateway or the gateway's to the upstream, and a proxy must not
/// pass them on. The headers that `Connection` itself names are hop-by-hop too.
const HOP_BY_HOP: [HeaderName; 8] = [
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
/// forwarded request goes through.
///
/// One `reqwest::Client` for the whole process, cloned into each request (a clone is
/// a handle to the same client): it keeps a pool of open connections to the upstream,
/// so a request does not pay for a TCP handshake each time. Building a client per
/// request would throw the pool away every time.
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
            // A `302` is the upstream's answer, for the client to follow or not; a
            // proxy that followed it would answer with some other resource.
            .redirect(reqwest::redirect::Policy::none())
            // Straight to UPSTREAM_URL, whatever HTTP_PROXY says in the environment.
            .no_proxy()
            // Never send a request twice (see `forward`): not even the retries reqwest
            // makes on its own for some protocol errors.
            .retry(reqwest::retry::never())
            // Nothing to say about compression: without its `gzip` feature reqwest
            // neither asks for compressed answers nor unpacks them, so the body comes
            // back as the upstream wrote it. (One header reqwest does add on its own:
            // `Accept: */*` to a request without `Accept`, which means what no `Accept`
            // means, any media type.)
            .build()?;
        Ok(Self {
            client,
            base: url.as_str().trim_end_matches('/').to_owned(),
            timeout,
        })
    }

    /// Sends one request and reads the whole answer, or gives up after `timeout`.
    ///
    /// The timeout covers everything up to the last byte of the body: an upstream that
    /// sends its headers and then stalls is as late as one that sends nothing.
    async fn send(
        &self,
        method: Method,
        path_and_query: &str,
        headers: HeaderMap,
        body: Bytes,
    ) -> Result<(StatusCode, HeaderMap, Bytes), GatewayError> {
        // reqwest builds a `Url` from this text; with a valid `base` and a path from a
        // valid `Uri` it always parses (and if it did not, `send` would fail, a 502).
        //
        // A `Url` is the WHATWG URL of browsers, and parsing one normalises a little:
        // `.` and `..` segments are resolved (`/todos/2/../1` goes out as `/todos/1`),
        // and `{`, `}` in a path or `'` in a query are percent-encoded. The rest goes
        // out byte for byte: percent-escapes, empty segments, the query string. Go's
        // `ReverseProxy` sends the path untouched; a Rust gateway that must, too, would
        // use hyper's client, which takes an `http::Uri` as it is.
        let url = format!("{}{path_and_query}", self.base);
        let mut request = self.client.request(method, url).headers(headers);
        if !body.is_empty() {
            // `Bytes` is reference-counted: no copy of the body here.
            request = request.body(body);
        }
        let exchange = async {
            let response = request.send().await?;
            let status = response.status();
            let headers = response.headers().clone();
            let body = response.bytes().await?;
            Ok((status, headers, body))
        };
        // When time is up, `timeout` drops the exchange, and with it the connection it
        // was using: the upstream sees the client go away, as with Go's context.
        match tokio::time::timeout(self.timeout, exchange).await {
            Ok(answer) => answer.map_err(GatewayError::UpstreamUnavailable),
            Err(_elapsed) => Err(GatewayError::UpstreamTimeout(self.timeout)),
        }
    }
}

/// The router's fallback, and the `any(...)` of the routes the gateway serves itself:
/// forwards the request, and passes the answer back.
///
/// **No retry.** The gateway cannot tell a request the upstream never saw from one it
/// received and maybe carried out before the connection broke or the time ran out. A
/// `POST /todos` sent twice would create two todos. So a failure is answered at once,
/// `502` or `504`, and the client, who knows what the request was, decides.
pub async fn forward(
    State(app): State<AppState>,
    method: Method,
    uri: Uri,
    mut headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, GatewayError> {
    // Buffered: the Go todos service takes small JSON bodies, and a buffered body has
    // a known length. A body over axum's default limit (2 MB) is a 413, not forwarded.
    let body = body?;
    // The request id the middleware put on the request is end to end, whatever the
    // client's `Connection` names: set aside while the hop-by-hop headers go.
    let id = headers.remove(&X_REQUEST_ID);
    strip_hop_by_hop(&mut headers);
    if let Some(id) = id {
        headers.insert(X_REQUEST_ID.clone(), id);
    }
    // `Host` names the gateway; reqwest sets the upstream's from the URL.
    headers.remove(header::HOST);
    // The path as it came, percent-encoding and all, and the query string with it.
    let path_and_query = uri.path_and_query().map_or("/", |pq| pq.as_str());

    let (status, mut upstream_headers, body) = app
        .upstream
        .send(method, path_and_query, headers, body)
        .await?;

    strip_hop_by_hop(&mut upstream_headers);
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = status;
    *response.headers_mut() = upstream_headers;
    Ok(response)
}

/// Removes the hop-by-hop headers, and those `Connection` names.
fn strip_hop_by_hop(headers: &mut HeaderMap) {
    let named: Vec<HeaderName> = headers
        .get_all(header::CONNECTION)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .filter_map(|name| HeaderName::try_from(name.trim()).ok())
        .collect();
    for name in named.iter().chain(&HOP_BY_HOP) {
        headers.remove(name);
    }
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    #[test]
    fn hop_by_hop_headers_are_removed_and_the_rest_kept() {
        let mut headers = HeaderMap::new();
        for (name, value) in [
            ("connection", "keep-alive, X-Hop"),
            ("keep-alive", "timeout=5"),
            ("proxy-authorization", "Basic eA=="),
            ("proxy-authenticate", "Basic"),
            ("te", "trailers"),
            ("trailer", "X-Checksum"),
            ("transfer-encoding", "chunked"),
            ("upgrade", "websocket"),
            ("x-hop", "1"),
            ("authorization", "Bearer t"),
            ("content-type", "application/json"),
            ("x-request-id", "abc"),
        ] {
            headers.append(
                HeaderName::from_static(name),
                HeaderValue::from_static(value),
            );
        }
        strip_hop_by_hop(&mut headers);
        let mut left: Vec<&str> = headers.keys().map(HeaderName::as_str).collect();
        left.sort_unstable();
        assert_eq!(left, ["authorization", "content-type", "x-request-id"]);
    }

    #[test]
    fn a_malformed_connection_header_names_nothing() {
        let mut headers = HeaderMap::new();
        headers.insert(header::CONNECTION, HeaderValue::from_static(", ,bad name"));
        headers.insert(header::ACCEPT, HeaderValue::from_static("*/*"));
        strip_hop_by_hop(&mut headers);
        assert_eq!(headers.len(), 1);
    }
}

//! The README's tables, row by row, against the router without a socket.

mod conventions;
mod refusals;
mod statistics;

use axum::body::Body;
use axum::http::{header, HeaderMap, HeaderValue, Method, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

use crate::routes::app;

const JSON: &str = "application/json";

/// The service; it keeps no state, so tests share nothing through it.
struct Service(Router);

struct Reply {
    status: StatusCode,
    headers: HeaderMap,
    body: Value,
}

impl Service {
    fn new() -> Self {
        Self(app())
    }

    /// Sends `body` as-is, with `content_type` when given.
    async fn raw(
        &self,
        method: Method,
        uri: &str,
        content_type: Option<&str>,
        body: impl Into<Body>,
    ) -> Reply {
        let mut request = Request::builder().method(method).uri(uri);
        if let Some(content_type) = content_type {
            request = request.header(header::CONTENT_TYPE, content_type);
        }
        let request = request.body(body.into()).expect("a valid request");
        let response = self
            .0
            .clone()
            .oneshot(request)
            .await
            .expect("the router is infallible");
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response
            .into_body()
            .collect()
            .await
            .expect("a readable body")
            .to_bytes();
        let body = serde_json::from_slice(&bytes)
            .unwrap_or_else(|err| panic!("body is not JSON ({err}): {bytes:?}"));
        Reply {
            status,
            headers,
            body,
        }
    }

    async fn stats(&self, body: impl Into<Body>) -> Reply {
        self.raw(Method::POST, "/stats", Some(JSON), body).await
    }
}

fn assert_json(reply: &Reply, status: StatusCode, body: &Value) {
    assert_eq!(reply.status, status, "body: {}", reply.body);
    assert_eq!(
        reply.headers.get(header::CONTENT_TYPE),
        Some(&HeaderValue::from_static(JSON))
    );
    assert_eq!(&reply.body, body);
}

fn assert_error(reply: &Reply, status: StatusCode, code: &str) {
    assert_eq!(reply.status, status, "body: {}", reply.body);
    assert_eq!(
        reply.headers.get(header::CONTENT_TYPE),
        Some(&HeaderValue::from_static(JSON))
    );
    assert_eq!(reply.body["error"]["code"], code, "body: {}", reply.body);
    let message = reply.body["error"]["message"].as_str().unwrap_or_default();
    assert!(
        !message.is_empty(),
        "error without a message: {}",
        reply.body
    );
}

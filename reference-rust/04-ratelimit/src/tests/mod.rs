//! The README's tables, row by row, against the router without a socket: one file per
//! section of the README, the shared client here. Every refusal is followed by a read
//! of the counters it must (or must not) have changed.

mod bodies;
mod clients;
mod concurrency;
mod conventions;
mod takes;

use axum::body::Body;
use axum::http::{header, HeaderMap, HeaderValue, Method, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use serde_json::{json, Value};
use tower::ServiceExt;

use crate::routes::app;
use crate::store::AppState;

const JSON: &str = "application/json";

/// One service per test; requests share its state. `Clone` so that concurrent tasks
/// can each own a handle: the clone shares the state (an `Arc` inside).
#[derive(Clone)]
struct Service(Router);

struct Reply {
    status: StatusCode,
    headers: HeaderMap,
    /// The body as JSON; `Null` for an empty body (a `204`).
    body: Value,
}

impl Service {
    fn new() -> Self {
        Self(app(AppState::default()))
    }

    /// Sends `body` as-is, with `content_type` when given.
    async fn raw(
        &self,
        method: Method,
        uri: &str,
        content_type: Option<&str>,
        body: &str,
    ) -> Reply {
        let mut request = Request::builder().method(method).uri(uri);
        if let Some(content_type) = content_type {
            request = request.header(header::CONTENT_TYPE, content_type);
        }
        let request = request
            .body(Body::from(body.to_owned()))
            .expect("a valid request");
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
        let body = if bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&bytes)
                .unwrap_or_else(|err| panic!("body is not JSON ({err}): {bytes:?}"))
        };
        Reply {
            status,
            headers,
            body,
        }
    }

    async fn get(&self, uri: &str) -> Reply {
        self.raw(Method::GET, uri, None, "").await
    }

    async fn post(&self, uri: &str, body: Value) -> Reply {
        self.raw(Method::POST, uri, Some(JSON), &body.to_string())
            .await
    }

    async fn delete(&self, uri: &str) -> Reply {
        self.raw(Method::DELETE, uri, None, "").await
    }

    async fn create_reply(&self, name: &str, burst: i64, per_minute: i64) -> Reply {
        let body = json!({"name": name, "burst": burst, "per_minute": per_minute});
        self.post("/clients", body).await
    }

    /// Creates a client that the test needs.
    async fn create(&self, name: &str, burst: i64, per_minute: i64) {
        let reply = self.create_reply(name, burst, per_minute).await;
        assert_eq!(reply.status, StatusCode::CREATED, "body: {}", reply.body);
    }

    /// `POST /clients/{name}/take`, without a body.
    async fn take(&self, name: &str) -> Reply {
        let uri = format!("/clients/{name}/take");
        self.raw(Method::POST, &uri, None, "").await
    }

    /// The client as `GET /clients/{name}` shows it.
    async fn client(&self, name: &str) -> Value {
        let reply = self.get(&format!("/clients/{name}")).await;
        assert_eq!(reply.status, StatusCode::OK, "body: {}", reply.body);
        reply.body
    }

    /// `(remaining, allowed, rejected)` of a client.
    async fn counts(&self, name: &str) -> (u64, u64, u64) {
        let client = self.client(name).await;
        let count = |field: &str| client[field].as_u64().expect("a count");
        (count("remaining"), count("allowed"), count("rejected"))
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

/// A `429 rate_limited` with `Retry-After: seconds`.
fn assert_rate_limited(reply: &Reply, seconds: u64) {
    assert_error(reply, StatusCode::TOO_MANY_REQUESTS, "rate_limited");
    assert_eq!(
        reply.headers.get(header::RETRY_AFTER),
        Some(&HeaderValue::from(seconds)),
        "body: {}",
        reply.body
    );
}

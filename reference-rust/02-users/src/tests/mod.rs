//! The README's tables, row by row, against the router without a socket: one file per
//! section of the README, the shared client here.

mod conventions;
mod ids;
mod notify;
mod patch;
mod resource;

use axum::body::Body;
use axum::http::{header, HeaderMap, HeaderValue, Method, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use serde_json::{json, Value};
use tower::ServiceExt;

use crate::routes::app;
use crate::store::AppState;

const JSON: &str = "application/json";

/// One service per test; requests share its state.
struct Service(Router);

struct Reply {
    status: StatusCode,
    headers: HeaderMap,
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
        let body = serde_json::from_slice(&bytes)
            .unwrap_or_else(|err| panic!("body is not JSON ({err}): {bytes:?}"));
        Reply {
            status,
            headers,
            body,
        }
    }

    async fn get(&self, uri: &str) -> Reply {
        self.raw(Method::GET, uri, None, "").await
    }

    async fn send(&self, method: Method, uri: &str, body: Value) -> Reply {
        self.raw(method, uri, Some(JSON), &body.to_string()).await
    }

    async fn create(&self, body: Value) -> Reply {
        self.send(Method::POST, "/users", body).await
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

/// A service that has one user, Ada (id 1), with an email and an account.
async fn service_with_ada() -> Service {
    let service = Service::new();
    service
        .create(json!({"name": "Ada", "email": "ada@example.com", "account": {"plan": "pro"}}))
        .await;
    service
}

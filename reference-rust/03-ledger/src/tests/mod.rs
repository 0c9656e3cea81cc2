//! The README's tables, row by row, against the router without a socket: one file per
//! section of the README, the shared client here. Every refusal is followed by reads
//! of the balances it must not have changed.

mod accounts;
mod bodies;
mod conventions;
mod deposits;
mod ids;
mod transfers;

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

    async fn post(&self, uri: &str, body: Value) -> Reply {
        self.raw(Method::POST, uri, Some(JSON), &body.to_string())
            .await
    }

    /// Opens an account that the test needs, and returns its id.
    async fn open(&self, owner: &str, balance: i64) -> i64 {
        let reply = self
            .post("/accounts", json!({"owner": owner, "balance": balance}))
            .await;
        assert_eq!(reply.status, StatusCode::CREATED, "body: {}", reply.body);
        reply.body["id"].as_i64().expect("an integer id")
    }

    async fn balance(&self, id: i64) -> i64 {
        let reply = self.get(&format!("/accounts/{id}")).await;
        assert_eq!(reply.status, StatusCode::OK, "body: {}", reply.body);
        reply.body["balance"].as_i64().expect("an integer balance")
    }

    async fn deposit(&self, id: i64, amount: i64) -> Reply {
        self.post(
            &format!("/accounts/{id}/deposit"),
            json!({"amount": amount}),
        )
        .await
    }

    async fn transfer(&self, from: i64, to: i64, amount: i64) -> Reply {
        self.post(
            "/transfers",
            json!({"from": from, "to": to, "amount": amount}),
        )
        .await
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

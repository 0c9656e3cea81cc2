//! The README's table, row by row, against the router without a socket.

use axum::body::Body;
use axum::http::{header, HeaderMap, HeaderValue, Method, Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::{json, Value};
use tower::ServiceExt;

use crate::routes::app;

struct Reply {
    status: StatusCode,
    headers: HeaderMap,
    body: Value,
}

async fn send(method: Method, uri: &str) -> Reply {
    let request = Request::builder()
        .method(method)
        .uri(uri)
        .body(Body::empty())
        .expect("a valid request");
    let response = app()
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

async fn get(uri: &str) -> Reply {
    send(Method::GET, uri).await
}

fn assert_json_content_type(reply: &Reply) {
    let content_type = reply.headers.get(header::CONTENT_TYPE);
    assert_eq!(
        content_type,
        Some(&HeaderValue::from_static("application/json"))
    );
}

fn assert_error(reply: &Reply, status: StatusCode, code: &str) {
    assert_eq!(reply.status, status, "body: {}", reply.body);
    assert_json_content_type(reply);
    assert_eq!(reply.body["error"]["code"], code);
    let message = reply.body["error"]["message"].as_str().unwrap_or_default();
    assert!(
        !message.is_empty(),
        "error without a message: {}",
        reply.body
    );
}

#[tokio::test]
async fn health_is_ok() {
    let reply = get("/health").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_json_content_type(&reply);
    assert_eq!(reply.body, json!({"status": "ok"}));
}

#[tokio::test]
async fn hello_greets_by_name() {
    let reply = get("/hello?name=Ada").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_json_content_type(&reply);
    assert_eq!(reply.body, json!({"message": "Hello, Ada!"}));
}

#[tokio::test]
async fn missing_name_is_the_world() {
    let reply = get("/hello").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.body, json!({"message": "Hello, world!"}));
}

#[tokio::test]
async fn empty_name_is_the_world_too() {
    let reply = get("/hello?name=").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.body, json!({"message": "Hello, world!"}));
}

#[tokio::test]
async fn name_is_percent_decoded() {
    let reply = get("/hello?name=Grace%20Hopper").await;
    assert_eq!(reply.body, json!({"message": "Hello, Grace Hopper!"}));
}

#[tokio::test]
async fn sixty_four_two_byte_characters_fit() {
    let name = "é".repeat(64);
    let reply = get(&format!("/hello?name={}", "%C3%A9".repeat(64))).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.body, json!({ "message": format!("Hello, {name}!") }));
}

#[tokio::test]
async fn sixty_five_characters_are_too_many() {
    let reply = get(&format!("/hello?name={}", "a".repeat(65))).await;
    assert_error(&reply, StatusCode::UNPROCESSABLE_ENTITY, "name_too_long");
}

#[tokio::test]
async fn sixty_five_two_byte_characters_are_too_many() {
    let reply = get(&format!("/hello?name={}", "%C3%A9".repeat(65))).await;
    assert_error(&reply, StatusCode::UNPROCESSABLE_ENTITY, "name_too_long");
}

#[tokio::test]
async fn a_repeated_name_is_a_json_400_not_axums_text() {
    let reply = get("/hello?name=a&name=b").await;
    assert_error(&reply, StatusCode::BAD_REQUEST, "invalid_query");
}

#[tokio::test]
async fn unknown_path_is_a_json_404() {
    let reply = get("/no/such/route").await;
    assert_error(&reply, StatusCode::NOT_FOUND, "not_found");
}

#[tokio::test]
async fn wrong_method_is_a_json_405_listing_get() {
    for path in ["/hello", "/health"] {
        let reply = send(Method::POST, path).await;
        assert_error(&reply, StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed");
        // axum's own format: methods joined by a bare comma, HEAD implied by GET.
        let allow = reply.headers.get(header::ALLOW);
        assert_eq!(allow, Some(&HeaderValue::from_static("GET,HEAD")), "{path}");
    }
}

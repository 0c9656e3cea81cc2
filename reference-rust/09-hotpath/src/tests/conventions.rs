//! Shared conventions: `/health`, and JSON 404s and 405s.

use serde_json::json;

use super::*;

#[tokio::test]
async fn health_is_ok() {
    let reply = Service::new().raw(Method::GET, "/health", None, "").await;
    assert_json(&reply, StatusCode::OK, &json!({"status": "ok"}));
}

#[tokio::test]
async fn unknown_paths_and_methods_are_json_errors() {
    let service = Service::new();
    let reply = service.raw(Method::GET, "/statistics", None, "").await;
    assert_error(&reply, StatusCode::NOT_FOUND, "not_found");

    let reply = service.raw(Method::GET, "/stats", None, "").await;
    assert_error(&reply, StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed");
    assert_eq!(
        reply.headers.get(header::ALLOW),
        Some(&HeaderValue::from_static("POST"))
    );
}

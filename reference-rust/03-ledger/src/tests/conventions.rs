//! Shared conventions: `/health`, and JSON 404s and 405s.

use super::*;

#[tokio::test]
async fn health_is_ok() {
    let reply = Service::new().get("/health").await;
    assert_json(&reply, StatusCode::OK, &json!({"status": "ok"}));
}

#[tokio::test]
async fn unknown_paths_are_json_404s() {
    let service = Service::new();
    for path in [
        "/balances",
        "/accounts/1/nope",
        "/accounts/",
        "/transfers/1",
    ] {
        assert_error(&service.get(path).await, StatusCode::NOT_FOUND, "not_found");
    }
}

#[tokio::test]
async fn wrong_methods_are_json_405s_with_allow() {
    let service = Service::new();
    for (method, path, allow) in [
        (Method::GET, "/accounts", "POST"),
        (Method::DELETE, "/accounts/1", "GET,HEAD"),
        (Method::GET, "/accounts/1/deposit", "POST"),
        (Method::GET, "/transfers", "POST"),
        (Method::POST, "/health", "GET,HEAD"),
    ] {
        let reply = service.raw(method, path, None, "").await;
        assert_error(&reply, StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed");
        assert_eq!(
            reply.headers.get(header::ALLOW),
            Some(&HeaderValue::from_static(allow)),
            "{path}"
        );
    }
}

//! The shared conventions: `/health`, and JSON 404s and 405s.

use super::*;

#[tokio::test]
async fn health_is_ok() {
    let reply = Service::new().get("/health").await;
    assert_json(&reply, StatusCode::OK, &json!({"status": "ok"}));
}

#[tokio::test]
async fn unknown_paths_are_json_404s() {
    let service = Service::new();
    service.create("alice", 5, 60).await;
    for path in [
        "/client",
        "/clients/alice/nope",
        "/clients/alice/take/1",
        "/clients/",
        "/alice",
    ] {
        assert_error(&service.get(path).await, StatusCode::NOT_FOUND, "not_found");
    }
}

#[tokio::test]
async fn wrong_methods_are_json_405s_with_allow() {
    let service = Service::new();
    service.create("alice", 5, 60).await;
    for (method, path, allow) in [
        (Method::GET, "/clients", "POST"),
        (Method::DELETE, "/clients", "POST"),
        (Method::POST, "/clients/alice", "GET,HEAD,DELETE"),
        (Method::PUT, "/clients/alice", "GET,HEAD,DELETE"),
        (Method::GET, "/clients/alice/take", "POST"),
        (Method::DELETE, "/clients/alice/take", "POST"),
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
    // None of them was a take.
    assert_eq!(service.counts("alice").await, (5, 0, 0));
}

//! Shared conventions: `/health`, and JSON 404s and 405s.

use super::*;

#[tokio::test(start_paused = true)]
async fn health_is_ok() {
    let reply = Service::new().await.get("/health").await;
    assert_json(&reply, StatusCode::OK, &json!({"status": "ok"}));
}

#[tokio::test(start_paused = true)]
async fn unknown_paths_are_json_404s() {
    let service = Service::new().await;
    for path in [
        "/job",
        "/jobs/",
        "/jobs/1/result",
        "/",
        "//jobs",
        "/jobs/2/../1",
    ] {
        assert_error(&service.get(path).await, StatusCode::NOT_FOUND, "not_found");
    }
}

#[tokio::test(start_paused = true)]
async fn wrong_methods_are_json_405s_with_allow() {
    let service = Service::new().await;
    for (method, path, allow) in [
        (Method::GET, "/jobs", "POST"),
        (Method::PUT, "/jobs", "POST"),
        (Method::DELETE, "/jobs", "POST"),
        (Method::POST, "/jobs/1", "GET,HEAD"),
        (Method::DELETE, "/jobs/1", "GET,HEAD"),
        (Method::PUT, "/jobs/abc", "GET,HEAD"),
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

//! Shared conventions: `/health`, and JSON 404s and 405s.

use super::*;

#[tokio::test]
async fn health_is_ok() {
    let reply = Service::new().await.get("/health").await;
    assert_json(&reply, StatusCode::OK, &json!({"status": "ok"}));
}

#[tokio::test]
async fn unknown_paths_are_json_404s() {
    let service = Service::new().await;
    for path in [
        "/todo",
        "/todos/1/done",
        "/todos/",
        "/todos/batch/1",
        "/",
        "//todos",
        "/todos/2/../1",
    ] {
        assert_error(&service.get(path).await, StatusCode::NOT_FOUND, "not_found");
    }
}

#[tokio::test]
async fn wrong_methods_are_json_405s_with_allow() {
    let service = Service::new().await;
    for (method, path, allow) in [
        (Method::PUT, "/todos", "GET,HEAD,POST"),
        (Method::DELETE, "/todos", "GET,HEAD,POST"),
        (Method::POST, "/todos/1", "GET,HEAD,PATCH,DELETE"),
        (Method::PUT, "/todos/1", "GET,HEAD,PATCH,DELETE"),
        (Method::PUT, "/todos/abc", "GET,HEAD,PATCH,DELETE"),
        (Method::GET, "/todos/batch", "POST"),
        (Method::DELETE, "/todos/batch", "POST"),
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
    // The answer to a HEAD has no body; the status and the `Allow` are the same.
    let reply = service.raw(Method::HEAD, "/todos/batch", None, "").await;
    assert_eq!(reply.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(
        reply.headers.get(header::ALLOW),
        Some(&HeaderValue::from_static("POST"))
    );
}

#[tokio::test]
async fn only_the_exact_word_batch_is_the_batch_route() {
    let service = Service::new().await;
    for path in ["/todos/Batch", "/todos/batches"] {
        assert_error(
            &service.get(path).await,
            StatusCode::BAD_REQUEST,
            "invalid_id",
        );
    }
}

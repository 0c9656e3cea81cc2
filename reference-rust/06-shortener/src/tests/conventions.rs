//! Shared conventions: `/health`, and JSON 404s and 405s.

use super::*;

async fn health_is_ok(service: Service) {
    let reply = service.get("/health").await;
    assert_json(&reply, StatusCode::OK, &json!({"status": "ok"}));
}

async fn unknown_paths_are_json_404s(service: Service) {
    service
        .create_alias("rust-book", "https://doc.rust-lang.org/book/")
        .await;
    for path in [
        "/",
        "/a/b/c",
        "/rust-book/",
        "/rust-book/x",
        "/links/",
        "/links/rust-book/",
        "/links/rust-book/hits",
        "//rust-book",
    ] {
        assert_error(&service.get(path).await, StatusCode::NOT_FOUND, "not_found");
    }
}

async fn wrong_methods_are_json_405s_with_allow(service: Service) {
    for (method, path, allow) in [
        (Method::GET, "/links", "POST"),
        (Method::PUT, "/links", "POST"),
        (Method::DELETE, "/links", "POST"),
        (Method::PUT, "/links/abc", "GET,HEAD,DELETE"),
        (Method::POST, "/links/abc", "GET,HEAD,DELETE"),
        (Method::PATCH, "/links/abc", "GET,HEAD,DELETE"),
        (Method::POST, "/abc", "GET,HEAD"),
        (Method::DELETE, "/abc", "GET,HEAD"),
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

/// `/health` and `/links` are the router's own paths, never looked up as codes.
async fn the_static_paths_win_over_codes(service: Service) {
    let reply = service.get("/health").await;
    assert_eq!(reply.status, StatusCode::OK);
    let reply = service.get("/links").await;
    assert_error(&reply, StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed");
    // Another case is another path, and a code like any other.
    assert_error(
        &service.get("/Health").await,
        StatusCode::NOT_FOUND,
        "link_not_found",
    );
}

for_each_store!(
    health_is_ok,
    unknown_paths_are_json_404s,
    wrong_methods_are_json_405s_with_allow,
    the_static_paths_win_over_codes,
);

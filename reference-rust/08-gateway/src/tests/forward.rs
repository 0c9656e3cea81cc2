//! Forwarding: everything but the gateway's own routes goes to the upstream as it came,
//! and the upstream's answer comes back unchanged.

use super::*;

#[tokio::test]
async fn the_path_and_query_are_forwarded_and_the_answer_passed_back() {
    let upstream = FakeUpstream::start().await;
    let gateway = Gateway::new(&upstream.url()).await;
    let reply = gateway.get("/todos?limit=2&offset=1").await;
    assert_json(
        &reply,
        StatusCode::OK,
        &json!({"method": "GET", "uri": "/todos?limit=2&offset=1"}),
    );
    assert_eq!(reply.header("x-upstream"), Some("fake"));
    let seen = upstream.only();
    assert_eq!(
        (seen.method, seen.uri.as_str()),
        (Method::GET, "/todos?limit=2&offset=1")
    );
}

#[tokio::test]
async fn the_path_is_forwarded_as_it_was_encoded() {
    let upstream = FakeUpstream::start().await;
    let gateway = Gateway::new(&upstream.url()).await;
    for uri in [
        "/todos/a%20b/c?q=%C3%A9&q=2",
        "/todos/",
        "/todos/1/extra",
        "/todos/1/",
        "//todos/1",
        "/x/%7B1%7D?a=%27b%27&c={d}",
        "/a%2Fb/%7Euser/x|y",
        "/nope?",
    ] {
        gateway.get(uri).await;
        let seen = upstream.seen();
        assert_eq!(seen.last().map(|seen| seen.uri.as_str()), Some(uri));
    }
}

/// What reqwest changes, because it reads the target as a WHATWG URL (see
/// `proxy::Upstream::send`): `.` and `..` segments are resolved, and a few characters
/// that HTTP allows as they are get percent-encoded. Pinned here so that a change of
/// behaviour in a new reqwest shows up.
#[tokio::test]
async fn reqwest_normalises_dot_segments_and_a_few_characters() {
    let upstream = FakeUpstream::start().await;
    let gateway = Gateway::new(&upstream.url()).await;
    for (sent, received) in [
        ("/todos/2/../1", "/todos/1"),
        ("/todos/./1", "/todos/1"),
        ("/x/{1}?a='b'", "/x/%7B1%7D?a=%27b%27"),
    ] {
        gateway.get(sent).await;
        let seen = upstream.seen();
        assert_eq!(seen.last().map(|seen| seen.uri.as_str()), Some(received));
    }
}

#[tokio::test]
async fn a_trailing_slash_on_the_upstream_url_is_allowed() {
    let upstream = FakeUpstream::start().await;
    let gateway = Gateway::new(&format!("{}/", upstream.url())).await;
    gateway.get("/todos?limit=1").await;
    assert_eq!(upstream.only().uri, "/todos?limit=1");
}

#[tokio::test]
async fn a_body_is_forwarded_and_a_201_passed_back() {
    let upstream = FakeUpstream::start().await;
    let gateway = Gateway::new(&upstream.url()).await;
    let body = r#"{"title": "Buy milk", "notes": null}"#;
    let reply = gateway
        .request(
            Method::POST,
            "/todos",
            &[("content-type", JSON.as_bytes())],
            body,
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED);
    assert_eq!(reply.header("location"), Some("/todos/42"));
    assert_eq!(reply.header("content-type"), Some(JSON));
    assert_eq!(reply.bytes, body.as_bytes());
    let seen = upstream.only();
    assert_eq!((seen.method, seen.uri.as_str()), (Method::POST, "/todos"));
    assert_eq!(seen.body, body.as_bytes());
    assert_eq!(
        seen.headers
            .get(header::CONTENT_TYPE)
            .map(HeaderValue::as_bytes),
        Some(JSON.as_bytes())
    );
}

/// The trap of the migrated route: without its method fallback, axum would answer these
/// itself with a 405.
#[tokio::test]
async fn other_methods_on_the_migrated_route_are_the_upstreams() {
    let upstream = FakeUpstream::start().await;
    let gateway = Gateway::new(&upstream.url()).await;

    let patch = r#"{"done": true}"#;
    let reply = gateway
        .request(
            Method::PATCH,
            "/todos/1",
            &[("content-type", JSON.as_bytes())],
            patch,
        )
        .await;
    assert_json(
        &reply,
        StatusCode::OK,
        &json!({"method": "PATCH", "uri": "/todos/1"}),
    );
    // The upstream's headers as they came: no `Allow` of axum's own.
    assert_eq!(reply.header("allow"), None);

    let reply = gateway.request(Method::DELETE, "/todos/1", &[], "").await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT);
    assert!(reply.bytes.is_empty());
    assert_eq!(reply.header("allow"), None);

    // Not even an invalid id is the gateway's to refuse for these methods.
    let reply = gateway.request(Method::DELETE, "/todos/abc", &[], "").await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT);

    let seen: Vec<(Method, String, Bytes)> = upstream
        .seen()
        .into_iter()
        .map(|seen| (seen.method, seen.uri, seen.body))
        .collect();
    assert_eq!(
        seen,
        [
            (Method::PATCH, "/todos/1".into(), Bytes::from(patch)),
            (Method::DELETE, "/todos/1".into(), Bytes::new()),
            (Method::DELETE, "/todos/abc".into(), Bytes::new()),
        ]
    );
}

/// 05's `/todos/batch` is not a todo id: every method on it is the upstream's.
#[tokio::test]
async fn the_batch_route_is_not_a_todo() {
    let upstream = FakeUpstream::start().await;
    let gateway = Gateway::new(&upstream.url()).await;
    let reply = gateway.get("/todos/batch").await;
    assert_json(
        &reply,
        StatusCode::OK,
        &json!({"method": "GET", "uri": "/todos/batch"}),
    );
    gateway
        .request(Method::POST, "/todos/batch", &[], "{}")
        .await;
    let methods: Vec<Method> = upstream
        .seen()
        .into_iter()
        .map(|seen| seen.method)
        .collect();
    assert_eq!(methods, [Method::GET, Method::POST]);
}

#[tokio::test]
async fn the_upstreams_405_comes_back_with_its_allow() {
    let upstream = FakeUpstream::start().await;
    let gateway = Gateway::new(&upstream.url()).await;
    let reply = gateway.request(Method::PUT, "/todos/1", &[], "").await;
    assert_error(&reply, StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed");
    assert_eq!(reply.header("allow"), Some("GET, PATCH, DELETE"));
    assert_eq!(reply.json()["error"]["message"], "from the upstream");
    assert_eq!(upstream.only().method, Method::PUT);
}

#[tokio::test]
async fn hop_by_hop_request_headers_are_not_forwarded() {
    let upstream = FakeUpstream::start().await;
    let gateway = Gateway::new(&upstream.url()).await;
    gateway
        .request(
            Method::GET,
            "/todos",
            &[
                ("host", b"gateway.example"),
                ("connection", b"keep-alive, X-Hop"),
                ("keep-alive", b"timeout=5"),
                ("proxy-authorization", b"Basic eA=="),
                ("te", b"trailers"),
                ("trailer", b"X-Checksum"),
                ("upgrade", b"websocket"),
                ("x-hop", b"named by Connection"),
                ("authorization", b"Bearer token"),
                ("accept", b"application/json"),
                ("x-custom", b"a"),
            ],
            "",
        )
        .await;
    let seen = upstream.only();
    for gone in [
        "connection",
        "keep-alive",
        "proxy-authorization",
        "te",
        "trailer",
        "upgrade",
        "x-hop",
    ] {
        assert!(
            !seen.headers.contains_key(gone),
            "{gone}: {:?}",
            seen.headers
        );
    }
    let header = |name: &str| seen.headers.get(name).map(HeaderValue::as_bytes);
    assert_eq!(header("host"), Some(upstream.addr.to_string().as_bytes()));
    assert_eq!(header("authorization"), Some(&b"Bearer token"[..]));
    assert_eq!(header("accept"), Some(&b"application/json"[..]));
    assert_eq!(header("x-custom"), Some(&b"a"[..]));
}

#[tokio::test]
async fn hop_by_hop_response_headers_are_not_passed_back() {
    let upstream = FakeUpstream::start().await;
    let gateway = Gateway::new(&upstream.url()).await;
    let reply = gateway.get("/hop").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.bytes, "hop");
    assert_eq!(reply.header("x-kept"), Some("yes"));
    for gone in ["connection", "keep-alive", "proxy-authenticate", "x-hop"] {
        assert_eq!(reply.header(gone), None, "{gone}");
    }
}

/// A redirect is the upstream's answer, passed back for the client to follow (or not).
#[tokio::test]
async fn redirects_are_passed_back_not_followed() {
    let upstream = FakeUpstream::start().await;
    let gateway = Gateway::new(&upstream.url()).await;
    let reply = gateway.get("/redirect").await;
    assert_eq!(reply.status, StatusCode::FOUND);
    assert_eq!(reply.header("location"), Some("/elsewhere"));
    assert_eq!(upstream.only().uri, "/redirect");
}

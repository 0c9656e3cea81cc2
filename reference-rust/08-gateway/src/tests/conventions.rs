//! Shared conventions: `/health` is the gateway's own, whatever state the upstream is in.

use super::*;

#[tokio::test]
async fn health_is_ok_without_asking_the_upstream() {
    let upstream = FakeUpstream::start().await;
    let gateway = Gateway::new(&upstream.url()).await;
    let reply = gateway.get("/health").await;
    assert_json(&reply, StatusCode::OK, &json!({"status": "ok"}));
    assert!(upstream.seen().is_empty(), "{:#?}", upstream.seen());
}

#[tokio::test]
async fn health_is_ok_with_the_upstream_down() {
    let gateway = Gateway::new(&format!("http://{}", down().await)).await;
    let reply = gateway.get("/health").await;
    assert_json(&reply, StatusCode::OK, &json!({"status": "ok"}));
}

/// Only `GET` (and `HEAD`) is the gateway's: as in Go, where `"GET /health"` does not
/// match a `POST` and the request falls through to `"/"`, the proxy.
#[tokio::test]
async fn other_methods_on_health_are_forwarded() {
    let upstream = FakeUpstream::start().await;
    let gateway = Gateway::new(&upstream.url()).await;
    let reply = gateway.request(Method::POST, "/health", &[], "").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.header("x-upstream"), Some("fake"));
    assert_eq!(reply.header("allow"), None);
    let seen = upstream.only();
    assert_eq!((seen.method, seen.uri.as_str()), (Method::POST, "/health"));
}

//! `X-Request-Id`: kept when valid, made when missing or invalid; sent to the upstream
//! and on every answer.

use super::*;

#[tokio::test]
async fn a_valid_id_goes_to_the_upstream_and_comes_back() {
    let upstream = FakeUpstream::start().await;
    let gateway = Gateway::new(&upstream.url()).await;
    let longest = "x".repeat(128);
    for id in ["abc-123", "A.b_c:D-9", "7", longest.as_str()] {
        let reply = gateway.get_with_id("/todos", id.as_bytes()).await;
        assert_eq!(reply.request_id(), id);
        let seen = upstream.seen();
        assert_eq!(seen.last().map(upstream_id), Some(id));
    }
}

#[tokio::test]
async fn a_missing_id_is_made_and_sent_to_the_upstream() {
    let upstream = FakeUpstream::start().await;
    let gateway = Gateway::new(&upstream.url()).await;
    let first = gateway.get("/todos").await;
    let second = gateway.get("/todos").await;
    assert_fresh_id(first.request_id());
    assert_fresh_id(second.request_id());
    assert_ne!(first.request_id(), second.request_id());
    let seen = upstream.seen();
    let sent: Vec<&str> = seen.iter().map(upstream_id).collect();
    assert_eq!(sent, [first.request_id(), second.request_id()]);
}

#[tokio::test]
async fn an_invalid_id_is_replaced_everywhere() {
    let upstream = FakeUpstream::start().await;
    let gateway = Gateway::new(&upstream.url()).await;
    let too_long = "x".repeat(129);
    for id in [
        too_long.as_bytes(),
        b"",
        b"two words",
        b"tab\there",
        b"a/b",
        b"a,b",
        "caf\u{e9}".as_bytes(),
    ] {
        let reply = gateway.get_with_id("/todos", id).await;
        assert_fresh_id(reply.request_id());
        let seen = upstream.seen();
        let seen = seen.last().expect("forwarded");
        assert_eq!(upstream_id(seen), reply.request_id(), "{id:?}");
        assert_eq!(seen.headers.get_all(&X_REQUEST_ID).iter().count(), 1);
    }
}

/// A header the client's `Connection` names is hop-by-hop, but not the request id.
#[tokio::test]
async fn the_id_goes_upstream_even_when_connection_names_it() {
    let upstream = FakeUpstream::start().await;
    let gateway = Gateway::new(&upstream.url()).await;
    let reply = gateway
        .request(
            Method::GET,
            "/todos",
            &[("connection", b"X-Request-Id"), ("x-request-id", b"mine")],
            "",
        )
        .await;
    assert_eq!(reply.request_id(), "mine");
    assert_eq!(upstream_id(&upstream.only()), "mine");
}

#[tokio::test]
async fn the_gateways_own_answers_carry_the_id() {
    let upstream = FakeUpstream::start().await;
    let gateway = Gateway::new(&upstream.url()).await;
    for uri in ["/health", "/todos/1", "/todos/abc", "/todos/4"] {
        let reply = gateway.get_with_id(uri, b"mine").await;
        assert_eq!(reply.request_id(), "mine", "{uri}");
        assert_fresh_id(gateway.get(uri).await.request_id());
    }
    assert!(upstream.seen().is_empty(), "{:#?}", upstream.seen());
}

#[tokio::test]
async fn the_gateways_502_and_504_carry_the_id() {
    let gateway = Gateway::new(&format!("http://{}", down().await)).await;
    let reply = gateway.get_with_id("/todos", b"on-a-502").await;
    assert_eq!(reply.status, StatusCode::BAD_GATEWAY);
    assert_eq!(reply.request_id(), "on-a-502");
    assert_fresh_id(gateway.get("/todos").await.request_id());

    let upstream = FakeUpstream::start().await;
    let gateway = Gateway::with_timeout(&upstream.url(), Duration::from_millis(50)).await;
    let reply = gateway.get_with_id("/slow", b"on-a-504").await;
    assert_eq!(reply.status, StatusCode::GATEWAY_TIMEOUT);
    assert_eq!(reply.request_id(), "on-a-504");
    assert_eq!(upstream_id(&upstream.only()), "on-a-504");
}

/// The upstream's own `X-Request-Id` does not reach the client: the gateway's does.
#[tokio::test]
async fn the_gateways_id_wins_over_the_upstreams() {
    let upstream = FakeUpstream::start().await;
    let gateway = Gateway::new(&upstream.url()).await;
    let reply = gateway.get_with_id("/id", b"mine").await;
    assert_eq!(reply.request_id(), "mine");
    assert_eq!(reply.headers.get_all(&X_REQUEST_ID).iter().count(), 1);
    let reply = gateway.get("/id").await;
    assert_fresh_id(reply.request_id());
    assert_eq!(upstream_id(&upstream.seen()[1]), reply.request_id());
}

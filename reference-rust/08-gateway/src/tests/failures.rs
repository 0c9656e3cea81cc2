//! When the upstream fails: `502` when it cannot be reached, `504` when it is too
//! slow; the gateway's own JSON errors, and never a second try.

use std::time::Instant;

use super::*;

/// The timeout of the tests that reach it.
const SHORT: Duration = Duration::from_millis(50);

#[tokio::test]
async fn an_unreachable_upstream_is_a_502() {
    let gateway = Gateway::new(&format!("http://{}", down().await)).await;
    for (method, uri) in [
        (Method::GET, "/todos?limit=1"),
        (Method::POST, "/todos"),
        (Method::PATCH, "/todos/1"),
    ] {
        let reply = gateway.request(method, uri, &[], "{}").await;
        assert_error(&reply, StatusCode::BAD_GATEWAY, "upstream_unavailable");
    }
}

/// Accepts each connection and closes it without a word.
#[tokio::test]
async fn an_upstream_that_hangs_up_is_a_502() {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("a free port");
    let addr = listener.local_addr().expect("a bound socket");
    let hang_up = tokio::spawn(async move {
        loop {
            let Ok((connection, _)) = listener.accept().await else {
                return;
            };
            drop(connection);
        }
    });
    let gateway = Gateway::new(&format!("http://{addr}")).await;
    let reply = gateway.get("/todos").await;
    assert_error(&reply, StatusCode::BAD_GATEWAY, "upstream_unavailable");
    hang_up.abort();
}

#[tokio::test]
async fn a_slow_upstream_is_a_504_after_the_timeout_and_is_not_asked_twice() {
    let upstream = FakeUpstream::start().await;
    let gateway = Gateway::with_timeout(&upstream.url(), SHORT).await;
    let started = Instant::now();
    let reply = gateway
        .request(
            Method::POST,
            "/slow",
            &[("content-type", JSON.as_bytes())],
            "{}",
        )
        .await;
    let waited = started.elapsed();
    assert_error(&reply, StatusCode::GATEWAY_TIMEOUT, "upstream_timeout");
    assert!(waited >= SHORT, "answered after {waited:?}");
    assert!(waited < SLOW / 2, "waited {waited:?} for the upstream");
    // The upstream records a request as it arrives: a retry would be there by now.
    assert_eq!(upstream.only().uri, "/slow");
}

#[tokio::test]
async fn forwarding_works_again_once_the_upstream_is_back() {
    let addr = down().await;
    let gateway = Gateway::new(&format!("http://{addr}")).await;
    let reply = gateway.get("/todos").await;
    assert_error(&reply, StatusCode::BAD_GATEWAY, "upstream_unavailable");

    let upstream = FakeUpstream::start_on(addr).await;
    let reply = gateway.get("/todos").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.header("x-upstream"), Some("fake"));
    assert_eq!(upstream.only().uri, "/todos");
}

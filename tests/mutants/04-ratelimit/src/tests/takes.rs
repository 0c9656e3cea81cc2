//! Takes: tokens counted down, the `429` with its `Retry-After`, and the counters.

use super::*;

#[tokio::test]
async fn a_take_answers_the_tokens_left() {
    let service = Service::new();
    service.create("alice", 5, 60).await;
    for remaining in [4, 3, 2, 1, 0] {
        assert_json(
            &service.take("alice").await,
            StatusCode::OK,
            &json!({"allowed": true, "remaining": remaining}),
        );
    }
    assert_eq!(service.counts("alice").await, (0, 5, 0));
}

#[tokio::test]
async fn an_empty_bucket_is_429_with_retry_after() {
    let service = Service::new();
    service.create("alice", 2, 60).await;
    service.take("alice").await;
    service.take("alice").await;
    for _ in 0..3 {
        assert_rate_limited(&service.take("alice").await, 1);
    }
    assert_eq!(service.counts("alice").await, (0, 2, 3));
}

#[tokio::test]
async fn retry_after_is_whole_seconds_rounded_up() {
    // The test runs in far less than a second, so the refill since the bucket emptied
    // is a sliver of a token: the wait is (just under) 60 / per_minute, rounded up.
    let service = Service::new();
    for (name, per_minute, seconds) in [
        ("one", 1, 60),
        ("seven", 7, 9),
        ("sixty", 60, 1),
        ("fast", 60_000, 1),
    ] {
        service.create(name, 1, per_minute).await;
        assert_eq!(service.take(name).await.status, StatusCode::OK);
        assert_rate_limited(&service.take(name).await, seconds);
    }
}

#[tokio::test]
async fn only_the_429_has_retry_after() {
    let service = Service::new();
    service.create("alice", 1, 60).await;
    for reply in [
        service.take("alice").await,
        service.take("nobody").await,
        service.get("/clients/alice").await,
    ] {
        assert_eq!(reply.headers.get(header::RETRY_AFTER), None);
    }
}

#[tokio::test]
async fn buckets_are_per_client() {
    let service = Service::new();
    service.create("alice", 1, 1).await;
    service.create("bob", 1, 1).await;
    assert_eq!(service.take("alice").await.status, StatusCode::OK);
    assert_rate_limited(&service.take("alice").await, 60);
    assert_eq!(service.take("bob").await.status, StatusCode::OK);
    assert_eq!(service.counts("alice").await, (0, 1, 1));
    assert_eq!(service.counts("bob").await, (0, 1, 0));
}

#[tokio::test]
async fn looking_takes_nothing() {
    let service = Service::new();
    service.create("alice", 3, 1).await;
    for _ in 0..5 {
        assert_eq!(service.counts("alice").await, (3, 0, 0));
    }
}

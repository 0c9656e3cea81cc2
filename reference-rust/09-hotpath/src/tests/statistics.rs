//! The README's statistics, and the seeded corpus against the Go reference's answer.

use serde_json::json;

use super::*;

#[tokio::test]
async fn empty_array_is_nulls_and_empty_lists() {
    let reply = Service::new().stats("[]").await;
    assert_json(
        &reply,
        StatusCode::OK,
        &json!({"events": 0, "errors": 0, "from_ts": null, "to_ts": null,
                "latency_ms": null, "services": [], "top": []}),
    );
}

#[tokio::test]
async fn two_services() {
    let body = json!([
        {"ts": 30, "service": "b", "latency_ms": 2, "status": 500, "bytes": 10},
        {"ts": 10, "service": "a", "latency_ms": 1, "status": 200, "bytes": 5, "host": "x"},
        {"ts": 20, "service": "b", "latency_ms": 2, "status": 499, "bytes": 1},
        {"ts": 40, "service": "b", "latency_ms": 1, "status": 503, "bytes": 0}
    ]);
    let b = json!({"min": 1.0, "mean": 1.667, "p50": 2.0, "p95": 2.0, "p99": 2.0, "max": 2.0});
    let a = json!({"min": 1.0, "mean": 1.0, "p50": 1.0, "p95": 1.0, "p99": 1.0, "max": 1.0});
    let reply = Service::new().stats(body.to_string()).await;
    assert_json(
        &reply,
        StatusCode::OK,
        &json!({
            "events": 4, "errors": 2, "from_ts": 10, "to_ts": 40,
            "latency_ms": {"min": 1.0, "mean": 1.5, "p50": 1.0, "p95": 2.0, "p99": 2.0, "max": 2.0},
            "services": [
                {"service": "a", "count": 1, "errors": 0, "bytes": 5, "latency_ms": a},
                {"service": "b", "count": 3, "errors": 2, "bytes": 11, "latency_ms": b}
            ],
            "top": [{"service": "b", "count": 3}, {"service": "a", "count": 1}]
        }),
    );
}

/// The contract's corpus, answered as the Go reference answers it (its golden file,
/// written by `go test ./09-hotpath -update`).
#[tokio::test]
async fn seeded_corpus_matches_the_go_reference() {
    // Paths from this file, so that the mutant, which runs these tests through #[path],
    // finds them too.
    let body = include_bytes!("../../../../exercises/09-hotpath/testdata/events-seed42.json");
    let golden =
        include_bytes!("../../../../exercises/09-hotpath/testdata/events-seed42.stats.json");
    let golden: Value = serde_json::from_slice(golden).expect("JSON");
    let reply = Service::new().stats(&body[..]).await;
    assert_json(&reply, StatusCode::OK, &golden);
}

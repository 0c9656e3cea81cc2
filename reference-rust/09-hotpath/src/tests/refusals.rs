//! The README's refusals: 415, 413, and the three kinds of 400.

use super::*;
use crate::routes::MAX_BODY_BYTES;

const EVENT: &str = r#"{"ts": 1, "service": "api", "latency_ms": 1.5, "status": 200, "bytes": 10}"#;

/// A JSON array of copies of `EVENT` at least `size` bytes long.
fn array_of_at_least(size: usize) -> String {
    let copies = size / (EVENT.len() + 1) + 1;
    format!("[{}]", vec![EVENT; copies].join(","))
}

#[tokio::test]
async fn only_json_bodies() {
    let service = Service::new();
    for content_type in [None, Some("text/plain"), Some("application/problem+json")] {
        let reply = service
            .raw(Method::POST, "/stats", content_type, "[]")
            .await;
        assert_error(
            &reply,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
        );
    }
}

#[tokio::test]
async fn bodies_over_4_mib_are_413_in_json_and_3_mib_is_fine() {
    let service = Service::new();
    let reply = service.stats(array_of_at_least(MAX_BODY_BYTES + 1)).await;
    assert_error(&reply, StatusCode::PAYLOAD_TOO_LARGE, "body_too_large");

    // Over axum's default limit of 2 MB, under ours.
    let reply = service.stats(array_of_at_least(3 << 20)).await;
    assert_eq!(reply.status, StatusCode::OK, "body: {}", reply.body);
}

#[tokio::test]
async fn the_three_kinds_of_400() {
    let service = Service::new();
    for (body, code) in [
        ("", "malformed_json"),
        ("[{\"ts\": 1,", "malformed_json"),
        (r#"[{"ts": "x"}, {"#, "malformed_json"),
        (EVENT, "invalid_body"),
        ("null", "invalid_body"),
        (r#"[{"ts": 1}]"#, "invalid_event"),
        ("[1]", "invalid_event"),
    ] {
        assert_error(&service.stats(body).await, StatusCode::BAD_REQUEST, code);
    }
}

#[tokio::test]
async fn invalid_event_names_the_first_bad_index() {
    let negative = EVENT.replace("1.5", "-1");
    let reply = Service::new()
        .stats(format!("[{EVENT}, {EVENT}, {negative}, {negative}]"))
        .await;
    assert_error(&reply, StatusCode::BAD_REQUEST, "invalid_event");
    let message = reply.body["error"]["message"].as_str().unwrap_or_default();
    assert!(message.starts_with("event 2: "), "{message}");
}

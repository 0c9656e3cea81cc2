//! Request ids, log lines and metrics.

use std::cell::RefCell;
use std::io::Write;
use std::sync::atomic::Ordering;
use std::sync::Once;

use axum::http::{Method, StatusCode};

use super::Service;

#[tokio::test]
async fn every_answer_carries_a_request_id() {
    let service = Service::new().await;
    let kept = service
        .send(Method::GET, "/health", &[("x-request-id", "abc-1")], None)
        .await;
    assert_eq!(kept.header("x-request-id"), Some("abc-1"));
    for headers in [vec![], vec![("x-request-id", "not valid!")]] {
        let reply = service.send(Method::GET, "/nope", &headers, None).await;
        let id = reply.header("x-request-id").expect("an id");
        assert!(
            id.len() == 32 && id.bytes().all(|b| b.is_ascii_hexdigit()),
            "{id}"
        );
    }
}

thread_local! {
    /// What the service logged on this thread, while `capture_logs` is on.
    static CAPTURED: RefCell<Option<Vec<u8>>> = const { RefCell::new(None) };
}

/// The writer of the one global subscriber of the test binary: it keeps what is logged
/// on a thread that asked for it, and drops the rest.
///
/// Global rather than `tracing::subscriber::set_default` for one test: `tracing` caches
/// per callsite whether any subscriber wants its events, and a test on another thread
/// can fill that cache while no subscriber wants anything, which made a thread-local
/// subscriber miss lines now and then.
struct ThreadCapture;

impl Write for ThreadCapture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        CAPTURED.with(|captured| {
            if let Some(captured) = captured.borrow_mut().as_mut() {
                captured.extend_from_slice(buf);
            }
        });
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn capture_logs() {
    static INIT: Once = Once::new();
    INIT.call_once(|| {
        let _ = tracing_subscriber::fmt()
            .with_ansi(false)
            .with_writer(|| ThreadCapture)
            .try_init();
    });
    CAPTURED.with(|captured| *captured.borrow_mut() = Some(Vec::new()));
}

fn captured_logs() -> String {
    let bytes = CAPTURED.with(|captured| captured.borrow_mut().take().unwrap_or_default());
    String::from_utf8(bytes).expect("UTF-8 logs")
}

/// The current-thread runtime polls every future of the test on the test's thread.
#[tokio::test(flavor = "current_thread")]
async fn every_line_of_a_request_carries_its_id() {
    let service = Service::new().await;
    capture_logs();

    let id = [("x-request-id", "log-1")];
    let placed = service
        .send(
            Method::POST,
            "/orders",
            &id,
            Some(r#"{"items": [{"sku": "tea", "quantity": 1}]}"#),
        )
        .await;
    let order = placed.body["id"].as_i64().expect("an id");
    service
        .send(Method::POST, &format!("/orders/{order}/ship"), &id, None)
        .await;
    service
        .send(Method::POST, "/orders", &id, Some(r#"{"items": []}"#))
        .await;

    let text = captured_logs();
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines.len() >= 6, "{text}");
    for line in lines {
        assert!(
            line.contains("request_id=log-1"),
            "a line without the id: {line}"
        );
    }
}

#[tokio::test]
async fn metrics_count_by_route_pattern_and_only_new_orders() {
    let service = Service::new().await;
    let order = service
        .place(r#"{"items": [{"sku": "tea", "quantity": 1}]}"#)
        .await;
    service.get(&format!("/orders/{order}")).await;
    service.get("/orders/424242").await;
    service.post("/orders", r#"{"items": []}"#).await;
    service.get("/no/such/route").await;

    let reply = service.get("/metrics").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(
        reply.header("content-type"),
        Some(crate::metrics::CONTENT_TYPE)
    );
    for series in [
        "orders_created_total 1\n",
        "http_requests_total{method=\"POST\",route=\"/orders\",status=\"201\"} 1\n",
        "http_requests_total{method=\"POST\",route=\"/orders\",status=\"422\"} 1\n",
        "http_requests_total{method=\"GET\",route=\"/orders/{id}\",status=\"200\"} 1\n",
        "http_requests_total{method=\"GET\",route=\"/orders/{id}\",status=\"404\"} 1\n",
        "http_requests_total{method=\"GET\",route=\"unmatched\",status=\"404\"} 1\n",
        "http_requests_in_flight 1\n",
    ] {
        assert!(
            reply.text.contains(series),
            "no {series:?} in:\n{}",
            reply.text
        );
    }
    assert!(!reply.text.contains("424242"), "{}", reply.text);
    assert_eq!(service.metrics.orders_created.load(Ordering::Relaxed), 1);
}

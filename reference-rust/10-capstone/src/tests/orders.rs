//! Orders, their rules, transitions, idempotency keys and a restart.

use axum::http::{Method, StatusCode};
use serde_json::json;

use super::Service;
use crate::config::Limits;

#[tokio::test]
async fn an_order_is_priced_from_the_catalogue() {
    let service = Service::new().await;
    let id = service
        .place(r#"{"items": [{"sku": "tea", "quantity": 2}, {"sku": "mug", "quantity": 1}]}"#)
        .await;
    let reply = service.get(&format!("/orders/{id}")).await;
    assert_eq!(
        reply.body,
        json!({"id": id, "status": "placed", "items": [
            {"sku": "tea", "quantity": 2, "unit_price_cents": 450},
            {"sku": "mug", "quantity": 1, "unit_price_cents": 1200}],
            "total_cents": 2100, "note": null})
    );
}

#[tokio::test]
async fn an_empty_note_is_not_null() {
    let service = Service::new().await;
    let id = service
        .place(r#"{"items": [{"sku": "tea", "quantity": 1}], "note": ""}"#)
        .await;
    assert_eq!(
        service.get(&format!("/orders/{id}")).await.body["note"],
        json!("")
    );
}

/// The statement's table of errors, row by row; none of them stores anything.
#[tokio::test]
async fn every_refusal_has_its_status_and_code() {
    let service = Service::with_limits(Limits {
        max_items: 2,
        ..Limits::default()
    })
    .await;
    let tea = r#"{"items": [{"sku": "tea", "quantity": 1}]}"#;
    for (method, uri, headers, body, status, code) in [
        (
            Method::GET,
            "/orders?limit=0",
            vec![],
            None,
            400,
            "invalid_pagination",
        ),
        (
            Method::GET,
            "/orders?limit=",
            vec![],
            None,
            400,
            "invalid_pagination",
        ),
        (Method::GET, "/orders/abc", vec![], None, 400, "invalid_id"),
        (
            Method::POST,
            "/orders/0/cancel",
            vec![],
            None,
            400,
            "invalid_id",
        ),
        (
            Method::POST,
            "/orders",
            vec![("idempotency-key", "")],
            Some(tea),
            400,
            "invalid_idempotency_key",
        ),
        (
            Method::POST,
            "/orders",
            vec![("idempotency-key", "a b")],
            Some(tea),
            400,
            "invalid_idempotency_key",
        ),
        (
            Method::POST,
            "/orders",
            vec![],
            Some(r#"{"items": ["#),
            400,
            "malformed_json",
        ),
        (
            Method::POST,
            "/orders",
            vec![],
            Some(r#"{"items": null}"#),
            400,
            "invalid_body",
        ),
        (
            Method::POST,
            "/orders",
            vec![],
            Some(r#"{"items": [{"sku": "tea"}]}"#),
            400,
            "invalid_body",
        ),
        (
            Method::POST,
            "/orders",
            vec![],
            Some(r#"{"items": [{"sku": "tea", "quantity": 1.5}]}"#),
            400,
            "invalid_body",
        ),
        (
            Method::POST,
            "/orders",
            vec![],
            Some("[]"),
            400,
            "invalid_body",
        ),
        (
            Method::POST,
            "/orders",
            vec![],
            Some(r#"{"items": []}"#),
            422,
            "empty_order",
        ),
        (
            Method::POST,
            "/orders",
            vec![],
            Some(
                r#"{"items": [{"sku": "tea", "quantity": 1}, {"sku": "tea", "quantity": 1}, {"sku": "tea", "quantity": 1}]}"#,
            ),
            422,
            "too_many_items",
        ),
        (
            Method::POST,
            "/orders",
            vec![],
            Some(r#"{"items": [{"sku": "tea", "quantity": 0}]}"#),
            422,
            "invalid_quantity",
        ),
        (
            Method::POST,
            "/orders",
            vec![],
            Some(r#"{"items": [{"sku": "samovar", "quantity": 1}]}"#),
            422,
            "unknown_sku",
        ),
        (
            Method::GET,
            "/orders/99",
            vec![],
            None,
            404,
            "order_not_found",
        ),
        (
            Method::POST,
            "/orders/99/ship",
            vec![],
            None,
            404,
            "order_not_found",
        ),
        (Method::GET, "/order", vec![], None, 404, "not_found"),
        (
            Method::DELETE,
            "/orders",
            vec![],
            None,
            405,
            "method_not_allowed",
        ),
    ] {
        let reply = service.send(method.clone(), uri, &headers, body).await;
        assert_eq!(
            (reply.status.as_u16(), reply.code()),
            (status, code),
            "{method} {uri} {body:?}: {}",
            reply.text
        );
    }
    assert_eq!(service.get("/orders").await.body["total"], json!(0));
}

#[tokio::test]
async fn only_a_placed_order_changes_state() {
    let service = Service::new().await;
    let tea = r#"{"items": [{"sku": "tea", "quantity": 1}]}"#;
    let (a, b) = (service.place(tea).await, service.place(tea).await);
    for (uri, status, code) in [
        (format!("/orders/{a}/cancel"), StatusCode::OK, ""),
        (
            format!("/orders/{a}/cancel"),
            StatusCode::CONFLICT,
            "invalid_transition",
        ),
        (
            format!("/orders/{a}/ship"),
            StatusCode::CONFLICT,
            "invalid_transition",
        ),
        (format!("/orders/{b}/ship"), StatusCode::OK, ""),
        (
            format!("/orders/{b}/cancel"),
            StatusCode::CONFLICT,
            "invalid_transition",
        ),
    ] {
        let reply = service.post(&uri, "").await;
        assert_eq!(
            (reply.status, reply.code()),
            (status, code),
            "{uri}: {}",
            reply.text
        );
    }
    assert_eq!(
        service.get(&format!("/orders/{b}")).await.body["status"],
        json!("shipped")
    );
}

#[tokio::test]
async fn a_key_replays_its_request_and_refuses_another() {
    let service = Service::new().await;
    let key = [("idempotency-key", "retry-1")];
    let first = service
        .send(
            Method::POST,
            "/orders",
            &key,
            Some(r#"{"items": [{"sku": "tea", "quantity": 1}], "note": "x"}"#),
        )
        .await;
    // The same request, spelled differently.
    let again = service
        .send(
            Method::POST,
            "/orders",
            &key,
            Some(r#"{ "note": "x", "extra": 1, "items": [{"quantity": 1, "sku": "tea"}] }"#),
        )
        .await;
    assert_eq!(
        (first.status, again.status),
        (StatusCode::CREATED, StatusCode::CREATED)
    );
    assert_eq!(first.body, again.body);
    assert_eq!(
        (
            first.header("idempotent-replayed"),
            again.header("idempotent-replayed")
        ),
        (None, Some("true"))
    );
    let other = service
        .send(
            Method::POST,
            "/orders",
            &key,
            Some(r#"{"items": [{"sku": "tea", "quantity": 2}], "note": "x"}"#),
        )
        .await;
    assert_eq!(
        (other.status, other.code()),
        (StatusCode::CONFLICT, "idempotency_key_reused")
    );
    assert_eq!(service.get("/orders").await.body["total"], json!(1));
}

#[tokio::test]
async fn a_refused_request_does_not_use_up_its_key() {
    let service = Service::new().await;
    let key = [("idempotency-key", "second-try")];
    let refused = service
        .send(
            Method::POST,
            "/orders",
            &key,
            Some(r#"{"items": [{"sku": "samovar", "quantity": 1}]}"#),
        )
        .await;
    assert_eq!(refused.code(), "unknown_sku");
    let placed = service
        .send(
            Method::POST,
            "/orders",
            &key,
            Some(r#"{"items": [{"sku": "tea", "quantity": 1}]}"#),
        )
        .await;
    assert_eq!(
        (placed.status, placed.header("idempotent-replayed")),
        (StatusCode::CREATED, None)
    );
}

#[tokio::test]
async fn orders_and_keys_survive_a_restart() {
    let service = Service::new().await;
    let key = [("idempotency-key", "survivor")];
    let body = r#"{"items": [{"sku": "kettle", "quantity": 1}], "note": ""}"#;
    let first = service
        .send(Method::POST, "/orders", &key, Some(body))
        .await;
    let service = service.restart().await;
    let again = service
        .send(Method::POST, "/orders", &key, Some(body))
        .await;
    assert_eq!(again.header("idempotent-replayed"), Some("true"));
    assert_eq!(first.body, again.body);
}

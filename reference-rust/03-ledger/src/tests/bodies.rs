//! Bad bodies, as in 02: 415, 400 `malformed_json`, 400 `invalid_body`, checked before
//! anything about the accounts, and changing nothing.

use super::*;

/// Bodies of the wrong shape for `POST /transfers`.
fn bad_transfers() -> Vec<Value> {
    vec![
        json!({"from": 1, "to": 2}),
        json!({"from": 1, "to": 2, "amount": null}),
        json!({"from": 1, "to": 2, "amount": "30"}),
        json!({"from": 1, "to": 2, "amount": 1.5}),
        json!({"from": 1, "to": 2, "amount": 1.0}),
        json!({"from": 1, "to": 2, "amount": 1e3}),
        json!({"from": 1, "to": 2, "amount": 9_223_372_036_854_775_808_u64}),
        json!({"from": 1, "to": 2, "amount": -9.3e18}),
        json!({"from": "1", "to": 2, "amount": 1}),
        json!({"from": 1, "to": null, "amount": 1}),
        json!({"to": 2, "amount": 1}),
        json!({"from": 1.5, "to": 2, "amount": 1}),
        json!({"from": 1, "to": 18_446_744_073_709_551_615_u64, "amount": 1}),
        json!([1, 2, 30]),
        json!([]),
        json!(null),
        json!(30),
    ]
}

#[tokio::test]
async fn transfers_of_the_wrong_shape_are_invalid_body() {
    let service = Service::new();
    service.open("Ida", 100).await;
    service.open("Jo", 0).await;
    for body in bad_transfers() {
        let reply = service.post("/transfers", body.clone()).await;
        assert_error(&reply, StatusCode::BAD_REQUEST, "invalid_body");
        assert_eq!(service.balance(1).await, 100, "{body}");
        assert_eq!(service.balance(2).await, 0, "{body}");
    }
}

#[tokio::test]
async fn unknown_fields_are_ignored() {
    let service = Service::new();
    service.open("Ida", 100).await;
    service.open("Jo", 0).await;
    let body = json!({"from": 1, "to": 2, "amount": 30, "currency": "EUR"});
    assert_eq!(
        service.post("/transfers", body).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn deposits_and_accounts_of_the_wrong_shape_are_invalid_body() {
    let service = Service::new();
    let id = service.open("Eve", 100).await;
    for body in [
        json!({}),
        json!({"amount": null}),
        json!({"amount": "50"}),
        json!({"amount": 0.5}),
        json!({"amount": 9_223_372_036_854_775_808_u64}),
        json!([50]),
    ] {
        let reply = service.post(&format!("/accounts/{id}/deposit"), body).await;
        assert_error(&reply, StatusCode::BAD_REQUEST, "invalid_body");
    }
    assert_eq!(service.balance(id).await, 100);
    for body in [
        json!({}),
        json!({"balance": 5}),
        json!({"owner": null}),
        json!({"owner": 42}),
        json!({"owner": "Ada", "balance": null}),
        json!({"owner": "Ada", "balance": "5"}),
        json!({"owner": "Ada", "balance": 1.5}),
        json!({"owner": "Ada", "balance": 9_223_372_036_854_775_808_u64}),
        json!(["Ada", 5]),
    ] {
        let reply = service.post("/accounts", body).await;
        assert_error(&reply, StatusCode::BAD_REQUEST, "invalid_body");
    }
    // Nothing was opened.
    assert_eq!(service.open("Bo", 0).await, 2);
}

#[tokio::test]
async fn an_amount_too_big_for_i64_is_invalid_body_even_for_an_unknown_account() {
    // The body is checked before the account: 400, not 404.
    let reply = Service::new()
        .raw(
            Method::POST,
            "/accounts/1/deposit",
            Some(JSON),
            r#"{"amount": 9223372036854775808}"#,
        )
        .await;
    assert_error(&reply, StatusCode::BAD_REQUEST, "invalid_body");
}

#[tokio::test]
async fn malformed_json_is_malformed_json() {
    let service = Service::new();
    let id = service.open("Eve", 100).await;
    for body in [
        "{\"from\": 1,",
        "",
        "{]",
        "{\"amount\": 5} x",
        "{\"amount\": 05}",
    ] {
        for uri in [
            "/transfers",
            &format!("/accounts/{id}/deposit"),
            "/accounts",
        ] {
            let reply = service.raw(Method::POST, uri, Some(JSON), body).await;
            assert_error(&reply, StatusCode::BAD_REQUEST, "malformed_json");
        }
    }
    assert_eq!(service.balance(id).await, 100);
}

#[tokio::test]
async fn bodies_must_be_sent_as_json() {
    let service = Service::new();
    let id = service.open("Eve", 100).await;
    let deposit = format!("/accounts/{id}/deposit");
    for (uri, body) in [
        ("/transfers", r#"{"from": 1, "to": 2, "amount": 1}"#),
        (deposit.as_str(), r#"{"amount": 1}"#),
        ("/accounts", r#"{"owner": "Ada"}"#),
    ] {
        for content_type in [None, Some("text/plain")] {
            let reply = service.raw(Method::POST, uri, content_type, body).await;
            assert_error(
                &reply,
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
            );
        }
    }
    assert_eq!(service.balance(id).await, 100);
    let reply = service
        .raw(
            Method::POST,
            &deposit,
            Some("application/json; charset=utf-8"),
            r#"{"amount": 1}"#,
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK);
}

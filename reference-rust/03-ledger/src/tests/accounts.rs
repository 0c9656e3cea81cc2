//! Opening and reading accounts.

use super::*;

#[tokio::test]
async fn open_answers_201_with_the_account() {
    let reply = Service::new()
        .post("/accounts", json!({"owner": "Ada", "balance": 100}))
        .await;
    assert_json(
        &reply,
        StatusCode::CREATED,
        &json!({"id": 1, "owner": "Ada", "balance": 100}),
    );
}

#[tokio::test]
async fn a_missing_balance_is_zero() {
    let reply = Service::new()
        .post("/accounts", json!({"owner": "Bo"}))
        .await;
    assert_json(
        &reply,
        StatusCode::CREATED,
        &json!({"id": 1, "owner": "Bo", "balance": 0}),
    );
}

#[tokio::test]
async fn ids_count_up_and_unknown_fields_are_ignored() {
    let service = Service::new();
    for (owner, balance) in [("Ada", 1), ("Bo", 2), ("Cy", 3)] {
        let body = json!({"owner": owner, "balance": balance, "id": 99, "currency": "EUR"});
        assert_eq!(
            service.post("/accounts", body).await.status,
            StatusCode::CREATED
        );
    }
    assert_json(
        &service.get("/accounts/2").await,
        StatusCode::OK,
        &json!({"id": 2, "owner": "Bo", "balance": 2}),
    );
}

#[tokio::test]
async fn the_largest_opening_balance_is_i64_max() {
    let service = Service::new();
    let id = service.open("Hal", i64::MAX).await;
    assert_eq!(service.balance(id).await, i64::MAX);
}

#[tokio::test]
async fn an_empty_owner_or_a_negative_balance_is_invalid_account() {
    let service = Service::new();
    for body in [
        json!({"owner": ""}),
        json!({"owner": "", "balance": 10}),
        json!({"owner": "Dee", "balance": -1}),
        json!({"owner": "Dee", "balance": i64::MIN}),
    ] {
        let reply = service.post("/accounts", body).await;
        assert_error(&reply, StatusCode::UNPROCESSABLE_ENTITY, "invalid_account");
    }
    // Nothing was stored, and no id was used up.
    assert_error(
        &service.get("/accounts/1").await,
        StatusCode::NOT_FOUND,
        "account_not_found",
    );
    assert_eq!(service.open("Dee", 0).await, 1);
}

//! Deposits: the amount, then the account, then the overflow. Each refusal leaves the
//! balance as it was.

use super::*;

#[tokio::test]
async fn a_deposit_answers_the_account_after_it() {
    let service = Service::new();
    let id = service.open("Eve", 100).await;
    assert_json(
        &service.deposit(id, 50).await,
        StatusCode::OK,
        &json!({"id": id, "owner": "Eve", "balance": 150}),
    );
    assert_eq!(service.balance(id).await, 150);
}

#[tokio::test]
async fn an_amount_of_zero_or_less_is_invalid_amount() {
    let service = Service::new();
    let id = service.open("Fay", 10).await;
    for amount in [0, -5, i64::MIN] {
        let reply = service.deposit(id, amount).await;
        assert_error(&reply, StatusCode::UNPROCESSABLE_ENTITY, "invalid_amount");
        assert_eq!(service.balance(id).await, 10);
    }
}

#[tokio::test]
async fn the_amount_is_checked_before_the_account() {
    let service = Service::new();
    let reply = service.deposit(999_999, 0).await;
    assert_error(&reply, StatusCode::UNPROCESSABLE_ENTITY, "invalid_amount");
    let reply = service.deposit(999_999, 1).await;
    assert_error(&reply, StatusCode::NOT_FOUND, "account_not_found");
}

#[tokio::test]
async fn a_deposit_past_i64_max_is_balance_overflow_not_a_wrap() {
    let service = Service::new();
    let full = service.open("Hal", i64::MAX).await;
    let nearly = service.open("Ike", i64::MAX - 10).await;
    for (id, amount, balance) in [
        (full, 1, i64::MAX),
        (full, i64::MAX, i64::MAX),
        (nearly, 11, i64::MAX - 10),
    ] {
        let reply = service.deposit(id, amount).await;
        assert_error(&reply, StatusCode::UNPROCESSABLE_ENTITY, "balance_overflow");
        assert_eq!(service.balance(id).await, balance);
    }
    // Up to the maximum exactly is fine.
    assert_eq!(
        service.deposit(nearly, 10).await.body["balance"],
        json!(i64::MAX)
    );
}

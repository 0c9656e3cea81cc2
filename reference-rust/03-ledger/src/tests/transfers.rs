//! Transfers: every row of the README's table, in its order, and after each refusal
//! both balances as they were.

use super::*;

/// Opens two accounts with these balances and returns their ids.
async fn two_accounts(service: &Service, from: i64, to: i64) -> (i64, i64) {
    (
        service.open("Ida", from).await,
        service.open("Jo", to).await,
    )
}

async fn assert_balances(service: &Service, expected: &[(i64, i64)]) {
    for &(id, balance) in expected {
        assert_eq!(service.balance(id).await, balance, "account {id}");
    }
}

#[tokio::test]
async fn a_transfer_answers_both_accounts_after_it() {
    let service = Service::new();
    let (a, b) = two_accounts(&service, 100, 0).await;
    assert_json(
        &service.transfer(a, b, 30).await,
        StatusCode::OK,
        &json!({
            "from": {"id": a, "owner": "Ida", "balance": 70},
            "to": {"id": b, "owner": "Jo", "balance": 30},
        }),
    );
    assert_balances(&service, &[(a, 70), (b, 30)]).await;
    // And back again, the other way round.
    let reply = service.transfer(b, a, 30).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_balances(&service, &[(a, 100), (b, 0)]).await;
}

#[tokio::test]
async fn the_whole_balance_may_go() {
    let service = Service::new();
    let (a, b) = two_accounts(&service, 50, 0).await;
    let reply = service.transfer(a, b, 50).await;
    assert_eq!(reply.status, StatusCode::OK, "body: {}", reply.body);
    assert_balances(&service, &[(a, 0), (b, 50)]).await;
}

#[tokio::test]
async fn the_target_may_reach_i64_max_exactly() {
    let service = Service::new();
    let (a, b) = two_accounts(&service, 10, i64::MAX - 10).await;
    let reply = service.transfer(a, b, 10).await;
    assert_eq!(reply.status, StatusCode::OK, "body: {}", reply.body);
    assert_balances(&service, &[(a, 0), (b, i64::MAX)]).await;
}

#[tokio::test]
async fn an_amount_of_zero_or_less_is_invalid_amount() {
    let service = Service::new();
    let (a, b) = two_accounts(&service, 10, 10).await;
    for amount in [0, -5, i64::MIN] {
        let reply = service.transfer(a, b, amount).await;
        assert_error(&reply, StatusCode::UNPROCESSABLE_ENTITY, "invalid_amount");
        assert_balances(&service, &[(a, 10), (b, 10)]).await;
    }
}

#[tokio::test]
async fn the_same_account_is_same_account() {
    let service = Service::new();
    let a = service.open("Oz", 10).await;
    let reply = service.transfer(a, a, 5).await;
    assert_error(&reply, StatusCode::UNPROCESSABLE_ENTITY, "same_account");
    assert_balances(&service, &[(a, 10)]).await;
}

#[tokio::test]
async fn unknown_accounts_are_account_not_found() {
    let service = Service::new();
    let a = service.open("Uma", 5).await;
    for (from, to) in [(999_999, a), (a, 999_999), (0, a), (a, -1)] {
        let reply = service.transfer(from, to, 1).await;
        assert_error(&reply, StatusCode::NOT_FOUND, "account_not_found");
        assert_balances(&service, &[(a, 5)]).await;
    }
}

#[tokio::test]
async fn more_than_the_balance_is_insufficient_funds() {
    let service = Service::new();
    let (a, b) = two_accounts(&service, 10, 0).await;
    for amount in [11, i64::MAX] {
        let reply = service.transfer(a, b, amount).await;
        assert_error(&reply, StatusCode::CONFLICT, "insufficient_funds");
        assert_balances(&service, &[(a, 10), (b, 0)]).await;
    }
}

#[tokio::test]
async fn overflowing_the_target_is_balance_overflow_and_moves_nothing() {
    let service = Service::new();
    let (a, b) = two_accounts(&service, 10, i64::MAX).await;
    let reply = service.transfer(a, b, 1).await;
    assert_error(&reply, StatusCode::UNPROCESSABLE_ENTITY, "balance_overflow");
    // `from` was not debited: the money is still there.
    assert_balances(&service, &[(a, 10), (b, i64::MAX)]).await;
}

#[tokio::test]
async fn the_checks_run_in_the_readme_order() {
    let service = Service::new();
    let (a, b) = two_accounts(&service, 10, i64::MAX).await;
    let unknown = 999_999;
    for (from, to, amount, status, code) in [
        // amount ≤ 0 first, even for the same unknown account twice.
        (
            unknown,
            unknown,
            0,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_amount",
        ),
        // then the same account, before looking it up.
        (
            unknown,
            unknown,
            1,
            StatusCode::UNPROCESSABLE_ENTITY,
            "same_account",
        ),
        // then the accounts, before their balances.
        (unknown, b, 100, StatusCode::NOT_FOUND, "account_not_found"),
        (a, unknown, 100, StatusCode::NOT_FOUND, "account_not_found"),
        // then the funds of `from`, before the overflow of `to`.
        (a, b, 100, StatusCode::CONFLICT, "insufficient_funds"),
        (
            a,
            b,
            1,
            StatusCode::UNPROCESSABLE_ENTITY,
            "balance_overflow",
        ),
    ] {
        let reply = service.transfer(from, to, amount).await;
        assert_error(&reply, status, code);
        assert_balances(&service, &[(a, 10), (b, i64::MAX)]).await;
    }
}

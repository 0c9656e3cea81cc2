//! The `/accounts` handlers: your work. Each one is a `todo!()` that panics when called
//! (the harness then sees the connection drop).
//!
//! The extractors are in place and run in argument order: the id (`AccountId`, a
//! `400 invalid_id` when malformed), then the body (`AppJson`, always last: 415, 400
//! `malformed_json`, 400 `invalid_body`). What is left is the ledger's own checks.
//!
//! A handler should be short: lock, call a method of `Ledger` (`ledger.rs`), answer.
//! Return `Result<_, LedgerError>` and use `?`: axum turns the `Err` into a response
//! through `LedgerError`'s `IntoResponse` (lessons/03-ledger.md#errors-as-values).
//! Compare `reference-go/03-ledger`, where every call is followed by an
//! `if err != nil` and a `switch` over the sentinel errors.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;

use crate::error::LedgerError;
use crate::extract::{AccountId, AppJson};
use crate::model::{Account, Deposit, NewAccount};
use crate::store::AppState;

/// `POST /accounts` → `201` with the new account.
///
/// An empty `owner` or a `balance` below 0 is `422 invalid_account`; a refused account
/// must not use up an id.
pub async fn open(
    State(_state): State<AppState>,
    AppJson(_new): AppJson<NewAccount>,
) -> Result<(StatusCode, Json<Account>), LedgerError> {
    todo!("POST /accounts: 422 invalid_account, else the next id (1, 2, 3...), stored, 201")
}

/// `GET /accounts/{id}` → `200` with the account, or `404 account_not_found`.
///
/// `state.read()` gives a guard; clone the account out of it, so the lock is released
/// before the response is built.
pub async fn show(
    State(_state): State<AppState>,
    AccountId(_id): AccountId,
) -> Result<Json<Account>, LedgerError> {
    todo!("GET /accounts/{{id}}: 404 account_not_found, else 200 with the account")
}

/// `POST /accounts/{id}/deposit` with `{"amount": 50}` → `200` with the account after
/// the deposit.
///
/// In order: `amount` ≤ 0 is `422 invalid_amount`, an unknown id `404
/// account_not_found`, a balance that would pass `i64::MAX` `422 balance_overflow`
/// (lessons/03-ledger.md#checked-arithmetic). After any of them the balance is what it
/// was (lessons/03-ledger.md#nothing-changes-on-error).
pub async fn deposit(
    State(_state): State<AppState>,
    AccountId(_id): AccountId,
    AppJson(_deposit): AppJson<Deposit>,
) -> Result<Json<Account>, LedgerError> {
    todo!("POST /accounts/{{id}}/deposit: 422 invalid_amount, 404, 422 balance_overflow, else 200")
}

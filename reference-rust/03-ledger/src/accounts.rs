//! The `/accounts` handlers.
//!
//! Each is extract, lock, call the ledger, answer: the rules live in `ledger.rs`.
//! Extractors run in argument order, which gives the contract's check order for free:
//! the id (`AccountId`), then the body (`AppJson`, always last), then the ledger's own
//! checks. Each `?` returns the `LedgerError` as it is; axum turns it into the
//! response through `IntoResponse`.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;

use crate::error::LedgerError;
use crate::extract::{AccountId, AppJson};
use crate::model::{Account, Deposit, NewAccount};
use crate::store::AppState;

pub async fn open(
    State(state): State<AppState>,
    AppJson(new): AppJson<NewAccount>,
) -> Result<(StatusCode, Json<Account>), LedgerError> {
    // The guard is a temporary: the lock is released at the end of the statement.
    let account = state.write().open(new)?;
    tracing::info!(id = account.id, balance = account.balance, "account opened");
    Ok((StatusCode::CREATED, Json(account)))
}

pub async fn show(
    State(state): State<AppState>,
    AccountId(id): AccountId,
) -> Result<Json<Account>, LedgerError> {
    let account = state.read().account(id)?.clone();
    Ok(Json(account))
}

pub async fn deposit(
    State(state): State<AppState>,
    AccountId(id): AccountId,
    AppJson(Deposit { amount }): AppJson<Deposit>,
) -> Result<Json<Account>, LedgerError> {
    let account = state.write().deposit(id, amount)?;
    tracing::info!(id, amount, balance = account.balance, "deposit");
    Ok(Json(account))
}

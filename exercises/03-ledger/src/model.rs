//! The JSON shapes of the service. Done for you but for one TODO.
//!
//! Every number is an `i64`, as the Go service's `int64`: money in whole cents, never
//! `f64`. serde then refuses, before your code runs, what is not an `i64`: `1.5`,
//! `"30"`, `null`, `9223372036854775808`; `AppJson` makes that `400 invalid_body`. What
//! fits but breaks a rule (an empty owner, an amount of 0) is yours to refuse, with a
//! `422`.

use serde::{Deserialize, Serialize};

/// An account as the API shows it: `{"id": 1, "owner": "Ada", "balance": 100}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Account {
    pub id: i64,
    pub owner: String,
    /// Cents, between 0 and `i64::MAX`: keeping it there is the ledger's job.
    pub balance: i64,
}

/// The body of `POST /accounts`: `{"owner": "Ada", "balance": 100}`.
///
/// TODO: `balance` may be left out, and then it is 0 (Go's zero value). As written,
/// serde refuses a body without it. Only a *missing* balance is 0: `"balance": null`
/// must stay an error, so not `Option<i64>` (the serde attribute you want is in
/// lessons/02-users.md#absent-vs-null).
#[derive(Debug, Deserialize)]
pub struct NewAccount {
    /// `""` deserialises fine; refusing it is a rule of the ledger (422, not 400).
    pub owner: String,
    pub balance: i64,
}

/// The body of `POST /accounts/{id}/deposit`: `{"amount": 50}`.
#[derive(Debug, Deserialize)]
pub struct Deposit {
    pub amount: i64,
}

/// The body of `POST /transfers`: `{"from": 1, "to": 2, "amount": 30}`.
#[derive(Debug, Clone, Copy, Deserialize)]
pub struct Transfer {
    pub from: i64,
    pub to: i64,
    pub amount: i64,
}

/// The answer to a transfer: `{"from": <account>, "to": <account>}`, both after it.
#[derive(Debug, Clone, Serialize)]
pub struct Transferred {
    pub from: Account,
    pub to: Account,
}

//! The JSON shapes of the service.
//!
//! Every number is an `i64`, as Go's `int64`: money in whole cents, never `f64`. serde
//! then refuses, as data errors (so `400 invalid_body`), everything that is not an
//! `i64`: `1.5`, `1e3`, `"30"`, `null`, and `9223372036854775808`. What fits but breaks
//! a rule (an empty owner, an amount of 0) is the ledger's business, a `422`.

use serde::{Deserialize, Serialize};

/// An account as the API shows it: `{"id": 1, "owner": "Ada", "balance": 100}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Account {
    pub id: i64,
    pub owner: String,
    /// Cents; the ledger keeps it between 0 and `i64::MAX`.
    pub balance: i64,
}

/// The body of `POST /accounts`. Unknown fields (an `id`, say) are ignored.
#[derive(Debug, Deserialize)]
pub struct NewAccount {
    /// Required. `""` deserialises fine and is refused by the ledger: the contract
    /// makes it a `422 invalid_account`, not a `400`.
    pub owner: String,
    /// `default` makes a missing balance 0, Go's zero value. Only a missing one: a
    /// `null` is still a type error, because the field is an `i64`, not an `Option`.
    #[serde(default)]
    pub balance: i64,
}

/// The body of `POST /accounts/{id}/deposit`.
#[derive(Debug, Deserialize)]
pub struct Deposit {
    pub amount: i64,
}

/// The body of `POST /transfers`. `from` and `to` are `i64` like every number here:
/// `-1` is then an id that no account has (404), and only a number outside `i64` is a
/// malformed body, as in the Go service.
#[derive(Debug, Clone, Copy, Deserialize)]
pub struct Transfer {
    pub from: i64,
    pub to: i64,
    pub amount: i64,
}

/// The answer to a transfer: both accounts, after it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Transferred {
    pub from: Account,
    pub to: Account,
}

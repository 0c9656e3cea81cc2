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

#[cfg(test)]
mod tests {
    use serde_json::{from_value, json};

    use super::*;

    #[test]
    fn a_missing_balance_is_zero_but_null_is_an_error() {
        let balance = |body| from_value::<NewAccount>(body).map(|new| new.balance).ok();
        assert_eq!(balance(json!({"owner": "Bo"})), Some(0));
        assert_eq!(balance(json!({"owner": "Bo", "balance": 5})), Some(5));
        assert_eq!(balance(json!({"owner": "Bo", "balance": null})), None);
        assert!(from_value::<NewAccount>(json!({"balance": 5})).is_err());
        assert!(from_value::<NewAccount>(json!({"owner": null})).is_err());
    }

    #[test]
    fn amounts_are_whole_i64s() {
        let amount = |body| {
            from_value::<Deposit>(body)
                .map(|deposit| deposit.amount)
                .ok()
        };
        assert_eq!(amount(json!({"amount": 50})), Some(50));
        assert_eq!(amount(json!({"amount": -5})), Some(-5));
        assert_eq!(amount(json!({"amount": i64::MAX})), Some(i64::MAX));
        for bad in [
            json!({}),
            json!({"amount": null}),
            json!({"amount": "30"}),
            json!({"amount": 1.5}),
            json!({"amount": 1.0}),
            json!({"amount": 1e3}),
            json!({"amount": 9_223_372_036_854_775_808_u64}),
        ] {
            assert_eq!(amount(bad.clone()), None, "{bad}");
        }
    }
}

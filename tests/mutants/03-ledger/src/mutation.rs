//! The deliberate bugs of this mutant, one per run, chosen by `FERRY_MUTANT`.
//!
//! Each is a mistake a line-by-line Go→Rust port makes, and each must make at least
//! one case of `exercises/03-ledger/contract.json` fail (`ferry dev verify` checks).
//! Every deviation from `reference-rust/03-ledger` is marked `MUTATION <name>`.

use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mutation {
    /// Deposits and transfers add with `wrapping_add`: no `balance_overflow`, ever.
    OverflowWraps,
    /// The transfer debits `from` before it checks `to`: a transfer refused for an
    /// overflow of `to` answers the 422, and the money has left `from` anyway.
    PartialTransfer,
    /// A transfer may overdraw: the balance of `from` goes negative.
    NoFundsCheck,
    /// A transfer to the same account is a 200 that changes nothing.
    SameAccountAllowed,
    /// Amounts of 0 or less are accepted: a negative transfer moves money backwards.
    AmountNotChecked,
    /// An unknown account is a 500 `internal` (GET, deposit, transfer).
    NotFound500,
    /// A body of the wrong shape is axum's 422, not 400 (code still `invalid_body`).
    Axum422,
    /// Insufficient funds is a 422 (code still `insufficient_funds`), not a 409.
    Insufficient422,
    /// `/health` answers the text `ok`, as `fmt.Fprint(w, "ok")` would.
    HealthText,
    /// Error bodies are the same JSON text, sent as text/plain.
    TextErrors,
}

impl Mutation {
    pub const ALL: [Self; 10] = [
        Self::OverflowWraps,
        Self::PartialTransfer,
        Self::NoFundsCheck,
        Self::SameAccountAllowed,
        Self::AmountNotChecked,
        Self::NotFound500,
        Self::Axum422,
        Self::Insufficient422,
        Self::HealthText,
        Self::TextErrors,
    ];

    /// The name `FERRY_MUTANT` uses.
    pub fn name(self) -> &'static str {
        match self {
            Self::OverflowWraps => "overflow-wraps",
            Self::PartialTransfer => "partial-transfer",
            Self::NoFundsCheck => "no-funds-check",
            Self::SameAccountAllowed => "same-account-allowed",
            Self::AmountNotChecked => "amount-not-checked",
            Self::NotFound500 => "notfound-500",
            Self::Axum422 => "axum-422",
            Self::Insufficient422 => "insufficient-422",
            Self::HealthText => "health-text",
            Self::TextErrors => "text-errors",
        }
    }

    /// `a, b, c`: every name, for the error message.
    pub fn known() -> String {
        Self::ALL.map(Self::name).join(", ")
    }
}

impl fmt::Display for Mutation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[derive(Debug)]
pub struct UnknownMutation;

impl FromStr for Mutation {
    type Err = UnknownMutation;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|mutation| mutation.name() == name)
            .ok_or(UnknownMutation)
    }
}

static ACTIVE: OnceLock<Mutation> = OnceLock::new();

/// Called once, by `main`, before the router is built.
pub fn activate(mutation: Mutation) {
    // A second call would be a bug in `main`; the first choice stands.
    let _ = ACTIVE.set(mutation);
}

/// The mutation of this run; `None` only before `activate` (never while serving).
pub fn active() -> Option<Mutation> {
    ACTIVE.get().copied()
}

#[cfg(test)]
mod tests {
    use super::Mutation;

    #[test]
    fn every_name_parses_back() {
        for mutation in Mutation::ALL {
            assert_eq!(mutation.name().parse::<Mutation>().ok(), Some(mutation));
        }
        assert!("".parse::<Mutation>().is_err());
        assert!("Axum-422".parse::<Mutation>().is_err());
    }

    /// The lead's list and this enum must not drift apart.
    #[test]
    fn the_names_are_those_of_mutations_json() {
        let listed: serde_json::Value =
            serde_json::from_str(include_str!("../mutations.json")).expect("valid JSON");
        let listed: Vec<&str> = listed["mutations"]
            .as_array()
            .expect("a list of mutations")
            .iter()
            .map(|mutation| mutation["name"].as_str().expect("a name"))
            .collect();
        assert_eq!(listed, Mutation::ALL.map(Mutation::name));
    }
}

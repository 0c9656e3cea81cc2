//! The deliberate bugs of this mutant, one per run, chosen by `FERRY_MUTANT`.
//!
//! Each is a mistake a line-by-line Go→Rust port makes, and each must make at least
//! one case of `exercises/02-users/contract.json` fail (`ferry dev verify` checks).
//! Every deviation from `reference-rust/02-users` is marked `MUTATION <name>`.

use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mutation {
    /// `/health` answers the text `ok`, as `fmt.Fprint(w, "ok")` would.
    HealthText,
    /// An unknown user is a 500 `internal` (GET, PATCH, notify).
    NotFound500,
    /// Notify unwraps the account: a user without one crashes the request.
    PanicNilAccount,
    /// A missing account is serialised as `{}`.
    EmptyObjectAccount,
    /// A missing email is serialised as `""`.
    EmailEmptyString,
    /// `email` and `account` are left out when `None`.
    OmitNullFields,
    /// No users is `{"users": null}`.
    ListNull,
    /// A PATCH without `email` clears it.
    PatchAbsentClears,
    /// A body of the wrong shape is axum's 422, not 400 (code still `invalid_body`).
    Axum422,
    /// Error bodies are the same JSON text, sent as text/plain.
    TextErrors,
    /// A malformed id is a 404 `user_not_found`.
    InvalidId404,
    /// Notify without an email delivers to `null`.
    NoEmailCheck,
}

impl Mutation {
    pub const ALL: [Self; 12] = [
        Self::HealthText,
        Self::NotFound500,
        Self::PanicNilAccount,
        Self::EmptyObjectAccount,
        Self::EmailEmptyString,
        Self::OmitNullFields,
        Self::ListNull,
        Self::PatchAbsentClears,
        Self::Axum422,
        Self::TextErrors,
        Self::InvalidId404,
        Self::NoEmailCheck,
    ];

    /// The name `FERRY_MUTANT` uses.
    pub fn name(self) -> &'static str {
        match self {
            Self::HealthText => "health-text",
            Self::NotFound500 => "notfound-500",
            Self::PanicNilAccount => "panic-nil-account",
            Self::EmptyObjectAccount => "empty-object-account",
            Self::EmailEmptyString => "email-empty-string",
            Self::OmitNullFields => "omit-null-fields",
            Self::ListNull => "list-null",
            Self::PatchAbsentClears => "patch-absent-clears",
            Self::Axum422 => "axum-422",
            Self::TextErrors => "text-errors",
            Self::InvalidId404 => "invalid-id-404",
            Self::NoEmailCheck => "no-email-check",
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
}

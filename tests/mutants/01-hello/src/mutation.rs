//! The deliberate bugs of this mutant, one per run, chosen by `FERRY_MUTANT`.
//!
//! Each is a mistake a line-by-line Go→Rust port makes, and each must make at least
//! one case of `exercises/01-hello/contract.json` fail (`ferry dev verify` checks).
//! Every deviation from `reference-rust/01-hello` is marked `MUTATION <name>`.

use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mutation {
    /// `/health` answers text/plain `ok`.
    HealthText,
    /// An unknown path gets a text/plain `not found`.
    Text404,
    /// No 405 fallback: axum's empty 405 body (the `Allow` header is still there).
    Plain405,
    /// No default name at all: `Hello, !` for a missing or empty name.
    NoDefaultName,
    /// The default for a missing name only: `?name=` greets `Hello, !`.
    EmptyNotDefault,
    /// The length limit counted in bytes.
    BytesLength,
    /// No length limit.
    NoLengthCheck,
    /// `/hello` answers carry `Content-Type: text/plain`.
    WrongContentType,
}

impl Mutation {
    pub const ALL: [Self; 8] = [
        Self::HealthText,
        Self::Text404,
        Self::Plain405,
        Self::NoDefaultName,
        Self::EmptyNotDefault,
        Self::BytesLength,
        Self::NoLengthCheck,
        Self::WrongContentType,
    ];

    /// The name `FERRY_MUTANT` uses.
    pub fn name(self) -> &'static str {
        match self {
            Self::HealthText => "health-text",
            Self::Text404 => "text-404",
            Self::Plain405 => "plain-405",
            Self::NoDefaultName => "no-default-name",
            Self::EmptyNotDefault => "empty-not-default",
            Self::BytesLength => "bytes-length",
            Self::NoLengthCheck => "no-length-check",
            Self::WrongContentType => "wrong-content-type",
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
        assert!("Health-Text".parse::<Mutation>().is_err());
    }
}

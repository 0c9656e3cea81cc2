//! The deliberate bugs of this mutant, one per run, chosen by `FERRY_MUTANT`.
//!
//! Each is a mistake a line-by-line Go→Rust port of the gateway makes, and each must
//! make at least one case of `exercises/08-gateway/contract.json` fail (`ferry dev
//! verify` checks). Every deviation from `reference-rust/08-gateway` is marked
//! `MUTATION <name>`.

use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mutation {
    /// `/health` is not the gateway's: it is forwarded, and the upstream answers it.
    HealthForwarded,
    /// `/todos/{id}` is registered with `get(read_todo)` alone: `PATCH`, `DELETE` and
    /// `PUT` get axum's own `405` instead of being forwarded.
    Method405,
    /// `/todos/{id}` is `get(read_todo).fallback(forward)`: the other methods are
    /// forwarded, but axum adds `Allow: GET,HEAD` to every answer of the fallback.
    FallbackAllow,
    /// `GET /todos/{id}` is forwarded to the upstream instead of read from the database.
    ForwardsRead,
    /// The query string is not forwarded: the upstream gets the path alone.
    DropsQuery,
    /// The upstream's response headers are not copied back (`Allow`, `Location` lost);
    /// the gateway sets `Content-Type: application/json` itself.
    DropsResponseHeaders,
    /// The request id is on the answer, but never sent to the upstream.
    NoPropagate,
    /// No id is made for a request without one: no `X-Request-Id` on the answer, none
    /// to the upstream.
    NoGenerate,
    /// An invalid incoming id is kept as it is, upstream and on the answer.
    TrustsAnyId,
    /// A timeout answers `502 upstream_unavailable`, like a refused connection.
    Timeout502,
    /// No timeout at all: the gateway waits for the upstream however long it takes.
    NoTimeout,
    /// On a timeout or a transport error, the request is sent once more before the
    /// gateway gives up.
    Retries,
    /// An upstream that cannot be reached answers `500 internal`.
    Down500,
    /// The gateway's own `502` and `504` bodies are text/plain.
    TextErrors,
}

impl Mutation {
    pub const ALL: [Self; 14] = [
        Self::HealthForwarded,
        Self::Method405,
        Self::FallbackAllow,
        Self::ForwardsRead,
        Self::DropsQuery,
        Self::DropsResponseHeaders,
        Self::NoPropagate,
        Self::NoGenerate,
        Self::TrustsAnyId,
        Self::Timeout502,
        Self::NoTimeout,
        Self::Retries,
        Self::Down500,
        Self::TextErrors,
    ];

    /// The name `FERRY_MUTANT` uses.
    pub fn name(self) -> &'static str {
        match self {
            Self::HealthForwarded => "health-forwarded",
            Self::Method405 => "method-405",
            Self::FallbackAllow => "fallback-allow",
            Self::ForwardsRead => "forwards-read",
            Self::DropsQuery => "drops-query",
            Self::DropsResponseHeaders => "drops-response-headers",
            Self::NoPropagate => "no-propagate",
            Self::NoGenerate => "no-generate",
            Self::TrustsAnyId => "trusts-any-id",
            Self::Timeout502 => "timeout-502",
            Self::NoTimeout => "no-timeout",
            Self::Retries => "retries",
            Self::Down500 => "down-500",
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

/// Called once, by `main`, before anything else.
pub fn activate(mutation: Mutation) {
    // A second call would be a bug in `main`; the first choice stands.
    let _ = ACTIVE.set(mutation);
}

/// The mutation of this run; `None` when `FERRY_MUTANT` is unset (the reference's
/// behaviour), and in the tests.
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
        assert!("Method-405".parse::<Mutation>().is_err());
    }

    /// The list of kills and this enum must not drift apart.
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

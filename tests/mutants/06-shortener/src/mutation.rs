//! The deliberate bugs of this mutant, one per run, chosen by `FERRY_MUTANT`.
//!
//! Each is a mistake a line-by-line Go→Rust port makes, and each must make at least
//! one case of `exercises/06-shortener/contract.json` fail (`ferry dev verify` checks).
//! Every deviation from `reference-rust/06-shortener` is marked `MUTATION <name>`.

use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mutation {
    /// The hit is a `get`, then a `set_hits(hits + 1)`, with a pause between them:
    /// redirects that arrive together read the same count, and hits are lost.
    RacyHits,
    /// The redirect is a `301 Moved Permanently`.
    Redirect301,
    /// The redirect has no `Cache-Control` header.
    NoCacheControl,
    /// Any string is accepted as a URL.
    AcceptAnyUrl,
    /// Creating an alias that is in use replaces its link (a 201, the hits back to 0).
    AliasOverwrites,
    /// The links are in memory whatever `DATABASE_URL` says: a restart loses them all.
    MemoryStoreAlways,
    /// An unknown code is a `500 internal`, not a `404 link_not_found`.
    UnknownCode500,
    /// `GET /links/{code}` counts a hit, as the redirect does.
    GetCountsHit,
    /// `health` and `links` are accepted as aliases.
    ReservedAliasAllowed,
    /// `/health` answers the text `ok`, as `fmt.Fprint(w, "ok")` would.
    HealthText,
    /// Error bodies are the same JSON text, sent as text/plain.
    TextErrors,
}

impl Mutation {
    pub const ALL: [Self; 11] = [
        Self::RacyHits,
        Self::Redirect301,
        Self::NoCacheControl,
        Self::AcceptAnyUrl,
        Self::AliasOverwrites,
        Self::MemoryStoreAlways,
        Self::UnknownCode500,
        Self::GetCountsHit,
        Self::ReservedAliasAllowed,
        Self::HealthText,
        Self::TextErrors,
    ];

    /// The name `FERRY_MUTANT` uses.
    pub fn name(self) -> &'static str {
        match self {
            Self::RacyHits => "racy-hits",
            Self::Redirect301 => "redirect-301",
            Self::NoCacheControl => "no-cache-control",
            Self::AcceptAnyUrl => "accept-any-url",
            Self::AliasOverwrites => "alias-overwrites",
            Self::MemoryStoreAlways => "memory-store-always",
            Self::UnknownCode500 => "unknown-code-500",
            Self::GetCountsHit => "get-counts-hit",
            Self::ReservedAliasAllowed => "reserved-alias-allowed",
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

/// Called once, by `main`, before the store is chosen.
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
        assert!("Racy-Hits".parse::<Mutation>().is_err());
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

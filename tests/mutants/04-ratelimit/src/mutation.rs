//! The deliberate bugs of this mutant, one per run, chosen by `FERRY_MUTANT`.
//!
//! Each is a mistake a line-by-line Go→Rust port makes, and each must make at least
//! one case of `exercises/04-ratelimit/contract.json` fail. With `FERRY_MUTANT` unset
//! there is none, and the mutant is `reference-rust/04-ratelimit`. Every deviation
//! from the reference is marked `MUTATION <name>`.
//!
//! The three `racy-*` mutations are the lesson of 04: each compiles, because each lock
//! is taken and released properly. They read under one acquisition and write under a
//! later one, with an `.await` in between (`yield_now` and a 1 ms sleep, standing in
//! for the logging, metrics or database call a real handler makes there), and lose
//! updates when requests arrive together.

use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mutation {
    /// `allowed` lives outside the buckets' lock and is bumped as load, `.await`,
    /// store: concurrent takes overwrite each other's `n + 1`.
    RacyCounter,
    /// A take checks for a token under one lock and spends it under another: every
    /// take in between sees the same token, and more than `burst` get through.
    RacyBucket,
    /// Create checks the name under one lock and inserts under another, overwriting:
    /// concurrent creates of one name all get `201`.
    RacyCreate,
    /// The `429` has no `Retry-After` header.
    NoRetryAfter,
    /// `Retry-After` is in milliseconds, not seconds.
    RetryAfterMillis,
    /// A take is allowed while `tokens >= 0`, not `>= 1`: `burst + 1` in a row.
    OffByOne,
    /// A take on an unknown name creates the client (burst 10, 60 a minute), not 404.
    UnknownClientCreated,
    /// `POST /clients` with a taken name replaces the client and answers `201`.
    DuplicateOverwrites,
    /// `burst` and `per_minute` are not range-checked: 0 and huge values are `201`.
    NoLimitValidation,
    /// A `429` does not count in `rejected`.
    RejectedNotCounted,
    /// `/health` answers the text `ok`, as `fmt.Fprint(w, "ok")` would.
    HealthText,
    /// Error bodies are the same JSON text, sent as text/plain.
    TextErrors,
}

impl Mutation {
    pub const ALL: [Self; 12] = [
        Self::RacyCounter,
        Self::RacyBucket,
        Self::RacyCreate,
        Self::NoRetryAfter,
        Self::RetryAfterMillis,
        Self::OffByOne,
        Self::UnknownClientCreated,
        Self::DuplicateOverwrites,
        Self::NoLimitValidation,
        Self::RejectedNotCounted,
        Self::HealthText,
        Self::TextErrors,
    ];

    /// The name `FERRY_MUTANT` uses.
    pub fn name(self) -> &'static str {
        match self {
            Self::RacyCounter => "racy-counter",
            Self::RacyBucket => "racy-bucket",
            Self::RacyCreate => "racy-create",
            Self::NoRetryAfter => "no-retry-after",
            Self::RetryAfterMillis => "retry-after-millis",
            Self::OffByOne => "off-by-one",
            Self::UnknownClientCreated => "unknown-client-created",
            Self::DuplicateOverwrites => "duplicate-overwrites",
            Self::NoLimitValidation => "no-limit-validation",
            Self::RejectedNotCounted => "rejected-not-counted",
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

/// Called once, by `main`, before the router is built, when `FERRY_MUTANT` is set.
pub fn activate(mutation: Mutation) {
    // A second call would be a bug in `main`; the first choice stands.
    let _ = ACTIVE.set(mutation);
}

/// The mutation of this run; `None` when `FERRY_MUTANT` is unset, and in the tests.
pub fn active() -> Option<Mutation> {
    ACTIVE.get().copied()
}

/// The `.await` between the read and the write of `racy-counter` and `racy-bucket`: a
/// yield to the scheduler, then a 1 ms sleep. With 200 takes arriving together, any
/// two that overlap lose an update, and 1 ms is plenty.
pub async fn pause() {
    pause_for(Duration::from_millis(1)).await;
}

/// The `.await` of `racy-create`, a yield and a `sleep` of `duration`. One create
/// escapes the race only when no other arrives within its window, so that window must
/// cover the spread of a burst's arrivals: 1 ms let one run in five through.
pub async fn pause_for(duration: Duration) {
    tokio::task::yield_now().await;
    tokio::time::sleep(duration).await;
}

/// `racy-create`'s window between the check and the insert: a database round trip's
/// worth.
pub const CREATE_PAUSE: Duration = Duration::from_millis(20);

#[cfg(test)]
mod tests {
    use super::Mutation;

    #[test]
    fn every_name_parses_back() {
        for mutation in Mutation::ALL {
            assert_eq!(mutation.name().parse::<Mutation>().ok(), Some(mutation));
        }
        assert!("".parse::<Mutation>().is_err());
        assert!("Racy-Counter".parse::<Mutation>().is_err());
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

//! The deliberate bugs of this mutant, one per run, chosen by `FERRY_MUTANT`.
//!
//! Each is a mistake a line-by-line Go→Rust port makes, and each must make at least
//! one case of `exercises/07-jobs/contract.json` fail (`ferry dev verify` checks).
//! Every deviation from `reference-rust/07-jobs` is marked `MUTATION <name>`.

use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mutation {
    /// The workers `select!` on the shutdown signal and return at once: the jobs still
    /// queued at SIGTERM stay `queued`.
    NoDrain,
    /// `main` returns without awaiting the workers: the jobs running at SIGTERM are cut
    /// off, left `running`.
    NoWait,
    /// No queue: each job is `tokio::spawn`ed at once, never a 503, `WORKERS` ignored,
    /// and nothing waits for them at shutdown.
    SpawnPerJob,
    /// The status goes from `queued` to `done` without ever being `running`.
    NoRunningStatus,
    /// The `fail` task ends `done`, with a `null` result.
    FailAsDone,
    /// A failed job's `error` is `null`.
    ErrorLost,
    /// The sum wraps around (`wrapping_add`): no `overflow` failure.
    OverflowWraps,
    /// GET of a job that does not exist answers 500 `internal`, not 404.
    UnknownJob500,
    /// Jobs left `queued` or `running` by a previous run are never run.
    NoRequeue,
    /// `/health` answers the text `ok`, as `fmt.Fprint(w, "ok")` would.
    HealthText,
    /// Error bodies are the same JSON text, sent as text/plain.
    TextErrors,
}

impl Mutation {
    pub const ALL: [Self; 11] = [
        Self::NoDrain,
        Self::NoWait,
        Self::SpawnPerJob,
        Self::NoRunningStatus,
        Self::FailAsDone,
        Self::ErrorLost,
        Self::OverflowWraps,
        Self::UnknownJob500,
        Self::NoRequeue,
        Self::HealthText,
        Self::TextErrors,
    ];

    /// The name `FERRY_MUTANT` uses.
    pub fn name(self) -> &'static str {
        match self {
            Self::NoDrain => "no-drain",
            Self::NoWait => "no-wait",
            Self::SpawnPerJob => "spawn-per-job",
            Self::NoRunningStatus => "no-running-status",
            Self::FailAsDone => "fail-as-done",
            Self::ErrorLost => "error-lost",
            Self::OverflowWraps => "overflow-wraps",
            Self::UnknownJob500 => "unknown-job-500",
            Self::NoRequeue => "no-requeue",
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

/// Called once, by `main`, before the database is opened.
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
        assert!("No-Drain".parse::<Mutation>().is_err());
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

//! The deliberate bugs of this mutant, one per run, chosen by `FERRY_MUTANT`.
//!
//! Each is a mistake a line-by-line Go→Rust port makes, and each must make at least
//! one case of `exercises/05-todos/contract.json` fail (`ferry dev verify` checks).
//! Every deviation from `reference-rust/05-todos` is marked `MUTATION <name>`.

use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mutation {
    /// Notes are read with `COALESCE(notes, '')`, so a todo without notes comes back
    /// with `"notes": ""`.
    NullAsEmpty,
    /// Notes of `""` are stored as NULL (Go's `if s == "" { NullString{} }` habit).
    EmptyAsNull,
    /// PATCH with `"notes": null` leaves the notes unchanged (`Option<String>`, not
    /// `Option<Option<String>>`).
    PatchNullIgnored,
    /// A unique violation is not recognised: a 500 `internal` instead of 409.
    Unique500,
    /// The batch inserts one by one without a transaction: the items before the
    /// failing one stay stored.
    BatchNoTransaction,
    /// GET of a missing todo answers 200 with the JSON `null`.
    Missing200,
    /// DELETE of a missing todo answers 204.
    DeleteMissing204,
    /// A bad `limit` or `offset` falls back to the defaults (a `limit` out of range is
    /// clamped) instead of a 400.
    PaginationUnchecked,
    /// The database is in memory whatever `DATABASE_URL` says: a restart loses it all.
    MemoryDb,
    /// No SIGTERM handler: SIGTERM kills the process (signal 15, not exit code 0).
    NoGracefulShutdown,
    /// `/health` answers the text `ok`, as `fmt.Fprint(w, "ok")` would.
    HealthText,
    /// Error bodies are the same JSON text, sent as text/plain.
    TextErrors,
}

impl Mutation {
    pub const ALL: [Self; 12] = [
        Self::NullAsEmpty,
        Self::EmptyAsNull,
        Self::PatchNullIgnored,
        Self::Unique500,
        Self::BatchNoTransaction,
        Self::Missing200,
        Self::DeleteMissing204,
        Self::PaginationUnchecked,
        Self::MemoryDb,
        Self::NoGracefulShutdown,
        Self::HealthText,
        Self::TextErrors,
    ];

    /// The name `FERRY_MUTANT` uses.
    pub fn name(self) -> &'static str {
        match self {
            Self::NullAsEmpty => "null-as-empty",
            Self::EmptyAsNull => "empty-as-null",
            Self::PatchNullIgnored => "patch-null-ignored",
            Self::Unique500 => "unique-500",
            Self::BatchNoTransaction => "batch-no-transaction",
            Self::Missing200 => "missing-200",
            Self::DeleteMissing204 => "delete-missing-204",
            Self::PaginationUnchecked => "pagination-unchecked",
            Self::MemoryDb => "memory-db",
            Self::NoGracefulShutdown => "no-graceful-shutdown",
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
        assert!("Memory-DB".parse::<Mutation>().is_err());
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

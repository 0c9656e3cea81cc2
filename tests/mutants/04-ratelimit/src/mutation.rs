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

use std::time::Duration;

mutations! {
    /// `allowed` lives outside the buckets' lock and is bumped as load, `.await`,
    /// store: concurrent takes overwrite each other's `n + 1`.
    RacyCounter => "racy-counter",
    /// A take checks for a token under one lock and spends it under another: every
    /// take in between sees the same token, and more than `burst` get through.
    RacyBucket => "racy-bucket",
    /// Create checks the name under one lock and inserts under another, overwriting:
    /// concurrent creates of one name all get `201`.
    RacyCreate => "racy-create",
    /// The `429` has no `Retry-After` header.
    NoRetryAfter => "no-retry-after",
    /// `Retry-After` is in milliseconds, not seconds.
    RetryAfterMillis => "retry-after-millis",
    /// A take is allowed while `tokens >= 0`, not `>= 1`: `burst + 1` in a row.
    OffByOne => "off-by-one",
    /// A take on an unknown name creates the client (burst 10, 60 a minute), not 404.
    UnknownClientCreated => "unknown-client-created",
    /// `POST /clients` with a taken name replaces the client and answers `201`.
    DuplicateOverwrites => "duplicate-overwrites",
    /// `burst` and `per_minute` are not range-checked: 0 and huge values are `201`.
    NoLimitValidation => "no-limit-validation",
    /// A `429` does not count in `rejected`.
    RejectedNotCounted => "rejected-not-counted",
    /// `/health` answers the text `ok`, as `fmt.Fprint(w, "ok")` would.
    HealthText => "health-text",
    /// Error bodies are the same JSON text, sent as text/plain.
    TextErrors => "text-errors",
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

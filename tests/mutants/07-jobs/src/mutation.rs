//! The deliberate bugs of this mutant, one per run, chosen by `FERRY_MUTANT`.
//!
//! Each is a mistake a line-by-line Go→Rust port makes, and each must make at least
//! one case of `exercises/07-jobs/contract.json` fail (`ferry dev verify` checks).
//! Every deviation from `reference-rust/07-jobs` is marked `MUTATION <name>`.

mutations! {
    /// The workers `select!` on the shutdown signal and return at once: the jobs still
    /// queued at SIGTERM stay `queued`.
    NoDrain => "no-drain",
    /// `main` returns without awaiting the workers: the jobs running at SIGTERM are cut
    /// off, left `running`.
    NoWait => "no-wait",
    /// No queue: each job is `tokio::spawn`ed at once, never a 503, `WORKERS` ignored,
    /// and nothing waits for them at shutdown.
    SpawnPerJob => "spawn-per-job",
    /// The status goes from `queued` to `done` without ever being `running`.
    NoRunningStatus => "no-running-status",
    /// The `fail` task ends `done`, with a `null` result.
    FailAsDone => "fail-as-done",
    /// A failed job's `error` is `null`.
    ErrorLost => "error-lost",
    /// The sum wraps around (`wrapping_add`): no `overflow` failure.
    OverflowWraps => "overflow-wraps",
    /// GET of a job that does not exist answers 500 `internal`, not 404.
    UnknownJob500 => "unknown-job-500",
    /// Jobs left `queued` or `running` by a previous run are never run.
    NoRequeue => "no-requeue",
    /// `/health` answers the text `ok`, as `fmt.Fprint(w, "ok")` would.
    HealthText => "health-text",
    /// Error bodies are the same JSON text, sent as text/plain.
    TextErrors => "text-errors",
}

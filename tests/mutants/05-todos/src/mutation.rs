//! The deliberate bugs of this mutant, one per run, chosen by `FERRY_MUTANT`.
//!
//! Each is a mistake a line-by-line Go→Rust port makes, and each must make at least
//! one case of `exercises/05-todos/contract.json` fail (`ferry dev verify` checks).
//! Every deviation from `reference-rust/05-todos` is marked `MUTATION <name>`.

mutations! {
    /// Notes are read with `COALESCE(notes, '')`, so a todo without notes comes back
    /// with `"notes": ""`.
    NullAsEmpty => "null-as-empty",
    /// Notes of `""` are stored as NULL (Go's `if s == "" { NullString{} }` habit).
    EmptyAsNull => "empty-as-null",
    /// PATCH with `"notes": null` leaves the notes unchanged (`Option<String>`, not
    /// `Option<Option<String>>`).
    PatchNullIgnored => "patch-null-ignored",
    /// A unique violation is not recognised: a 500 `internal` instead of 409.
    Unique500 => "unique-500",
    /// The batch inserts one by one without a transaction: the items before the
    /// failing one stay stored.
    BatchNoTransaction => "batch-no-transaction",
    /// GET of a missing todo answers 200 with the JSON `null`.
    Missing200 => "missing-200",
    /// DELETE of a missing todo answers 204.
    DeleteMissing204 => "delete-missing-204",
    /// A bad `limit` or `offset` falls back to the defaults (a `limit` out of range is
    /// clamped) instead of a 400.
    PaginationUnchecked => "pagination-unchecked",
    /// The database is in memory whatever `DATABASE_URL` says: a restart loses it all.
    MemoryDb => "memory-db",
    /// No SIGTERM handler: SIGTERM kills the process (signal 15, not exit code 0).
    NoGracefulShutdown => "no-graceful-shutdown",
    /// `/health` answers the text `ok`, as `fmt.Fprint(w, "ok")` would.
    HealthText => "health-text",
    /// Error bodies are the same JSON text, sent as text/plain.
    TextErrors => "text-errors",
}

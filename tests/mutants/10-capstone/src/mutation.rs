//! The deliberate bugs of this mutant, one per run, chosen by `FERRY_MUTANT`.
//!
//! Each is a mistake a line-by-line Go→Rust port of a production service makes, and
//! each must make the cases `mutations.json` lists fail (`ferry dev verify` checks).
//! Every deviation from `reference-rust/10-capstone` is marked `MUTATION <name>`.

mutations! {
    /// `http_requests_total` is labelled with the raw path (`/orders/17`), not the
    /// route's pattern: one series per order.
    RawPathLabel => "raw-path-label",
    /// `orders_created_total` moves before the checks: refused orders are counted.
    CountBeforeValidation => "count-before-validation",
    /// An idempotent replay moves `orders_created_total` as if it were a new order.
    ReplayCounted => "replay-counted",
    /// The middleware's own log line is written after the span is left: no request id
    /// on it (Go's `slog.Info` instead of `slog.InfoContext`).
    LogOutsideSpan => "log-outside-span",
    /// The client's `X-Request-Id` is ignored: every request gets a fresh id.
    RequestIdIgnored => "request-id-ignored",
    /// SIGTERM exits at once with code 0: the requests in flight are cut off.
    ShutdownDropsInFlight => "shutdown-drops-in-flight",
    /// A missing order is `unwrap()`ped: the request's task panics.
    MissingOrderPanics => "missing-order-panics",
    /// The limit on lines is a constant of 100 (the Go `const maxItems`), not the
    /// configured `max_items`.
    MaxItemsHardcoded => "max-items-hardcoded",
    /// A reused idempotency key replays its order whatever the body.
    KeyIgnoresBody => "key-ignores-body",
    /// The key is looked up first and inserted after the order, without `ON
    /// CONFLICT`: two retries at once both find no key, and the second fails on the
    /// key's PRIMARY KEY with a 500.
    KeyCheckThenInsert => "key-check-then-insert",
    /// Idempotency keys live in a `HashMap` in memory: a restart forgets them.
    IdempotencyInMemory => "idempotency-in-memory",
    /// Cancel does not look at the status: a shipped order can be cancelled.
    CancelShipped => "cancel-shipped",
    /// A note of `""` is stored as NULL.
    EmptyNoteAsNull => "empty-note-as-null",
    /// The database is in memory whatever `DATABASE_URL` says.
    MemoryDb => "memory-db",
    /// A bad `limit` or `offset` falls back to the default instead of a 400.
    PaginationUnchecked => "pagination-unchecked",
    /// `/metrics` answers expvar-style JSON, which Prometheus cannot read.
    MetricsAsJson => "metrics-as-json",
    /// An empty `Idempotency-Key` is taken for no key (Go's `r.Header.Get` says `""`
    /// for both).
    EmptyKeyAsNone => "empty-key-as-none",
    /// Error bodies are the same JSON, sent as `text/plain` (Go's `http.Error`).
    TextErrors => "text-errors",
    /// `/health` answers the text `ok`.
    HealthText => "health-text",
}

//! The deliberate bugs of this mutant, one per run, chosen by `FERRY_MUTANT`.
//!
//! Each is a mistake a port of the Go service makes, and each must make the cases of
//! `exercises/09-hotpath/contract.json` listed in `mutations.json` fail (`ferry dev
//! verify` checks). Every deviation from `reference-rust/09-hotpath` is marked
//! `MUTATION <name>`. Cloning where borrowing would do is not among them: it is slower,
//! not wrong, and the bench, not the contract, is where it shows.

mutations! {
    /// `/health` answers the text `ok`, as `fmt.Fprint(w, "ok")` would.
    HealthText => "health-text",
    /// Error bodies are the same JSON text, sent as text/plain.
    TextErrors => "text-errors",
    /// The body limit's rejection is axum's own: a plain-text 413.
    LimitText413 => "limit-text-413",
    /// No `DefaultBodyLimit`: axum's default of 2 MB refuses a 3 MiB body.
    DefaultLimit => "default-limit",
    /// No second look at the syntax: a bad event before a syntax error is `invalid_event`.
    SyntaxNotFirst => "syntax-not-first",
    /// `#[serde(default)]` on `bytes`: a missing field is 0, as Go's plain `int64` would be.
    MissingFieldZero => "missing-field-zero",
    /// A negative `latency_ms` is accepted.
    NegativeLatency => "negative-latency-accepted",
    /// The service name is a `&'a str`: a name with an escape is refused.
    BorrowedStr => "borrowed-str",
    /// Errors are statuses above 500: a 500 itself is not counted.
    ErrorsAbove500 => "errors-gt-500",
    /// The percentile takes position ⌈p·n/100⌉ as a 0-based index: one too far.
    PercentileOffByOne => "percentile-off-by-one",
    /// The mean is an integer division of the integer parts, as `int` arithmetic in Go.
    MeanTruncated => "mean-truncated",
    /// Equal counts in `top` keep the order the services first appeared in.
    TieFirstSeen => "tie-first-seen",
    /// `top` is not cut to five.
    TopUnbounded => "top-unbounded",
    /// The overall summary indexes `latencies[0]` without asking whether there is one.
    EmptyPanics => "empty-panics",
}

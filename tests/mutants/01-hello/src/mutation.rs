//! The deliberate bugs of this mutant, one per run, chosen by `FERRY_MUTANT`.
//!
//! Each is a mistake a line-by-line Go→Rust port makes, and each must make at least
//! one case of `exercises/01-hello/contract.json` fail (`ferry dev verify` checks).
//! Every deviation from `reference-rust/01-hello` is marked `MUTATION <name>`.

mutations! {
    /// `/health` answers text/plain `ok`.
    HealthText => "health-text",
    /// An unknown path gets a text/plain `not found`.
    Text404 => "text-404",
    /// No 405 fallback: axum's empty 405 body (the `Allow` header is still there).
    Plain405 => "plain-405",
    /// No default name at all: `Hello, !` for a missing or empty name.
    NoDefaultName => "no-default-name",
    /// The default for a missing name only: `?name=` greets `Hello, !`.
    EmptyNotDefault => "empty-not-default",
    /// The length limit counted in bytes.
    BytesLength => "bytes-length",
    /// No length limit.
    NoLengthCheck => "no-length-check",
    /// `/hello` answers carry `Content-Type: text/plain`.
    WrongContentType => "wrong-content-type",
}

//! The deliberate bugs of this mutant, one per run, chosen by `FERRY_MUTANT`.
//!
//! Each is a mistake a line-by-line Go→Rust port makes, and each must make at least
//! one case of `exercises/02-users/contract.json` fail (`ferry dev verify` checks).
//! Every deviation from `reference-rust/02-users` is marked `MUTATION <name>`.

mutations! {
    /// `/health` answers the text `ok`, as `fmt.Fprint(w, "ok")` would.
    HealthText => "health-text",
    /// An unknown user is a 500 `internal` (GET, PATCH, notify).
    NotFound500 => "notfound-500",
    /// Notify unwraps the account: a user without one crashes the request.
    PanicNilAccount => "panic-nil-account",
    /// A missing account is serialised as `{}`.
    EmptyObjectAccount => "empty-object-account",
    /// A missing email is serialised as `""`.
    EmailEmptyString => "email-empty-string",
    /// `email` and `account` are left out when `None`.
    OmitNullFields => "omit-null-fields",
    /// No users is `{"users": null}`.
    ListNull => "list-null",
    /// A PATCH without `email` clears it.
    PatchAbsentClears => "patch-absent-clears",
    /// A body of the wrong shape is axum's 422, not 400 (code still `invalid_body`).
    Axum422 => "axum-422",
    /// Error bodies are the same JSON text, sent as text/plain.
    TextErrors => "text-errors",
    /// A malformed id is a 404 `user_not_found`.
    InvalidId404 => "invalid-id-404",
    /// Notify without an email delivers to `null`.
    NoEmailCheck => "no-email-check",
}

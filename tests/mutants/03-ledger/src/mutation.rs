//! The deliberate bugs of this mutant, one per run, chosen by `FERRY_MUTANT`.
//!
//! Each is a mistake a line-by-line Go→Rust port makes, and each must make at least
//! one case of `exercises/03-ledger/contract.json` fail (`ferry dev verify` checks).
//! Every deviation from `reference-rust/03-ledger` is marked `MUTATION <name>`.

mutations! {
    /// Deposits and transfers add with `wrapping_add`: no `balance_overflow`, ever.
    OverflowWraps => "overflow-wraps",
    /// The transfer debits `from` before it checks `to`: a transfer refused for an
    /// overflow of `to` answers the 422, and the money has left `from` anyway.
    PartialTransfer => "partial-transfer",
    /// A transfer may overdraw: the balance of `from` goes negative.
    NoFundsCheck => "no-funds-check",
    /// A transfer to the same account is a 200 that changes nothing.
    SameAccountAllowed => "same-account-allowed",
    /// Amounts of 0 or less are accepted: a negative transfer moves money backwards.
    AmountNotChecked => "amount-not-checked",
    /// An unknown account is a 500 `internal` (GET, deposit, transfer).
    NotFound500 => "notfound-500",
    /// A body of the wrong shape is axum's 422, not 400 (code still `invalid_body`).
    Axum422 => "axum-422",
    /// Insufficient funds is a 422 (code still `insufficient_funds`), not a 409.
    Insufficient422 => "insufficient-422",
    /// `/health` answers the text `ok`, as `fmt.Fprint(w, "ok")` would.
    HealthText => "health-text",
    /// Error bodies are the same JSON text, sent as text/plain.
    TextErrors => "text-errors",
}

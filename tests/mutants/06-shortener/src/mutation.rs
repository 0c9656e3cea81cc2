//! The deliberate bugs of this mutant, one per run, chosen by `FERRY_MUTANT`.
//!
//! Each is a mistake a line-by-line Go→Rust port makes, and each must make at least
//! one case of `exercises/06-shortener/contract.json` fail (`ferry dev verify` checks).
//! Every deviation from `reference-rust/06-shortener` is marked `MUTATION <name>`.

mutations! {
    /// The hit is a `get`, then a `set_hits(hits + 1)`, with a pause between them:
    /// redirects that arrive together read the same count, and hits are lost.
    RacyHits => "racy-hits",
    /// The redirect is a `301 Moved Permanently`.
    Redirect301 => "redirect-301",
    /// The redirect has no `Cache-Control` header.
    NoCacheControl => "no-cache-control",
    /// Any string is accepted as a URL.
    AcceptAnyUrl => "accept-any-url",
    /// Creating an alias that is in use replaces its link (a 201, the hits back to 0).
    AliasOverwrites => "alias-overwrites",
    /// The links are in memory whatever `DATABASE_URL` says: a restart loses them all.
    MemoryStoreAlways => "memory-store-always",
    /// An unknown code is a `500 internal`, not a `404 link_not_found`.
    UnknownCode500 => "unknown-code-500",
    /// `GET /links/{code}` counts a hit, as the redirect does.
    GetCountsHit => "get-counts-hit",
    /// `health` and `links` are accepted as aliases.
    ReservedAliasAllowed => "reserved-alias-allowed",
    /// `/health` answers the text `ok`, as `fmt.Fprint(w, "ok")` would.
    HealthText => "health-text",
    /// Error bodies are the same JSON text, sent as text/plain.
    TextErrors => "text-errors",
}

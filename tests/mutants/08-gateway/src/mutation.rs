//! The deliberate bugs of this mutant, one per run, chosen by `FERRY_MUTANT`.
//!
//! Each is a mistake a line-by-line Go→Rust port of the gateway makes, and each must
//! make at least one case of `exercises/08-gateway/contract.json` fail (`ferry dev
//! verify` checks). Every deviation from `reference-rust/08-gateway` is marked
//! `MUTATION <name>`.

mutations! {
    /// `/health` is not the gateway's: it is forwarded, and the upstream answers it.
    HealthForwarded => "health-forwarded",
    /// `/todos/{id}` is registered with `get(read_todo)` alone: `PATCH`, `DELETE` and
    /// `PUT` get axum's own `405` instead of being forwarded.
    Method405 => "method-405",
    /// `/todos/{id}` is `get(read_todo).fallback(forward)`: the other methods are
    /// forwarded, but axum adds `Allow: GET,HEAD` to every answer of the fallback.
    FallbackAllow => "fallback-allow",
    /// `GET /todos/{id}` is forwarded to the upstream instead of read from the database.
    ForwardsRead => "forwards-read",
    /// The query string is not forwarded: the upstream gets the path alone.
    DropsQuery => "drops-query",
    /// The upstream's response headers are not copied back (`Allow`, `Location` lost);
    /// the gateway sets `Content-Type: application/json` itself.
    DropsResponseHeaders => "drops-response-headers",
    /// The request id is on the answer, but never sent to the upstream.
    NoPropagate => "no-propagate",
    /// No id is made for a request without one: no `X-Request-Id` on the answer, none
    /// to the upstream.
    NoGenerate => "no-generate",
    /// An invalid incoming id is kept as it is, upstream and on the answer.
    TrustsAnyId => "trusts-any-id",
    /// A timeout answers `502 upstream_unavailable`, like a refused connection.
    Timeout502 => "timeout-502",
    /// No timeout at all: the gateway waits for the upstream however long it takes.
    NoTimeout => "no-timeout",
    /// On a timeout or a transport error, the request is sent once more before the
    /// gateway gives up.
    Retries => "retries",
    /// An upstream that cannot be reached answers `500 internal`.
    Down500 => "down-500",
    /// The gateway's own `502` and `504` bodies are text/plain.
    TextErrors => "text-errors",
}

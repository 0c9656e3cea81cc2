//! The JSON shapes of the service. Done for you.
//!
//! `burst` and `per_minute` arrive as `i64`, like every number of the contracts: serde
//! refuses, before your code runs, what is not a whole number in `i64` range (`1.5`,
//! `"5"`, `null`, `9223372036854775808`), and `AppJson` makes that `400
//! invalid_body`. A whole number outside the ranges (0, -1, 1000001) is yours to
//! refuse, with `422 invalid_limit`: check the range, then convert
//! (lessons/04-ratelimit.md#the-token-bucket).

use serde::{Deserialize, Serialize};

/// The body of `POST /clients`: `{"name": "alice", "burst": 5, "per_minute": 60}`.
/// Every field is required; unknown fields are ignored.
#[derive(Debug, Deserialize)]
pub struct NewClient {
    /// `""` deserialises fine; refusing it is yours to do (422, not 400).
    pub name: String,
    pub burst: i64,
    pub per_minute: i64,
}

/// A client as the API shows it:
/// `{"name": "alice", "burst": 5, "per_minute": 60, "remaining": 5, "allowed": 0, "rejected": 0}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClientView {
    pub name: String,
    pub burst: u32,
    pub per_minute: u32,
    /// The whole tokens in the bucket right now: the fraction dropped.
    pub remaining: u64,
    pub allowed: u64,
    pub rejected: u64,
}

/// The answer to a take that got a token: `{"allowed": true, "remaining": 4}`, with
/// `remaining` counted after the take. A take that did not is a `429`, an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Taken {
    pub allowed: bool,
    pub remaining: u64,
}

//! The JSON shapes of the service, and the README's rules on a new client's fields.
//!
//! `burst` and `per_minute` arrive as `i64`, like every number of the contracts: serde
//! then refuses, as data errors (so `400 invalid_body`), what is not a whole number in
//! `i64` range: `1.5`, `1e3`, `"5"`, `null`, `9223372036854775808`. A whole number
//! outside the limits' ranges (0, -1, 1000001) passes serde and is refused by
//! `NewClient::validate`, a `422`.

use std::time::Instant;

use serde::{Deserialize, Serialize};

use crate::bucket::{Bucket, Limits};
use crate::error::AppError;

/// The longest name: 64 characters.
pub const MAX_NAME_LEN: usize = 64;

/// The body of `POST /clients`: `{"name": "alice", "burst": 5, "per_minute": 60}`.
/// Every field is required; unknown fields are ignored.
#[derive(Debug, Deserialize)]
pub struct NewClient {
    pub name: String,
    pub burst: i64,
    pub per_minute: i64,
}

impl NewClient {
    /// The name and the limits, checked in the README's order: `422 invalid_name`
    /// first, then `422 invalid_limit`. Whether the name is taken is for the store to
    /// say, under its lock.
    pub fn validate(self) -> Result<(String, Limits), AppError> {
        if !is_valid_name(&self.name) {
            return Err(AppError::InvalidName(self.name));
        }
        let limits = Limits::new(self.burst, self.per_minute)?;
        Ok((self.name, limits))
    }
}

/// 1 to 64 characters, each an ASCII letter, a digit, `-` or `_`.
fn is_valid_name(name: &str) -> bool {
    // `len()` counts bytes, and a valid name is ASCII, one byte per character: for any
    // name that passes the second test, bytes and characters are the same.
    (1..=MAX_NAME_LEN).contains(&name.len())
        && name
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'_')
}

/// A client as the API shows it: its limits, the whole tokens in its bucket right now,
/// and its counters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClientView {
    pub name: String,
    pub burst: u32,
    pub per_minute: u32,
    pub remaining: u64,
    pub allowed: u64,
    pub rejected: u64,
}

impl ClientView {
    /// The client called `name`, whose bucket this is, as it is at `now`.
    pub fn new(name: &str, bucket: &Bucket, now: Instant) -> Self {
        let limits = bucket.limits();
        Self {
            name: name.to_owned(),
            burst: limits.burst(),
            per_minute: limits.per_minute(),
            remaining: bucket.remaining(now),
            allowed: bucket.allowed(),
            rejected: bucket.rejected(),
        }
    }
}

/// The answer to a take that got a token: `{"allowed": true, "remaining": 4}`. A take
/// that did not is a `429`, an error, so `allowed` is always `true` here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Taken {
    allowed: bool,
    pub remaining: u64,
}

impl Taken {
    pub fn new(remaining: u64) -> Self {
        Self {
            allowed: true,
            remaining,
        }
    }
}

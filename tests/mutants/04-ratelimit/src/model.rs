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

#[cfg(test)]
mod tests {
    use serde_json::{from_value, json, to_value};

    use super::*;

    fn new_client(name: &str, burst: i64, per_minute: i64) -> NewClient {
        NewClient {
            name: name.into(),
            burst,
            per_minute,
        }
    }

    #[test]
    fn limits_are_whole_i64s() {
        let limits = |body| {
            from_value::<NewClient>(body)
                .map(|new| (new.burst, new.per_minute))
                .ok()
        };
        assert_eq!(
            limits(json!({"name": "a", "burst": 5, "per_minute": 60})),
            Some((5, 60))
        );
        // Out of the limits' ranges, but integers: for `validate` to refuse.
        assert_eq!(
            limits(json!({"name": "a", "burst": 0, "per_minute": -1})),
            Some((0, -1))
        );
        for bad in [
            json!({"name": "a", "burst": 5}),
            json!({"name": "a", "per_minute": 60}),
            json!({"burst": 5, "per_minute": 60}),
            json!({"name": "a", "burst": null, "per_minute": 60}),
            json!({"name": "a", "burst": "5", "per_minute": 60}),
            json!({"name": "a", "burst": 1.5, "per_minute": 60}),
            json!({"name": "a", "burst": 5, "per_minute": 1e3}),
            json!({"name": "a", "burst": 9_223_372_036_854_775_808_u64, "per_minute": 60}),
            json!({"name": 7, "burst": 5, "per_minute": 60}),
            json!({"name": null, "burst": 5, "per_minute": 60}),
        ] {
            assert_eq!(limits(bad.clone()), None, "{bad}");
        }
    }

    #[test]
    fn names_follow_the_rules() {
        let longest = "x".repeat(64);
        for good in ["a", "alice", "A-Z_0-9", "-", "_", &longest] {
            let validated = new_client(good, 5, 60).validate();
            assert_eq!(validated.map(|(name, _)| name), Ok(good.to_owned()));
        }
        let too_long = "x".repeat(65);
        for bad in [
            "",
            &too_long,
            "a b",
            "a.b",
            "a/b",
            "é",
            "ünïcode",
            "a\n",
            "日本",
            "alice!",
        ] {
            assert_eq!(
                new_client(bad, 5, 60).validate(),
                Err(AppError::InvalidName(bad.to_owned()))
            );
        }
    }

    #[test]
    fn the_name_is_checked_before_the_limits() {
        assert_eq!(
            new_client("", 0, 0).validate(),
            Err(AppError::InvalidName(String::new()))
        );
        assert!(matches!(
            new_client("a", 0, 0).validate(),
            Err(AppError::InvalidLimit { field: "burst", .. })
        ));
    }

    #[test]
    fn a_view_shows_the_bucket_at_that_instant() {
        let now = Instant::now();
        let mut bucket = Bucket::new(Limits::new(5, 60).expect("valid limits"), now);
        bucket.take(now).expect("a token");
        let expected = json!({"name": "bob", "burst": 5, "per_minute": 60, "remaining": 4, "allowed": 1, "rejected": 0});
        assert_eq!(
            to_value(ClientView::new("bob", &bucket, now)).ok(),
            Some(expected)
        );
    }

    #[test]
    fn a_take_answers_allowed_and_remaining() {
        let taken = to_value(Taken::new(4)).ok();
        assert_eq!(taken, Some(json!({"allowed": true, "remaining": 4})));
    }
}

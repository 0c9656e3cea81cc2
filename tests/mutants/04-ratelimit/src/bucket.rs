//! The token bucket: the arithmetic of the rate limit, on a clock that is passed in.
//!
//! Nothing in this file reads the time. Every method that needs it takes `now:
//! Instant`: the service passes `Instant::now()`, the tests pass `start +
//! Duration::from_millis(1500)`, and refill, `Retry-After` and the counters are tested
//! to the millisecond without a single `sleep`. Nor is there a lock in sight: a bucket
//! is plain data, `&mut self` to change it, and `store.rs` decides who may.
//!
//! Mutations here: `no-limit-validation`, `off-by-one`, `retry-after-millis`,
//! `racy-counter` and `rejected-not-counted` (a counter not counted here), and the two
//! halves of a take that `racy-bucket` runs under two locks; `Limits::GO_DEFAULT`
//! exists for `unknown-client-created`.

use std::time::{Duration, Instant};

use crate::error::AppError;
use crate::mutation::{self, Mutation};

/// A client's `burst` and `per_minute`, inside their ranges: the only way to get one
/// is `Limits::new`, which checks them, so a bucket never has to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    burst: u32,
    per_minute: u32,
}

impl Limits {
    pub const MAX_BURST: u32 = 1_000_000;
    pub const MAX_PER_MINUTE: u32 = 60_000;

    /// MUTATION unknown-client-created: the limits a Go port gives the client it
    /// creates on the fly, `Limits{Burst: 10, PerMinute: 60}`.
    pub const GO_DEFAULT: Self = Self {
        burst: 10,
        per_minute: 60,
    };

    /// `burst` from 1 to 1000000 and `per_minute` from 1 to 60000, checked in that
    /// order; anything else is `422 invalid_limit`. They come in as `i64`, as the body
    /// holds them, so that `-1` gets here to be refused with a 422: declared `u32` in
    /// the body, serde would refuse it first, with a 400.
    pub fn new(burst: i64, per_minute: i64) -> Result<Self, AppError> {
        if mutation::active() == Some(Mutation::NoLimitValidation) {
            // MUTATION no-limit-validation: the range checks were never ported, and the
            // values are converted as Go's `uint32(req.Burst)` does, wrapping.
            return Ok(Self {
                burst: burst as u32,
                per_minute: per_minute as u32,
            });
        }
        Ok(Self {
            burst: in_range("burst", burst, Self::MAX_BURST)?,
            per_minute: in_range("per_minute", per_minute, Self::MAX_PER_MINUTE)?,
        })
    }

    pub fn burst(self) -> u32 {
        self.burst
    }

    pub fn per_minute(self) -> u32 {
        self.per_minute
    }
}

/// `value` as a `u32` from 1 to `max`. `try_from` fails for what is negative or too
/// big for a `u32`, `filter` for 0 and what is past `max`: one error for both.
fn in_range(field: &'static str, value: i64, max: u32) -> Result<u32, AppError> {
    u32::try_from(value)
        .ok()
        .filter(|value| (1..=max).contains(value))
        .ok_or(AppError::InvalidLimit { field, value, max })
}

/// How long until the bucket holds one whole token again: whole seconds, rounded up,
/// at least 1. The value of the `Retry-After` header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryAfter {
    pub seconds: u64,
}

/// One client's bucket of up to `burst` tokens, refilling continuously at
/// `per_minute` tokens a minute, and the client's two counters.
///
/// `tokens` is an `f64` because the refill is: 60 tokens a minute is one every second,
/// and half a second gives half a token, kept for the next request. What is stored is
/// the tokens as of `refilled_at`; the refill since is computed when it is needed, and
/// stored only when a take spends a token. The counters live here, beside the tokens,
/// so that deciding and counting are one `&mut self` call: whoever may take a token
/// also counts the take, and `allowed + rejected` is the number of takes by
/// construction.
#[derive(Debug, Clone, PartialEq)]
pub struct Bucket {
    limits: Limits,
    /// From 0 to `burst`, as of `refilled_at`.
    tokens: f64,
    refilled_at: Instant,
    allowed: u64,
    rejected: u64,
}

impl Bucket {
    /// A new client's bucket: full, and nothing counted.
    pub fn new(limits: Limits, now: Instant) -> Self {
        Self {
            limits,
            tokens: f64::from(limits.burst),
            refilled_at: now,
            allowed: 0,
            rejected: 0,
        }
    }

    pub fn limits(&self) -> Limits {
        self.limits
    }

    pub fn allowed(&self) -> u64 {
        self.allowed
    }

    pub fn rejected(&self) -> u64 {
        self.rejected
    }

    /// The whole tokens in the bucket at `now`. `&self`: looking changes nothing.
    pub fn remaining(&self, now: Instant) -> u64 {
        whole(self.tokens_at(now))
    }

    /// One request, counted: `Ok` with the whole tokens left when the bucket had a
    /// token to give, `Err` with the wait for the next one when it had less than one.
    pub fn take(&mut self, now: Instant) -> Result<u64, RetryAfter> {
        let tokens = self.tokens_at(now);
        let empty = match mutation::active() {
            // MUTATION off-by-one: "is there anything left?" instead of "is there a whole
            // token?". With the bucket at 0 (or a sliver above) one more take gets
            // through, and `tokens` goes down to -1: `burst + 1` takes in a row.
            Some(Mutation::OffByOne) => tokens < 0.0,
            _ => tokens < 1.0,
        };
        if empty {
            // Counted, and nothing else: the tokens stay as they were stored.
            // MUTATION rejected-not-counted: the Go handler's early `return` after
            // writing the 429 skipped the `b.rejected++` below it.
            if mutation::active() != Some(Mutation::RejectedNotCounted) {
                self.rejected += 1;
            }
            return Err(self.retry_after(tokens));
        }
        self.store(tokens - 1.0, now);
        // MUTATION racy-counter: `allowed` is counted by the handler, outside the lock
        // (`AppState::count_allowed`); here it stays 0.
        if mutation::active() != Some(Mutation::RacyCounter) {
            self.allowed += 1;
        }
        Ok(whole(self.tokens))
    }

    /// MUTATION racy-bucket: the first half of a take, refill and check, `Err` (and
    /// counted) when there is no whole token. Spends nothing, stores nothing.
    pub fn check(&mut self, now: Instant) -> Result<(), RetryAfter> {
        let tokens = self.tokens_at(now);
        if tokens < 1.0 {
            self.rejected += 1;
            return Err(self.retry_after(tokens));
        }
        Ok(())
    }

    /// MUTATION racy-bucket: the second half, spend a token that `check` saw, whether
    /// or not another take spent it in between.
    pub fn spend(&mut self, now: Instant) -> u64 {
        let tokens = self.tokens_at(now);
        self.store(tokens - 1.0, now);
        self.allowed += 1;
        whole(self.tokens)
    }

    /// Stores `tokens` as the bucket's content at `now`. Only a take that spends a
    /// token calls it, as Go's `bucket.take` and `golang.org/x/time/rate` do: every
    /// stored refill is one more `f64` rounding, and were every refused take to store
    /// one, a token due after exactly 60 s could arrive a hair late, as
    /// 0.9999999999999999 tokens, and be refused.
    fn store(&mut self, tokens: f64, now: Instant) {
        self.tokens = tokens;
        // Never backwards, or the time in between would be refilled twice.
        self.refilled_at = self.refilled_at.max(now);
    }

    /// The tokens at `now`: those at `refilled_at`, plus the refill since, capped at
    /// `burst`. An instant before `refilled_at` refills nothing (`saturating_`: not a
    /// panic, and it takes nothing back).
    fn tokens_at(&self, now: Instant) -> f64 {
        let elapsed = now
            .saturating_duration_since(self.refilled_at)
            .as_secs_f64();
        // Multiply before dividing: 30 s at 1 a minute is exactly 0.5 this way, and
        // 0.49999999999999994 with `elapsed * (1.0 / 60.0)`.
        let refill = elapsed * f64::from(self.limits.per_minute) / 60.0;
        (self.tokens + refill).min(f64::from(self.limits.burst))
    }

    /// The seconds until a bucket holding `tokens` (less than 1) holds 1 again: rounded
    /// up, at least 1.
    ///
    /// The wait is computed in `f64`, then rounded to a whole nanosecond, the clock's
    /// resolution, and only then up to whole seconds, in integers, as Go's `retryAfter`
    /// does. A plain `f64::ceil` would turn float rounding into a whole extra second:
    /// 59 s after its last token went, a bucket of 1 a minute holds 0.98333... tokens,
    /// and the 1 s still to wait comes out as 1.000000000000003 s, which `ceil` makes 2.
    fn retry_after(&self, tokens: f64) -> RetryAfter {
        // A minute, in the unit of the header.
        let minute = match mutation::active() {
            // MUTATION retry-after-millis: `time.Until(next).Milliseconds()` where the
            // header wants seconds; the wait comes out a thousand times too long.
            Some(Mutation::RetryAfterMillis) => 60_000.0,
            _ => 60.0,
        };
        let seconds = (1.0 - tokens) * minute / f64::from(self.limits.per_minute);
        // Between 0 and 60 (`per_minute` ≥ 1, `tokens` ≥ 0): `from_secs_f64` cannot
        // panic, and it rounds to the nearest nanosecond. (Under `no-limit-validation`,
        // a `per_minute` of 0 makes the wait infinite and `from_secs_f64` panic; no
        // contract case takes from such a client, the create's 201 already fails it.)
        let wait = Duration::from_secs_f64(seconds);
        let rounded_up = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
        RetryAfter {
            seconds: rounded_up.max(1),
        }
    }
}

/// The fraction dropped. `tokens` is never negative and at most 1000000 (but for
/// `off-by-one`, `racy-bucket` and `no-limit-validation`: `as` saturates, a negative
/// count is shown as 0).
fn whole(tokens: f64) -> u64 {
    tokens.floor() as u64
}

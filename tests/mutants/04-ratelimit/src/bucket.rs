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

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    fn limits(burst: i64, per_minute: i64) -> Limits {
        Limits::new(burst, per_minute).expect("valid limits")
    }

    /// A bucket emptied at `start`, and `start`.
    fn empty(burst: i64, per_minute: i64) -> (Bucket, Instant) {
        let start = Instant::now();
        let mut bucket = Bucket::new(limits(burst, per_minute), start);
        for _ in 0..burst {
            bucket.take(start).expect("a token");
        }
        (bucket, start)
    }

    fn ms(millis: u64) -> Duration {
        Duration::from_millis(millis)
    }

    #[test]
    fn limits_have_ranges() {
        for (burst, per_minute) in [(1, 1), (1_000_000, 60_000), (5, 60)] {
            let limits = limits(burst, per_minute);
            assert_eq!(
                (i64::from(limits.burst()), i64::from(limits.per_minute())),
                (burst, per_minute)
            );
        }
        for (burst, per_minute, field, value) in [
            (0, 60, "burst", 0),
            (-1, 60, "burst", -1),
            (1_000_001, 60, "burst", 1_000_001),
            (i64::MAX, 60, "burst", i64::MAX),
            (i64::MIN, 60, "burst", i64::MIN),
            (5, 0, "per_minute", 0),
            (5, 60_001, "per_minute", 60_001),
            (5, -60, "per_minute", -60),
            // `burst` is checked first.
            (0, 0, "burst", 0),
        ] {
            let max = if field == "burst" {
                Limits::MAX_BURST
            } else {
                Limits::MAX_PER_MINUTE
            };
            assert_eq!(
                Limits::new(burst, per_minute),
                Err(AppError::InvalidLimit { field, value, max })
            );
        }
    }

    #[test]
    fn a_new_bucket_is_full_and_has_counted_nothing() {
        let start = Instant::now();
        let bucket = Bucket::new(limits(5, 60), start);
        assert_eq!(bucket.remaining(start), 5);
        assert_eq!((bucket.allowed(), bucket.rejected()), (0, 0));
    }

    #[test]
    fn each_take_takes_one_token_until_none_is_left_and_counts_once() {
        let start = Instant::now();
        let mut bucket = Bucket::new(limits(3, 60), start);
        assert_eq!(bucket.take(start), Ok(2));
        assert_eq!(bucket.take(start), Ok(1));
        assert_eq!(bucket.take(start), Ok(0));
        assert_eq!(bucket.take(start), Err(RetryAfter { seconds: 1 }));
        assert_eq!(bucket.take(start), Err(RetryAfter { seconds: 1 }));
        assert_eq!(bucket.remaining(start), 0);
        assert_eq!((bucket.allowed(), bucket.rejected()), (3, 2));
    }

    #[test]
    fn a_refused_take_takes_nothing() {
        let (mut bucket, start) = empty(2, 60);
        // Half a token: not enough, and still there afterwards.
        let now = start + ms(500);
        assert!(bucket.take(now).is_err());
        assert!(bucket.take(now).is_err());
        // The other half arrives; the two halves make the token.
        assert_eq!(bucket.take(start + ms(1000)), Ok(0));
        assert_eq!((bucket.allowed(), bucket.rejected()), (3, 2));
    }

    #[test]
    fn a_refused_take_stores_nothing_but_the_count() {
        let (mut bucket, start) = empty(2, 60);
        let before = bucket.clone();
        assert!(bucket.take(start + ms(500)).is_err());
        let counted = Bucket {
            rejected: before.rejected + 1,
            ..before
        };
        assert_eq!(bucket, counted);
    }

    #[test]
    fn refused_takes_do_not_delay_the_next_token() {
        // 1 a minute, refused every 10 s. Had each refusal stored its refill, the
        // sixths would add up to 0.9999999999999999 at 60 s, and the take be refused.
        let (mut bucket, start) = empty(1, 1);
        for waited in [10_000, 20_000, 30_000, 40_000, 50_000] {
            assert!(bucket.take(start + ms(waited)).is_err(), "{waited} ms");
        }
        assert_eq!(bucket.take(start + ms(60_000)), Ok(0));
        assert_eq!((bucket.allowed(), bucket.rejected()), (2, 5));
    }

    #[test]
    fn tokens_flow_back_continuously_fractions_included() {
        // 60 a minute: one a second.
        let (mut bucket, start) = empty(5, 60);
        assert_eq!(bucket.remaining(start + ms(999)), 0);
        assert_eq!(bucket.remaining(start + ms(1000)), 1);
        assert_eq!(bucket.remaining(start + ms(2500)), 2);
        // Take one at 2.5 s: 1.5 left, shown as 1; the half stays for later.
        assert_eq!(bucket.take(start + ms(2500)), Ok(1));
        assert_eq!(bucket.remaining(start + ms(3000)), 2);
        // 1 a minute: one every 60 s.
        let (bucket, start) = empty(1, 1);
        assert_eq!(bucket.remaining(start + ms(59_999)), 0);
        assert_eq!(bucket.remaining(start + ms(60_000)), 1);
    }

    #[test]
    fn the_refill_stops_at_burst() {
        let (mut bucket, start) = empty(5, 60_000);
        let an_hour_later = start + ms(3_600_000);
        assert_eq!(bucket.remaining(an_hour_later), 5);
        assert_eq!(bucket.take(an_hour_later), Ok(4));
    }

    #[test]
    fn looking_does_not_change_the_bucket() {
        let (bucket, start) = empty(5, 60);
        let before = bucket.clone();
        assert_eq!(bucket.remaining(start + ms(3000)), 3);
        assert_eq!(bucket, before);
    }

    #[test]
    fn an_earlier_instant_refills_nothing_and_takes_nothing_back() {
        let start = Instant::now();
        let later = start + ms(10_000);
        let mut bucket = Bucket::new(limits(2, 60), later);
        assert_eq!(bucket.take(later), Ok(1));
        assert_eq!(bucket.take(start), Ok(0));
        assert_eq!(bucket.remaining(start), 0);
        assert_eq!(bucket.remaining(later + ms(1000)), 1);
    }

    #[test]
    fn retry_after_is_the_wait_for_one_token_rounded_up() {
        for (per_minute, waited, seconds) in [
            // The README's two examples: 60 a minute, empty: 1 s; 1 a minute: 60 s.
            (60, 0, 1),
            (1, 0, 60),
            // 7 a minute: a token every 8.57 s.
            (7, 0, 9),
            // 120 a minute: half a second, which is 1, not 0.
            (120, 0, 1),
            // 1 a minute, half a token there: 30 s to go, exactly.
            (1, 30_000, 30),
            // Just short of a whole second still rounds up.
            (1, 30_001, 30),
            (1, 29_999, 31),
            // A millisecond from the token: at least 1, never 0.
            (1, 59_999, 1),
            (60_000, 0, 1),
        ] {
            let (mut bucket, start) = empty(3, per_minute);
            assert_eq!(
                bucket.take(start + ms(waited)),
                Err(RetryAfter { seconds }),
                "per_minute {per_minute}, {waited} ms after emptying"
            );
        }
    }

    #[test]
    fn retry_after_is_not_a_float_hair_too_long() {
        // 1 a minute, 59 s after the last token: 0.98333... tokens, and 1 s to wait,
        // which a plain `f64` computes as 1.000000000000003 s and `ceil` makes 2.
        let (mut bucket, start) = empty(1, 1);
        assert_eq!(bucket.take(start), Err(RetryAfter { seconds: 60 }));
        assert_eq!(
            bucket.take(start + ms(59_000)),
            Err(RetryAfter { seconds: 1 })
        );
    }
}

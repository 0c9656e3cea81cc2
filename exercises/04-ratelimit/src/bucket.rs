//! The token bucket: the arithmetic of the rate limit, and the client's counters.
//! Yours to write (lessons/04-ratelimit.md#the-token-bucket).
//!
//! The rules, from the README: a bucket starts full with `burst` tokens; a request
//! takes one; tokens flow back at `per_minute` a minute, continuously, fractions
//! included, up to `burst`. A take needs at least one whole token. `remaining` is the
//! whole tokens (the fraction dropped), and a refused take's `Retry-After` is the
//! seconds until the bucket holds one token again, rounded up, at least 1: with 60 a
//! minute and an empty bucket, 1; with 1 a minute, at most 60.
//!
//! A plan:
//!
//! ```text
//! impl Bucket {
//!     pub fn new(burst: u32, per_minute: u32, now: Instant) -> Self   // full
//!     pub fn remaining(&self, now: Instant) -> u64
//!     /// refill, then take a token or refuse, and count the request either way
//!     pub fn take(&mut self, now: Instant) -> Take
//! }
//!
//! pub enum Take {
//!     Allowed { remaining: u64 },   // whole tokens left after the take
//!     Limited { retry_after: u64 }, // whole seconds, rounded up, at least 1
//! }
//! ```
//!
//! Bring the tokens up to date whenever you look at them: `elapsed seconds *
//! per_minute / 60` more, capped at `burst`. `Instant::saturating_duration_since` gives
//! the elapsed time without a panic when the instants come in the wrong order. Compute
//! the `Retry-After` wait in `f64`, round it *up* to whole seconds, at least 1, and
//! convert to an integer last: `as u64` and integer division round down, and
//! `Retry-After: 0` fails. (The Go service rounds the wait to whole nanoseconds first,
//! then up to seconds in integers, and the reference does the same through
//! `Duration::from_secs_f64`: a plain `f64::ceil` can make a float hair over 1 s into 2.)
//!
//! Note what is *not* in the plan: `Instant::now()`. The Go service does not read the
//! clock in its bucket either: `limiter.go` is given `now func() time.Time` (`time.Now`
//! in `main`), and its tests pass a fake clock that moves only when told, and never
//! sleep. In Rust the injection is simply a parameter: the handler passes
//! `Instant::now()`, your tests pass `start + Duration::from_millis(1500)`, and refill,
//! rounding and the counters are tested to the millisecond with no `sleep` (a
//! `#[cfg(test)] mod tests` at the bottom of this file, `cargo test -p ratelimit`).
//!
//! And no lock in this file: a bucket is plain data, and `&mut self` is all it needs.
//! The counters live here, beside the tokens, so that deciding and counting are one
//! call under the handler's one lock.

use std::time::Instant;

/// One client's bucket and counters; its name is its key in the map. Change the
/// fields if your plan wants others.
#[derive(Debug, Clone)]
pub struct Bucket {
    pub burst: u32,
    pub per_minute: u32,
    /// From 0 to `burst`, fractions included, as of `refilled_at`.
    pub tokens: f64,
    pub refilled_at: Instant,
    pub allowed: u64,
    pub rejected: u64,
}

//! Reading the body of `POST /stats` into events. Yours to write.
//!
//! The README's order: the whole body must be JSON (`malformed_json`), then an array
//! (`invalid_body`), then each element a valid event, the first bad one by index
//! deciding (`invalid_event`, its index in the message).
//!
//! A plan:
//!
//! - derive `Deserialize` for `Event<'a>`: `ts: i64`, `service`, `latency_ms: f64`,
//!   `status: u16`, `bytes: i64`. No `#[serde(default)]`: a missing field is an error.
//! - `parse` hands each event to a closure instead of returning a `Vec`: the handler
//!   folds them into the statistics as they come.
//! - the service name borrows from the body (`#[serde(borrow)]`) — but a name written
//!   with an escape (`"caf\u00e9"`) cannot be a slice of the body. What type is both?
//!   (lessons/09-hotpath.md#borrowing-from-the-body)
//! - serde's own `Vec<Event>` says where a bad event is as a line and column, not an
//!   index: read the array one element at a time (a `Visitor` with `visit_seq`).
//! - a syntax error anywhere beats a bad event before it
//!   (lessons/09-hotpath.md#three-kinds-of-400).

use std::borrow::Cow;

use crate::error::StatsError;

/// One request a service answered.
#[derive(Debug)]
pub struct Event<'a> {
    /// When, in milliseconds since the Unix epoch; 0 or more.
    pub ts: i64,
    /// Not empty.
    pub service: Cow<'a, str>,
    /// 0 or more.
    pub latency_ms: f64,
    /// 100 to 599.
    pub status: u16,
    /// 0 to 10^12.
    pub bytes: i64,
}

/// Reads the events of `body`, handing each to `each` as soon as it is read and checked:
/// the events need never be collected into a `Vec`
/// (lessons/09-hotpath.md#fold-dont-collect).
pub fn parse<'de>(body: &'de [u8], each: impl FnMut(Event<'de>)) -> Result<(), StatsError> {
    let _ = (body, each);
    todo!("parse the events, in the README's order of checks")
}

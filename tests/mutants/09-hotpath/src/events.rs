//! The reference's reading of the body, with the mutations `syntax-not-first`,
//! `missing-field-zero`, `negative-latency-accepted` and `borrowed-str`.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, IgnoredAny, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer as _};

use crate::error::StatsError;
use crate::mutation::{self, Mutation};

/// The largest `bytes` of one event, so that a service's total cannot overflow an `i64`.
const MAX_EVENT_BYTES: i64 = 1_000_000_000_000;

/// One request a service answered. It borrows from the body it was read from: the
/// service name is a slice of the request's bytes, not a copy — unless the JSON string
/// has an escape (`"caf\u00e9"`), which must be decoded into a new `String`. `Cow` is
/// both; a plain `&'a str` would refuse such a name.
#[derive(Debug, Deserialize)]
pub struct Event<'a> {
    /// When, in milliseconds since the Unix epoch.
    pub ts: i64,
    #[serde(borrow)]
    pub service: Cow<'a, str>,
    pub latency_ms: f64,
    /// A status outside `u16` is a type error here, one from 600 to 65535 a rule below.
    pub status: u16,
    pub bytes: i64,
}

impl Event<'_> {
    /// The rules serde's types do not say. (A missing or `null` field, a string where a
    /// number belongs, a fraction where an integer belongs: serde refuses those itself.)
    fn check(&self) -> Result<(), String> {
        if self.ts < 0 {
            return Err(format!("\"ts\" must be 0 or more, not {}", self.ts));
        }
        if self.service.is_empty() {
            return Err("\"service\" must not be empty".into());
        }
        // JSON has no NaN or infinity, so `< 0.0` is the whole check.
        // MUTATION negative-latency-accepted: the check left out.
        if self.latency_ms < 0.0 && mutation::active() != Some(Mutation::NegativeLatency) {
            return Err(format!(
                "\"latency_ms\" must be 0 or more, not {}",
                self.latency_ms
            ));
        }
        if !(100..=599).contains(&self.status) {
            return Err(format!(
                "\"status\" must be an HTTP status from 100 to 599, not {}",
                self.status
            ));
        }
        if !(0..=MAX_EVENT_BYTES).contains(&self.bytes) {
            return Err(format!(
                "\"bytes\" must be from 0 to {MAX_EVENT_BYTES}, not {}",
                self.bytes
            ));
        }
        Ok(())
    }
}

/// Reads the events of `body`, handing each to `each` as soon as it is read and checked.
///
/// The events are never collected: each is folded into the statistics and dropped,
/// so a request holds its body and the statistics' accumulators, and no `Vec` of events
/// (3000 events × 56 bytes, and the copies a growing `Vec` makes, per request).
///
/// One pass in the usual case. Go checks the syntax of the whole body first
/// (`json.Valid`) and then decodes; here the decoding pass checks the syntax as it goes,
/// and only when it stops at a bad event does a second pass (`IgnoredAny`: no values
/// kept) ask whether a syntax error further on should win. (What `each` did with the
/// events before the bad one does not matter: the request is refused.)
pub fn parse<'de>(body: &'de [u8], each: impl FnMut(Event<'de>)) -> Result<(), StatsError> {
    let mut failed_at = None;
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let parsed = deserializer
        .deserialize_seq(EventsVisitor {
            each,
            failed_at: &mut failed_at,
        })
        .and_then(|()| deserializer.end());
    match parsed {
        Ok(()) => Ok(()),
        // MUTATION syntax-not-first: the first error found decides, without the second
        // look at the syntax of the rest.
        Err(err) if err.is_data() && mutation::active() == Some(Mutation::SyntaxNotFirst) => {
            Err(match failed_at {
                Some(index) => StatsError::InvalidEvent { index, reason: err },
                None => StatsError::InvalidBody,
            })
        }
        Err(err) if err.is_data() => match serde_json::from_slice::<IgnoredAny>(body) {
            Err(syntax) => Err(StatsError::MalformedJson(syntax)),
            Ok(_) => Err(match failed_at {
                Some(index) => StatsError::InvalidEvent { index, reason: err },
                None => StatsError::InvalidBody, // JSON, but not an array
            }),
        },
        Err(err) => Err(StatsError::MalformedJson(err)),
    }
}

/// Reads a JSON array one event at a time, so that it knows the index of the event it
/// is on when one is refused (serde's own `Vec<Event>` would only say the line and column).
struct EventsVisitor<'f, F> {
    each: F,
    failed_at: &'f mut Option<usize>,
}

impl<'de, F: FnMut(Event<'de>)> Visitor<'de> for EventsVisitor<'_, F> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON array of events")
    }

    fn visit_seq<A: SeqAccess<'de>>(mut self, mut seq: A) -> Result<(), A::Error> {
        let mut index = 0;
        loop {
            let next = match mutation::active() {
                // MUTATION missing-field-zero: Go's plain `int64` field, ported as
                // `#[serde(default)]`: a missing "bytes" is 0.
                Some(Mutation::MissingFieldZero) => seq
                    .next_element::<DefaultedBytes<'de>>()
                    .map(|event| event.map(Event::from)),
                // MUTATION borrowed-str: the name as a `&'a str`, which serde can only
                // borrow when the JSON string has no escape in it.
                Some(Mutation::BorrowedStr) => seq
                    .next_element::<BorrowedName<'de>>()
                    .map(|event| event.map(Event::from)),
                _ => seq.next_element::<Event<'de>>(),
            };
            let next = next.and_then(|event| match event {
                Some(event) => event
                    .check()
                    .map(|()| Some(event))
                    .map_err(de::Error::custom),
                None => Ok(None),
            });
            match next {
                Ok(Some(event)) => (self.each)(event),
                Ok(None) => return Ok(()),
                Err(err) => {
                    *self.failed_at = Some(index);
                    return Err(err);
                }
            }
            index += 1;
        }
    }
}
/// MUTATION missing-field-zero: an event whose `bytes` defaults to 0.
#[derive(Deserialize)]
struct DefaultedBytes<'a> {
    ts: i64,
    #[serde(borrow)]
    service: Cow<'a, str>,
    latency_ms: f64,
    status: u16,
    #[serde(default)]
    bytes: i64,
}

impl<'a> From<DefaultedBytes<'a>> for Event<'a> {
    fn from(e: DefaultedBytes<'a>) -> Self {
        Event {
            ts: e.ts,
            service: e.service,
            latency_ms: e.latency_ms,
            status: e.status,
            bytes: e.bytes,
        }
    }
}

/// MUTATION borrowed-str: an event whose name must be a slice of the body.
#[derive(Deserialize)]
struct BorrowedName<'a> {
    ts: i64,
    service: &'a str,
    latency_ms: f64,
    status: u16,
    bytes: i64,
}

impl<'a> From<BorrowedName<'a>> for Event<'a> {
    fn from(e: BorrowedName<'a>) -> Self {
        Event {
            ts: e.ts,
            service: Cow::Borrowed(e.service),
            latency_ms: e.latency_ms,
            status: e.status,
            bytes: e.bytes,
        }
    }
}

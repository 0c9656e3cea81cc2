//! Reading the body of `POST /stats` into events, in the statement's order: the whole
//! body must be JSON (`malformed_json`), then an array (`invalid_body`), then each element
//! a valid event, the first bad one by index deciding (`invalid_event`).

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, IgnoredAny, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer as _};

use crate::error::StatsError;

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
        if self.latency_ms < 0.0 {
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
            let next = seq
                .next_element::<Event<'de>>()
                .and_then(|event| match event {
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

#[cfg(test)]
mod tests {
    use super::*;

    const EVENT: &str =
        r#"{"ts": 1, "service": "api", "latency_ms": 1.5, "status": 200, "bytes": 10}"#;

    /// Every event of `body`, or the error.
    fn collect(body: &[u8]) -> Result<Vec<Event<'_>>, StatsError> {
        let mut events = Vec::new();
        parse(body, |event| events.push(event))?;
        Ok(events)
    }

    fn code_and_index(body: &str) -> (&'static str, Option<usize>) {
        match collect(body.as_bytes()) {
            Ok(_) => ("ok", None),
            Err(StatsError::MalformedJson(_)) => ("malformed_json", None),
            Err(StatsError::InvalidBody) => ("invalid_body", None),
            Err(StatsError::InvalidEvent { index, .. }) => ("invalid_event", Some(index)),
            Err(other) => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn names_borrow_from_the_body_unless_escaped() {
        let body = format!(r#"[{EVENT}, {}]"#, EVENT.replace("api", r"caf\u00e9"));
        let events = collect(body.as_bytes()).expect("valid");
        assert!(matches!(events[0].service, Cow::Borrowed("api")));
        assert!(matches!(&events[1].service, Cow::Owned(name) if name == "café"));
    }

    #[test]
    fn syntax_first_then_array_then_events_in_order() {
        assert_eq!(code_and_index(""), ("malformed_json", None));
        assert_eq!(code_and_index("[1, 2"), ("malformed_json", None));
        assert_eq!(
            code_and_index(r#"[{"ts": "x"}, {"#),
            ("malformed_json", None)
        );
        assert_eq!(code_and_index(r#"{"a": [1,"#), ("malformed_json", None));
        assert_eq!(code_and_index("[] x"), ("malformed_json", None));
        assert_eq!(code_and_index(EVENT), ("invalid_body", None));
        assert_eq!(code_and_index("null"), ("invalid_body", None));
        assert_eq!(
            code_and_index(&format!("[{EVENT}, 3]")),
            ("invalid_event", Some(1))
        );
        let negative = EVENT.replace("1.5", "-0.001");
        let no_bytes = EVENT.replace(r#", "bytes": 10"#, "");
        assert_eq!(
            code_and_index(&format!("[{EVENT}, {negative}, {no_bytes}]")),
            ("invalid_event", Some(1))
        );
        assert_eq!(code_and_index(&format!("[{EVENT},{EVENT}]")), ("ok", None));
    }

    #[test]
    fn each_rule_refuses_its_event() {
        for bad in [
            EVENT.replace(r#""ts": 1"#, r#""ts": -1"#),
            EVENT.replace(r#""ts": 1"#, r#""ts": 1.5"#),
            EVENT.replace(r#""api""#, r#""""#),
            EVENT.replace(r#""api""#, "null"),
            EVENT.replace("200", "600"),
            EVENT.replace("200", "99"),
            EVENT.replace("200", "70000"),
            EVENT.replace("10}", "1000000000001}"),
            EVENT.replace("10}", "-1}"),
        ] {
            assert_eq!(
                code_and_index(&format!("[{bad}]")),
                ("invalid_event", Some(0)),
                "{bad}"
            );
        }
    }
}

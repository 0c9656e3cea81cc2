//! The statistics of a set of events. Yours to write: the README spells out every
//! number (lessons/09-hotpath.md#the-numbers-to-the-byte).

use std::borrow::Cow;

use serde::Serialize;

use crate::events::Event;

/// The answer to `POST /stats`. It may borrow the service names from the body.
#[derive(Debug, Serialize)]
pub struct Stats<'a> {
    pub events: usize,
    pub errors: usize,
    pub from_ts: Option<i64>,
    pub to_ts: Option<i64>,
    pub latency_ms: Option<LatencySummary>,
    pub services: Vec<ServiceStats<'a>>,
    pub top: Vec<TopService<'a>>,
}

#[derive(Debug, Serialize)]
pub struct ServiceStats<'a> {
    pub service: Cow<'a, str>,
    pub count: usize,
    pub errors: usize,
    pub bytes: i64,
    pub latency_ms: LatencySummary,
}

#[derive(Debug, Serialize)]
pub struct LatencySummary {
    pub min: f64,
    pub mean: f64,
    pub p50: f64,
    pub p95: f64,
    pub p99: f64,
    pub max: f64,
}

#[derive(Debug, Serialize)]
pub struct TopService<'a> {
    pub service: Cow<'a, str>,
    pub count: usize,
}

/// The statistics, gathered one event at a time and computed at the end.
///
/// What to keep per service so that `finish` can answer: a count of errors, a sum of
/// bytes, the latencies (and their sum, in the order of the events). Key the map by the
/// events' own names — `HashMap<Cow<'a, str>, _>` — and `entry(event.service)` costs no
/// allocation (lessons/09-hotpath.md#grouping-without-copying).
#[derive(Default)]
pub struct Aggregator<'a> {
    // TODO: your fields.
    _names: std::marker::PhantomData<&'a str>,
}

impl<'a> Aggregator<'a> {
    /// Counts one event in.
    pub fn add(&mut self, event: Event<'a>) {
        let _ = event;
        todo!("count the event in: its service's accumulator, and the totals")
    }

    /// The statistics of every event added: services by name, the percentiles by
    /// nearest rank, the top five by count then name.
    pub fn finish(self) -> Stats<'a> {
        todo!("sort, summarize, rank")
    }
}

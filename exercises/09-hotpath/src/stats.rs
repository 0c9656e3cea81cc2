//! The statistics of a set of events. Yours to write: the README spells out every
//! number (lessons/09-hotpath.md#the-numbers-to-the-byte).

use serde::Serialize;

use crate::events::Event;

/// The answer to `POST /stats`. It may borrow the service names from the events.
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
    pub service: &'a str,
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
    pub service: &'a str,
    pub count: usize,
}

/// The statistics of `events`.
pub fn aggregate<'a>(events: &'a [Event<'_>]) -> Stats<'a> {
    let _ = events;
    todo!("group by service, sort the latencies, take the percentiles by nearest rank")
}

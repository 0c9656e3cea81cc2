//! The service's counters, and `GET /metrics` in Prometheus's text format (0.0.4):
//! your work.
//!
//! The format, for each metric: a `# HELP name text` line, a `# TYPE name counter`
//! (or `gauge`) line, then one line per series: `name value`, or
//! `name{label="value",…} value`. The statement lists the metrics and their labels.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicI64, AtomicU64};
use std::sync::Mutex;

/// The content type of the text format.
pub const CONTENT_TYPE: &str = "text/plain; version=0.0.4; charset=utf-8";

/// The route label of a request no route answered (404, 405).
pub const UNMATCHED: &str = "unmatched";

/// Every metric of the service, shared by all requests (`Arc<Metrics>` in the state).
#[derive(Debug, Default)]
pub struct Metrics {
    pub orders_created: AtomicU64,
    pub orders_cancelled: AtomicU64,
    pub orders_shipped: AtomicU64,
    in_flight: AtomicI64,
    /// `http_requests_total`, by (method, route, status).
    requests: Mutex<BTreeMap<(String, String, u16), u64>>,
}

/// Counts a request as in flight for as long as it lives: `Drop` counts it down.
pub struct InFlight<'a>(&'a Metrics);

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        todo!("count the request down in `self.0.in_flight`")
    }
}

impl Metrics {
    pub fn in_flight(&self) -> InFlight<'_> {
        todo!("count the request up in `self.in_flight` and return the guard")
    }

    /// Counts one answered request under its route's pattern.
    pub fn observe(&self, _method: &str, _route: &str, _status: u16) {
        todo!("add 1 to the series (method, route, status) in `self.requests`")
    }

    /// Every metric in the text format.
    pub fn render(&self) -> String {
        let _ = (&self.requests, &self.in_flight);
        todo!("# HELP, # TYPE and the series of every metric, in the text format")
    }
}

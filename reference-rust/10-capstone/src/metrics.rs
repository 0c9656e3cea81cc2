//! The service's counters, and `GET /metrics` in Prometheus's text format (0.0.4),
//! written by hand.
//!
//! The usual crates are `prometheus-client` (the Prometheus project's own) and
//! `metrics` with `metrics-exporter-prometheus`; both register metrics globally or in a
//! registry and render this same text. Four counters and a gauge are a few atomics and
//! one map, and writing the format once shows what those crates do: the lesson says
//! when to switch.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::Mutex;

/// The content type of the text format.
pub const CONTENT_TYPE: &str = "text/plain; version=0.0.4; charset=utf-8";

/// The route label of a request no route answered (404, 405).
pub const UNMATCHED: &str = "unmatched";

/// Every metric of the service. One is shared by all requests (`Arc<Metrics>` in the
/// state): counters are atomics, and the one map is behind a `std::sync::Mutex`,
/// held for an insert and never across an `.await`.
#[derive(Debug, Default)]
pub struct Metrics {
    pub orders_created: AtomicU64,
    pub orders_cancelled: AtomicU64,
    pub orders_shipped: AtomicU64,
    in_flight: AtomicI64,
    /// `http_requests_total`, by (method, route, status). A `BTreeMap`, so the series
    /// come out in the same order at every scrape.
    requests: Mutex<BTreeMap<(String, String, u16), u64>>,
}

/// Counts a request as in flight for as long as it lives. A guard rather than a
/// decrement at the end of the middleware: when the client hangs up, axum drops the
/// request's future mid-way, and `Drop` still runs.
pub struct InFlight<'a>(&'a Metrics);

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.0.in_flight.fetch_sub(1, Ordering::Relaxed);
    }
}

impl Metrics {
    pub fn in_flight(&self) -> InFlight<'_> {
        self.in_flight.fetch_add(1, Ordering::Relaxed);
        InFlight(self)
    }

    /// Counts one answered request. `route` is the route's pattern (`/orders/{id}`),
    /// never the path: one series per order id would grow without bound.
    pub fn observe(&self, method: &str, route: &str, status: u16) {
        // A poisoned lock only means another request panicked mid-insert; the map is
        // still a map.
        let mut requests = self.requests.lock().unwrap_or_else(|e| e.into_inner());
        *requests
            .entry((method.to_owned(), route.to_owned(), status))
            .or_default() += 1;
    }

    /// Every metric in the text format: `# HELP`, `# TYPE`, then the series.
    pub fn render(&self) -> String {
        let mut out = String::new();
        for (name, help, counter) in [
            (
                "orders_created_total",
                "Orders placed (a replayed idempotent request is not counted).",
                &self.orders_created,
            ),
            (
                "orders_cancelled_total",
                "Orders cancelled.",
                &self.orders_cancelled,
            ),
            (
                "orders_shipped_total",
                "Orders shipped.",
                &self.orders_shipped,
            ),
        ] {
            let value = counter.load(Ordering::Relaxed);
            // Writing to a String cannot fail.
            let _ = write!(
                out,
                "# HELP {name} {help}\n# TYPE {name} counter\n{name} {value}\n"
            );
        }

        out.push_str("# HELP http_requests_total HTTP requests answered, by method, route pattern and status.\n");
        out.push_str("# TYPE http_requests_total counter\n");
        let requests = self.requests.lock().unwrap_or_else(|e| e.into_inner());
        for ((method, route, status), count) in requests.iter() {
            let _ = writeln!(
                out,
                "http_requests_total{{method=\"{}\",route=\"{}\",status=\"{status}\"}} {count}",
                escape(method),
                escape(route),
            );
        }
        drop(requests);

        out.push_str(
            "# HELP http_requests_in_flight HTTP requests being served, this one included.\n",
        );
        out.push_str("# TYPE http_requests_in_flight gauge\n");
        let _ = writeln!(
            out,
            "http_requests_in_flight {}",
            self.in_flight.load(Ordering::Relaxed)
        );
        out
    }
}

/// A label value as the format wants it: backslash, double quote and newline escaped.
fn escape(value: &str) -> String {
    value
        .replace('\\', r"\\")
        .replace('"', r#"\""#)
        .replace('\n', r"\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn series_are_counted_by_their_labels() {
        let metrics = Metrics::default();
        metrics.observe("GET", "/orders/{id}", 200);
        metrics.observe("GET", "/orders/{id}", 200);
        metrics.observe("GET", "/orders/{id}", 404);
        metrics.orders_created.fetch_add(1, Ordering::Relaxed);
        let text = metrics.render();
        assert!(text.contains("orders_created_total 1\n"), "{text}");
        assert!(
            text.contains(
                "http_requests_total{method=\"GET\",route=\"/orders/{id}\",status=\"200\"} 2\n"
            ),
            "{text}"
        );
        assert!(
            text.contains(
                "http_requests_total{method=\"GET\",route=\"/orders/{id}\",status=\"404\"} 1\n"
            ),
            "{text}"
        );
    }

    #[test]
    fn every_metric_has_help_and_type() {
        let text = Metrics::default().render();
        for name in [
            "orders_created_total",
            "orders_cancelled_total",
            "orders_shipped_total",
            "http_requests_total",
            "http_requests_in_flight",
        ] {
            assert!(text.contains(&format!("# HELP {name} ")), "{name}");
            assert!(text.contains(&format!("# TYPE {name} ")), "{name}");
        }
    }

    #[test]
    fn the_in_flight_guard_counts_down_when_dropped() {
        let metrics = Metrics::default();
        let guard = metrics.in_flight();
        assert!(metrics.render().contains("http_requests_in_flight 1\n"));
        drop(guard);
        assert!(metrics.render().contains("http_requests_in_flight 0\n"));
    }

    #[test]
    fn label_values_are_escaped() {
        assert_eq!(escape(r#"a"b\c"#), r#"a\"b\\c"#);
    }
}

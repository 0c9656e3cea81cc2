//! The statistics of a set of events: counts, errors, latency summaries and the busiest
//! services. No HTTP and no parsing here, so it is tested (and profiled) on its own.

use std::borrow::Cow;
use std::collections::HashMap;

use serde::Serialize;

use crate::events::Event;

/// How many services the `top` list names at most.
const TOP_SIZE: usize = 5;

/// The answer to `POST /stats`. It borrows the service names from the body (through the
/// events' `Cow`s): no name is copied on the way from request to response, unless the
/// JSON wrote it with an escape.
#[derive(Debug, PartialEq, Serialize)]
pub struct Stats<'a> {
    pub events: usize,
    pub errors: usize,
    /// `None` (`null`) when there are no events.
    pub from_ts: Option<i64>,
    pub to_ts: Option<i64>,
    pub latency_ms: Option<LatencySummary>,
    /// By name, in byte order.
    pub services: Vec<ServiceStats<'a>>,
    /// Busiest first, equal counts by name; at most `TOP_SIZE`.
    pub top: Vec<TopService<'a>>,
}

#[derive(Debug, PartialEq, Serialize)]
pub struct ServiceStats<'a> {
    pub service: Cow<'a, str>,
    pub count: usize,
    pub errors: usize,
    pub bytes: i64,
    pub latency_ms: LatencySummary,
}

#[derive(Debug, PartialEq, Serialize)]
pub struct LatencySummary {
    pub min: f64,
    pub mean: f64,
    pub p50: f64,
    pub p95: f64,
    pub p99: f64,
    pub max: f64,
}

#[derive(Debug, PartialEq, Serialize)]
pub struct TopService<'a> {
    pub service: Cow<'a, str>,
    pub count: usize,
}

/// The statistics, gathered one event at a time (`add`) and computed at the end
/// (`finish`): the events themselves are never kept.
#[derive(Default)]
pub struct Aggregator<'a> {
    by_service: HashMap<Cow<'a, str>, Acc>,
    /// Every latency, in the order of the events.
    all: Vec<f64>,
    sum: f64,
    errors: usize,
    /// The smallest and largest `ts`; `None` until the first event.
    span: Option<(i64, i64)>,
}

/// One service's events.
#[derive(Default)]
struct Acc {
    errors: usize,
    bytes: i64,
    /// Latencies added in the order of the events (the mean's rule).
    sum: f64,
    latencies: Vec<f64>,
}

/// A 5xx, 500 included, is an error.
fn is_error(status: u16) -> bool {
    status >= 500
}

impl<'a> Aggregator<'a> {
    /// Counts one event in.
    pub fn add(&mut self, event: Event<'a>) {
        let error = is_error(event.status);
        self.errors += usize::from(error);
        self.sum += event.latency_ms;
        self.all.push(event.latency_ms);
        self.span = Some(match self.span {
            None => (event.ts, event.ts),
            Some((from, to)) => (from.min(event.ts), to.max(event.ts)),
        });
        // The key moves in: a borrowed name costs a pointer, not an allocation. (With
        // `HashMap<String, _>`, this line would be `entry(name.to_string())`, an
        // allocation per event, most of them dropped at once because the key exists.)
        let acc = self.by_service.entry(event.service).or_default();
        acc.errors += usize::from(error);
        acc.bytes += event.bytes; // at most 10^12 each, fewer than 10^6 events: no overflow
        acc.sum += event.latency_ms;
        acc.latencies.push(event.latency_ms);
    }

    /// The statistics of every event added.
    pub fn finish(mut self) -> Stats<'a> {
        let mut services: Vec<ServiceStats> = self
            .by_service
            .into_iter()
            .map(|(service, mut acc)| ServiceStats {
                service,
                count: acc.latencies.len(),
                errors: acc.errors,
                bytes: acc.bytes,
                latency_ms: LatencySummary::of(&mut acc.latencies, acc.sum)
                    .expect("a service has at least one event"),
            })
            .collect();
        services.sort_unstable_by(|a, b| a.service.cmp(&b.service));

        let mut top: Vec<TopService> = services
            .iter()
            .map(|s| TopService {
                // A `Cow::Borrowed` clones as a pointer; only a name that had an escape
                // is copied, and only for the five of the top list.
                service: s.service.clone(),
                count: s.count,
            })
            .collect();
        top.sort_by(|a, b| b.count.cmp(&a.count).then(a.service.cmp(&b.service)));
        top.truncate(TOP_SIZE);

        Stats {
            events: self.all.len(),
            errors: self.errors,
            from_ts: self.span.map(|(from, _)| from),
            to_ts: self.span.map(|(_, to)| to),
            latency_ms: LatencySummary::of(&mut self.all, self.sum),
            services,
            top,
        }
    }
}

impl LatencySummary {
    /// Sorts `latencies` in place and describes them; `None` when there are none.
    /// `sum` is their sum in the order of the events.
    fn of(latencies: &mut [f64], sum: f64) -> Option<Self> {
        latencies.sort_unstable_by(f64::total_cmp);
        let (&min, &max) = (latencies.first()?, latencies.last()?);
        Some(Self {
            min,
            mean: round3(sum / latencies.len() as f64),
            p50: nearest_rank(latencies, 50),
            p95: nearest_rank(latencies, 95),
            p99: nearest_rank(latencies, 99),
            max,
        })
    }
}

/// The `p`-th percentile of a non-empty sorted slice by the nearest-rank rule: the value
/// at 1-based position ⌈p·n/100⌉. Integers only, so no float rounding can move the rank.
fn nearest_rank(sorted: &[f64], p: usize) -> f64 {
    let rank = (p * sorted.len()).div_ceil(100);
    sorted[rank - 1]
}

/// Rounds to 3 decimals, halves away from zero (Go's `math.Round(x*1000) / 1000`).
fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn aggregate<'a>(events: impl IntoIterator<Item = Event<'a>>) -> Stats<'a> {
        let mut stats = Aggregator::default();
        events.into_iter().for_each(|event| stats.add(event));
        stats.finish()
    }

    fn event(service: &str, latency_ms: f64, status: u16) -> Event<'_> {
        Event {
            ts: 0,
            service: Cow::Borrowed(service),
            latency_ms,
            status,
            bytes: 1,
        }
    }

    #[test]
    fn nearest_rank_takes_the_ceiling() {
        let one_to_twenty: Vec<f64> = (1..=20).map(f64::from).collect();
        assert_eq!(nearest_rank(&one_to_twenty, 50), 10.0);
        assert_eq!(nearest_rank(&one_to_twenty, 95), 19.0);
        assert_eq!(nearest_rank(&one_to_twenty, 99), 20.0);
        assert_eq!(nearest_rank(&[1.0, 2.0, 3.0], 50), 2.0);
        assert_eq!(nearest_rank(&[1.0, 2.0], 50), 1.0);
        assert_eq!(nearest_rank(&[7.0], 99), 7.0);
    }

    #[test]
    fn round3_rounds_halves_away_from_zero() {
        assert_eq!(round3(5.0 / 3.0), 1.667);
        assert_eq!(round3(0.0005), 0.001);
        assert_eq!(round3(1.2344), 1.234);
    }

    #[test]
    fn no_events_are_nulls_not_zeros() {
        let stats = aggregate([]);
        assert_eq!(
            serde_json::to_string(&stats).unwrap(),
            r#"{"events":0,"errors":0,"from_ts":null,"to_ts":null,"latency_ms":null,"services":[],"top":[]}"#
        );
    }

    #[test]
    fn top_breaks_ties_by_name_not_by_first_appearance() {
        let events = ["g", "f", "e", "d", "c", "b", "a", "g", "b", "a"]
            .into_iter()
            .map(|name| event(name, 1.0, 200));
        let top: Vec<(String, usize)> = aggregate(events)
            .top
            .into_iter()
            .map(|t| (t.service.into_owned(), t.count))
            .collect();
        let want = [("a", 2), ("b", 2), ("g", 2), ("c", 1), ("d", 1)];
        assert_eq!(top, want.map(|(name, count)| (name.to_owned(), count)));
    }

    #[test]
    fn errors_are_5xx_from_500() {
        let events = [
            event("a", 1.0, 499),
            event("a", 2.0, 500),
            event("a", 2.0, 599),
        ];
        let stats = aggregate(events);
        assert_eq!((stats.errors, stats.services[0].errors), (2, 2));
        assert_eq!(stats.services[0].latency_ms.mean, 1.667);
    }
}

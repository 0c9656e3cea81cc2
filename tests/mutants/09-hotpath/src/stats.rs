//! The reference's statistics, with the mutations `errors-gt-500`,
//! `percentile-off-by-one`, `mean-truncated`, `tie-first-seen`, `top-unbounded` and
//! `empty-panics`.

use std::collections::HashMap;

use serde::Serialize;

use crate::events::Event;
use crate::mutation::{self, Mutation};

/// How many services the `top` list names at most.
const TOP_SIZE: usize = 5;

/// The answer to `POST /stats`. It borrows the service names from the events, which
/// borrow them from the body: no name is copied on the way from request to response.
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
    pub service: &'a str,
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
    pub service: &'a str,
    pub count: usize,
}

/// One service's events, gathered in one walk over them.
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
    match mutation::active() {
        // MUTATION errors-gt-500: `>` where the statement says "500 or more".
        Some(Mutation::ErrorsAbove500) => status > 500,
        _ => status >= 500,
    }
}

/// The statistics of `events`.
pub fn aggregate<'a>(events: &'a [Event<'_>]) -> Stats<'a> {
    let mut by_service: HashMap<&str, Acc> = HashMap::new();
    for event in events {
        let acc = by_service.entry(&event.service).or_default();
        acc.errors += usize::from(is_error(event.status));
        acc.bytes += event.bytes; // at most 10^12 each, fewer than 10^6 events: no overflow
        acc.sum += event.latency_ms;
        acc.latencies.push(event.latency_ms);
    }

    let mut services: Vec<ServiceStats> = by_service
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
    services.sort_unstable_by_key(|s| s.service);

    let mut top: Vec<TopService> = services
        .iter()
        .map(|s| TopService {
            service: s.service,
            count: s.count,
        })
        .collect();
    match mutation::active() {
        // MUTATION tie-first-seen: a stable sort by count over the services in the order
        // they first appeared, as a Go port that kept a slice of names in insertion order
        // and called sort.SliceStable would have.
        Some(Mutation::TieFirstSeen) => {
            let first_seen =
                |name: &str| events.iter().position(|e| e.service == name).unwrap_or(0);
            top.sort_by_key(|t| first_seen(t.service));
            top.sort_by_key(|t| std::cmp::Reverse(t.count));
        }
        _ => top.sort_by(|a, b| b.count.cmp(&a.count).then(a.service.cmp(b.service))),
    }
    // MUTATION top-unbounded: every service in `top`.
    if mutation::active() != Some(Mutation::TopUnbounded) {
        top.truncate(TOP_SIZE);
    }

    let mut all: Vec<f64> = events.iter().map(|e| e.latency_ms).collect();
    let sum = all.iter().sum();
    Stats {
        events: events.len(),
        errors: services.iter().map(|s| s.errors).sum(),
        from_ts: events.iter().map(|e| e.ts).min(),
        to_ts: events.iter().map(|e| e.ts).max(),
        latency_ms: match mutation::active() {
            // MUTATION empty-panics: Go's `all[0]` ported as indexing; with no events it
            // panics, and the request is a 500.
            Some(Mutation::EmptyPanics) => {
                let _first = all[0];
                LatencySummary::of(&mut all, sum)
            }
            _ => LatencySummary::of(&mut all, sum),
        },
        services,
        top,
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
            mean: match mutation::active() {
                // MUTATION mean-truncated: `int(sum) / len(latencies)` in integers.
                Some(Mutation::MeanTruncated) => (sum as i64 / latencies.len() as i64) as f64,
                _ => round3(sum / latencies.len() as f64),
            },
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
    match mutation::active() {
        // MUTATION percentile-off-by-one: the 1-based rank used as a 0-based index
        // (kept in bounds, so it answers instead of panicking).
        Some(Mutation::PercentileOffByOne) => sorted[rank.min(sorted.len() - 1)],
        _ => sorted[rank - 1],
    }
}

/// Rounds to 3 decimals, halves away from zero (Go's `math.Round(x*1000) / 1000`).
fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

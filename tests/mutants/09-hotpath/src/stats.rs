//! The reference's statistics, with the mutations `errors-gt-500`,
//! `percentile-off-by-one`, `mean-truncated`, `tie-first-seen`, `top-unbounded` and
//! `empty-panics`.

use std::borrow::Cow;
use std::collections::HashMap;

use serde::Serialize;

use crate::events::Event;
use crate::mutation::{self, Mutation};

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
    /// MUTATION tie-first-seen: when the service was first seen.
    first_seen: usize,
}

/// A 5xx, 500 included, is an error.
fn is_error(status: u16) -> bool {
    match mutation::active() {
        // MUTATION errors-gt-500: `>` where the statement says "500 or more".
        Some(Mutation::ErrorsAbove500) => status > 500,
        _ => status >= 500,
    }
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
        let seen = self.by_service.len();
        let acc = self.by_service.entry(event.service).or_insert_with(|| Acc {
            first_seen: seen,
            ..Acc::default()
        });
        acc.errors += usize::from(error);
        acc.bytes += event.bytes; // at most 10^12 each, fewer than 10^6 events: no overflow
        acc.sum += event.latency_ms;
        acc.latencies.push(event.latency_ms);
    }

    /// The statistics of every event added.
    pub fn finish(mut self) -> Stats<'a> {
        let first_seen: HashMap<Cow<str>, usize> = self
            .by_service
            .iter()
            .map(|(name, acc)| (name.clone(), acc.first_seen))
            .collect();
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
        match mutation::active() {
            // MUTATION tie-first-seen: a stable sort by count over the services in the
            // order they first appeared, as a Go port that kept a slice of names in
            // insertion order and called sort.SliceStable would have.
            Some(Mutation::TieFirstSeen) => {
                top.sort_by_key(|t| first_seen[&t.service]);
                top.sort_by_key(|t| std::cmp::Reverse(t.count));
            }
            _ => top.sort_by(|a, b| b.count.cmp(&a.count).then(a.service.cmp(&b.service))),
        }
        // MUTATION top-unbounded: every service in `top`.
        if mutation::active() != Some(Mutation::TopUnbounded) {
            top.truncate(TOP_SIZE);
        }

        Stats {
            events: self.all.len(),
            errors: self.errors,
            from_ts: self.span.map(|(from, _)| from),
            to_ts: self.span.map(|(_, to)| to),
            latency_ms: match mutation::active() {
                // MUTATION empty-panics: Go's `all[0]` ported as indexing; with no events
                // it panics, and the request is a 500.
                Some(Mutation::EmptyPanics) => {
                    let _first = self.all[0];
                    LatencySummary::of(&mut self.all, self.sum)
                }
                _ => LatencySummary::of(&mut self.all, self.sum),
            },
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

#pragma once
/// @file
/// What `ferry bench` measured, and what it concludes: the figures of every run, the
/// Rust/Go ratios per load level against the bands the migration articles claim, a
/// PASS / FAIL / INCONCLUSIVE verdict for each, and the three ways to show it (a
/// terminal table, a JSON document, an SVG latency-percentile plot). Pure: no I/O.

#include "bench/histogram.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace ferry::bench {

/// Latency percentiles of one run, in microseconds.
struct LatencySummary {
  std::int64_t p50_us = 0;  ///< median
  std::int64_t p90_us = 0;  ///< 90th percentile
  std::int64_t p99_us = 0;  ///< 99th percentile: the tail the claims are about
  std::int64_t p999_us = 0;  ///< 99.9th percentile
  std::int64_t max_us = 0;  ///< the slowest
  double mean_us = 0;  ///< the mean
  /// The summary of @p histogram.
  static LatencySummary of(const Histogram& histogram);
};

/// The percentiles a plot draws a curve through: 0, 10, 20, … 90, 95, 99, 99.5, 99.9,
/// 99.95, 99.99 and 100.
const std::vector<double>& curve_percentiles();

/// One measured run: one implementation, one load level, one repetition.
struct RunFigures {
  std::string impl;  ///< "go" (the reference) or "rust" (the learner's port or the Rust reference)
  int level_percent = 0;  ///< the offered load, as a percentage of the Go reference's capacity
  int repetition = 0;  ///< 0, 1, 2…: Go and Rust runs of the same repetition were made one after the other
  double target_rps = 0;  ///< the offered rate
  double achieved_rps = 0;  ///< responses completed per second of the measured window
  std::int64_t sent = 0;  ///< requests sent in the measured window
  std::int64_t ok = 0;  ///< 2xx answers
  std::int64_t non_2xx = 0;  ///< answers with another status: counted apart, never as fast successes
  std::int64_t errors = 0;  ///< no answer: refused, reset, timed out, malformed
  /// Latency from each request's intended send time (the open-loop schedule): the figure judged.
  LatencySummary corrected;
  /// Latency from the moment the request was actually written: a diagnostic only. Far
  /// below `corrected`, it means requests queued in the generator, waiting for the server.
  LatencySummary uncorrected;
  /// (percentile, µs) of the corrected latency at curve_percentiles(), for the plot.
  std::vector<std::pair<double, std::int64_t>> curve;
  double idle_rss_kib = 0;  ///< resident memory after start-up, before any load
  double peak_rss_kib = 0;  ///< VmHWM over the measured window (reset after warm-up)
  double max_rss_kib = 0;  ///< ru_maxrss from wait4: the whole life of the process
  double cpu_seconds = 0;  ///< user + system CPU time over the measured window
  double cpu_s_per_1k = 0;  ///< cpu_seconds per 1,000 completed requests
};

/// A claim of the migration articles, as a band of Rust/Go ratios (lower is better).
struct Claim {
  std::string metric;  ///< "p99", "peak_rss" or "cpu_per_1k": which figure of RunFigures
  std::string label;  ///< "p99 latency", for people
  double band_low = 0;  ///< the claimed ratio at its best (0.5 for "50% lower")
  double band_high = 0;  ///< at its least (0.6 for "40% lower"): a ratio at or below it meets the claim
  std::string claim;  ///< the claim in words: "40–50% lower tail latency"
};

/// The three claims: p99 40–50% lower (0.5–0.6), peak memory 2–4× less (0.25–0.5),
/// CPU 20–60% less (0.4–0.8).
std::vector<Claim> default_claims();

/// A verdict on one claim at one load level.
enum class Verdict {
  pass,  ///< every paired ratio is at or below the band's upper end
  fail,  ///< every paired ratio is above it, or the Rust service answered with errors
  inconclusive,  ///< the spread straddles the band's upper end, or a run missed its rate by more than the tolerance, or the Go reference answered with errors
};

/// "PASS", "FAIL", "INCONCLUSIVE".
std::string to_string(Verdict verdict);

/// One claim judged at one load level, from the paired runs.
struct RatioJudgement {
  std::string metric;  ///< the claim's metric
  int level_percent = 0;  ///< the load level
  std::vector<double> ratios;  ///< rust/go for each repetition, in repetition order
  double median = 0;  ///< of ratios
  double low = 0;  ///< the smallest ratio
  double high = 0;  ///< the largest ratio
  Verdict verdict = Verdict::inconclusive;  ///< see Verdict
  std::string why;  ///< one sentence: "every ratio is at or below 0.60", "the Go run of repetition 2 achieved 712 of 800 requests/s"
};

/// The value of @p metric ("p99", "peak_rss", "cpu_per_1k") in @p run.
double metric_value(const RunFigures& run, const std::string& metric);

/// Judge every claim at every load level: pair the "go" and "rust" runs of each
/// repetition, compute rust/go, and apply the rules of Verdict. A run whose
/// achieved rate is below target × (1 − @p rate_tolerance) makes its level
/// inconclusive; errors or non-2xx answers from the Rust service fail it, from the
/// Go reference make it inconclusive. Levels in ascending order, claims in the order given.
std::vector<RatioJudgement> judge(const std::vector<RunFigures>& runs, const std::vector<Claim>& claims,
                                  double rate_tolerance = 0.05);

/// The verdict of a whole bench: FAIL if any judgement fails, else INCONCLUSIVE if any
/// is, else PASS (INCONCLUSIVE when there are none).
Verdict overall(const std::vector<RatioJudgement>& judgements);

/// How the runs were made, stated in every report so that a reader can judge the fight.
struct Environment {
  int cpus = 0;  ///< online CPUs
  int service_cpu = -1;  ///< the core the service was pinned to (-1: not pinned)
  int generator_cpu = -1;  ///< the core the load generator was pinned to (-1: not pinned)
  std::string go_runtime;  ///< "GOMAXPROCS=1, GOGC=100 (default), GOMEMLIMIT unset"
  std::string rust_runtime;  ///< "TOKIO_WORKER_THREADS=1"
  std::string go_version;  ///< `go version`
  std::string rustc_version;  ///< `rustc --version`
  double capacity_rps = 0;  ///< the Go reference's capacity, from the closed-loop ramp
  double warmup_s = 0;  ///< discarded at the start of each run
  double duration_s = 0;  ///< the measured window of each run
  int repetitions = 0;  ///< Go and Rust runs per level, alternated
  int connections = 0;  ///< the generator's connection cap
  std::string load_mix;  ///< where the requests came from: "exercises/01-hello/load.json (2 requests)"
};

/// Everything `ferry bench` reports.
struct BenchReport {
  std::string exercise;  ///< "01-hello"
  std::string rust_label;  ///< "your port" or "the Rust reference"
  Environment environment;  ///< how the runs were made
  std::vector<RunFigures> runs;  ///< every run, in the order it was made
  std::vector<Claim> claims;  ///< the claims judged
  std::vector<RatioJudgement> judgements;  ///< judge(runs, claims)
  Verdict verdict = Verdict::inconclusive;  ///< overall(judgements)
};

/// The report as JSON (format_version 1): every field above, ratios and verdicts included.
nlohmann::json to_json(const BenchReport& report);

/// The report for a terminal: the environment in a few lines; per load level, a table of
/// Go and Rust medians across repetitions (achieved rate, p50, p99, p99.9, max, errors,
/// peak RSS, CPU per 1k) with the uncorrected p99 beside the corrected one; then each
/// claim's ratio (median and spread) against its band with its verdict, and the overall
/// verdict with one sentence on what it means. ANSI colours when @p color.
std::string render_table(const BenchReport& report, bool color);

/// A self-contained SVG (no scripts, no external fonts): latency (ms, y) against
/// percentile (x, on the usual HDR scale where 90, 99, 99.9, 99.99 are evenly spaced),
/// one line per implementation and load level — Go solid, Rust dashed, one colour per
/// level — through the curve of the repetition with the median p99; a legend, axis
/// labels, and a title naming the exercise and the verdict.
std::string render_svg(const BenchReport& report);

}  // namespace ferry::bench

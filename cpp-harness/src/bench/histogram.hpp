#pragma once
/// @file
/// A latency histogram in the manner of HdrHistogram: log-linear buckets that keep
/// three significant digits at every magnitude, from 1 µs to an hour, in fixed memory.
/// Recording is O(1) and allocation-free, so the load generator can record every
/// response on its hot path; two histograms merge exactly.

#include <cstdint>
#include <vector>

/// The bench layer: `ferry bench`, the Go reference and the learner's port under the
/// same open-loop load. Pure parts (this histogram, the schedule, the report and
/// its verdict) are tested without a server; the load generator and the runner
/// drive real processes over loopback.
namespace ferry::bench {

/// Counts of values in microseconds, with a relative error of at most 1/1000.
///
/// Layout (as HdrHistogram with 3 significant digits): values below 2048 are counted
/// exactly (one bucket per microsecond); above, each power-of-two range [2^k, 2^(k+1))
/// is split into 1024 equal sub-buckets, so a bucket's width is at most 1/1024 of its
/// values. A value above the highest trackable one is counted as the highest and
/// flagged in saturated().
class Histogram {
public:
  /// Tracks values from 0 to @p highest_us (default: one hour).
  explicit Histogram(std::int64_t highest_us = 3'600'000'000);

  /// Count one value (negative values count as 0).
  void record(std::int64_t us);
  /// Count @p count occurrences of @p us.
  void record_n(std::int64_t us, std::int64_t count);
  /// Add every count of @p other (same highest value).
  void merge(const Histogram& other);
  /// Forget everything.
  void reset();

  /// How many values were recorded.
  [[nodiscard]] std::int64_t count() const { return m_count; }
  /// The smallest recorded value, exactly (0 when empty).
  [[nodiscard]] std::int64_t min() const;
  /// The largest recorded value, exactly (0 when empty; the highest trackable value
  /// once one above it was recorded).
  [[nodiscard]] std::int64_t max() const;
  /// The mean, from bucket midpoints (0 when empty).
  [[nodiscard]] double mean() const;
  /// The value at percentile @p p (0–100): the smallest bucket value v such that at
  /// least p% of the recorded values are ≤ v, reported as the highest value of its
  /// bucket (never below the true value, at most 1/1000 above). p = 100 gives max().
  /// 0 when empty.
  [[nodiscard]] std::int64_t percentile(double p) const;
  /// How many values were above the highest trackable value.
  [[nodiscard]] std::int64_t saturated() const { return m_saturated; }

private:
  [[nodiscard]] std::size_t index_of(std::int64_t us) const;
  [[nodiscard]] std::int64_t highest_in_bucket(std::size_t index) const;
  [[nodiscard]] std::int64_t lowest_in_bucket(std::size_t index) const;

  std::int64_t m_highest;
  std::vector<std::int64_t> m_counts;
  std::int64_t m_count = 0;
  std::int64_t m_min = 0;
  std::int64_t m_max = 0;
  std::int64_t m_saturated = 0;
};

}  // namespace ferry::bench

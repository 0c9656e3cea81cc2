#pragma once
/// @file
/// The open-loop schedule: request i is due at start + i / rate, whatever happened to
/// the requests before it. Latency is measured from that intended time, so a server
/// that stalls for 200 ms is charged 200 ms for every request that was due during the
/// stall, not just for the one that was waiting (no coordinated omission).

#include <chrono>
#include <cstdint>

namespace ferry::bench {

/// A constant-rate schedule of requests.
class Schedule {
public:
  /// The clock of every time point: monotonic, unaffected by changes to the wall clock.
  using clock = std::chrono::steady_clock;

  /// @p rate requests per second (> 0), the first due at @p start.
  Schedule(double rate, clock::time_point start);

  /// When request @p index (0-based) is due: start + index / rate, rounded to the
  /// nearest nanosecond, without accumulating rounding error over millions of requests.
  [[nodiscard]] clock::time_point due(std::int64_t index) const;
  /// How many requests are due at or before @p now (0 before start).
  [[nodiscard]] std::int64_t due_by(clock::time_point now) const;
  /// How many requests a run of @p duration holds: floor(duration × rate).
  [[nodiscard]] std::int64_t count_in(std::chrono::nanoseconds duration) const;

  /// The rate, in requests per second.
  [[nodiscard]] double rate() const { return m_rate; }
  /// When request 0 is due.
  [[nodiscard]] clock::time_point start() const { return m_start; }

private:
  double m_rate;
  clock::time_point m_start;
};

}  // namespace ferry::bench

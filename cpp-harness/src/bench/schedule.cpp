#include "bench/schedule.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace ferry::bench {

namespace {

constexpr long double k_ns_per_s = 1e9L;
constexpr auto k_max_ns = std::numeric_limits<std::int64_t>::max();
constexpr auto k_min_ns = std::numeric_limits<std::int64_t>::min();

/// A long double to int64, saturating (llroundl/floorl results beyond the range are undefined to cast).
std::int64_t saturate(long double value) {
  if (std::isnan(value)) {
    return 0;
  }
  if (value >= static_cast<long double>(k_max_ns)) {
    return k_max_ns;
  }
  if (value <= static_cast<long double>(k_min_ns)) {
    return k_min_ns;
  }
  return static_cast<std::int64_t>(value);
}

/// Nanoseconds from start to request @p index: index · 1e9 / rate, rounded to nearest.
/// Computed from the index alone in long double (a 64-bit mantissa: under 0.01 ns of
/// error for 10^7 requests at 1 request/s), so no error accumulates along the schedule.
std::int64_t offset_ns(double rate, std::int64_t index) {
  long double ns = static_cast<long double>(index) * k_ns_per_s / static_cast<long double>(rate);
  return saturate(std::round(ns));
}

}  // namespace

Schedule::Schedule(double rate, clock::time_point start) : m_rate(rate), m_start(start) {
  // A rate of 0, negative or NaN would divide by zero or run backwards: the callers
  // check it; here it becomes the smallest positive rate rather than undefined behaviour.
  if (!(m_rate > 0) || !std::isfinite(m_rate)) {
    m_rate = !(m_rate > 0) ? std::numeric_limits<double>::min() : std::numeric_limits<double>::max();
  }
}

Schedule::clock::time_point Schedule::due(std::int64_t index) const {
  std::int64_t ns = offset_ns(m_rate, index);
  auto since_epoch = std::chrono::duration_cast<std::chrono::nanoseconds>(m_start.time_since_epoch()).count();
  // Saturate rather than overflow for absurd indexes.
  if (ns > 0 && since_epoch > k_max_ns - ns) {
    ns = k_max_ns - since_epoch;
  } else if (ns < 0 && since_epoch < k_min_ns - ns) {
    ns = k_min_ns - since_epoch;
  }
  return m_start + std::chrono::duration_cast<clock::duration>(std::chrono::nanoseconds(ns));
}

std::int64_t Schedule::due_by(clock::time_point now) const {
  if (now < m_start) {
    return 0;
  }
  std::int64_t elapsed = std::chrono::duration_cast<std::chrono::nanoseconds>(now - m_start).count();
  // An estimate from the rate, then exact steps against offset_ns: the answer is the
  // inverse of due(), rounding included. offset_ns is non-decreasing in the index.
  long double estimate = std::floor(static_cast<long double>(elapsed) * static_cast<long double>(m_rate) / k_ns_per_s);
  std::int64_t n = saturate(estimate);
  n = std::clamp<std::int64_t>(n, 0, k_max_ns - 2) + 1;  // candidate: indexes 0 … n-1 are due
  while (n < k_max_ns && offset_ns(m_rate, n) <= elapsed) {
    ++n;
  }
  while (n > 0 && offset_ns(m_rate, n - 1) > elapsed) {
    --n;
  }
  return n;
}

std::int64_t Schedule::count_in(std::chrono::nanoseconds duration) const {
  if (duration.count() <= 0) {
    return 0;
  }
  long double held = static_cast<long double>(duration.count()) * static_cast<long double>(m_rate) / k_ns_per_s;
  // The rate is a double: 0.3 is stored a hair below 0.3, and 10 s at 0.3/s must hold 3
  // requests, not 2. A relative 1e-15 (a few double ulps) absorbs that, far below the
  // distance of any real duration × rate to the next integer.
  return saturate(std::floor(held + held * 1e-15L));
}

}  // namespace ferry::bench

#include "bench/histogram.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>

namespace ferry::bench {

namespace {

// Bucket layout (HdrHistogram, 3 significant digits, unit 1 µs): index v for v < 2048
// (width 1); above, with k = bit_width(v) - 11 (so v lies in [2^(10+k), 2^(11+k))),
// index k·1024 + (v >> k), where v >> k lies in [1024, 2048): 1024 sub-buckets of
// width 2^k, at most 1/1024 of their values.
constexpr std::int64_t k_exact_limit = 2048;  // values below are counted one per microsecond
constexpr std::int64_t k_sub_buckets = 1024;  // sub-buckets per power of two above

int shift_of(std::uint64_t value) {
  auto width = static_cast<int>(std::bit_width(value));
  return width > 11 ? width - 11 : 0;
}

}  // namespace

Histogram::Histogram(std::int64_t highest_us) : m_highest(std::max<std::int64_t>(highest_us, 1)) {
  m_counts.assign(index_of(m_highest) + 1, 0);
}

std::size_t Histogram::index_of(std::int64_t us) const {
  auto value = static_cast<std::uint64_t>(us);
  int shift = shift_of(value);
  return static_cast<std::size_t>(shift) * static_cast<std::size_t>(k_sub_buckets) +
         static_cast<std::size_t>(value >> shift);
}

std::int64_t Histogram::lowest_in_bucket(std::size_t index) const {
  auto i = static_cast<std::int64_t>(index);
  if (i < k_exact_limit) {
    return i;
  }
  std::int64_t shift = i / k_sub_buckets - 1;
  std::int64_t sub = i - shift * k_sub_buckets;
  return sub << shift;
}

std::int64_t Histogram::highest_in_bucket(std::size_t index) const {
  auto i = static_cast<std::int64_t>(index);
  if (i < k_exact_limit) {
    return i;
  }
  std::int64_t shift = i / k_sub_buckets - 1;
  return lowest_in_bucket(index) + (std::int64_t{1} << shift) - 1;
}

void Histogram::record(std::int64_t us) { record_n(us, 1); }

void Histogram::record_n(std::int64_t us, std::int64_t count) {
  if (count <= 0) {
    return;
  }
  if (us < 0) {
    us = 0;
  }
  if (us > m_highest) {
    us = m_highest;
    m_saturated += count;
  }
  m_counts[index_of(us)] += count;
  if (m_count == 0) {
    m_min = us;
    m_max = us;
  } else {
    m_min = std::min(m_min, us);
    m_max = std::max(m_max, us);
  }
  m_count += count;
}

void Histogram::merge(const Histogram& other) {
  if (other.m_count == 0) {
    return;
  }
  std::int64_t other_min = std::min(other.m_min, m_highest);
  std::int64_t other_max = std::min(other.m_max, m_highest);
  if (other.m_counts.size() == m_counts.size()) {
    for (std::size_t i = 0; i < m_counts.size(); ++i) {
      m_counts[i] += other.m_counts[i];
    }
    m_saturated += other.m_saturated;
  } else {
    // Another range: re-count each of its buckets at its lowest value (still within
    // 1/1000 of every value in it); values above our range saturate.
    std::int64_t saved_count = m_count;
    std::int64_t saved_min = m_min;
    std::int64_t saved_max = m_max;
    for (std::size_t i = 0; i < other.m_counts.size(); ++i) {
      if (other.m_counts[i] != 0) {
        record_n(other.lowest_in_bucket(i), other.m_counts[i]);
      }
    }
    m_saturated += other.m_saturated;
    m_count = saved_count;
    m_min = saved_min;
    m_max = saved_max;
  }
  if (m_count == 0) {
    m_min = other_min;
    m_max = other_max;
  } else {
    m_min = std::min(m_min, other_min);
    m_max = std::max(m_max, other_max);
  }
  m_count += other.m_count;
}

void Histogram::reset() {
  std::fill(m_counts.begin(), m_counts.end(), 0);
  m_count = 0;
  m_min = 0;
  m_max = 0;
  m_saturated = 0;
}

std::int64_t Histogram::min() const { return m_count == 0 ? 0 : m_min; }

std::int64_t Histogram::max() const { return m_count == 0 ? 0 : m_max; }

double Histogram::mean() const {
  if (m_count == 0) {
    return 0;
  }
  long double total = 0;
  for (std::size_t i = 0; i < m_counts.size(); ++i) {
    if (m_counts[i] != 0) {
      // The midpoint of the integers the bucket holds.
      long double mid = (static_cast<long double>(lowest_in_bucket(i)) + static_cast<long double>(highest_in_bucket(i))) / 2;
      total += mid * static_cast<long double>(m_counts[i]);
    }
  }
  return static_cast<double>(total / static_cast<long double>(m_count));
}

std::int64_t Histogram::percentile(double p) const {
  if (m_count == 0) {
    return 0;
  }
  if (!(p > 0)) {  // also NaN
    return m_min;
  }
  if (p >= 100) {
    return m_max;
  }
  // The rank of the value: ceil(p% of the count), at least 1. p is a double (99.9 is a
  // hair above 99.9), so a product a few ulps above an integer counts as that integer.
  long double exact = static_cast<long double>(p) * static_cast<long double>(m_count) / 100;
  long double rounded = std::ceil(exact - exact * 1e-12L);
  auto rank = std::clamp(static_cast<std::int64_t>(rounded), std::int64_t{1}, m_count);
  std::int64_t seen = 0;
  for (std::size_t i = 0; i < m_counts.size(); ++i) {
    seen += m_counts[i];
    if (seen >= rank) {
      return std::min(highest_in_bucket(i), m_max);
    }
  }
  return m_max;
}

}  // namespace ferry::bench

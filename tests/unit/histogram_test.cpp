// bench/histogram: the log-linear latency histogram — exact below 2048 µs, within
// 1/1000 above at every magnitude up to an hour, percentiles against sorted data,
// merging, saturation and the empty case.
#include "bench/histogram.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

using ferry::bench::Histogram;

namespace {

/// The exact value at percentile milli/1000 of sorted @p values: the rank-th smallest,
/// rank = ceil(p% of n), at least 1 (integer arithmetic: no rounding in the reference).
std::int64_t exact_percentile(const std::vector<std::int64_t>& sorted, std::int64_t milli) {
  auto n = static_cast<std::int64_t>(sorted.size());
  std::int64_t rank = std::max<std::int64_t>((milli * n + 99'999) / 100'000, 1);
  return sorted[static_cast<std::size_t>(rank - 1)];
}

/// Whether @p reported is the true value or at most 1/1000 above it.
bool within_a_thousandth(std::int64_t reported, std::int64_t exact) {
  return reported >= exact && (reported - exact) * 1000 <= exact;
}

}  // namespace

TEST_CASE("values below 2048 µs are counted exactly", "[histogram]") {
  Histogram h;
  for (std::int64_t v = 0; v < 2048; ++v) {
    h.record(v);
  }
  CHECK(h.count() == 2048);
  CHECK(h.min() == 0);
  CHECK(h.max() == 2047);
  // Each value is its own bucket: the percentile is the exact rank-th value.
  for (std::int64_t rank = 1; rank <= 2048; ++rank) {
    double p = static_cast<double>(rank) * 100.0 / 2048.0;
    INFO("rank " << rank);
    CHECK(h.percentile(p) == rank - 1);
  }
  Histogram single;
  single.record(1234);
  CHECK(single.percentile(50) == 1234);
  CHECK(single.percentile(99.99) == 1234);
  CHECK(single.mean() == Approx(1234));
}

TEST_CASE("one value at any magnitude up to an hour is reported within 1/1000, never below", "[histogram]") {
  for (std::int64_t v : {2048LL, 2049LL, 4095LL, 4096LL, 10'000LL, 123'457LL, 999'999LL, 1'000'000LL, 65'536'001LL,
                         987'654'321LL, 2'147'483'647LL, 3'599'999'999LL, 3'600'000'000LL}) {
    Histogram h;
    h.record(v);
    INFO("value " << v);
    CHECK(h.min() == v);
    CHECK(h.max() == v);
    CHECK(h.percentile(100) == v);
    // The bucket's highest value, clamped to the maximum: exactly v for one value.
    CHECK(h.percentile(50) == v);
    Histogram two;
    two.record(v);
    two.record(3'600'000'000);
    CHECK(within_a_thousandth(two.percentile(50), v));
  }
}

TEST_CASE("percentiles of many values across magnitudes stay within 1/1000 of the sorted truth", "[histogram]") {
  std::mt19937_64 rng(20240611);
  // Log-uniform from 1 µs to an hour, plus a cluster of fast values.
  std::uniform_real_distribution<double> log_us(0.0, 9.556);  // 10^9.556 ≈ 3.6e9
  std::uniform_int_distribution<std::int64_t> fast(0, 5000);
  std::vector<std::int64_t> values;
  Histogram h;
  for (int i = 0; i < 200'000; ++i) {
    std::int64_t v = i % 4 == 0 ? fast(rng) : static_cast<std::int64_t>(std::pow(10.0, log_us(rng)));
    v = std::min<std::int64_t>(v, 3'600'000'000);
    values.push_back(v);
    h.record(v);
  }
  std::sort(values.begin(), values.end());
  REQUIRE(h.count() == 200'000);
  CHECK(h.saturated() == 0);
  CHECK(h.min() == values.front());
  CHECK(h.max() == values.back());
  for (std::int64_t milli = 0; milli <= 100'000; milli += 250) {
    std::int64_t exact = exact_percentile(values, milli);
    std::int64_t reported = h.percentile(static_cast<double>(milli) / 1000.0);
    INFO("p" << static_cast<double>(milli) / 1000.0 << ": exact " << exact << ", reported " << reported);
    CHECK(within_a_thousandth(reported, exact));
  }
  for (std::int64_t milli : {90'000LL, 99'000LL, 99'500LL, 99'900LL, 99'950LL, 99'990LL, 99'999LL}) {
    std::int64_t exact = exact_percentile(values, milli);
    std::int64_t reported = h.percentile(static_cast<double>(milli) / 1000.0);
    INFO("p" << static_cast<double>(milli) / 1000.0 << ": exact " << exact << ", reported " << reported);
    CHECK(within_a_thousandth(reported, exact));
  }
  // The mean from bucket midpoints is within 1/2000 (half a bucket) of the true mean.
  long double sum = 0;
  for (auto v : values) {
    sum += static_cast<long double>(v);
  }
  double true_mean = static_cast<double>(sum / static_cast<long double>(values.size()));
  CHECK(h.mean() == Approx(true_mean).epsilon(0.0005));
}

TEST_CASE("percentile is monotone in p and p = 100 is the maximum", "[histogram]") {
  std::mt19937_64 rng(7);
  std::lognormal_distribution<double> latency(8.0, 1.5);  // around 3 ms, with a long tail
  Histogram h;
  for (int i = 0; i < 50'000; ++i) {
    h.record(static_cast<std::int64_t>(latency(rng)));
  }
  std::int64_t previous = h.percentile(0);
  CHECK(previous == h.min());
  for (int step = 1; step <= 10'000; ++step) {
    double p = static_cast<double>(step) / 100.0;
    std::int64_t value = h.percentile(p);
    INFO("p" << p);
    REQUIRE(value >= previous);
    REQUIRE(value <= h.max());
    previous = value;
  }
  CHECK(h.percentile(100) == h.max());
  CHECK(h.percentile(150) == h.max());
  CHECK(h.percentile(-5) == h.min());
}

TEST_CASE("a uniform 1..100000 gives p50 ≈ 50000 and p99 ≈ 99000 within 1/1000", "[histogram]") {
  Histogram h;
  for (std::int64_t v = 1; v <= 100'000; ++v) {
    h.record(v);
  }
  CHECK(within_a_thousandth(h.percentile(50), 50'000));
  CHECK(within_a_thousandth(h.percentile(90), 90'000));
  CHECK(within_a_thousandth(h.percentile(99), 99'000));
  CHECK(within_a_thousandth(h.percentile(99.9), 99'900));
  CHECK(h.percentile(100) == 100'000);
  CHECK(h.min() == 1);
  CHECK(h.mean() == Approx(50'000.5).epsilon(0.0005));
}

TEST_CASE("a constant value gives the same figure at every percentile", "[histogram]") {
  Histogram h;
  h.record_n(250'000, 1'000'000);
  CHECK(h.count() == 1'000'000);
  for (double p : {0.0, 1.0, 50.0, 99.0, 99.99, 100.0}) {
    CHECK(h.percentile(p) == 250'000);
  }
}

TEST_CASE("merging equals recording both sets into one histogram", "[histogram]") {
  std::mt19937_64 rng(99);
  std::uniform_int_distribution<std::int64_t> a_values(100, 50'000);
  std::uniform_int_distribution<std::int64_t> b_values(20'000, 9'000'000);
  Histogram a;
  Histogram b;
  Histogram both;
  for (int i = 0; i < 20'000; ++i) {
    auto va = a_values(rng);
    auto vb = b_values(rng);
    a.record(va);
    b.record(vb);
    both.record(va);
    both.record(vb);
  }
  b.record(4'000'000'000);  // saturates in both
  both.record(4'000'000'000);
  a.merge(b);
  CHECK(a.count() == both.count());
  CHECK(a.min() == both.min());
  CHECK(a.max() == both.max());
  CHECK(a.saturated() == both.saturated());
  CHECK(a.mean() == Approx(both.mean()));
  for (int step = 0; step <= 1000; ++step) {
    double p = static_cast<double>(step) / 10.0;
    INFO("p" << p);
    CHECK(a.percentile(p) == both.percentile(p));
  }
  SECTION("merging an empty histogram changes nothing, merging into one copies") {
    Histogram empty;
    std::int64_t before = a.percentile(99);
    a.merge(empty);
    CHECK(a.percentile(99) == before);
    CHECK(a.count() == both.count());
    empty.merge(both);
    CHECK(empty.count() == both.count());
    CHECK(empty.min() == both.min());
    CHECK(empty.percentile(99.9) == both.percentile(99.9));
  }
}

TEST_CASE("merging a histogram of another range keeps every value within 1/1000", "[histogram]") {
  Histogram hour;
  Histogram second(1'000'000);
  second.record(5);
  second.record(777'777);
  hour.record(3'000'000'000);
  second.merge(hour);  // 3e9 is beyond a second: saturated at the highest
  CHECK(second.count() == 3);
  CHECK(second.saturated() == 1);
  CHECK(second.max() == 1'000'000);
  hour.merge(second);
  CHECK(hour.count() == 4);
  CHECK(hour.min() == 5);
  CHECK(within_a_thousandth(hour.percentile(50), 777'777));
}

TEST_CASE("values above the highest trackable are counted at the highest and flagged", "[histogram]") {
  Histogram h(10'000);
  h.record(50);
  h.record(10'000);
  h.record(10'001);
  h.record_n(1'000'000, 3);
  CHECK(h.count() == 6);
  CHECK(h.saturated() == 4);
  CHECK(h.max() == 10'000);
  CHECK(h.percentile(100) == 10'000);
  CHECK(within_a_thousandth(h.percentile(99), 10'000));
  SECTION("negative values count as 0") {
    h.record(-12);
    CHECK(h.min() == 0);
    CHECK(h.count() == 7);
    CHECK(h.saturated() == 4);
  }
  SECTION("reset forgets the saturation too") {
    h.reset();
    CHECK(h.saturated() == 0);
    CHECK(h.count() == 0);
    CHECK(h.max() == 0);
  }
}

TEST_CASE("an empty histogram reports zeros", "[histogram]") {
  Histogram h;
  CHECK(h.count() == 0);
  CHECK(h.min() == 0);
  CHECK(h.max() == 0);
  CHECK(h.mean() == 0);
  CHECK(h.saturated() == 0);
  for (double p : {0.0, 50.0, 99.9, 100.0}) {
    CHECK(h.percentile(p) == 0);
  }
  h.record(42);
  h.reset();
  CHECK(h.count() == 0);
  CHECK(h.percentile(50) == 0);
  CHECK(h.min() == 0);
  h.record_n(7, 0);  // no occurrences: still empty
  CHECK(h.count() == 0);
  CHECK(h.min() == 0);
}

// bench/schedule: the open-loop schedule — request i due at start + i / rate to the
// nanosecond over ten million requests, due_by() as the exact inverse of due(), and
// count_in() as floor(duration × rate).
#include "bench/schedule.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <cstdint>

using ferry::bench::Schedule;
using namespace std::chrono_literals;

namespace {

/// A rate as an exact fraction of requests per second, so that the reference
/// due times are computed in integers.
struct ExactRate {
  double rate;
  std::int64_t num;
  std::int64_t den;
};

/// start + round(index · 10^9 · den / num) ns, in integers (no ties occur for these rates).
std::int64_t expected_ns(const ExactRate& r, std::int64_t index) {
  std::int64_t scaled = index * 1'000'000'000 * r.den;
  return (2 * scaled + r.num) / (2 * r.num);
}

std::int64_t ns_between(Schedule::clock::time_point from, Schedule::clock::time_point to) {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(to - from).count();
}

const Schedule::clock::time_point k_start{std::chrono::hours(5)};

}  // namespace

TEST_CASE("due times stay exact to the nanosecond over ten million requests", "[schedule]") {
  const ExactRate rates[] = {{1, 1, 1}, {3, 3, 1}, {7.5, 15, 2}, {50'000, 50'000, 1}, {1e6, 1'000'000, 1}};
  constexpr std::int64_t k_requests = 10'000'000;
  for (const auto& r : rates) {
    Schedule schedule(r.rate, k_start);
    CHECK(schedule.rate() == r.rate);
    CHECK(schedule.start() == k_start);
    std::int64_t mismatches = 0;
    std::int64_t first_mismatch = -1;
    for (std::int64_t i = 0; i < k_requests; ++i) {
      if (ns_between(k_start, schedule.due(i)) != expected_ns(r, i)) {
        if (mismatches++ == 0) {
          first_mismatch = i;
        }
      }
    }
    INFO("rate " << r.rate << ": first mismatch at index " << first_mismatch);
    CHECK(mismatches == 0);
    // The last one, spelled out: 10^7 - 1 requests after the first.
    CHECK(ns_between(k_start, schedule.due(k_requests - 1)) == expected_ns(r, k_requests - 1));
  }
}

TEST_CASE("request 0 is due at the start and request i at start + i / rate", "[schedule]") {
  Schedule schedule(4, k_start);
  CHECK(schedule.due(0) == k_start);
  CHECK(schedule.due(1) == k_start + 250ms);
  CHECK(schedule.due(4) == k_start + 1s);
  CHECK(schedule.due(14'400) == k_start + 1h);
  Schedule third(3, k_start);
  CHECK(ns_between(k_start, third.due(1)) == 333'333'333);
  CHECK(ns_between(k_start, third.due(2)) == 666'666'667);  // rounded to nearest, not truncated
  CHECK(ns_between(k_start, third.due(3)) == 1'000'000'000);
}

TEST_CASE("due_by is the inverse of due", "[schedule]") {
  for (double rate : {1.0, 3.0, 7.5, 50'000.0, 1e6, 12'345.678}) {
    Schedule schedule(rate, k_start);
    INFO("rate " << rate);
    auto check_index = [&](std::int64_t i) {
      INFO("index " << i);
      REQUIRE(schedule.due_by(schedule.due(i)) == i + 1);
      REQUIRE(schedule.due_by(schedule.due(i) - 1ns) == i);
    };
    for (std::int64_t i = 0; i < 2000; ++i) {
      check_index(i);
    }
    for (std::int64_t i = 2000; i < 10'000'000; i += 9'973) {
      check_index(i);
    }
    for (std::int64_t i = 10'000'000 - 1000; i < 10'000'000; ++i) {
      check_index(i);
    }
  }
}

TEST_CASE("nothing is due before the start", "[schedule]") {
  Schedule schedule(1000, k_start);
  CHECK(schedule.due_by(k_start - 1ns) == 0);
  CHECK(schedule.due_by(k_start - 1h) == 0);
  CHECK(schedule.due_by(Schedule::clock::time_point{}) == 0);
  CHECK(schedule.due_by(k_start) == 1);
  CHECK(schedule.due_by(k_start + 999'999ns) == 1);
  CHECK(schedule.due_by(k_start + 1ms) == 2);
  CHECK(schedule.due_by(k_start + 1s) == 1001);
}

TEST_CASE("a schedule from now works with the real clock", "[schedule]") {
  auto now = Schedule::clock::now();
  Schedule schedule(200, now);
  CHECK(schedule.due(200) == now + 1s);
  CHECK(schedule.due_by(now + 1s) == 201);
  CHECK(schedule.due_by(now - 1ns) == 0);
}

TEST_CASE("count_in is floor(duration × rate)", "[schedule]") {
  CHECK(Schedule(3, k_start).count_in(10s) == 30);
  CHECK(Schedule(7.5, k_start).count_in(1s) == 7);
  CHECK(Schedule(7.5, k_start).count_in(2s) == 15);
  CHECK(Schedule(1, k_start).count_in(2500ms) == 2);
  CHECK(Schedule(1, k_start).count_in(999'999'999ns) == 0);
  CHECK(Schedule(3, k_start).count_in(333'333'333ns) == 0);  // 0.999999999 requests
  CHECK(Schedule(3, k_start).count_in(333'333'334ns) == 1);
  CHECK(Schedule(1e6, k_start).count_in(1ns) == 0);
  CHECK(Schedule(1e6, k_start).count_in(1ms) == 1000);
  CHECK(Schedule(50'000, k_start).count_in(30s) == 1'500'000);
  CHECK(Schedule(1e6, k_start).count_in(std::chrono::hours(10)) == 36'000'000'000);
  CHECK(Schedule(5, k_start).count_in(0s) == 0);
  CHECK(Schedule(5, k_start).count_in(-3s) == 0);
  SECTION("a rate that a double stores a hair low still holds the whole requests") {
    // 0.3 is stored as 0.29999999999999998890: 10 s at 0.3/s is 3 requests, not 2.
    CHECK(Schedule(0.3, k_start).count_in(10s) == 3);
    CHECK(Schedule(0.1, k_start).count_in(30s) == 3);
    CHECK(Schedule(123.3, k_start).count_in(10s) == 1233);
  }
}

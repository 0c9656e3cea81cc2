// util/prometheus: the text exposition format a service's /metrics answers, and
// series as a contract names them.
#include "util/prometheus.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using ferry::util::parse_exposition;
using ferry::util::parse_series;

TEST_CASE("a scrape with help, types, labels, a histogram and special values parses", "[prometheus]") {
  auto parsed = parse_exposition(
      "# HELP http_requests_total Requests by route and status.\n"
      "# TYPE http_requests_total counter\n"
      "http_requests_total{method=\"GET\",route=\"/orders/{id}\",status=\"200\"} 3\n"
      "http_requests_total{status=\"404\", method=\"GET\",route=\"/orders/{id}\",} 1 1700000000000\n"
      "# a comment\n"
      "\n"
      "# TYPE latency_seconds histogram\n"
      "latency_seconds_bucket{le=\"0.1\"} 2\n"
      "latency_seconds_bucket{le=\"+Inf\"} 4\n"
      "latency_seconds_sum 0.75\n"
      "latency_seconds_count 4\n"
      "up 1e0\n"
      "odd{text=\"a \\\"quoted\\\" \\\\ back\\nslash\"} NaN\n"
      "minus -Inf\r\n");
  REQUIRE(parsed);
  CHECK(parsed->samples.size() == 9);
  CHECK(parsed->types.at("http_requests_total") == "counter");
  CHECK(parsed->types.at("latency_seconds") == "histogram");
  // Labels in any order name the same series.
  const auto* ok = parsed->find(R"(http_requests_total{method="GET",route="/orders/{id}",status="200"})");
  REQUIRE(ok != nullptr);
  CHECK(ok->value == 3);
  CHECK(ok->line == 3);
  const auto* not_found = parsed->find(R"(http_requests_total{method="GET",route="/orders/{id}",status="404"})");
  REQUIRE(not_found != nullptr);
  CHECK(not_found->value == 1);
  CHECK(parsed->find("latency_seconds_count")->value == 4);
  REQUIRE(parsed->find(R"(latency_seconds_bucket{le="+Inf"})") != nullptr);
  CHECK(parsed->find(R"(latency_seconds_bucket{le="+Inf"})")->value == 4);
  CHECK(parsed->find("up")->value == 1);
  CHECK(std::isnan(parsed->samples[7].value));
  CHECK(parsed->samples[7].series.labels.at("text") == "a \"quoted\" \\ back\nslash");
  CHECK(std::isinf(parsed->find("minus")->value));
  // A subset of the labels is another series.
  CHECK(parsed->find(R"(http_requests_total{method="GET"})") == nullptr);
}

TEST_CASE("every way out of the format says which line and why", "[prometheus]") {
  const std::vector<std::pair<std::string, std::string>> broken = {
      {"9lives 1\n", "line 1: a metric name starts with a letter, '_' or ':', found '9'"},
      {"ok 1\nreqs{route=/x} 1\n", "line 2: the value of the label route must be quoted, found '/'"},
      {"reqs{route=\"/x} 1\n", "line 1: the value of the label route is not closed by '\"'"},
      {"reqs{route=\"a\\tb\"} 1\n", "line 1: the value of the label route has an unknown escape \\t"},
      {"reqs{route=\"a\" method=\"b\"} 1\n", "line 1: expected ',' or '}' after the value of the label route, found 'm'"},
      {"reqs{route=\"a\",route=\"b\"} 1\n", "line 1: the label route is given twice"},
      {"reqs 1.2.3\n", "line 1: the value of reqs is not a number: \"1.2.3\""},
      {"reqs\n", "line 1: expected a space and the value after reqs, found the end of the line"},
      {"reqs 1 soon\n", "line 1: after the value of reqs only a timestamp in milliseconds may follow, found \"soon\""},
      {"reqs 1 2 3\n", "line 1: unexpected text after the value of reqs"},
      {"reqs{a=\"1\"} 1\nreqs{a=\"1\"} 2\n", "line 2: the series reqs{a=\"1\"} is given twice"},
      {"# TYPE reqs counter\n# TYPE reqs gauge\n", "line 2: a second # TYPE line for reqs"},
      {"reqs 1\n# TYPE reqs counter\n", "line 2: the # TYPE line for reqs comes after its samples; it must come first"},
      {"# TYPE reqs speedometer\n", "line 1: unknown type \"speedometer\" for reqs"},
      {"{route=\"a\"} 1\n", "line 1: a metric name starts with a letter, '_' or ':', found '{'"},
  };
  for (const auto& [text, message] : broken) {
    INFO(text);
    auto parsed = parse_exposition(text);
    REQUIRE_FALSE(parsed);
    CHECK(parsed.error().rfind(message, 0) == 0);
  }
}

TEST_CASE("a series in a contract is a name and an exact label set", "[prometheus]") {
  auto series = parse_series(R"(http_requests_total{status="200",method="GET"})");
  REQUIRE(series);
  CHECK(series->key() == R"(http_requests_total{method="GET",status="200"})");
  CHECK(parse_series("orders_created_total")->key() == "orders_created_total");
  CHECK(parse_series("a{}")->key() == "a");
  CHECK_FALSE(parse_series("orders_created_total 3"));
  CHECK_FALSE(parse_series("route=\"x\""));
  CHECK_FALSE(parse_series(""));
}

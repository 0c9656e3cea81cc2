// bench/report: the verdict of `ferry bench` on hand-built runs — pairing Go and Rust
// runs, Rust/Go ratios against the claimed bands, the rules that make a level FAIL or
// INCONCLUSIVE (errors, missed rates, a zero Go figure) and the overall verdict — and
// the three renderings: JSON, the terminal table and the SVG plot.
#include "bench/report.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

using namespace ferry::bench;
using nlohmann::json;

namespace {

/// A clean run at 1000 requests/s with the given figures. Memory and CPU default to
/// figures that meet their claims (Go 10,000 KiB and 0.1 s per 1k, Rust 4,000 and 0.05).
RunFigures run(const std::string& impl, int level, int repetition, std::int64_t p99_us, double peak_rss_kib = -1,
               double cpu_s_per_1k = -1) {
  if (peak_rss_kib < 0) {
    peak_rss_kib = impl == "go" ? 10'000 : 4'000;
  }
  if (cpu_s_per_1k < 0) {
    cpu_s_per_1k = impl == "go" ? 0.1 : 0.05;
  }
  RunFigures r;
  r.impl = impl;
  r.level_percent = level;
  r.repetition = repetition;
  r.target_rps = 1000;
  r.achieved_rps = 1000;
  r.sent = 30'000;
  r.ok = 30'000;
  r.corrected.p50_us = p99_us / 4;
  r.corrected.p90_us = p99_us / 2;
  r.corrected.p99_us = p99_us;
  r.corrected.p999_us = p99_us * 2;
  r.corrected.max_us = p99_us * 3;
  r.corrected.mean_us = static_cast<double>(p99_us) / 3;
  r.uncorrected = r.corrected;
  r.uncorrected.p99_us = p99_us * 3 / 4;
  for (double p : curve_percentiles()) {
    auto us = static_cast<std::int64_t>(static_cast<double>(p99_us) * (p >= 100 ? 3.0 : p / 99.0));
    r.curve.emplace_back(p, us);
  }
  r.idle_rss_kib = peak_rss_kib / 2;
  r.peak_rss_kib = peak_rss_kib;
  r.max_rss_kib = peak_rss_kib * 1.1;
  r.cpu_seconds = cpu_s_per_1k * 30;
  r.cpu_s_per_1k = cpu_s_per_1k;
  return r;
}

/// Only the p99 claim, so that each test judges one thing.
std::vector<Claim> p99_claim() { return {default_claims()[0]}; }

/// Go at 1000 µs, Rust at each of @p rust_p99 (one repetition each), at level 50.
std::vector<RunFigures> paired(const std::vector<std::int64_t>& rust_p99) {
  std::vector<RunFigures> runs;
  for (std::size_t i = 0; i < rust_p99.size(); ++i) {
    runs.push_back(run("go", 50, static_cast<int>(i), 1000));
    runs.push_back(run("rust", 50, static_cast<int>(i), rust_p99[i]));
  }
  return runs;
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::size_t occurrences(const std::string& text, const std::string& part) {
  std::size_t n = 0;
  for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + part.size())) {
    ++n;
  }
  return n;
}

/// A tiny well-formedness check: every element closed in order, no stray '<' or '&'.
std::string xml_problem(const std::string& xml) {
  std::vector<std::string> open;
  std::size_t i = 0;
  while (i < xml.size()) {
    if (xml[i] == '&') {
      auto semi = xml.find(';', i);
      std::string entity = xml.substr(i, semi == std::string::npos ? 8 : semi - i + 1);
      if (entity != "&amp;" && entity != "&lt;" && entity != "&gt;" && entity != "&quot;" && entity != "&apos;") {
        return "a bare & at " + std::to_string(i);
      }
      i = semi + 1;
      continue;
    }
    if (xml[i] != '<') {
      ++i;
      continue;
    }
    auto end = xml.find('>', i);
    if (end == std::string::npos) {
      return "an unclosed tag at " + std::to_string(i);
    }
    std::string tag = xml.substr(i + 1, end - i - 1);
    if (tag.find('<') != std::string::npos) {
      return "a '<' inside a tag at " + std::to_string(i);
    }
    if (!tag.empty() && tag[0] == '/') {
      std::string name = tag.substr(1);
      if (open.empty() || open.back() != name) {
        return "</" + name + "> closes " + (open.empty() ? std::string("nothing") : "<" + open.back() + ">");
      }
      open.pop_back();
    } else if (tag.empty() || tag.back() != '/') {
      open.push_back(tag.substr(0, tag.find_first_of(" \n\t")));
    }
    i = end + 1;
  }
  return open.empty() ? std::string() : "<" + open.back() + "> is never closed";
}

BenchReport report_of(std::vector<RunFigures> runs, const std::string& exercise = "01-hello") {
  BenchReport report;
  report.exercise = exercise;
  report.rust_label = "your port";
  report.environment.cpus = 8;
  report.environment.service_cpu = 2;
  report.environment.generator_cpu = 3;
  report.environment.go_runtime = "GOMAXPROCS=1, GOGC=100 (default), GOMEMLIMIT unset";
  report.environment.rust_runtime = "TOKIO_WORKER_THREADS=1";
  report.environment.go_version = "go version go1.22.1 linux/amd64";
  report.environment.rustc_version = "rustc 1.78.0";
  report.environment.capacity_rps = 2000;
  report.environment.warmup_s = 5;
  report.environment.duration_s = 30;
  report.environment.repetitions = 3;
  report.environment.connections = 64;
  report.environment.load_mix = "exercises/01-hello/load.json (2 requests)";
  report.runs = std::move(runs);
  report.claims = default_claims();
  report.judgements = judge(report.runs, report.claims);
  report.verdict = overall(report.judgements);
  return report;
}

}  // namespace

TEST_CASE("the default claims are the articles' three bands", "[bench_report]") {
  auto claims = default_claims();
  REQUIRE(claims.size() == 3);
  CHECK(claims[0].metric == "p99");
  CHECK(claims[0].band_low == 0.5);
  CHECK(claims[0].band_high == 0.6);
  CHECK(claims[0].claim == "40–50% lower tail latency");
  CHECK(claims[1].metric == "peak_rss");
  CHECK(claims[1].band_low == 0.25);
  CHECK(claims[1].band_high == 0.5);
  CHECK(claims[1].claim == "2–4× less memory");
  CHECK(claims[2].metric == "cpu_per_1k");
  CHECK(claims[2].band_low == 0.4);
  CHECK(claims[2].band_high == 0.8);
  CHECK(claims[2].claim == "20–60% less CPU");
  for (const auto& c : claims) {
    CHECK_FALSE(c.label.empty());
  }
}

TEST_CASE("a summary and the curve percentiles come from the histogram", "[bench_report]") {
  const auto& ps = curve_percentiles();
  CHECK(ps == std::vector<double>{0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 95, 99, 99.5, 99.9, 99.95, 99.99, 100});
  Histogram h;
  for (std::int64_t v = 1; v <= 1000; ++v) {
    h.record(v);
  }
  auto s = LatencySummary::of(h);
  CHECK(s.p50_us == 500);
  CHECK(s.p90_us == 900);
  CHECK(s.p99_us == 990);
  CHECK(s.p999_us == 999);
  CHECK(s.max_us == 1000);
  CHECK(s.mean_us == Approx(500.5));
  CHECK(LatencySummary::of(Histogram()).p99_us == 0);
}

TEST_CASE("to_string and metric_value name the verdicts and the figures", "[bench_report]") {
  CHECK(to_string(Verdict::pass) == "PASS");
  CHECK(to_string(Verdict::fail) == "FAIL");
  CHECK(to_string(Verdict::inconclusive) == "INCONCLUSIVE");
  auto r = run("go", 50, 0, 1234, 5678, 0.25);
  CHECK(metric_value(r, "p99") == 1234);
  CHECK(metric_value(r, "peak_rss") == 5678);
  CHECK(metric_value(r, "cpu_per_1k") == 0.25);
  CHECK_THROWS_AS(metric_value(r, "p42"), std::invalid_argument);
}

TEST_CASE("every ratio at or below the band's upper end passes", "[bench_report]") {
  auto judgements = judge(paired({550, 600, 500}), p99_claim());
  REQUIRE(judgements.size() == 1);
  const auto& j = judgements[0];
  CHECK(j.metric == "p99");
  CHECK(j.level_percent == 50);
  CHECK(j.ratios == std::vector<double>{0.55, 0.6, 0.5});
  CHECK(j.median == Approx(0.55));
  CHECK(j.low == Approx(0.5));
  CHECK(j.high == Approx(0.6));
  CHECK(j.verdict == Verdict::pass);
  CHECK(j.why == "every ratio is at or below 0.60");
}

TEST_CASE("every ratio above the band's upper end fails", "[bench_report]") {
  auto judgements = judge(paired({700, 610, 950}), p99_claim());
  REQUIRE(judgements.size() == 1);
  CHECK(judgements[0].verdict == Verdict::fail);
  CHECK(judgements[0].why == "every ratio is above 0.60");
  CHECK(judgements[0].median == Approx(0.7));
}

TEST_CASE("a spread across the band's upper end is inconclusive", "[bench_report]") {
  auto judgements = judge(paired({550, 650, 580, 620}), p99_claim());
  REQUIRE(judgements.size() == 1);
  const auto& j = judgements[0];
  CHECK(j.verdict == Verdict::inconclusive);
  CHECK(contains(j.why, "straddles 0.60"));
  CHECK(contains(j.why, "0.55"));
  CHECK(contains(j.why, "0.65"));
  CHECK(j.median == Approx(0.6));  // even count: the mean of the middle two
}

TEST_CASE("a run that missed its rate makes its level inconclusive and is named", "[bench_report]") {
  auto runs = paired({500, 500, 500});
  runs[2].target_rps = 800;  // the Go run of repetition 1
  runs[2].achieved_rps = 712;
  auto judgements = judge(runs, default_claims());
  REQUIRE(judgements.size() == 3);
  for (const auto& j : judgements) {
    CHECK(j.verdict == Verdict::inconclusive);
    CHECK(contains(j.why, "the Go run 2 achieved 712 of 800 requests/s"));
  }
  SECTION("within the tolerance it does not count") {
    runs[2].achieved_rps = 770;  // 3.75% short, tolerance 5%
    CHECK(judge(runs, p99_claim())[0].verdict == Verdict::pass);
    CHECK(judge(runs, p99_claim(), 0.02)[0].verdict == Verdict::inconclusive);
  }
  SECTION("a Rust run that missed its rate is named too") {
    runs[2].achieved_rps = 800;
    runs[5].achieved_rps = 500;  // the Rust run of repetition 2
    auto j = judge(runs, p99_claim());
    CHECK(j[0].verdict == Verdict::inconclusive);
    CHECK(contains(j[0].why, "the Rust run 3 achieved 500 of 1,000 requests/s"));
  }
}

TEST_CASE("errors or non-2xx answers from the Rust service fail the level, with the counts", "[bench_report]") {
  auto runs = paired({500, 500, 500});
  runs[1].errors = 3;  // Rust, repetition 0
  runs[3].non_2xx = 2;  // Rust, repetition 1
  auto judgements = judge(runs, default_claims());
  REQUIRE(judgements.size() == 3);
  for (const auto& j : judgements) {
    CHECK(j.verdict == Verdict::fail);
    CHECK(contains(j.why, "3 errors"));
    CHECK(contains(j.why, "2 non-2xx answers"));
  }
  CHECK(overall(judgements) == Verdict::fail);
  SECTION("even when the ratios would pass and a run missed its rate") {
    runs[0].achieved_rps = 100;
    CHECK(judge(runs, p99_claim())[0].verdict == Verdict::fail);
  }
}

TEST_CASE("errors from the Go reference make the level inconclusive", "[bench_report]") {
  auto runs = paired({500, 500});
  runs[2].errors = 1;
  runs[2].non_2xx = 4;
  auto judgements = judge(runs, p99_claim());
  REQUIRE(judgements.size() == 1);
  CHECK(judgements[0].verdict == Verdict::inconclusive);
  CHECK(contains(judgements[0].why, "Go reference had 1 error"));
  CHECK(contains(judgements[0].why, "4 non-2xx answers"));
  CHECK(judgements[0].ratios == std::vector<double>{0.5, 0.5});  // still shown
}

TEST_CASE("a zero Go figure makes that claim inconclusive, never an infinite ratio", "[bench_report]") {
  auto runs = paired({500, 500, 500});
  runs[2].peak_rss_kib = 0;  // the Go run of repetition 1 measured no memory
  auto judgements = judge(runs, default_claims());
  REQUIRE(judgements.size() == 3);
  CHECK(judgements[0].verdict == Verdict::pass);  // p99: unaffected
  const auto& memory = judgements[1];
  CHECK(memory.metric == "peak_rss");
  CHECK(memory.verdict == Verdict::inconclusive);
  CHECK(contains(memory.why, "the Go run 2 measured 0 for peak memory"));
  CHECK(memory.ratios.size() == 2);  // the usable pairs only
  for (double r : memory.ratios) {
    CHECK(std::isfinite(r));
  }
  CHECK(std::isfinite(memory.median));
  auto text = to_json(report_of(runs)).dump();
  CHECK_FALSE(contains(text, "null"));
  CHECK_FALSE(contains(text, "inf"));
  CHECK_FALSE(contains(text, "nan"));
  SECTION("every Go figure zero: no ratio at all") {
    for (auto& r : runs) {
      if (r.impl == "go") {
        r.cpu_s_per_1k = 0;
      }
    }
    auto cpu = judge(runs, default_claims())[2];
    CHECK(cpu.verdict == Verdict::inconclusive);
    CHECK(cpu.ratios.empty());
    CHECK(cpu.median == 0);
    CHECK(cpu.low == 0);
    CHECK(cpu.high == 0);
  }
}

TEST_CASE("runs pair by level and repetition, unpaired levels are skipped and levels ascend", "[bench_report]") {
  std::vector<RunFigures> runs = {
      run("go", 80, 0, 1000),   run("go", 80, 1, 1000), run("rust", 80, 1, 700),
      run("rust", 80, 0, 500),  run("go", 20, 0, 1000),  // level 20: no Rust run
      run("go", 50, 2, 2000),   run("rust", 50, 2, 1000), run("go", 50, 0, 1000),
      run("rust", 50, 0, 550),  run("rust", 50, 1, 400),  // repetition 1 of level 50 has no Go run
      run("rust", 100, 0, 10),  // level 100: no Go run
  };
  auto judgements = judge(runs, default_claims());
  REQUIRE(judgements.size() == 6);
  CHECK(judgements[0].level_percent == 50);
  CHECK(judgements[0].metric == "p99");
  CHECK(judgements[1].metric == "peak_rss");
  CHECK(judgements[2].metric == "cpu_per_1k");
  CHECK(judgements[3].level_percent == 80);
  CHECK(judgements[0].ratios == std::vector<double>{0.55, 0.5});  // repetitions 0 and 2, in order
  CHECK(judgements[3].ratios == std::vector<double>{0.5, 0.7});
  CHECK(judgements[0].verdict == Verdict::pass);
  CHECK(judgements[3].verdict == Verdict::inconclusive);
  CHECK(judge({run("go", 50, 0, 1000)}, default_claims()).empty());
  CHECK(judge({}, default_claims()).empty());
}

TEST_CASE("overall: any FAIL fails, else any INCONCLUSIVE, else PASS, and nothing is inconclusive", "[bench_report]") {
  auto make = [](std::vector<Verdict> verdicts) {
    std::vector<RatioJudgement> js;
    for (auto v : verdicts) {
      RatioJudgement j;
      j.verdict = v;
      js.push_back(j);
    }
    return js;
  };
  CHECK(overall({}) == Verdict::inconclusive);
  CHECK(overall(make({Verdict::pass, Verdict::pass})) == Verdict::pass);
  CHECK(overall(make({Verdict::pass, Verdict::inconclusive})) == Verdict::inconclusive);
  CHECK(overall(make({Verdict::inconclusive, Verdict::fail, Verdict::pass})) == Verdict::fail);
  CHECK(overall(make({Verdict::fail})) == Verdict::fail);
}

TEST_CASE("to_json holds every field, numbers as numbers, format_version 1", "[bench_report]") {
  auto runs = paired({550, 500, 580});
  runs[0].errors = 0;
  auto report = report_of(runs);
  auto doc = to_json(report);
  CHECK(doc["format_version"] == 1);
  CHECK(doc["exercise"] == "01-hello");
  CHECK(doc["rust_label"] == "your port");
  CHECK(doc["verdict"] == to_string(report.verdict));
  const auto& env = doc["environment"];
  CHECK(env["cpus"] == 8);
  CHECK(env["service_cpu"] == 2);
  CHECK(env["generator_cpu"] == 3);
  CHECK(env["go_runtime"] == report.environment.go_runtime);
  CHECK(env["rust_runtime"] == "TOKIO_WORKER_THREADS=1");
  CHECK(env["go_version"] == report.environment.go_version);
  CHECK(env["rustc_version"] == "rustc 1.78.0");
  CHECK(env["capacity_rps"] == 2000.0);
  CHECK(env["warmup_s"] == 5.0);
  CHECK(env["duration_s"] == 30.0);
  CHECK(env["repetitions"] == 3);
  CHECK(env["connections"] == 64);
  CHECK(env["load_mix"] == report.environment.load_mix);

  REQUIRE(doc["runs"].size() == 6);
  const auto& r = doc["runs"][1];
  CHECK(r["impl"] == "rust");
  CHECK(r["level_percent"] == 50);
  CHECK(r["repetition"] == 0);
  for (const char* key : {"target_rps", "achieved_rps", "sent", "ok", "non_2xx", "errors", "idle_rss_kib", "peak_rss_kib",
                          "max_rss_kib", "cpu_seconds", "cpu_s_per_1k"}) {
    INFO(key);
    CHECK(r[key].is_number());
  }
  CHECK(r["sent"] == 30'000);
  CHECK(r["peak_rss_kib"] == 4'000.0);
  for (const char* key : {"p50_us", "p90_us", "p99_us", "p999_us", "max_us", "mean_us"}) {
    INFO(key);
    CHECK(r["corrected"][key].is_number());
    CHECK(r["uncorrected"][key].is_number());
  }
  CHECK(r["corrected"]["p99_us"] == 550);
  CHECK(r["uncorrected"]["p99_us"] == 412);
  REQUIRE(r["curve"].size() == curve_percentiles().size());
  CHECK(r["curve"][11]["percentile"] == 99.0);
  CHECK(r["curve"][11]["latency_us"] == 550);

  REQUIRE(doc["claims"].size() == 3);
  CHECK(doc["claims"][1]["metric"] == "peak_rss");
  CHECK(doc["claims"][1]["band_low"] == 0.25);
  CHECK(doc["claims"][1]["band_high"] == 0.5);
  CHECK(doc["claims"][1]["label"] == report.claims[1].label);
  CHECK(doc["claims"][1]["claim"] == "2–4× less memory");

  REQUIRE(doc["judgements"].size() == 3);
  const auto& j = doc["judgements"][0];
  CHECK(j["metric"] == "p99");
  CHECK(j["level_percent"] == 50);
  CHECK(j["ratios"].get<std::vector<double>>() == report.judgements[0].ratios);
  CHECK(j["median"].get<double>() == Approx(0.55).epsilon(1e-12));
  CHECK(j["low"].get<double>() == Approx(0.5));
  CHECK(j["high"].get<double>() == Approx(0.58));
  CHECK(j["verdict"] == "PASS");
  CHECK(j["why"] == report.judgements[0].why);
  // And through text and back.
  CHECK(json::parse(doc.dump()) == doc);
}

TEST_CASE("render_table shows the medians, both p99s, each claim and the verdict in words", "[bench_report]") {
  std::vector<RunFigures> runs;
  for (int rep = 0; rep < 3; ++rep) {
    runs.push_back(run("go", 50, rep, rep == 2 ? 9000 : 1000 + rep * 100));  // p99 median 1.10 ms
    runs.push_back(run("rust", 50, rep, 500));
    runs.push_back(run("go", 90, rep, 1000));
    runs.push_back(run("rust", 90, rep, rep == 0 ? 500 : 700));  // straddles
  }
  auto report = report_of(runs);
  REQUIRE(report.verdict == Verdict::inconclusive);
  auto text = render_table(report, false);
  INFO(text);
  CHECK_FALSE(contains(text, "\x1b"));
  CHECK(contains(text, "01-hello"));
  CHECK(contains(text, "your port"));
  CHECK(contains(text, "TOKIO_WORKER_THREADS=1"));
  CHECK(contains(text, "load 50%"));
  CHECK(contains(text, "load 90%"));
  CHECK(contains(text, "1.10"));  // the Go median p99 at 50%, in ms
  CHECK(contains(text, "0.82"));  // its uncorrected p99 median (825 µs)
  CHECK(contains(text, "(uncorr.)"));
  CHECK(contains(text, "p99 latency"));
  CHECK(contains(text, "0.50-0.60"));  // the band
  CHECK(contains(text, "PASS"));
  CHECK(contains(text, "INCONCLUSIVE"));
  CHECK(contains(text, "straddles"));
  CHECK(contains(text, "run again with more --runs on a quieter machine"));
  SECTION("colour codes only when asked") {
    auto coloured = render_table(report, true);
    CHECK(contains(coloured, "\x1b[33mINCONCLUSIVE"));
    CHECK(contains(coloured, "\x1b[0m"));
  }
  SECTION("the columns of the two rows line up") {
    auto header_at = text.find("\n  impl ");
    REQUIRE(header_at != std::string::npos);
    auto go_at = text.find("\n  go ", header_at);
    auto rust_at = text.find("\n  rust ", header_at);
    REQUIRE(go_at != std::string::npos);
    REQUIRE(rust_at != std::string::npos);
    auto line_length = [&](std::size_t at) { return text.find('\n', at + 1) - at; };
    CHECK(line_length(header_at) == line_length(go_at));
    CHECK(line_length(go_at) == line_length(rust_at));
    // Each column ends where its heading ends: "p99" over the Go median p99.
    auto column_end = [&](std::size_t line_at, const std::string& cell) { return text.find(cell, line_at) + cell.size() - line_at; };
    CHECK(column_end(header_at, " p99 ") - 1 == column_end(go_at, " 1.10"));
  }
  SECTION("a failing bench says so") {
    auto failing = report_of(paired({900, 950}));
    auto failed = render_table(failing, false);
    CHECK(failing.verdict == Verdict::fail);
    CHECK(contains(failed, "FAIL"));
    CHECK(contains(failed, "every ratio is above 0.60"));
  }
  SECTION("nothing to compare says so") {
    auto empty = render_table(report_of({run("go", 50, 0, 1000)}), false);
    CHECK(contains(empty, "INCONCLUSIVE"));
    CHECK(contains(empty, "nothing to compare"));
  }
}

TEST_CASE("render_svg is one well-formed SVG with a curve per implementation and level", "[bench_report]") {
  std::vector<RunFigures> runs;
  for (int rep = 0; rep < 3; ++rep) {
    // Go at 50%: p99 of 1, 2 and 30 ms: the median run (2 ms, a 6 ms max) is drawn, not the 90 ms one.
    runs.push_back(run("go", 50, rep, rep == 0 ? 2000 : rep == 1 ? 30'000 : 1000));
    runs.push_back(run("rust", 50, rep, 900));
    runs.push_back(run("go", 80, rep, 1500));
    runs.push_back(run("rust", 80, rep, 800));
  }
  auto report = report_of(runs, "05-<cache> & \"friends\"");
  auto svg = render_svg(report);
  INFO(svg);
  CHECK(svg.rfind("<svg", 0) == 0);
  auto trimmed = svg.substr(0, svg.find_last_not_of(" \n") + 1);
  CHECK(trimmed.size() >= 6);
  CHECK(trimmed.substr(trimmed.size() - 6) == "</svg>");
  CHECK(contains(svg, "xmlns=\"http://www.w3.org/2000/svg\""));
  CHECK(xml_problem(svg).empty());
  CHECK(occurrences(svg, "<polyline") == 4);
  CHECK(occurrences(svg, "stroke-dasharray") == 4);  // two Rust curves and their legend lines
  CHECK(contains(svg, "05-&lt;cache&gt; &amp; &quot;friends&quot;"));
  CHECK_FALSE(contains(svg, "<cache>"));
  CHECK(contains(svg, to_string(report.verdict)));
  CHECK_FALSE(contains(svg, "<script"));
  CHECK(contains(svg, "99.9%"));
  CHECK(contains(svg, "99.99%"));
  CHECK(contains(svg, "latency (ms)"));
  CHECK(contains(svg, ">6</text>"));  // the y axis reaches the drawn 6 ms maximum…
  CHECK_FALSE(contains(svg, ">90</text>"));  // …not the 90 ms of the slowest repetition
  SECTION("no runs: still a well-formed, empty plot") {
    auto empty = render_svg(report_of({}));
    CHECK(empty.rfind("<svg", 0) == 0);
    CHECK(xml_problem(empty).empty());
    CHECK(occurrences(empty, "<polyline") == 0);
  }
}

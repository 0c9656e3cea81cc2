#include "bench/report.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <stdexcept>

namespace ferry::bench {

namespace {

// ---------------------------------------------------------------------------------
// Small helpers

double median_of(std::vector<double> values) {
  if (values.empty()) {
    return 0;
  }
  std::sort(values.begin(), values.end());
  std::size_t mid = values.size() / 2;
  return values.size() % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
}

std::string plural(std::int64_t count, const char* singular, const char* plural_form) {
  return fmt::format("{} {}", count, count == 1 ? singular : plural_form);
}

std::string impl_name(const std::string& impl) {
  if (impl == "go") {
    return "Go";
  }
  if (impl == "rust") {
    return "Rust";
  }
  return impl;
}

bool is_known_metric(const std::string& metric) {
  return metric == "p99" || metric == "peak_rss" || metric == "cpu_per_1k";
}

/// The runs of one level, by implementation and repetition (the first run made wins
/// if one was repeated by mistake).
struct Level {
  int percent = 0;
  std::map<int, const RunFigures*> go;
  std::map<int, const RunFigures*> rust;
  std::vector<const RunFigures*> all;  // go and rust, in the order made
};

std::vector<Level> levels_of(const std::vector<RunFigures>& runs) {
  std::map<int, Level> by_percent;
  for (const auto& run : runs) {
    if (run.impl != "go" && run.impl != "rust") {
      continue;
    }
    Level& level = by_percent[run.level_percent];
    level.percent = run.level_percent;
    auto& side = run.impl == "go" ? level.go : level.rust;
    side.emplace(run.repetition, &run);
    level.all.push_back(&run);
  }
  std::vector<Level> levels;
  for (auto& [percent, level] : by_percent) {
    levels.push_back(std::move(level));
  }
  return levels;
}

/// The repetitions with both a Go and a Rust run, ascending.
std::vector<int> paired_repetitions(const Level& level) {
  std::vector<int> reps;
  for (const auto& [rep, run] : level.go) {
    if (level.rust.count(rep) != 0) {
      reps.push_back(rep);
    }
  }
  return reps;
}

/// "1,234" for 1234.4: rates and counts for people.
std::string grouped(double value) {
  if (!std::isfinite(value)) {
    return "-";
  }
  auto rounded = static_cast<long long>(std::llround(value));
  bool negative = rounded < 0;
  std::string digits = std::to_string(negative ? -rounded : rounded);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i != 0 && (digits.size() - i) % 3 == 0) {
      out += ',';
    }
    out += digits[i];
  }
  return negative ? "-" + out : out;
}

std::string ratio_text(double ratio) { return fmt::format("{:.2f}", ratio); }

// ---------------------------------------------------------------------------------
// Judging

/// A reason that overrides the ratios for every claim at a level, if any.
struct LevelIssue {
  Verdict verdict = Verdict::pass;  // pass: no issue
  std::string why;
};

LevelIssue level_issue(const Level& level, double rate_tolerance) {
  // Rust errors fail the level whatever else happened: a port that does not answer
  // does not meet a claim. (FAIL dominates INCONCLUSIVE, as in overall().)
  std::int64_t rust_errors = 0;
  std::int64_t rust_non_2xx = 0;
  std::int64_t go_errors = 0;
  std::int64_t go_non_2xx = 0;
  for (const RunFigures* run : level.all) {
    (run->impl == "rust" ? rust_errors : go_errors) += run->errors;
    (run->impl == "rust" ? rust_non_2xx : go_non_2xx) += run->non_2xx;
  }
  if (rust_errors > 0 || rust_non_2xx > 0) {
    return {Verdict::fail, fmt::format("the Rust service had {} (no answer) and {} at this level",
                                       plural(rust_errors, "error", "errors"),
                                       plural(rust_non_2xx, "non-2xx answer", "non-2xx answers"))};
  }
  std::vector<const RunFigures*> missed;
  for (const RunFigures* run : level.all) {
    if (run->achieved_rps < run->target_rps * (1 - rate_tolerance)) {
      missed.push_back(run);
    }
  }
  if (!missed.empty()) {
    const RunFigures& first = *missed.front();
    std::string more = missed.size() > 1 ? fmt::format(" (and {} more)", plural(static_cast<std::int64_t>(missed.size() - 1), "run", "runs")) : "";
    return {Verdict::inconclusive,
            fmt::format("the {} run {} achieved {} of {} requests/s{}, more than {:g}% short",
                        impl_name(first.impl), first.repetition + 1, grouped(first.achieved_rps),
                        grouped(first.target_rps), more, rate_tolerance * 100)};
  }
  if (go_errors > 0 || go_non_2xx > 0) {
    return {Verdict::inconclusive,
            fmt::format("the Go reference had {} (no answer) and {} at this level, so it is no fair baseline",
                        plural(go_errors, "error", "errors"), plural(go_non_2xx, "non-2xx answer", "non-2xx answers"))};
  }
  return {};
}

}  // namespace

// -------------------------------------------------------------------------------------
// Summaries and claims

LatencySummary LatencySummary::of(const Histogram& histogram) {
  LatencySummary s;
  s.p50_us = histogram.percentile(50);
  s.p90_us = histogram.percentile(90);
  s.p99_us = histogram.percentile(99);
  s.p999_us = histogram.percentile(99.9);
  s.max_us = histogram.max();
  s.mean_us = histogram.mean();
  return s;
}

const std::vector<double>& curve_percentiles() {
  static const std::vector<double> percentiles = {0,  10, 20, 30, 40,   50,   60,    70,    80,
                                                  90, 95, 99, 99.5, 99.9, 99.95, 99.99, 100};
  return percentiles;
}

std::vector<Claim> default_claims() {
  return {
      {"p99", "p99 latency", 0.5, 0.6, "40–50% lower tail latency"},
      {"peak_rss", "peak memory", 0.25, 0.5, "2–4× less memory"},
      {"cpu_per_1k", "CPU per 1k requests", 0.4, 0.8, "20–60% less CPU"},
  };
}

std::string to_string(Verdict verdict) {
  switch (verdict) {
    case Verdict::pass: return "PASS";
    case Verdict::fail: return "FAIL";
    case Verdict::inconclusive: return "INCONCLUSIVE";
  }
  return "INCONCLUSIVE";
}

double metric_value(const RunFigures& run, const std::string& metric) {
  if (metric == "p99") {
    return static_cast<double>(run.corrected.p99_us);
  }
  if (metric == "peak_rss") {
    return run.peak_rss_kib;
  }
  if (metric == "cpu_per_1k") {
    return run.cpu_s_per_1k;
  }
  throw std::invalid_argument("unknown bench metric \"" + metric + "\" (known: p99, peak_rss, cpu_per_1k)");
}

std::vector<RatioJudgement> judge(const std::vector<RunFigures>& runs, const std::vector<Claim>& claims,
                                  double rate_tolerance) {
  std::vector<RatioJudgement> judgements;
  for (const Level& level : levels_of(runs)) {
    std::vector<int> reps = paired_repetitions(level);
    if (reps.empty()) {
      continue;  // nothing to compare at this level
    }
    LevelIssue issue = level_issue(level, rate_tolerance);
    for (const Claim& claim : claims) {
      RatioJudgement j;
      j.metric = claim.metric;
      j.level_percent = level.percent;
      if (!is_known_metric(claim.metric)) {
        j.verdict = Verdict::inconclusive;
        j.why = fmt::format("ferry does not know the metric \"{}\"", claim.metric);
        judgements.push_back(std::move(j));
        continue;
      }
      std::string unusable;  // the first pair without a ratio, in words
      for (int rep : reps) {
        double go = metric_value(*level.go.at(rep), claim.metric);
        double rust = metric_value(*level.rust.at(rep), claim.metric);
        bool go_unusable = !(go > 0) || !std::isfinite(go);  // a ratio over it would be inf or NaN
        if (go_unusable || !std::isfinite(rust)) {
          if (unusable.empty()) {
            double figure = go_unusable ? go : rust;
            unusable = fmt::format("the {} run {} measured {} for {}, so there is no ratio to judge",
                                   go_unusable ? "Go" : "Rust", rep + 1,
                                   std::isfinite(figure) ? fmt::format("{:g}", figure) : std::string("nothing"),
                                   claim.label.empty() ? claim.metric : claim.label);
          }
          continue;
        }
        j.ratios.push_back(rust / go);
      }
      if (!j.ratios.empty()) {
        j.median = median_of(j.ratios);
        j.low = *std::min_element(j.ratios.begin(), j.ratios.end());
        j.high = *std::max_element(j.ratios.begin(), j.ratios.end());
      }
      std::string bound = ratio_text(claim.band_high);
      if (issue.verdict != Verdict::pass) {
        j.verdict = issue.verdict;
        j.why = issue.why;
      } else if (!unusable.empty()) {
        j.verdict = Verdict::inconclusive;
        j.why = unusable;
      } else if (j.high <= claim.band_high) {
        j.verdict = Verdict::pass;
        j.why = fmt::format("every ratio is at or below {}", bound);
      } else if (j.low > claim.band_high) {
        j.verdict = Verdict::fail;
        j.why = fmt::format("every ratio is above {}", bound);
      } else {
        j.verdict = Verdict::inconclusive;
        j.why = fmt::format("the spread straddles {}: the ratios run from {} to {}", bound, ratio_text(j.low),
                            ratio_text(j.high));
      }
      judgements.push_back(std::move(j));
    }
  }
  return judgements;
}

Verdict overall(const std::vector<RatioJudgement>& judgements) {
  if (judgements.empty()) {
    return Verdict::inconclusive;
  }
  bool any_inconclusive = false;
  for (const auto& j : judgements) {
    if (j.verdict == Verdict::fail) {
      return Verdict::fail;
    }
    any_inconclusive = any_inconclusive || j.verdict == Verdict::inconclusive;
  }
  return any_inconclusive ? Verdict::inconclusive : Verdict::pass;
}

// -------------------------------------------------------------------------------------
// JSON

namespace {

nlohmann::json summary_json(const LatencySummary& s) {
  return {{"p50_us", s.p50_us}, {"p90_us", s.p90_us}, {"p99_us", s.p99_us},
          {"p999_us", s.p999_us}, {"max_us", s.max_us}, {"mean_us", s.mean_us}};
}

nlohmann::json run_json(const RunFigures& run) {
  nlohmann::json curve = nlohmann::json::array();
  for (const auto& [percentile, us] : run.curve) {
    curve.push_back({{"percentile", percentile}, {"latency_us", us}});
  }
  return {{"impl", run.impl},
          {"level_percent", run.level_percent},
          {"repetition", run.repetition},
          {"target_rps", run.target_rps},
          {"achieved_rps", run.achieved_rps},
          {"sent", run.sent},
          {"ok", run.ok},
          {"non_2xx", run.non_2xx},
          {"errors", run.errors},
          {"corrected", summary_json(run.corrected)},
          {"uncorrected", summary_json(run.uncorrected)},
          {"curve", std::move(curve)},
          {"idle_rss_kib", run.idle_rss_kib},
          {"peak_rss_kib", run.peak_rss_kib},
          {"max_rss_kib", run.max_rss_kib},
          {"cpu_seconds", run.cpu_seconds},
          {"cpu_s_per_1k", run.cpu_s_per_1k}};
}

}  // namespace

nlohmann::json to_json(const BenchReport& report) {
  const Environment& env = report.environment;
  nlohmann::json runs = nlohmann::json::array();
  for (const auto& run : report.runs) {
    runs.push_back(run_json(run));
  }
  nlohmann::json claims = nlohmann::json::array();
  for (const auto& c : report.claims) {
    claims.push_back({{"metric", c.metric},
                      {"label", c.label},
                      {"band_low", c.band_low},
                      {"band_high", c.band_high},
                      {"claim", c.claim}});
  }
  nlohmann::json judgements = nlohmann::json::array();
  for (const auto& j : report.judgements) {
    judgements.push_back({{"metric", j.metric},
                          {"level_percent", j.level_percent},
                          {"ratios", j.ratios},
                          {"median", j.median},
                          {"low", j.low},
                          {"high", j.high},
                          {"verdict", to_string(j.verdict)},
                          {"why", j.why}});
  }
  return {{"format_version", 1},
          {"exercise", report.exercise},
          {"rust_label", report.rust_label},
          {"environment",
           {{"cpus", env.cpus},
            {"service_cpu", env.service_cpu},
            {"generator_cpu", env.generator_cpu},
            {"go_runtime", env.go_runtime},
            {"rust_runtime", env.rust_runtime},
            {"go_version", env.go_version},
            {"rustc_version", env.rustc_version},
            {"capacity_rps", env.capacity_rps},
            {"warmup_s", env.warmup_s},
            {"duration_s", env.duration_s},
            {"repetitions", env.repetitions},
            {"connections", env.connections},
            {"load_mix", env.load_mix}}},
          {"runs", std::move(runs)},
          {"claims", std::move(claims)},
          {"judgements", std::move(judgements)},
          {"verdict", to_string(report.verdict)}};
}

// -------------------------------------------------------------------------------------
// Terminal table

namespace {

constexpr const char* k_green = "32";
constexpr const char* k_red = "31";
constexpr const char* k_yellow = "33";
constexpr const char* k_bold = "1";
constexpr const char* k_dim = "2";

struct Painter {
  bool color;
  [[nodiscard]] std::string operator()(const char* code, const std::string& text) const {
    return color ? fmt::format("\x1b[{}m{}\x1b[0m", code, text) : text;
  }
  [[nodiscard]] std::string verdict(Verdict v, const std::string& text) const {
    switch (v) {
      case Verdict::pass: return (*this)(k_green, text);
      case Verdict::fail: return (*this)(k_red, text);
      case Verdict::inconclusive: return (*this)(k_yellow, text);
    }
    return text;
  }
};

std::string ms(double us) { return fmt::format("{:.2f}", us / 1000); }

std::string cpu_label(int cpu) { return cpu < 0 ? std::string("not pinned") : fmt::format("CPU {}", cpu); }

/// The medians of one implementation's runs at one level, column by column (errors: totals).
struct Medians {
  double achieved = 0, p50 = 0, p99 = 0, p99_uncorrected = 0, p999 = 0, max = 0, peak_rss = 0, cpu_per_1k = 0;
  std::int64_t errors = 0, non_2xx = 0;
  std::size_t runs = 0;
};

Medians medians_of(const std::map<int, const RunFigures*>& runs) {
  Medians m;
  std::vector<double> achieved, p50, p99, p99u, p999, max, rss, cpu;
  for (const auto& [rep, run] : runs) {
    achieved.push_back(run->achieved_rps);
    p50.push_back(static_cast<double>(run->corrected.p50_us));
    p99.push_back(static_cast<double>(run->corrected.p99_us));
    p99u.push_back(static_cast<double>(run->uncorrected.p99_us));
    p999.push_back(static_cast<double>(run->corrected.p999_us));
    max.push_back(static_cast<double>(run->corrected.max_us));
    rss.push_back(run->peak_rss_kib);
    cpu.push_back(run->cpu_s_per_1k);
    m.errors += run->errors;
    m.non_2xx += run->non_2xx;
  }
  m.runs = runs.size();
  m.achieved = median_of(achieved);
  m.p50 = median_of(p50);
  m.p99 = median_of(p99);
  m.p99_uncorrected = median_of(p99u);
  m.p999 = median_of(p999);
  m.max = median_of(max);
  m.peak_rss = median_of(rss);
  m.cpu_per_1k = median_of(cpu);
  return m;
}

std::string verdict_meaning(Verdict verdict, const BenchReport& report) {
  std::string who = report.rust_label.empty() ? std::string("the Rust service") : report.rust_label;
  switch (verdict) {
    case Verdict::pass:
      return fmt::format("{} met every claim at every load level, in every repetition, on this machine.", who);
    case Verdict::fail:
      return fmt::format("{} misses a claim in every repetition, or answered with errors: see the FAIL lines above.", who);
    case Verdict::inconclusive:
      if (report.judgements.empty()) {
        return "no load level had both a Go and a Rust run, so there is nothing to compare.";
      }
      return "the spread of the runs is too wide to say, or a run could not hold its load: run again with more "
             "--runs on a quieter machine.";
  }
  return "";
}

}  // namespace

std::string render_table(const BenchReport& report, bool color) {
  Painter paint{color};
  const Environment& env = report.environment;
  std::string out;
  out += fmt::format("{} {} — {} against the Go reference\n", paint(k_bold, "ferry bench"), paint(k_bold, report.exercise),
                     report.rust_label.empty() ? std::string("the Rust service") : report.rust_label);
  out += fmt::format("  machine  {} CPUs; service on {}, load generator on {}\n", env.cpus, cpu_label(env.service_cpu),
                     cpu_label(env.generator_cpu));
  out += fmt::format("  go       {}{}\n", env.go_runtime, env.go_version.empty() ? "" : "  (" + env.go_version + ")");
  out += fmt::format("  rust     {}{}\n", env.rust_runtime,
                     env.rustc_version.empty() ? "" : "  (" + env.rustc_version + ")");
  out += fmt::format("  load     {}; Go capacity {} requests/s (closed loop)\n", env.load_mix.empty() ? "-" : env.load_mix,
                     grouped(env.capacity_rps));
  out += fmt::format("  runs     {} per implementation and level, alternated; {:g} s warm-up, {:g} s measured; up to {}\n",
                     env.repetitions, env.warmup_s, env.duration_s, plural(env.connections, "connection", "connections"));
  out += "  figures  medians across repetitions; latency in ms from each request's intended send time, (uncorr.) from\n"
         "           when it was written; errors and non-2xx are totals\n";

  const std::vector<Level> levels = levels_of(report.runs);
  for (const Level& level : levels) {
    double target = 0;
    if (!level.all.empty()) {
      target = level.all.front()->target_rps;
    }
    out += fmt::format("\n{}\n", paint(k_bold, fmt::format("load {}% ({} requests/s offered)", level.percent, grouped(target))));
    out += fmt::format("  {:<5} {:>4} {:>10} {:>8} {:>8} {:>9} {:>8} {:>8} {:>6} {:>7} {:>8} {:>9}\n", "impl", "runs",
                       "achieved/s", "p50", "p99", "(uncorr.)", "p99.9", "max", "errors", "non-2xx", "peak MiB",
                       "CPU ms/1k");
    for (const auto* side : {&level.go, &level.rust}) {
      if (side->empty()) {
        continue;
      }
      Medians m = medians_of(*side);
      std::string impl = side == &level.go ? "go" : "rust";
      out += fmt::format("  {:<5} {:>4} {:>10} {:>8} {:>8} {:>9} {:>8} {:>8} {:>6} {:>7} {:>8.1f} {:>9.2f}\n", impl, m.runs,
                         grouped(m.achieved), ms(m.p50), ms(m.p99), ms(m.p99_uncorrected), ms(m.p999), ms(m.max), m.errors,
                         m.non_2xx, m.peak_rss / 1024, m.cpu_per_1k * 1000);
    }
  }

  out += fmt::format("\n{}  {}\n", paint(k_bold, "claims"), paint(k_dim, "Rust/Go ratio, lower is better: median [lowest–highest]"));
  if (report.judgements.empty()) {
    out += "  (no load level had both a Go and a Rust run)\n";
  }
  std::size_t label_width = 5;
  for (const auto& claim : report.claims) {
    label_width = std::max(label_width, claim.label.size());
  }
  for (const auto& j : report.judgements) {
    const Claim* claim = nullptr;
    for (const auto& c : report.claims) {
      if (c.metric == j.metric) {
        claim = &c;
        break;
      }
    }
    std::string label = claim != nullptr ? claim->label : j.metric;
    std::string band = claim != nullptr ? fmt::format("{}-{}", ratio_text(claim->band_low), ratio_text(claim->band_high)) : "?";
    std::string spread = j.ratios.empty() ? std::string("-") : fmt::format("{} [{}-{}]", ratio_text(j.median), ratio_text(j.low), ratio_text(j.high));
    std::string verdict = to_string(j.verdict);
    std::string padded_verdict = fmt::format("{:<12}", verdict);
    out += fmt::format("  {:<{}}  {:>4}%  {:<18}  band {:<10}  {}  {}\n", label, label_width, j.level_percent, spread, band,
                       paint.verdict(j.verdict, padded_verdict), j.why);
  }

  out += fmt::format("\n{} {}: {}\n", paint(k_bold, "verdict"), paint.verdict(report.verdict, to_string(report.verdict)),
                     verdict_meaning(report.verdict, report));
  return out;
}

// -------------------------------------------------------------------------------------
// SVG

namespace {

std::string xml_escape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default: out += c;
    }
  }
  return out;
}

// The plot: HDR percentile scale on x (0 → 0, 90 → 1, 99 → 2, 99.9 → 3, 99.99 → 4),
// anything beyond 99.99 (the maximum) clamped into the last region, up to 4.5.
constexpr double k_x_last_tick = 4;
constexpr double k_x_max = 4.5;

double hdr_x(double percentile) {
  if (percentile >= 100) {
    return k_x_max;
  }
  double x = std::log10(1 / (1 - std::max(percentile, 0.0) / 100));
  return std::min(x, k_x_max);
}

/// A round step (1, 2 or 5 × 10^k) that splits 0…@p top into at most 6 intervals.
double nice_step(double top) {
  double rough = top / 6;
  double magnitude = std::pow(10, std::floor(std::log10(rough)));
  for (double factor : {1.0, 2.0, 5.0, 10.0}) {
    if (factor * magnitude >= rough) {
      return factor * magnitude;
    }
  }
  return 10 * magnitude;
}

std::string tick_text(double value, double step) {
  int decimals = step >= 1 ? 0 : static_cast<int>(std::ceil(-std::log10(step) - 1e-9));
  return fmt::format("{:.{}f}", value, decimals);
}

constexpr const char* k_palette[] = {"#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9"};

struct Curve {
  std::string impl;
  int level_percent = 0;
  std::size_t level_index = 0;
  const RunFigures* run = nullptr;
};

}  // namespace

std::string render_svg(const BenchReport& report) {
  constexpr double width = 860;
  constexpr double height = 520;
  constexpr double left = 70;
  constexpr double right = 230;  // the legend
  constexpr double top = 60;
  constexpr double bottom = 60;
  constexpr double plot_w = width - left - right;
  constexpr double plot_h = height - top - bottom;

  // Per (level, impl): the repetition with the median corrected p99 (the lower middle one).
  std::vector<Curve> curves;
  std::size_t level_index = 0;
  for (const Level& level : levels_of(report.runs)) {
    for (const auto* side : {&level.go, &level.rust}) {
      if (side->empty()) {
        continue;
      }
      std::vector<const RunFigures*> runs;
      for (const auto& [rep, run] : *side) {
        runs.push_back(run);
      }
      std::stable_sort(runs.begin(), runs.end(),
                       [](const RunFigures* a, const RunFigures* b) { return a->corrected.p99_us < b->corrected.p99_us; });
      curves.push_back({runs.front()->impl, level.percent, level_index, runs[(runs.size() - 1) / 2]});
    }
    ++level_index;
  }

  double top_ms = 0;
  for (const auto& c : curves) {
    for (const auto& [p, us] : c.run->curve) {
      top_ms = std::max(top_ms, static_cast<double>(us) / 1000);
    }
  }
  if (!(top_ms > 0)) {
    top_ms = 1;
  }
  double step = nice_step(top_ms);
  double y_max = std::ceil(top_ms / step - 1e-9) * step;

  auto px = [&](double percentile) { return left + hdr_x(percentile) / k_x_max * plot_w; };
  auto py = [&](double ms_value) { return top + plot_h - ms_value / y_max * plot_h; };

  std::string out;
  out += fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"{0:g}\" height=\"{1:g}\" viewBox=\"0 0 {0:g} {1:g}\" "
      "font-family=\"sans-serif\" font-size=\"12\">\n",
      width, height);
  out += fmt::format("<rect x=\"0\" y=\"0\" width=\"{:g}\" height=\"{:g}\" fill=\"#ffffff\"/>\n", width, height);
  out += fmt::format("<text x=\"{:g}\" y=\"28\" font-size=\"16\" font-weight=\"bold\">{}</text>\n", left,
                     xml_escape(fmt::format("ferry bench {}: {}", report.exercise, to_string(report.verdict))));
  out += fmt::format("<text x=\"{:g}\" y=\"46\" fill=\"#555555\">{}</text>\n", left,
                     xml_escape("latency from the intended send time, by percentile; Go solid, " +
                                (report.rust_label.empty() ? std::string("Rust") : report.rust_label) + " dashed"));

  // Grid and axes.
  out += "<g stroke=\"#dddddd\" stroke-width=\"1\">\n";
  for (double v = 0; v <= y_max + step / 2; v += step) {
    out += fmt::format("<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\"/>\n", left, py(v), left + plot_w, py(v));
  }
  const double x_ticks[] = {0, 90, 99, 99.9, 99.99};
  for (double p : x_ticks) {
    out += fmt::format("<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\"/>\n", px(p), top, px(p), top + plot_h);
  }
  out += "</g>\n";
  out += fmt::format("<g stroke=\"#333333\" stroke-width=\"1\"><line x1=\"{0:.1f}\" y1=\"{1:.1f}\" x2=\"{0:.1f}\" y2=\"{2:.1f}\"/>"
                     "<line x1=\"{0:.1f}\" y1=\"{2:.1f}\" x2=\"{3:.1f}\" y2=\"{2:.1f}\"/></g>\n",
                     left, top, top + plot_h, left + plot_w);
  out += "<g text-anchor=\"end\">\n";
  for (double v = 0; v <= y_max + step / 2; v += step) {
    out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\">{}</text>\n", left - 6, py(v) + 4, tick_text(v, step));
  }
  out += "</g>\n<g text-anchor=\"middle\">\n";
  const char* x_labels[] = {"0%", "90%", "99%", "99.9%", "99.99%"};
  for (std::size_t i = 0; i < std::size(x_ticks); ++i) {
    out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\">{}</text>\n", px(x_ticks[i]), top + plot_h + 18, x_labels[i]);
  }
  out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" fill=\"#555555\">max</text>\n", px(100), top + plot_h + 18);
  out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\">percentile</text>\n", left + plot_w / 2, height - 16);
  out += fmt::format("<text x=\"{0:.1f}\" y=\"{1:.1f}\" transform=\"rotate(-90 {0:.1f} {1:.1f})\">latency (ms)</text>\n", 22.0,
                     top + plot_h / 2);
  out += "</g>\n";

  // Curves.
  for (const auto& c : curves) {
    if (c.run->curve.empty()) {
      continue;
    }
    std::string points;
    for (const auto& [p, us] : c.run->curve) {
      if (!points.empty()) {
        points += ' ';
      }
      points += fmt::format("{:.1f},{:.1f}", px(p), py(static_cast<double>(us) / 1000));
    }
    const char* colour = k_palette[c.level_index % std::size(k_palette)];
    out += fmt::format("<polyline fill=\"none\" stroke=\"{}\" stroke-width=\"2\"{} points=\"{}\"/>\n", colour,
                       c.impl == "rust" ? " stroke-dasharray=\"6 4\"" : "", points);
  }

  // Legend.
  double legend_x = left + plot_w + 24;
  double legend_y = top + 6;
  std::string rust_name = report.rust_label.empty() ? std::string("Rust") : report.rust_label;
  for (const auto& c : curves) {
    const char* colour = k_palette[c.level_index % std::size(k_palette)];
    out += fmt::format("<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"{}\" stroke-width=\"2\"{}/>\n",
                       legend_x, legend_y, legend_x + 28, legend_y, colour,
                       c.impl == "rust" ? " stroke-dasharray=\"6 4\"" : "");
    std::string name = c.impl == "go" ? std::string("Go reference") : c.impl == "rust" ? rust_name : c.impl;
    out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\">{}</text>\n", legend_x + 36, legend_y + 4,
                       xml_escape(fmt::format("{}, {}% load", name, c.level_percent)));
    legend_y += 20;
  }
  out += "</svg>\n";
  return out;
}

}  // namespace ferry::bench

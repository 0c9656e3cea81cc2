#include "bench/loadgen.hpp"
#include "bench/runner.hpp"
#include "cli/cli.hpp"
#include "cli/commands.hpp"
#include "util/files.hpp"
#include "util/interrupt.hpp"
#include "util/text.hpp"

#include <fmt/core.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace ferry::cli {

namespace {

namespace fs = std::filesystem;

std::chrono::milliseconds millis(double seconds) {
  return std::chrono::milliseconds(static_cast<long long>(seconds * 1000));
}

util::Expected<std::vector<int>> parse_levels(const std::string& text) {
  std::vector<int> levels;
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ',')) {
    try {
      std::size_t used = 0;
      std::string trimmed(util::trim(item));
      int level = std::stoi(trimmed, &used);
      if (used != trimmed.size() || level < 1 || level > 200) {
        throw std::invalid_argument(item);
      }
      levels.push_back(level);
    } catch (const std::exception&) {
      return util::Error{"--levels takes percentages from 1 to 200, such as 25,50,75 (found \"" + item + "\")"};
    }
  }
  if (levels.empty()) {
    return util::Error{"--levels needs at least one level"};
  }
  return levels;
}

std::string fmt_ms(std::int64_t us) { return fmt::format("{:.2f} ms", static_cast<double>(us) / 1000.0); }

}  // namespace

int cmd_bench(const Context& context, const BenchArgs& args) {
  auto exercise = context.exercise(args.exercise);
  if (!exercise) {
    fmt::print(stderr, "ferry: error: {}\n", exercise.error());
    return k_exit_error;
  }
  auto contract = context.contract(**exercise);
  if (!contract) {
    fmt::print(stderr, "ferry: error: the contract is not valid:\n{}\n", contract.error());
    return k_exit_error;
  }
  auto levels = parse_levels(args.levels);
  if (!levels) {
    fmt::print(stderr, "ferry: error: {}\n", levels.error());
    return k_exit_error;
  }
  auto kind = grading::parse_impl(args.impl);
  if (!kind || *kind == grading::ImplKind::go) {
    fmt::print(stderr, "ferry: error: --impl is the Rust side: learner, rust or mutant\n");
    return k_exit_error;
  }
  if (*kind == grading::ImplKind::mutant && args.mutation.empty()) {
    fmt::print(stderr, "ferry: error: --impl mutant needs --mutation NAME\n");
    return k_exit_error;
  }
  if (args.runs < 1 || args.duration_s <= 0 || args.warmup_s < 0 || args.connections < 1) {
    fmt::print(stderr, "ferry: error: --runs, --duration and --connections must be positive, --warmup not negative\n");
    return k_exit_error;
  }

  bench::BenchOptions options;
  options.rust.kind = *kind;
  options.rust.mutation = args.mutation;
  options.levels = *levels;
  options.repetitions = args.runs;
  options.duration = millis(args.duration_s);
  options.warmup = millis(args.warmup_s);
  options.connections = args.connections;
  const bool live = isatty(fileno(stdout)) != 0;
  const double per_run = args.warmup_s + args.duration_s;
  const int total_runs = static_cast<int>(options.levels.size()) * args.runs * 2;
  fmt::print("ferry bench {} — the Go reference against {}\n", (*exercise)->id,
             *kind == grading::ImplKind::rust ? "the Rust reference" : "your port");
  // Each run also starts a process; the capacity ramp takes up to about 10 s.
  double minutes = (total_runs * (per_run + 0.5) + 10) / 60.0;
  fmt::print("  {} runs of {:g} s (+{:g} s warm-up) at {} % of the Go reference's capacity: {}\n", total_runs,
             args.duration_s, args.warmup_s, args.levels,
             minutes < 1.5 ? std::string("about a minute") : fmt::format("about {:.0f} minutes", minutes));
  std::fflush(stdout);
  options.on_stage = [&](const std::string& what) {
    fmt::print("  {}\n", what);
    std::fflush(stdout);
  };
  int done = 0;
  options.on_progress = [&](const std::string& label, const bench::LoadProgress& p) {
    if (live) {
      fmt::print("\r  [{}/{}] {:<32} {:4.1f}/{:.1f} s {} · {} answered · {} in flight · {} waiting  ", done + 1,
                 total_runs, label, p.elapsed_s, p.total_s, p.warming_up ? "(warm-up)" : "", p.completed, p.in_flight,
                 p.backlog);
      std::fflush(stdout);
    }
  };
  options.on_run = [&](const bench::RunFigures& run) {
    ++done;
    fmt::print("{}  [{}/{}] {:>3}% {:<4} run {}: {:.0f} of {:.0f} req/s, p50 {}, p99 {}, peak RSS {:.1f} MiB, {} errors\n",
               live ? "\r" : "", done, total_runs, run.level_percent, run.impl, run.repetition + 1, run.achieved_rps,
               run.target_rps, fmt_ms(run.corrected.p50_us), fmt_ms(run.corrected.p99_us), run.peak_rss_kib / 1024.0,
               run.errors + run.non_2xx);
    std::fflush(stdout);
  };
  options.should_stop = [] { return util::interrupted(); };

  auto report = bench::run_bench(context.workspace, **exercise, *contract, options);
  if (util::interrupted()) {
    fmt::print("\nferry bench: interrupted; nothing was written\n");
    return k_exit_interrupted;
  }
  if (!report) {
    fmt::print(stderr, "\nferry: error: {}\n", report.error());
    return k_exit_error;
  }
  fmt::print("\n{}", bench::render_table(*report, context.color));
  std::string base = (fs::path(context.workspace.target_dir) / "bench" / (*exercise)->id).string();
  std::string json_path = args.json.empty() ? base + ".json" : args.json;
  std::string svg_path = args.svg.empty() ? base + ".svg" : args.svg;
  for (const auto& [path, text] : {std::pair{json_path, bench::to_json(*report).dump(2) + "\n"},
                                   std::pair{svg_path, bench::render_svg(*report)}}) {
    if (auto error = util::write_file_atomically(path, text); !error.empty()) {
      fmt::print(stderr, "ferry: error: {}\n", error);
      return k_exit_error;
    }
  }
  fmt::print("report: {}\nplot:   {}\n", json_path, svg_path);
  return report->verdict == bench::Verdict::pass ? k_exit_pass : k_exit_fail;
}

grading::PerformanceGrader performance_grader(const Context& context, const contract::Exercise& exercise,
                                              const contract::Contract& contract, const grading::Implementation& impl) {
  return [&context, &exercise, &contract, impl](const contract::PerformanceBudget& budget) {
    bench::BenchOptions options;
    options.rust = impl;
    options.levels = {budget.level_percent};
    options.repetitions = budget.repetitions;
    options.claims = {
        {"p99", "p99 latency", 0, budget.p99_ratio, "p99 at most " + fmt::format("{:g}", budget.p99_ratio) + "× Go's"},
        {"peak_rss", "peak RSS", 0, budget.rss_ratio, "peak RSS at most " + fmt::format("{:g}", budget.rss_ratio) + "× Go's"},
    };
    fmt::print("  performance: {} alternated runs of the Go reference and release builds of {} at {}% of Go's capacity "
               "(about {:.0f} s)\n",
               budget.repetitions * 2, impl.kind == grading::ImplKind::rust ? "the Rust reference" : "your port",
               budget.level_percent, budget.repetitions * 2 * 7.5 + 15);
    std::fflush(stdout);
    options.on_stage = [](const std::string& what) {
      fmt::print("    {}\n", what);
      std::fflush(stdout);
    };
    options.should_stop = [] { return util::interrupted(); };
    grading::PerformanceVerdict verdict;
    auto report = bench::run_bench(context.workspace, exercise, contract, options);
    if (!report) {
      verdict.summary = "the bench could not run: " + report.error();
      return verdict;
    }
    std::string ratios;
    for (const auto& j : report->judgements) {
      ratios += fmt::format("{}{} {:.2f}× (runs {:.2f}–{:.2f}, budget {:g}×)", ratios.empty() ? "" : ", ",
                            j.metric == "p99" ? "p99" : "peak RSS", j.median, j.low, j.high,
                            j.metric == "p99" ? budget.p99_ratio : budget.rss_ratio);
    }
    verdict.passed = report->verdict == bench::Verdict::pass;
    verdict.summary = bench::to_string(report->verdict) + ": " + ratios + " of the Go reference";
    if (report->verdict == bench::Verdict::inconclusive) {
      for (const auto& j : report->judgements) {
        if (j.verdict == bench::Verdict::inconclusive) {
          verdict.summary += "; " + j.why + " — run it again on a quieter machine (`ferry bench " + exercise.id + "` shows every run)";
          break;
        }
      }
    } else if (report->verdict == bench::Verdict::fail) {
      verdict.summary += "; `ferry bench " + exercise.id + "` shows every run";
    }
    return verdict;
  };
}

int cmd_dev_load(const LoadArgs& args) {
  if (args.port < 1 || args.port > 65535 || args.rate <= 0 || args.duration_s <= 0 || args.warmup_s < 0) {
    fmt::print(stderr, "ferry: error: --port 1–65535, a positive --rate and --duration, a --warmup not negative\n");
    return k_exit_error;
  }
  std::vector<std::pair<std::string, std::string>> headers;
  for (const auto& line : args.headers) {
    auto colon = line.find(':');
    if (colon == std::string::npos || colon == 0) {
      fmt::print(stderr, "ferry: error: --header \"{}\": expected \"Name: value\"\n", line);
      return k_exit_error;
    }
    headers.emplace_back(util::trim(line.substr(0, colon)), util::trim(line.substr(colon + 1)));
  }
  std::string body;
  if (!args.body_file.empty()) {
    auto read = util::read_file(args.body_file);
    if (!read) {
      fmt::print(stderr, "ferry: error: --body-file {}: {}\n", args.body_file, read.error());
      return k_exit_error;
    }
    body = std::move(*read);
    bool typed = std::any_of(headers.begin(), headers.end(),
                             [](const auto& h) { return util::to_lower(h.first) == "content-type"; });
    if (!typed) {
      headers.emplace_back("Content-Type", "application/json");
    }
  }
  std::vector<bench::WireLoadRequest> mix = {
      {args.method + " " + args.path, bench::serialise_request(args.method, args.path, headers, body)}};
  if (args.closed > 0) {
    double rps = bench::run_closed_loop(args.port, mix, args.closed, millis(args.duration_s), args.cpu);
    if (args.json) {
      fmt::print("{}\n", nlohmann::json{{"mode", "closed"}, {"connections", args.closed}, {"rps", rps}}.dump());
    } else {
      fmt::print("closed loop, {} connections: {:.0f} answers/s\n", args.closed, rps);
    }
    return k_exit_pass;
  }
  bench::OpenLoopOptions options;
  options.port = args.port;
  options.mix = mix;
  options.rate = args.rate;
  options.warmup = millis(args.warmup_s);
  options.duration = millis(args.duration_s);
  options.max_connections = args.connections;
  options.cpu = args.cpu;
  options.should_stop = [] { return util::interrupted(); };
  auto r = bench::run_open_loop(options);
  auto summary = [](const bench::Histogram& h) {
    auto s = bench::LatencySummary::of(h);
    return nlohmann::json{{"p50_us", s.p50_us}, {"p90_us", s.p90_us}, {"p99_us", s.p99_us},
                          {"p999_us", s.p999_us}, {"max_us", s.max_us}, {"mean_us", s.mean_us}};
  };
  if (args.json) {
    nlohmann::json out = {{"mode", "open"},          {"rate", args.rate},        {"achieved_rps", r.achieved_rps},
                          {"sent", r.sent},          {"ok", r.ok},               {"non_2xx", r.non_2xx},
                          {"errors", r.errors},      {"first_error", r.first_error},
                          {"max_backlog", r.max_backlog}, {"connections_opened", r.connections_opened},
                          {"corrected", summary(r.corrected)}, {"uncorrected", summary(r.uncorrected)}};
    fmt::print("{}\n", out.dump());
  } else {
    auto c = bench::LatencySummary::of(r.corrected);
    auto u = bench::LatencySummary::of(r.uncorrected);
    fmt::print("open loop at {:.0f} req/s: achieved {:.0f}/s, {} ok, {} non-2xx, {} errors{}\n", args.rate,
               r.achieved_rps, r.ok, r.non_2xx, r.errors, r.first_error.empty() ? "" : " (first: " + r.first_error + ")");
    fmt::print("  from the intended send time: p50 {}  p90 {}  p99 {}  p99.9 {}  max {}\n", fmt_ms(c.p50_us),
               fmt_ms(c.p90_us), fmt_ms(c.p99_us), fmt_ms(c.p999_us), fmt_ms(c.max_us));
    fmt::print("  from the actual send time:   p50 {}  p90 {}  p99 {}  p99.9 {}  max {}\n", fmt_ms(u.p50_us),
               fmt_ms(u.p90_us), fmt_ms(u.p99_us), fmt_ms(u.p999_us), fmt_ms(u.max_us));
  }
  return r.interrupted ? k_exit_interrupted : (r.errors > 0 ? k_exit_fail : k_exit_pass);
}

}  // namespace ferry::cli

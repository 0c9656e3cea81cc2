#pragma once
/// @file
/// `ferry bench` as a function: build the Go reference and the Rust service, find the
/// Go reference's capacity, then run both under the same open-loop load at each level,
/// alternating which goes first, each run on a fresh process pinned to its own core,
/// and gather the figures into a BenchReport.

#include "bench/load_mix.hpp"
#include "bench/report.hpp"
#include "contract/contract.hpp"
#include "contract/manifest.hpp"
#include "grading/build.hpp"
#include "util/expected.hpp"

#include <chrono>
#include <functional>
#include <string>
#include <vector>

namespace ferry::bench {

/// What to measure, and how long.
struct BenchOptions {
  grading::Implementation rust;  ///< the Rust side: the learner's crate (default) or the Rust reference
  std::vector<int> levels = {25, 50, 75};  ///< offered loads, in % of the Go reference's capacity
  int repetitions = 5;  ///< Go and Rust runs per level, alternated
  std::chrono::milliseconds warmup{2000};  ///< discarded at the start of each run
  std::chrono::milliseconds duration{5000};  ///< the measured window of each run
  std::chrono::milliseconds ramp_step{1000};  ///< each step of the capacity ramp
  int connections = 64;  ///< the generator's connection cap
  std::vector<Claim> claims = default_claims();  ///< what the ratios are judged against
  std::chrono::milliseconds build_timeout{20 * 60 * 1000};  ///< for each build
  /// Told each stage as it starts ("building the Go reference: go build …").
  std::function<void(const std::string&)> on_stage;
  /// Told while a run goes (label: "level 50% · run 2/5 · go").
  std::function<void(const std::string& label, const LoadProgress&)> on_progress;
  /// Told when a run is done, with its figures.
  std::function<void(const RunFigures&)> on_run;
  /// Polled: true stops the bench (Ctrl-C).
  std::function<bool()> should_stop;
};

/// Run the whole bench of @p exercise. Fails (with a sentence) when something other
/// than the measurement goes wrong: a build, a start, a setup request, an
/// interruption, an exercise ferry cannot bench (one with an upstream).
util::Expected<BenchReport> run_bench(const grading::Workspace& workspace, const contract::Exercise& exercise,
                                      const contract::Contract& contract, const BenchOptions& options);

}  // namespace ferry::bench

#include "bench/runner.hpp"

#include "bench/resources.hpp"
#include "http/case_runner.hpp"
#include "http/client.hpp"
#include "process/subprocess.hpp"
#include "process/supervisor.hpp"
#include "process/tools.hpp"
#include "util/temp_dir.hpp"
#include "util/text.hpp"

#include <algorithm>
#include <filesystem>
#include <map>

namespace ferry::bench {

namespace {

namespace fs = std::filesystem;

/// One side of the fight: a built binary and the environment it runs with.
struct Contender {
  std::string impl;  // "go" or "rust"
  std::string label;  // "the Go reference", "your port"
  std::string binary;
  std::map<std::string, std::string> env;
};

/// Starts @p who on a fresh database (when the exercise has one), pinned to @p cpu, and
/// sends the setup requests.
util::Expected<std::unique_ptr<process::Service>> start(const Contender& who, const contract::Exercise& exercise,
                                                        const grading::Workspace& workspace, const LoadMix& mix,
                                                        int cpu, const util::TempDirectory& directory) {
  process::ServiceSpec spec;
  spec.binary = who.binary;
  spec.cwd = workspace.root;
  spec.env = who.env;
  spec.cpu = cpu;
  if (exercise.database) {
    spec.env["DATABASE_URL"] = "sqlite://" + directory.path() + "/" + exercise.id + "-" + who.impl + ".db";
  }
  auto started = process::Service::start(spec);
  if (!started.service) {
    return util::Error{who.label + " did not start: " + started.failure};
  }
  http::Client client(started.service->port());
  for (std::size_t i = 0; i < mix.setup.size(); ++i) {
    auto request = http::build_request(mix.setup[i], {});
    auto exchange = client.send(request, std::chrono::seconds(10));
    if (!exchange.response || exchange.response->status < 200 || exchange.response->status >= 300) {
      std::string got = exchange.response ? std::to_string(exchange.response->status) : exchange.failure_detail;
      return util::Error{"setup request " + std::to_string(i + 1) + " (" + request.method + " " + request.path +
                         ") to " + who.label + " did not answer 2xx: " + got};
    }
  }
  return std::move(started.service);
}

/// Builds @p impl of @p exercise for @p who, saying so through on_stage.
util::Expected<bool> build_for(Contender& who, const grading::Workspace& workspace, const contract::Exercise& exercise,
                               const grading::Implementation& impl, const BenchOptions& options) {
  auto built = grading::build_program(workspace, exercise, impl, options.build_timeout, [&](const grading::BuildPlan& plan) {
    if (options.on_stage) {
      options.on_stage("building " + who.label + ": " + plan.command());
    }
  });
  if (!built) {
    return util::Error{who.label + " does not build: " + built.error()};
  }
  who.binary = built->binary;
  who.env.insert(built->service_env.begin(), built->service_env.end());  // FERRY_MUTANT, for a mutant
  return true;
}

}  // namespace

util::Expected<BenchReport> run_bench(const grading::Workspace& workspace, const contract::Exercise& exercise,
                                      const contract::Contract& contract, const BenchOptions& options) {
  if (exercise.upstream) {
    return util::Error{"ferry bench does not measure exercises with an upstream yet (" + exercise.id +
                       " forwards to " + exercise.upstream->exercise + ")"};
  }
  fs::path load_file = fs::path(workspace.root) / exercise.dir / "load.json";
  std::error_code ec;
  const bool has_load_file = fs::exists(load_file, ec);
  auto mix = has_load_file ? load_mix_file(load_file.string()) : mix_from_contract(contract);
  if (!mix) {
    return util::Error{mix.error()};
  }

  BenchReport report;
  report.exercise = exercise.id;
  report.rust_label = options.rust.kind == grading::ImplKind::rust ? "the Rust reference" : "your port";
  report.claims = options.claims;

  // Equal parallelism: one runtime thread each, on one core each. GOGC and GOMEMLIMIT
  // stay at Go's defaults, and the report says so.
  Contender go{"go", "the Go reference", "", {{"GOMAXPROCS", "1"}}};
  Contender rust{"rust", report.rust_label, "", {{"TOKIO_WORKER_THREADS", "1"}}};
  auto stopped = [&] { return options.should_stop && options.should_stop(); };
  auto go_built = build_for(go, workspace, exercise, grading::Implementation{grading::ImplKind::go, "", ""}, options);
  if (stopped()) {
    return util::Error{"interrupted"};
  }
  if (!go_built) {
    return util::Error{go_built.error()};
  }
  grading::Implementation rust_impl = options.rust;
  rust_impl.release = true;  // an optimised build against Go's (always optimised) one
  auto rust_built = build_for(rust, workspace, exercise, rust_impl, options);
  if (stopped()) {
    return util::Error{"interrupted"};
  }
  if (!rust_built) {
    return util::Error{rust_built.error()};
  }

  auto& env = report.environment;
  auto cpus = usable_cpus();
  env.cpus = static_cast<int>(cpus.size());
  if (cpus.size() >= 2) {
    env.generator_cpu = cpus[0];
    env.service_cpu = cpus[1];
  }
  env.go_runtime = "GOMAXPROCS=1, GOGC=100 (the default), GOMEMLIMIT unset";
  env.rust_runtime = "TOKIO_WORKER_THREADS=1";
  env.go_version = process::tool_version({"go", "version"});
  env.rustc_version = process::tool_version({"rustc", "--version"});
  env.warmup_s = std::chrono::duration<double>(options.warmup).count();
  env.duration_s = std::chrono::duration<double>(options.duration).count();
  env.repetitions = options.repetitions;
  env.connections = options.connections;
  env.load_mix = (has_load_file ? exercise.dir + "/load.json" : mix->source) + " (" +
                 std::to_string(mix->distinct) + (mix->distinct == 1 ? " request" : " requests") + ")";

  util::TempDirectory directory("ferry-bench-" + exercise.id);
  if (!directory.ok()) {
    return util::Error{directory.error()};
  }

  if (stopped()) {
    return util::Error{"interrupted"};
  }
  // The Go reference's capacity sets the load levels.
  if (options.on_stage) {
    options.on_stage("finding the Go reference's capacity (closed loop, 1 to " + std::to_string(options.connections) +
                     " connections)");
  }
  {
    auto service = start(go, exercise, workspace, *mix, env.service_cpu, directory);
    if (!service) {
      return util::Error{service.error()};
    }
    auto capacity = find_capacity((*service)->port(), mix->mix, options.ramp_step, options.connections, env.generator_cpu);
    env.capacity_rps = capacity.rps;
    (*service)->stop();
    if (options.on_stage) {
      std::string ramp;
      for (const auto& [connections, rps] : capacity.steps) {
        ramp += (ramp.empty() ? "" : ", ") + std::to_string(connections) + " → " + std::to_string(static_cast<long>(rps)) + "/s";
      }
      options.on_stage("capacity " + std::to_string(static_cast<long>(capacity.rps)) + " requests/s (connections → answers: " + ramp + ")");
    }
  }
  if (env.capacity_rps <= 0) {
    return util::Error{"the Go reference answered no request with a 2xx under load; check the load mix (" + env.load_mix + ")"};
  }
  if (stopped()) {
    return util::Error{"interrupted"};
  }

  for (int level : options.levels) {
    for (int repetition = 0; repetition < options.repetitions; ++repetition) {
      // Alternate who goes first, so a machine that warms up or slows down over the
      // minutes of a bench does not favour one side.
      std::vector<const Contender*> order = {&go, &rust};
      if (repetition % 2 == 1) {
        std::swap(order[0], order[1]);
      }
      for (const Contender* who : order) {
        if (stopped()) {
          return util::Error{"interrupted"};
        }
        auto service = start(*who, exercise, workspace, *mix, env.service_cpu, directory);
        if (!service) {
          return util::Error{service.error()};
        }
        pid_t pid = (*service)->pid();
        RunFigures run;
        run.impl = who->impl;
        run.level_percent = level;
        run.repetition = repetition;
        run.target_rps = env.capacity_rps * level / 100.0;
        run.idle_rss_kib = sample_process(pid).value_or(ProcessSample{}).rss_kib;
        double cpu_at_start = 0;
        OpenLoopOptions load;
        load.port = (*service)->port();
        load.mix = mix->mix;
        load.rate = run.target_rps;
        load.warmup = options.warmup;
        load.duration = options.duration;
        load.max_connections = options.connections;
        load.cpu = env.generator_cpu;
        load.on_warmup_end = [&] {
          reset_peak_rss(pid);
          cpu_at_start = sample_process(pid).value_or(ProcessSample{}).cpu_seconds;
        };
        std::string label = "level " + std::to_string(level) + "% · run " + std::to_string(repetition + 1) + "/" +
                            std::to_string(options.repetitions) + " · " + who->impl;
        if (options.on_progress) {
          load.on_progress = [&](const LoadProgress& progress) { options.on_progress(label, progress); };
        }
        load.should_stop = stopped;
        auto measured = run_open_loop(load);
        auto after = sample_process(pid).value_or(ProcessSample{});
        auto exit = (*service)->stop();
        if (measured.interrupted) {
          return util::Error{"interrupted"};
        }
        run.achieved_rps = measured.achieved_rps;
        run.sent = measured.sent;
        run.ok = measured.ok;
        run.non_2xx = measured.non_2xx;
        run.errors = measured.errors;
        run.corrected = LatencySummary::of(measured.corrected);
        run.uncorrected = LatencySummary::of(measured.uncorrected);
        for (double p : curve_percentiles()) {
          run.curve.emplace_back(p, measured.corrected.percentile(p));
        }
        run.peak_rss_kib = after.hwm_kib;
        run.max_rss_kib = static_cast<double>(exit.max_rss_kib);
        run.cpu_seconds = std::max(0.0, after.cpu_seconds - cpu_at_start);
        auto answered = measured.ok + measured.non_2xx;
        run.cpu_s_per_1k = answered > 0 ? run.cpu_seconds * 1000.0 / static_cast<double>(answered) : 0;
        report.runs.push_back(run);
        if (options.on_run) {
          options.on_run(report.runs.back());
        }
      }
    }
  }
  report.judgements = judge(report.runs, report.claims);
  report.verdict = overall(report.judgements);
  return report;
}

}  // namespace ferry::bench

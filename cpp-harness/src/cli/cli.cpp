#include "cli/cli.hpp"

#include "cli/commands.hpp"
#include "cli/context.hpp"
#include "process/subprocess.hpp"
#include "report/signing.hpp"
#include "util/interrupt.hpp"
#include "util/text.hpp"

#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include <exception>

namespace ferry::cli {

namespace {

int fail_with_context(const util::Expected<Context>& context) {
  fmt::print(stderr, "ferry: error: {}\n", context.error());
  return k_exit_error;
}

}  // namespace

int run(int argc, char** argv) {
  util::install_interrupt_handlers();
  // The results key leaves the environment before anything is built or started: a
  // learner's build script or service inherits ferry's environment.
  report::take_results_key_from_environment();
  // Orphans of a service (double-forked daemons) become our children, so
  // teardown can find and kill them.
  process::become_subreaper();

  CLI::App app{"ferry — grade a Rust port of a Go service against its HTTP contract", "ferry"};
  app.set_version_flag("--version", std::string("ferry ") + FERRY_VERSION);
  app.require_subcommand(1);
  app.fallthrough();
  GlobalOptions global;
  app.add_option("--root", global.root, "The ferry repository (default: found from the working directory)");
  app.add_option("--db", global.db, "Progress database (default: $FERRY_DB, else the XDG data directory)");
  app.add_flag("-v,--verbose", global.verbose, "Show every failure and difference in full");
  app.add_flag("--no-color", global.no_color, "No colours (also: NO_COLOR=1)");

  auto* list = app.add_subcommand("list", "The exercises in order, with your status and the next step");

  CheckArgs check_args;
  auto* check = app.add_subcommand("check", "Build an implementation, run it, grade it against the contract, record the attempt");
  check->add_option("exercise", check_args.exercise, "Exercise: 02-users, 02 or users")->required();
  check->add_option("--impl", check_args.impl, "Which implementation: learner (your crate), rust or go (the references)")
      ->check(CLI::IsMember({"learner", "rust", "go", "mutant"}));
  check->add_option("--stage", check_args.stage, "Run stages 1..N only");
  check->add_option("--mutation", check_args.mutation, "With --impl mutant: which mutation (authors)");
  check->add_option("--bin", check_args.binary, "Run this already-built program instead of building one");
  check->add_option("--contract", check_args.contract, "Use this contract file instead of the exercise's (authors)");
  check->add_option("--startup-timeout", check_args.startup_timeout_s, "Seconds to wait for GET /health (default 15)")
      ->check(CLI::Range(1, 600));
  check->add_flag("--no-record", check_args.no_record, "Do not record this attempt");
  check->add_flag("--keep-db", check_args.keep_db,
                  "Keep the service's SQLite file after the run and print its path (exercises with a database)");

  HintArgs hint_args;
  auto* hint = app.add_subcommand("hint", "The next hint for an exercise (recorded)");
  hint->add_option("exercise", hint_args.exercise, "Exercise")->required();

  GradeArgs grade_args;
  auto* grade = app.add_subcommand("grade", "Grade exercises for CI: points per case, results.json and JUnit files");
  grade->add_option("exercises", grade_args.exercises, "Exercises (default: all)");
  grade->add_option("--impl", grade_args.impl, "learner (the ports, default), rust or go (the references)")
      ->check(CLI::IsMember({"learner", "rust", "go"}));
  grade->add_option("--results", grade_args.results, "Write results.json (Exercism v3 compatible) here");
  grade->add_option("--junit", grade_args.junit, "Write JUnit XML here");
  grade->add_option("--hidden", grade_args.hidden,
                    "Add the instructor's cases in DIR/NN-name.json (a contract of hidden cases) to each exercise");
  grade->add_option("--key-file", grade_args.key_file,
                    "Sign the results (RESULTS.sig, HMAC-SHA256) with the key in this file; FERRY_RESULTS_KEY wins");
  grade->add_option("--learner", grade_args.learner,
                    "Who is graded, written in the results (default: git's user.email, else $USER)");
  VerifyResultsArgs verify_results_args;
  auto* verify_results = app.add_subcommand("verify-results", "Check the signature of a results file (RESULTS.sig)");
  verify_results->add_option("results", verify_results_args.results, "The results file")->required();
  verify_results->add_option("--key-file", verify_results_args.key_file, "The key, in a file; FERRY_RESULTS_KEY wins");

  BenchArgs bench_args;
  auto* bench = app.add_subcommand("bench", "Measure your port against the Go reference under the same open-loop load");
  bench->add_option("exercise", bench_args.exercise, "Exercise: 01-hello, 01 or hello")->required();
  bench->add_option("--impl", bench_args.impl, "The Rust side: learner (your crate, default), rust (the reference) or mutant")
      ->check(CLI::IsMember({"learner", "rust", "mutant"}));
  bench->add_option("--mutation", bench_args.mutation, "With --impl mutant: which mutation");
  bench->add_option("--runs", bench_args.runs, "Go and Rust runs per load level, alternated (default 5)")->check(CLI::Range(1, 100));
  bench->add_option("--duration", bench_args.duration_s, "Seconds measured per run (default 5)")->check(CLI::Range(0.1, 3600.0));
  bench->add_option("--warmup", bench_args.warmup_s, "Seconds of warm-up per run, discarded (default 2)")->check(CLI::Range(0.0, 600.0));
  bench->add_option("--levels", bench_args.levels, "Offered loads in % of the Go reference's capacity (default 25,50,75)");
  bench->add_option("--connections", bench_args.connections, "The load generator's connection cap (default 64)")->check(CLI::Range(1, 4096));
  bench->add_option("--json", bench_args.json, "Write the report here (default target/bench/EX.json)");
  bench->add_option("--svg", bench_args.svg, "Write the latency plot here (default target/bench/EX.svg)");

  DiffArgs diff_args;
  auto* diff = app.add_subcommand("diff", "Send the same requests to the Go reference (twice) and your port; report field-level differences");
  diff->add_option("exercise", diff_args.exercise, "Exercise: 02-users, 02 or users")->required();
  diff->add_option("--impl", diff_args.impl, "The port compared with Go: learner (default), rust, go or mutant")
      ->check(CLI::IsMember({"learner", "rust", "go", "mutant"}));
  diff->add_option("--mutation", diff_args.mutation, "With --impl mutant: which mutation");
  diff->add_option("--seed", diff_args.seed, "Seed of the generated requests (default 1)");
  diff->add_option("--generated", diff_args.generated, "Valid requests generated per operation (default 4)")->check(CLI::Range(0, 1000));
  diff->add_option("--probes", diff_args.probes, "Bad requests (ferry probe's) per operation (default 12)")->check(CLI::Range(0, 1000));
  ProbeArgs probe_args;
  auto* probe = app.add_subcommand("probe", "Send bad input to every operation: each must get a 4xx with the JSON error shape");
  probe->add_option("exercise", probe_args.exercise, "Exercise: 02-users, 02 or users")->required();
  probe->add_option("--impl", probe_args.impl, "learner (default), rust, go or mutant")
      ->check(CLI::IsMember({"learner", "rust", "go", "mutant"}));
  probe->add_option("--mutation", probe_args.mutation, "With --impl mutant: which mutation");
  probe->add_option("--seed", probe_args.seed, "Seed of the probes (default 1)");
  probe->add_option("--max-examples", probe_args.max_examples, "Probes per operation at most (default 40)")->check(CLI::Range(0, 100000));
  WatchArgs watch_args;
  auto* watch = app.add_subcommand("watch", "Check an exercise again on every save of your crate (keys: n next, h hint, l list, r re-run, q quit)");
  watch->add_option("exercise", watch_args.exercise, "Exercise (default: the first one you have not passed)");
  watch->add_flag("--manual", watch_args.manual, "Do not watch files (for file systems where that is unreliable): re-check with r");

  auto* cohort = app.add_subcommand("cohort", "The instructor's cohort database");
  cohort->require_subcommand(1);
  CohortImportArgs cohort_import_args;
  auto* cohort_import = cohort->add_subcommand("import", "Load results files (ferry grade --results) into the cohort database (--db, default ./cohort.db)");
  cohort_import->add_option("files", cohort_import_args.files, "Results files")->required();
  cohort_import->add_option("--learner", cohort_import_args.learner, "Whose results, when a file does not say");
  ServeArgs serve_args;
  auto* serve = app.add_subcommand("serve", "The cohort dashboard on localhost (read-only; --db, default ./cohort.db)");
  serve->add_option("--port", serve_args.port, "Port (default 8088; 0: any free one)")->check(CLI::Range(0, 65535));
  serve->add_option("--bind", serve_args.bind, "Address to listen on (default 127.0.0.1)");
  serve->add_option("--today", serve_args.today, "Compute as of this day (YYYY-MM-DD)");

  ProgressArgs progress_args;
  auto* progress = app.add_subcommand("progress", "Your record against the 26-week plan: standing, concepts, the borrow checker, where you are stuck");
  progress->add_flag("--json", progress_args.json, "Print the report as JSON");
  progress->add_option("--html", progress_args.html, "Also write it as a self-contained HTML page with charts");
  progress->add_option("--start", progress_args.start, "Record the day you started the plan (YYYY-MM-DD; default: your first attempt)");
  progress->add_option("--today", progress_args.today, "Compute as of this day (YYYY-MM-DD)");

  auto* doctor = app.add_subcommand("doctor", "Check the toolchains ferry needs, and say what to install");

  auto* dev = app.add_subcommand("dev", "Authoring commands");
  dev->require_subcommand(1);
  VerifyArgs verify_args;
  auto* verify = dev->add_subcommand("verify", "References pass, starter fails, every case is killed by the starter or a mutant");
  verify->add_option("exercises", verify_args.exercises, "Exercises (default: all)");
  verify->add_option("--hidden", verify_args.hidden,
                     "Hidden cases: DIR/NN-name.json, verified with the public ones (default: tests/hidden)");
  LoadArgs load_args;
  auto* load = dev->add_subcommand("load", "The bench's load generator alone, against a server already running");
  load->add_option("--port", load_args.port, "The server's port on 127.0.0.1")->required();
  load->add_option("--rate", load_args.rate, "Requests per second, open loop (default 1000)");
  load->add_option("--closed", load_args.closed, "Closed loop with N connections instead: maximum throughput");
  load->add_option("--duration", load_args.duration_s, "Seconds measured (default 5)");
  load->add_option("--warmup", load_args.warmup_s, "Seconds of warm-up, not measured (default 1)");
  load->add_option("--connections", load_args.connections, "Connection cap of the open loop (default 64)");
  load->add_option("--method", load_args.method, "Request method (default GET)");
  load->add_option("--path", load_args.path, "Request target (default /)");
  load->add_option("--header", load_args.headers, "A request header, \"Name: value\" (repeatable)");
  load->add_option("--body-file", load_args.body_file,
                   "Send this file as the body (Content-Type: application/json unless --header sets one)");
  load->add_option("--cpu", load_args.cpu, "Pin the generator to this CPU");
  load->add_flag("--json", load_args.json, "Print the figures as JSON");

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::string message = e.what();
    if (argc > 1 && std::string(argv[1]).rfind('-', 0) != 0) {
      std::string first = argv[1];
      std::vector<std::string> commands;
      for (const auto* sub : app.get_subcommands([](CLI::App*) { return true; })) {
        commands.push_back(sub->get_name());
      }
      bool known = std::find(commands.begin(), commands.end(), first) != commands.end();
      if (!known) {
        message = "unknown command \"" + first + "\"";
        if (auto near = util::closest_match(first, commands); !near.empty()) {
          message += "; did you mean \"" + near + "\"?";
        }
      }
    }
    fmt::print(stderr, "ferry: error: {}\nRun 'ferry --help' for usage.\n", message);
    return k_exit_error;
  }

  try {
    if (*load) {
      return cmd_dev_load(load_args);
    }
    if (*verify_results) {
      return cmd_verify_results(verify_results_args);
    }
    if (*doctor) {
      auto context = make_context(global);
      return cmd_doctor(context ? &*context : nullptr);
    }
    auto context = make_context(global);
    if (!context) {
      return fail_with_context(context);
    }
    if (*list) return cmd_list(*context);
    if (*check) return cmd_check(*context, check_args);
    if (*hint) return cmd_hint(*context, hint_args);
    if (*verify) return cmd_dev_verify(*context, verify_args);
    if (*bench) return cmd_bench(*context, bench_args);
    if (*grade) return cmd_grade(*context, grade_args);
    if (*diff) return cmd_diff(*context, diff_args);
    if (*probe) return cmd_probe(*context, probe_args);
    if (*progress) return cmd_progress(*context, progress_args);
    if (*watch) return cmd_watch(*context, watch_args);
    if (*cohort_import) return cmd_cohort_import(*context, cohort_import_args);
    if (*serve) return cmd_serve(*context, serve_args);
  } catch (const std::exception& e) {
    // Only for the truly unexpected: report it as ferry's bug, not the learner's.
    fmt::print(stderr, "ferry: internal error: {}\n", e.what());
    return k_exit_error;
  }
  return k_exit_error;
}

}  // namespace ferry::cli

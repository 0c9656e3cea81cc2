#pragma once
/// @file
/// One function per subcommand; each returns the process exit code.

#include "cli/context.hpp"
#include "grading/check.hpp"
#include "grading/check_result.hpp"
#include "progress/progress.hpp"
#include "store/store.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ferry::cli {

/// The arguments of `ferry check`.
struct CheckArgs {
  std::string exercise;  ///< as typed: "02-users", "02", "2" or "users"
  std::string impl = "learner";  ///< --impl: learner, rust, go or mutant
  std::string mutation;  ///< for --impl mutant
  std::string binary;  ///< --bin: run this program instead of building
  std::string contract;  ///< --contract: another contract file (authoring)
  std::optional<int> stage;  ///< --stage N: run stages 1..N only
  int startup_timeout_s = 15;  ///< --startup-timeout: seconds /health may take
  bool no_record = false;  ///< --no-record: do not write the attempt to the progress database
  bool keep_db = false;  ///< --keep-db: keep the service's SQLite file and print its path
};
/// `ferry check`: validate the input, run grading::run_check() with a
/// TerminalReporter, record the attempt (unless interrupted or --no-record) and
/// return 0 (pass), 1 (fail, or the learner's crate does not build or start),
/// 2 (a harness error, a missing tool included) or 130 (interrupted).
int cmd_check(const Context& context, const CheckArgs& args);

/// Record @p result of a check of @p exercise in the progress database: on a green build
/// of the learner's crate run clippy first (unless FERRY_NO_CLIPPY is set) and add its
/// lints, count the hints shown so far, then write the attempt in one transaction. A
/// database problem is a warning on stderr, never a failed check.
void record_check(const Context& context, const contract::Exercise& exercise, const contract::Contract& contract,
                  const grading::CheckResult& result);

/// The arguments of `ferry progress`.
struct ProgressArgs {
  bool json = false;  ///< --json: the report as JSON on stdout
  std::string html;  ///< --html FILE: a self-contained page with SVG charts
  std::string start;  ///< --start YYYY-MM-DD: record the day the learner started the plan
  std::string today;  ///< --today YYYY-MM-DD: compute as of this day (tests, what-ifs)
};
/// What progress::compute() needs for @p learner in @p store: the plan from the
/// manifest, the cases' lessons and hints from the contracts, the attempts, the start
/// date, and @p today (YYYY-MM-DD).
util::Expected<progress::Input> progress_input(const Context& context, store::Store& store, const std::string& learner,
                                               const std::string& today);

/// `ferry progress`: the learner's record against the 26-week plan, in the terminal,
/// as JSON or as an HTML page. 0, or 2 on a bad date or a database problem.
int cmd_progress(const Context& context, const ProgressArgs& args);

/// The arguments of `ferry watch`.
struct WatchArgs {
  std::string exercise;  ///< as for check; empty: the first exercise not passed yet
  bool manual = false;  ///< --manual: no file watching, re-check on `r` only
};
/// `ferry watch`: check the exercise, then again on every save of its crate (inotify,
/// debounced, one check at a time) or key: n next, h hint, l list, r re-run, q quit.
/// 0 on q, 130 on Ctrl-C, 2 on a harness error.
int cmd_watch(const Context& context, const WatchArgs& args);

/// The arguments of `ferry cohort import`.
struct CohortImportArgs {
  std::vector<std::string> files;  ///< results files from `ferry grade --results`
  std::string learner;  ///< --learner: whose, when a file does not say
};
/// `ferry cohort import`: load results files into the cohort database (--db, by default
/// `cohort.db` in the working directory), each in one transaction and at most once. 0, or
/// 2 when a file was refused.
int cmd_cohort_import(const Context& context, const CohortImportArgs& args);

/// The arguments of `ferry serve`.
struct ServeArgs {
  std::string bind = "127.0.0.1";  ///< --bind: the address (loopback by default)
  int port = 8088;  ///< --port (0: any free port)
  std::string today;  ///< --today YYYY-MM-DD: compute as of this day
};
/// `ferry serve`: the read-only cohort dashboard over the cohort database (--db,
/// default ./cohort.db): the cohort table, a page per learner, the cases failed most.
/// Runs until Ctrl-C (130); 2 when it cannot listen.
int cmd_serve(const Context& context, const ServeArgs& args);

/// `ferry list`: the exercises in order, with the learner's status and the next step.
int cmd_list(const Context& context);

/// The arguments of `ferry hint`.
struct HintArgs {
  std::string exercise;  ///< as typed, as for check
};
/// `ferry hint`: the hint of the first case the latest attempt failed, or else the
/// next of the contract's general hints; recorded in the progress database.
int cmd_hint(const Context& context, const HintArgs& args);

/// The arguments of `ferry dev verify`.
struct VerifyArgs {
  std::vector<std::string> exercises;  ///< empty: all
  /// --hidden DIR: an instructor's hidden cases, verified with the public ones (the
  /// references pass them, mutations may list them). Default: tests/hidden of the kit.
  std::string hidden;
};
/// `ferry dev verify`: grading::verify_exercise() for each exercise, with a
/// progress line per run and the kill matrix; 0 when every exercise is verified.
int cmd_dev_verify(const Context& context, const VerifyArgs& args);

/// What grades an exercise's performance case inside `ferry check` and `ferry grade`:
/// `ferry bench` at the budget's one load level, judged against the budget's ratios.
/// Holds references to @p context, @p exercise and @p contract.
grading::PerformanceGrader performance_grader(const Context& context, const contract::Exercise& exercise,
                                              const contract::Contract& contract, const grading::Implementation& impl);

/// The arguments of `ferry grade`.
struct GradeArgs {
  std::vector<std::string> exercises;  ///< empty: every exercise of the manifest
  std::string impl = "learner";  ///< --impl: learner (the ports), rust or go (the references)
  std::string results;  ///< --results FILE: results.json (Exercism v3 compatible)
  std::string junit;  ///< --junit FILE: JUnit XML
  std::string key_file;  ///< --key-file: sign the results with this key (FERRY_RESULTS_KEY wins)
  std::string hidden;  ///< --hidden DIR: instructor-only cases, DIR/NN-name.json, added to each exercise's
  std::string learner;  ///< --learner NAME, written in the results (default: git's user.email, else $USER)
};
/// Who is graded when --learner is not given: `git config user.email`, else $USER,
/// else "unknown".
std::string default_learner();
/// `ferry grade`: check each exercise (every one by default) without recording
/// attempts, print a line per exercise and the total, write the results and JUnit
/// files atomically. 0 when every case passed, 1 otherwise, 2 on ferry's own error,
/// 130 on Ctrl-C.
int cmd_grade(const Context& context, const GradeArgs& args);

/// The arguments of `ferry verify-results`.
struct VerifyResultsArgs {
  std::string results;  ///< the results file; its signature is RESULTS.sig
  std::string key_file;  ///< --key-file (FERRY_RESULTS_KEY wins)
};
/// `ferry verify-results`: 0 when RESULTS.sig signs RESULTS under the key, 1 when it
/// does not, 2 when the file, the signature or the key is missing.
int cmd_verify_results(const VerifyResultsArgs& args);

/// The arguments of `ferry bench`.
struct BenchArgs {
  std::string exercise;  ///< as typed, as for check
  std::string impl = "learner";  ///< the Rust side: learner (default), rust or mutant
  std::string mutation;  ///< for --impl mutant
  int runs = 5;  ///< --runs: Go and Rust runs per level
  double duration_s = 5;  ///< --duration: the measured window of each run
  double warmup_s = 2;  ///< --warmup: discarded at the start of each run
  std::string levels = "25,50,75";  ///< --levels: % of the Go reference's capacity
  int connections = 64;  ///< --connections: the generator's cap
  std::string json;  ///< --json FILE (default target/bench/EX.json)
  std::string svg;  ///< --svg FILE (default target/bench/EX.svg)
};
/// `ferry bench`: bench::run_bench() with a progress line, then the report as a table,
/// JSON and SVG. 0 on PASS, 1 on FAIL or INCONCLUSIVE, 2 on an error, 130 on Ctrl-C.
int cmd_bench(const Context& context, const BenchArgs& args);

/// The arguments of `ferry dev load`.
struct LoadArgs {
  int port = 0;  ///< --port: the server on 127.0.0.1
  double rate = 1000;  ///< --rate: requests per second (open loop)
  int closed = 0;  ///< --closed N: closed loop with N connections instead, for maximum throughput
  double duration_s = 5;  ///< --duration
  double warmup_s = 1;  ///< --warmup
  int connections = 64;  ///< --connections: the open loop's cap
  std::string method = "GET";  ///< --method
  std::string path = "/";  ///< --path: the request target
  std::vector<std::string> headers;  ///< --header "Name: value", repeatable
  std::string body_file;  ///< --body-file: the request body (Content-Type application/json unless a header says)
  int cpu = -1;  ///< --cpu: pin the generator
  bool json = false;  ///< --json: print the figures as JSON
};
/// `ferry dev load`: the bench's load generator on its own, against a server already
/// running (for comparing it with other tools, and for the harness's tests).
int cmd_dev_load(const LoadArgs& args);

/// The arguments of `ferry diff`.
struct DiffArgs {
  std::string exercise;  ///< as typed, as for check
  std::string impl = "learner";  ///< --impl: learner, rust, go or mutant (compared with the Go reference)
  std::string mutation;  ///< for --impl mutant
  std::uint64_t seed = 1;  ///< --seed: the generated requests
  int generated = 4;  ///< --generated: valid requests generated per operation
  int probes = 12;  ///< --probes: bad requests per operation
};
/// `ferry diff`: grading::run_diff() and a report of each difference by operation and
/// JSON pointer. 0 when Go and the port agree beyond noise, 1 when they differ (or the
/// port does not build or start), 2 on ferry's own error.
int cmd_diff(const Context& context, const DiffArgs& args);

/// The arguments of `ferry probe`.
struct ProbeArgs {
  std::string exercise;  ///< as typed, as for check
  std::string impl = "learner";  ///< --impl: learner, rust, go or mutant
  std::string mutation;  ///< for --impl mutant
  std::uint64_t seed = 1;  ///< --seed
  int max_examples = 40;  ///< --max-examples: probes per operation
};
/// `ferry probe`: grading::run_probe() and each finding with its `curl` line. 0 when
/// every probe got a proper answer, 1 on findings (or when the service does not build
/// or start), 2 on ferry's own error.
int cmd_probe(const Context& context, const ProbeArgs& args);

/// `ferry doctor`: checks the toolchains and says exactly what to install. Runs
/// without a @p context (null) too, when the repository or manifest cannot be found.
int cmd_doctor(const Context* context);

}  // namespace ferry::cli

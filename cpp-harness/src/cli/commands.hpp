#pragma once
/// @file
/// One function per subcommand; each returns the process exit code.

#include "cli/context.hpp"

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
};
/// `ferry dev verify`: grading::verify_exercise() for each exercise, with a
/// progress line per run and the kill matrix; 0 when every exercise is verified.
int cmd_dev_verify(const Context& context, const VerifyArgs& args);

/// `ferry doctor`: checks the toolchains and says exactly what to install. Runs
/// without a @p context (null) too, when the repository or manifest cannot be found.
int cmd_doctor(const Context* context);

}  // namespace ferry::cli

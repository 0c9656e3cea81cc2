#include "cli/cli.hpp"
#include "cli/commands.hpp"
#include "grading/check.hpp"
#include "grading/diagnostics.hpp"
#include "report/terminal_reporter.hpp"
#include "store/store.hpp"

#include <fmt/core.h>

#include <cstdlib>

namespace ferry::cli {

void record_check(const Context& context, const contract::Exercise& exercise, const contract::Contract& contract,
                  const grading::CheckResult& result) {
  auto record = grading::to_attempt_record(result, contract);
  // On a green build of the learner's crate, clippy's lints are part of the attempt.
  const char* no_clippy = std::getenv("FERRY_NO_CLIPPY");
  if (result.impl.kind == grading::ImplKind::learner && result.build.ok && (no_clippy == nullptr || *no_clippy == '\0')) {
    auto lint = grading::run_clippy(context.workspace.root, context.workspace.target_dir, exercise.learner_package,
                                    context.database_files(), std::chrono::minutes(10));
    record.linted = lint.ran;
    int total = 0;
    std::string names;
    for (const auto& d : lint.lints) {
      record.diagnostics.push_back({"clippy", d.level, d.code, d.count, d.message});
      total += d.count;
      names += (names.empty() ? "" : ", ") + d.code + (d.count > 1 ? " ×" + std::to_string(d.count) : "");
    }
    if (!lint.ran) {
      fmt::print("clippy: not run ({})\n", lint.problem);
    } else if (total > 0) {
      fmt::print("clippy: {} lint{} ({}) — `cargo clippy -p {}` shows them\n", total, total == 1 ? "" : "s", names,
                 exercise.learner_package);
    }
  }
  auto store = store::Store::open(context.db_path());
  if (!store) {
    fmt::print(stderr, "ferry: warning: the attempt was not recorded: {}\n", store.error());
    return;
  }
  if (auto hints = (*store)->hints_shown(exercise.id); hints) {
    record.hints_used = *hints;
  }
  if (auto id = (*store)->record_attempt(record); !id) {
    fmt::print(stderr, "ferry: warning: the attempt was not recorded: {}\n", id.error());
  }
}

int cmd_check(const Context& context, const CheckArgs& args) {
  auto exercise = context.exercise(args.exercise);
  if (!exercise) {
    fmt::print(stderr, "ferry: error: {}\n", exercise.error());
    return k_exit_error;
  }
  // Everything that can be wrong with the input is found before anything runs or is written.
  auto contract = context.contract(**exercise, args.contract);
  if (!contract) {
    fmt::print(stderr, "ferry: error: the contract is not valid:\n{}\n", contract.error());
    return k_exit_error;
  }
  auto api = context.openapi(**exercise);
  if (!api) {
    fmt::print(stderr, "ferry: error: the OpenAPI document is not valid:\n{}\n", api.error());
    return k_exit_error;
  }
  if (*api && args.contract.empty()) {
    contract::add_probe_case(*contract);  // bad input to every operation, in the last stage
  }
  grading::CheckOptions options;
  options.openapi = *api ? &**api : nullptr;
  if (!args.binary.empty()) {
    options.impl.kind = grading::ImplKind::binary;
    options.impl.binary = args.binary;
  } else {
    auto kind = grading::parse_impl(args.impl);
    if (!kind) {
      fmt::print(stderr, "ferry: error: {}\n", kind.error());
      return k_exit_error;
    }
    options.impl.kind = *kind;
    options.impl.mutation = args.mutation;
    if (*kind == grading::ImplKind::mutant && args.mutation.empty()) {
      fmt::print(stderr, "ferry: error: --impl mutant needs --mutation NAME\n");
      return k_exit_error;
    }
  }
  if (args.stage && (*args.stage < 1 || *args.stage > contract->max_stage())) {
    fmt::print(stderr, "ferry: error: --stage {} is out of range; {} has stages 1 to {}\n", *args.stage,
               contract->exercise, contract->max_stage());
    return k_exit_error;
  }
  options.stage = args.stage;
  options.startup_timeout = std::chrono::seconds(args.startup_timeout_s);
  options.keep_database = args.keep_db;
  options.protected_paths = context.database_files();
  if (options.impl.kind != grading::ImplKind::binary) {
    // The bench builds what it measures (release builds), so a prebuilt binary has no performance stage.
    options.grade_performance = performance_grader(context, **exercise, *contract, options.impl);
  }

  report::TerminalReporter reporter(stdout, {context.color, context.options.verbose, 5, context.command_name});
  auto result = grading::run_check(context.workspace, **exercise, *contract, options, reporter);

  if (!args.no_record && result.outcome != grading::Outcome::interrupted && !result.harness_error) {
    record_check(context, **exercise, *contract, result);
  }
  if (!result.isolation_level.empty()) {
    fmt::print("isolation: {}\n", context.options.verbose ? result.isolation_detail : result.isolation_level);
    if (context.options.verbose && !result.build.isolation.empty()) {
      fmt::print("build isolation: {}\n", result.build.isolation);
    }
  }
  if (args.keep_db && !result.database_path.empty()) {
    fmt::print("the service's database is kept at {}\n", result.database_path);
  }
  // A missing tool is ferry's problem; a crate that does not compile is the learner's.
  if (result.harness_error) {
    return k_exit_error;
  }
  switch (result.outcome) {
    case grading::Outcome::pass: return k_exit_pass;
    case grading::Outcome::interrupted: return k_exit_interrupted;
    default: return k_exit_fail;
  }
}

}  // namespace ferry::cli

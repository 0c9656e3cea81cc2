#include "cli/cli.hpp"
#include "cli/commands.hpp"
#include "contract/contract_loader.hpp"
#include "grading/check.hpp"
#include "grading/diagnostics.hpp"
#include "process/sandbox.hpp"
#include "process/tools.hpp"
#include "report/results.hpp"
#include "report/signing.hpp"
#include "store/store.hpp"
#include "util/files.hpp"
#include "util/interrupt.hpp"
#include "util/text.hpp"

#include <fmt/core.h>

#include <cstdlib>
#include <filesystem>
#include <optional>

namespace ferry::cli {

std::string default_learner() {
  std::string email = process::tool_version({"git", "config", "user.email"});
  if (email != "unknown" && !email.empty()) {
    return email;
  }
  const char* user = std::getenv("USER");
  return user != nullptr && *user != '\0' ? user : "unknown";
}

int cmd_grade(const Context& context, const GradeArgs& args) {
  // Everything the run needs is checked first: a typo in the last exercise must not
  // surface after minutes of grading.
  auto named = context.exercises(args.exercises);
  if (!named) {
    fmt::print(stderr, "ferry: error: {}\n", named.error());
    return k_exit_error;
  }
  const auto& exercises = *named;
  auto kind = grading::parse_impl(args.impl);
  if (!kind || *kind == grading::ImplKind::mutant) {
    fmt::print(stderr, "ferry: error: --impl takes learner, rust or go\n");
    return k_exit_error;
  }
  std::vector<contract::Contract> contracts;
  std::vector<std::optional<contract::OpenApi>> documents;
  for (const auto* ex : exercises) {
    auto contract = context.contract(*ex);
    if (!contract) {
      fmt::print(stderr, "ferry: error: the contract is not valid:\n{}\n", contract.error());
      return k_exit_error;
    }
    auto api = context.openapi(*ex);
    if (!api) {
      fmt::print(stderr, "ferry: error: the OpenAPI document is not valid:\n{}\n", api.error());
      return k_exit_error;
    }
    if (*api) {
      contract::add_probe_case(*contract);  // bad input to every operation, in the last stage
    }
    if (!args.hidden.empty()) {
      if (auto added = context.add_hidden(*contract, *ex, args.hidden); !added) {
        fmt::print(stderr, "ferry: error: {}\n", added.error());
        return k_exit_error;
      }
    }
    contracts.push_back(std::move(*contract));
    documents.push_back(std::move(*api));
  }

  auto key = report::results_key(args.key_file);
  if (!key) {
    fmt::print(stderr, "ferry: error: {}\n", key.error());
    return k_exit_error;
  }
  if (!key->empty() && args.results.empty()) {
    fmt::print(stderr, "ferry: error: a results key is given, but no --results file to sign\n");
    return k_exit_error;
  }
  report::GradeContext meta;
  meta.graded_at = store::utc_now_iso8601();
  meta.impl = args.impl;
  meta.learner = !args.learner.empty() ? args.learner : default_learner();
  meta.ferry_version = FERRY_VERSION;
  meta.go_version = process::tool_version({"go", "version"});
  meta.rustc_version = process::tool_version({"rustc", "--version"});
  meta.cargo_version = process::tool_version({"cargo", "--version"});
  fmt::print("ferry grade — {} exercise{}, {}\n", exercises.size(), exercises.size() == 1 ? "" : "s",
             *kind == grading::ImplKind::learner ? "the learner's ports" : "the " + args.impl + " references");
  const auto& isolation = process::detect_isolation();
  meta.isolation_level = process::to_string(isolation.level);
  meta.isolation_detail = isolation.detail;
  fmt::print("isolation: {}\n", isolation.detail);
  // What a learner's service must not read while it runs.
  std::vector<std::string> protected_paths = {args.hidden, args.results, args.results + ".sig", args.key_file};
  for (auto& file : context.database_files()) {
    protected_paths.push_back(std::move(file));
  }

  std::vector<report::GradedExercise> graded;
  bool harness_error = false;
  for (std::size_t i = 0; i < exercises.size(); ++i) {
    if (util::interrupted()) {
      fmt::print("ferry grade: interrupted; nothing was written\n");
      return k_exit_interrupted;
    }
    grading::CheckOptions options;
    options.impl.kind = *kind;
    options.openapi = documents[i] ? &*documents[i] : nullptr;
    options.protected_paths = protected_paths;
    options.grade_performance = performance_grader(context, *exercises[i], contracts[i], options.impl);
    report::NullReporter quiet;
    auto result = grading::run_check(context.workspace, *exercises[i], contracts[i], options, quiet);
    if (result.outcome == grading::Outcome::interrupted) {
      fmt::print("ferry grade: interrupted; nothing was written\n");
      return k_exit_interrupted;
    }
    harness_error = harness_error || result.harness_error;
    const char* verdict = result.harness_error                                ? "ERROR (ferry)"
                          : result.outcome == grading::Outcome::pass        ? "PASS"
                          : result.outcome == grading::Outcome::build_error ? "ERROR (does not build)"
                          : result.outcome == grading::Outcome::start_error ? "ERROR (does not start)"
                                                                            : "FAIL";
    fmt::print("  {:<16} {:>3}/{:<3} cases {:>4}/{:<4} points  stage {}/{}  {:<24} {}\n", exercises[i]->id,
               result.passed(), result.cases.size(), result.points, result.max_points, result.stage_reached,
               result.max_stage, verdict, util::format_duration_ms(result.duration_ms));
    int listed = 0;
    for (const auto& c : result.cases) {
      if (c.status == grading::CaseStatus::fail && c.c->hidden && listed++ < 3) {
        fmt::print("      ✗ {} (hidden: its details are in the results file)\n", c.c->id);
      } else if (c.status == grading::CaseStatus::fail && listed++ < 3) {
        fmt::print("      ✗ {}: {}\n", c.c->id,
                   util::truncate_for_display(c.outcome.summary.empty() ? c.note : c.outcome.summary, 120));
      }
    }
    report::GradedExercise g;
    g.exercise = exercises[i]->id;
    g.result = std::move(result);
    // The learner's lints go into the results too (the cohort's lint trend reads them).
    const char* no_clippy = std::getenv("FERRY_NO_CLIPPY");
    if (*kind == grading::ImplKind::learner && g.result.build.ok && (no_clippy == nullptr || *no_clippy == '\0')) {
      auto lint = grading::run_clippy(context.workspace.root, context.workspace.target_dir,
                                      exercises[i]->learner_package, protected_paths, std::chrono::minutes(10));
      g.linted = lint.ran;
      g.lints = std::move(lint.lints);
    }
    std::fflush(stdout);
    graded.push_back(std::move(g));
  }

  auto document = report::results_json(graded, meta);
  fmt::print("{}: {}/{} points, status {}\n", exercises.size() == 1 ? exercises[0]->id : "total",
             document["score"].get<int>(), document["max_score"].get<int>(), document["status"].get<std::string>());
  if (!args.results.empty()) {
    std::string text = document.dump(2) + "\n";
    if (auto error = util::write_file_atomically(args.results, text); !error.empty()) {
      fmt::print(stderr, "ferry: error: {}\n", error);
      return k_exit_error;
    }
    fmt::print("results: {}\n", args.results);
    if (!key->empty()) {
      if (auto error = util::write_file_atomically(args.results + ".sig", report::signature_for(*key, text)); !error.empty()) {
        fmt::print(stderr, "ferry: error: {}\n", error);
        return k_exit_error;
      }
      fmt::print("signed:  {}.sig (HMAC-SHA256; ferry verify-results checks it)\n", args.results);
    }
  }
  if (!args.junit.empty()) {
    if (auto error = util::write_file_atomically(args.junit, report::junit_xml(graded)); !error.empty()) {
      fmt::print(stderr, "ferry: error: {}\n", error);
      return k_exit_error;
    }
    fmt::print("junit:   {}\n", args.junit);
  }
  if (harness_error) {
    return k_exit_error;
  }
  return document["status"] == "pass" ? k_exit_pass : k_exit_fail;
}

int cmd_verify_results(const VerifyResultsArgs& args) {
  auto key = report::results_key(args.key_file);
  if (!key) {
    fmt::print(stderr, "ferry: error: {}\n", key.error());
    return k_exit_error;
  }
  if (key->empty()) {
    fmt::print(stderr, "ferry: error: no key: set FERRY_RESULTS_KEY or give --key-file\n");
    return k_exit_error;
  }
  auto results = util::read_file(args.results);
  auto signature = util::read_file(args.results + ".sig");
  if (!results || !signature) {
    fmt::print(stderr, "ferry: error: {}\n", results ? signature.error() : results.error());
    return k_exit_error;
  }
  auto valid = report::verify_signature(*key, *results, *signature);
  if (!valid) {
    fmt::print(stderr, "ferry: error: {}: {}\n", args.results + ".sig", valid.error());
    return k_exit_fail;
  }
  if (!*valid) {
    fmt::print("{}: the signature does not match: the file was changed after ferry wrote it, or signed with another key\n",
               args.results);
    return k_exit_fail;
  }
  fmt::print("{}: signature valid\n", args.results);
  return k_exit_pass;
}

}  // namespace ferry::cli

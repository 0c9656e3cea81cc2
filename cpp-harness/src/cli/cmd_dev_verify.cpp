#include "cli/cli.hpp"
#include "cli/commands.hpp"
#include "grading/verify.hpp"
#include "util/interrupt.hpp"
#include "util/text.hpp"

#include <fmt/core.h>

#include <filesystem>

namespace ferry::cli {

int cmd_dev_verify(const Context& context, const VerifyArgs& args) {
  auto exercises = context.exercises(args.exercises);
  if (!exercises) {
    fmt::print(stderr, "ferry: error: {}\n", exercises.error());
    return k_exit_error;
  }
  bool all_ok = true;
  for (const auto* ex : *exercises) {
    auto contract = context.contract(*ex);
    if (!contract) {
      fmt::print(stderr, "ferry: error: the contract is not valid:\n{}\n", contract.error());
      return k_exit_error;
    }
    // The kit's own hidden cases (tests/hidden) are verified like any others: the
    // references must pass them and some mutation must fail each.
    std::string hidden_dir = args.hidden.empty() ? (std::filesystem::path(context.root) / "tests" / "hidden").string() : args.hidden;
    std::size_t hidden_count = 0;
    if (!args.hidden.empty() || std::filesystem::is_directory(hidden_dir)) {
      auto added = context.add_hidden(*contract, *ex, hidden_dir);
      if (!added) {
        fmt::print(stderr, "ferry: error: {}\n", added.error());
        return k_exit_error;
      }
      hidden_count = *added;
    }
    auto api = context.openapi(*ex);
    if (!api) {
      fmt::print(stderr, "ferry: error: the OpenAPI document is not valid:\n{}\n", api.error());
      return k_exit_error;
    }
    fmt::print("{} — {} cases{}{}\n", ex->id, contract->cases.size(),
               hidden_count > 0 ? " (" + std::to_string(hidden_count) + " hidden, from " + hidden_dir + ")" : "",
               *api ? ", every answer checked against " + ex->openapi : "");
    const contract::OpenApi* document = *api ? &**api : nullptr;
    auto report = grading::verify_exercise(context.workspace, *ex, *contract, document, [](const grading::VerifyRun& run) {
      fmt::print("  {} {:<32} {} of {} cases failed ({}){}\n", run.ok ? "✓" : "✗", run.label, run.failed.size(),
                 run.result.cases.size(), util::format_duration_ms(run.result.duration_ms),
                 run.ok ? "" : "\n      " + run.problem);
      std::fflush(stdout);
    });
    if (!report) {
      if (util::interrupted()) {
        return k_exit_interrupted;
      }
      fmt::print(stderr, "ferry: error: {}\n", report.error());
      return k_exit_error;
    }
    bool has_performance = ex->performance.has_value();
    std::size_t graded = contract->cases.size() - (has_performance ? 1 : 0);
    std::size_t killed = graded - report->unkilled.size();
    fmt::print("  kill matrix: {} of {} cases are failed by the starter or a mutant\n", killed, graded);
    if (has_performance) {
      fmt::print("  the performance stage is not measured here: `ferry bench {} --impl rust` (or `ferry check {} --impl rust`) measures it\n",
                 ex->id, ex->id);
    }
    for (const auto& id : report->unkilled) {
      fmt::print("  ✗ {} is failed by nothing: add a mutant that it catches, or question the case\n", id);
    }
    if (context.options.verbose) {
      for (const auto& c : contract->cases) {
        std::string by;
        for (const auto& label : report->killed_by[c.id]) {
          by += (by.empty() ? "" : ", ") + label;
        }
        fmt::print("    {:<30} {}\n", c.id, by.empty() ? "—" : by);
      }
    }
    fmt::print("  {}\n\n", report->ok ? "verified" : "NOT verified");
    all_ok = all_ok && report->ok;
  }
  return all_ok ? k_exit_pass : k_exit_fail;
}

}  // namespace ferry::cli

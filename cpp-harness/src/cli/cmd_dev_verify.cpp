#include "cli/cli.hpp"
#include "cli/commands.hpp"
#include "grading/verify.hpp"
#include "util/interrupt.hpp"
#include "util/text.hpp"

#include <fmt/core.h>

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
    auto api = context.openapi(*ex);
    if (!api) {
      fmt::print(stderr, "ferry: error: the OpenAPI document is not valid:\n{}\n", api.error());
      return k_exit_error;
    }
    fmt::print("{} — {} cases{}\n", ex->id, contract->cases.size(), *api ? ", every answer checked against " + ex->openapi : "");
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
    std::size_t killed = contract->cases.size() - report->unkilled.size();
    fmt::print("  kill matrix: {} of {} cases are failed by the starter or a mutant\n", killed, contract->cases.size());
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

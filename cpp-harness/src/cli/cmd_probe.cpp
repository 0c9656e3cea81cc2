#include "cli/cli.hpp"
#include "cli/commands.hpp"
#include "grading/probe.hpp"
#include "http/json_match.hpp"
#include "util/interrupt.hpp"
#include "util/text.hpp"

#include <fmt/core.h>

namespace ferry::cli {

int cmd_probe(const Context& context, const ProbeArgs& args) {
  auto target = load_api_target(context, "probe", args.exercise, args.impl, args.mutation);
  if (!target) {
    fmt::print(stderr, "ferry: error: {}\n", target.error());
    return k_exit_error;
  }
  grading::ProbeOptions options;
  options.seed = args.seed;
  options.max_examples = args.max_examples;
  fmt::print("ferry probe {} ({}{})\n", target->exercise->id, args.impl, args.mutation.empty() ? "" : " " + args.mutation);
  auto report = grading::run_probe(context.workspace, *target->exercise, target->contract, target->api, target->impl, options,
                                   std::chrono::milliseconds(15'000),
                                   [](const std::string& line) { fmt::print("  {}\n", line); std::fflush(stdout); });
  if (util::interrupted()) {
    return k_exit_interrupted;
  }
  if (!report) {
    fmt::print("  {}\n", report.error());
    return k_exit_fail;
  }
  std::size_t shown = 0;
  constexpr std::size_t k_shown = 20;
  for (const auto& f : report->findings) {
    if (!context.options.verbose && ++shown > k_shown) {
      continue;
    }
    fmt::print("\n  ✗ {}: {}\n      {}\n", f.probe.operation, f.probe.label, f.problem);
    if (f.response && !f.response->body.empty()) {
      fmt::print("      it sent: {}\n", util::truncate_for_display(util::strip_terminal_controls(f.response->body), 200));
    }
    if (!f.panic.empty()) {
      fmt::print("      it panicked: {}\n", f.panic);
    }
    fmt::print("      try: {}\n", f.curl);
  }
  if (shown > k_shown) {
    fmt::print("\n  … and {} more (-v shows every one)\n", shown - k_shown);
  }
  if (report->gave_up) {
    fmt::print("\n  stopped early: {}\n", report->gave_up_reason);
  }
  fmt::print("\n  {} probes of {} operations in {}: {}\n", report->sent, report->operations,
             util::format_duration_ms(report->duration_ms),
             report->findings.empty() ? std::string("every one answered with a proper 4xx (or was accepted)")
                                      : fmt::format("{} finding{}", report->findings.size(), report->findings.size() == 1 ? "" : "s"));
  return report->findings.empty() && !report->gave_up ? k_exit_pass : k_exit_fail;
}

}  // namespace ferry::cli

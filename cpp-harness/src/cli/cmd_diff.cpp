#include "cli/cli.hpp"
#include "cli/commands.hpp"
#include "grading/diff.hpp"
#include "http/json_match.hpp"
#include "util/interrupt.hpp"
#include "util/text.hpp"

#include <fmt/core.h>

namespace ferry::cli {

namespace {

std::string place(const grading::FieldDiff& d) {
  if (d.where == "status") {
    return "the status";
  }
  if (d.where.rfind("header:", 0) == 0) {
    return "header " + d.where.substr(7);
  }
  return d.where.empty() ? "the body" : "body " + d.where;
}

std::string shown(const nlohmann::json& value, grading::DiffKind kind, bool reference) {
  if (value.is_null() && ((kind == grading::DiffKind::missing && !reference) || (kind == grading::DiffKind::extra && reference))) {
    return "(absent)";
  }
  if (value.is_null() && kind == grading::DiffKind::header) {
    return "(no such header)";
  }
  return http::render_json(value, 160);
}

}  // namespace

int cmd_diff(const Context& context, const DiffArgs& args) {
  auto target = load_api_target(context, "diff", args.exercise, args.impl, args.mutation);
  if (!target) {
    fmt::print(stderr, "ferry: error: {}\n", target.error());
    return k_exit_error;
  }
  const auto& exercise = *target->exercise;
  const auto kind = target->impl.kind;
  grading::DiffOptions options;
  options.seed = args.seed;
  options.generated_per_operation = args.generated;
  options.probes_per_operation = args.probes;
  std::string who = kind == grading::ImplKind::learner ? "your port"
                    : kind == grading::ImplKind::mutant ? "the mutant (" + args.mutation + ")"
                                                         : "the " + args.impl + " reference";
  fmt::print("ferry diff {}: the Go reference, twice, against {}\n", exercise.id, who);
  auto report = grading::run_diff(context.workspace, exercise, target->contract, target->api, target->impl, options,
                                  [](const std::string& line) { fmt::print("  {}\n", line); std::fflush(stdout); });
  if (util::interrupted()) {
    return k_exit_interrupted;
  }
  if (!report) {
    fmt::print("  {}\n", report.error());
    // The port not building or starting is the learner's failure; the reference's is ferry's.
    return report.error().rfind("the port", 0) == 0 ? k_exit_fail : k_exit_error;
  }
  std::size_t noisy = 0;
  for (const auto& [op, places] : report->noise.places()) {
    noisy += places.size();
  }
  fmt::print("  {} requests to each, in {}; noise (learned from Go against itself, or declared): {} place{}, {} difference{} "
             "suppressed\n",
             report->requests, util::format_duration_ms(report->duration_ms), noisy, noisy == 1 ? "" : "s",
             report->suppressed, report->suppressed == 1 ? "" : "s");
  for (const auto& [why, count] : report->not_compared) {
    fmt::print("  not compared ({} probe{}): the references themselves differ — {}\n", count, count == 1 ? "" : "s", why);
  }
  if (context.options.verbose) {
    for (const auto& [op, places] : report->noise.places()) {
      for (const auto& p : places) {
        fmt::print("    noise: {} {}\n", op, p.empty() ? "(the whole body)" : p);
      }
    }
  }
  for (const auto& v : report->divergences) {
    fmt::print("\n  ✗ {}  {}: {}{}\n", v.operation, place(v.diff), grading::to_string(v.diff.kind),
               v.count > 1 ? fmt::format("  ({} requests)", v.count) : "");
    fmt::print("      Go: {}\n      {}: {}\n", shown(v.diff.reference, v.diff.kind, true),
               kind == grading::ImplKind::learner ? "yours" : "port", shown(v.diff.port, v.diff.kind, false));
    if (!v.diff.explanation.empty()) {
      fmt::print("      {}\n", v.diff.explanation);
    }
    fmt::print("      from: {}\n", v.origin);
    for (const auto& other : v.other_origins) {
      fmt::print("      also: {}\n", other);
    }
    fmt::print("      try: {}\n", v.curl);
  }
  if (!report->port_died.empty()) {
    fmt::print("\n  ✗ the port {} — the rest was not sent\n", report->port_died);
  }
  if (report->divergences.empty() && report->port_died.empty()) {
    fmt::print("\n  no differences beyond noise\n");
    return k_exit_pass;
  }
  fmt::print("\n  {} difference{} beyond noise\n", report->divergences.size(), report->divergences.size() == 1 ? "" : "s");
  return k_exit_fail;
}

}  // namespace ferry::cli

#include "cli/cli.hpp"
#include "cli/commands.hpp"
#include "store/store.hpp"

#include <fmt/core.h>

#include <map>

namespace ferry::cli {

int cmd_list(const Context& context) {
  std::map<std::string, store::ExerciseStatus> status;
  auto store = store::Store::open(context.db_path());
  if (store) {
    if (auto rows = (*store)->learner_status()) {
      for (auto& row : *rows) {
        status[row.exercise] = row;
      }
    }
  } else {
    fmt::print(stderr, "ferry: warning: progress unavailable: {}\n", store.error());
  }
  fmt::print("{:<14} {:<8} {:<22} {}\n", "exercise", "weeks", "status", "concepts");
  std::string next;
  for (const auto& ex : context.manifest.exercises) {
    std::string weeks = ex.week_from == ex.week_to ? std::to_string(ex.week_from)
                                                   : fmt::format("{}–{}", ex.week_from, ex.week_to);
    std::string state = "not started";
    auto it = status.find(ex.id);
    if (it != status.end()) {
      const auto& s = it->second;
      if (s.outcome == "pass" && s.stage_reached == s.stages_total) {
        state = "done";
      } else if (s.outcome == "build_error") {
        state = "does not compile";
      } else if (s.outcome == "start_error") {
        state = "does not start";
      } else {
        state = fmt::format("stage {}/{}, {}/{} cases", s.stage_reached, s.stages_total, s.passed, s.total);
      }
    }
    if (next.empty() && state != "done") {
      next = ex.id;
    }
    std::string concepts;
    for (const auto& c : ex.concepts) {
      concepts += (concepts.empty() ? "" : ", ") + c;
    }
    fmt::print("{:<14} {:<8} {:<22} {}\n", ex.id, weeks, state, concepts);
  }
  if (next.empty()) {
    fmt::print("\nEvery exercise is done.\n");
  } else {
    const auto* ex = context.manifest.find(next);
    fmt::print("\nnext: read {}, then {} check {}\n", ex->lesson, context.command_name, next);
  }
  return k_exit_pass;
}

}  // namespace ferry::cli

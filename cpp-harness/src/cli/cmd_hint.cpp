#include "cli/cli.hpp"
#include "cli/commands.hpp"
#include "store/store.hpp"

#include <fmt/core.h>

namespace ferry::cli {

// The next hint: for the first case the learner's latest attempt failed, that
// case's hint and lesson; before any attempt (or when it did not build or
// start), the exercise's general hints, one more each time.
int cmd_hint(const Context& context, const HintArgs& args) {
  auto exercise = context.exercise(args.exercise);
  if (!exercise) {
    fmt::print(stderr, "ferry: error: {}\n", exercise.error());
    return k_exit_error;
  }
  auto contract = context.contract(**exercise);
  if (!contract) {
    fmt::print(stderr, "ferry: error: the contract is not valid:\n{}\n", contract.error());
    return k_exit_error;
  }
  auto store = store::Store::open(context.db_path());
  if (!store) {
    fmt::print(stderr, "ferry: error: {}\n", store.error());
    return k_exit_error;
  }
  auto attempts = (*store)->recent_attempts(contract->exercise, "learner", 1);
  if (attempts && !attempts->empty() && attempts->front().outcome == "pass" &&
      attempts->front().stage_reached == contract->max_stage()) {
    fmt::print("Your last check of {} passed every case; no hint needed. {} list shows what comes next.\n",
               contract->exercise, context.command_name);
    return k_exit_pass;
  }
  if (attempts && !attempts->empty()) {
    for (const auto& c : attempts->front().cases) {
      if (c.status != "fail") {
        continue;
      }
      const auto* the_case = contract->find_case(c.case_id);
      if (the_case == nullptr) {
        continue;  // the contract changed since that attempt
      }
      fmt::print("Hint for {} (stage {}: {})\n\n  {}\n\n", the_case->id, the_case->stage, the_case->title, the_case->hint);
      if (!c.message.empty()) {
        fmt::print("Last time: {}\n", c.message);
      }
      fmt::print("Read: {}\n", the_case->lesson);
      (void)(*store)->record_hint(contract->exercise, the_case->id, 0);
      return k_exit_pass;
    }
  }
  auto used = (*store)->hints_used(contract->exercise);
  int index = used ? *used : 0;
  if (contract->hints.empty()) {
    fmt::print("No hints for {}; read {}.\n", contract->exercise, (*exercise)->lesson);
    return k_exit_pass;
  }
  int shown = std::min(index, static_cast<int>(contract->hints.size()) - 1);
  fmt::print("Hint {} of {} for {}\n\n  {}\n\n", shown + 1, contract->hints.size(), contract->exercise, contract->hints[static_cast<std::size_t>(shown)]);
  fmt::print("Read: {} · then: {} check {}\n", (*exercise)->lesson, context.command_name, contract->exercise);
  (void)(*store)->record_hint(contract->exercise, "", shown);
  return k_exit_pass;
}

}  // namespace ferry::cli

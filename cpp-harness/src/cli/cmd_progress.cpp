#include "cli/cli.hpp"
#include "cli/commands.hpp"
#include "progress/progress.hpp"
#include "store/store.hpp"
#include "util/files.hpp"

#include <fmt/core.h>

namespace ferry::cli {

util::Expected<progress::Input> progress_input(const Context& context, store::Store& store, const std::string& learner,
                                               const std::string& today) {
  progress::Input input;
  input.learner = learner;
  input.today = today;
  input.plan_weeks = context.manifest.plan_weeks;
  for (const auto& ex : context.manifest.exercises) {
    input.plan.push_back({ex.id, ex.title, ex.week_from, ex.week_to});
    // A contract that does not load only loses its lessons in the "stuck" advice.
    if (auto contract = context.contract(ex); contract) {
      for (const auto& c : contract->cases) {
        input.cases[ex.id + "/" + c.id] = {c.title, c.hint, c.lesson};
      }
    }
  }
  auto attempts = store.learner_attempts(learner);
  if (!attempts) {
    return util::Error{attempts.error()};
  }
  input.attempts = std::move(*attempts);
  auto start = store.start_date(learner);
  if (!start) {
    return util::Error{start.error()};
  }
  input.start_date = *start;
  return input;
}

int cmd_progress(const Context& context, const ProgressArgs& args) {
  std::string today = args.today.empty() ? store::utc_now_iso8601().substr(0, 10) : args.today;
  for (const auto* date : {&args.start, &args.today}) {
    if (!date->empty() && !progress::day_number(*date)) {
      fmt::print(stderr, "ferry: error: \"{}\" is not a date; expected YYYY-MM-DD\n", *date);
      return k_exit_error;
    }
  }
  auto store = store::Store::open(context.db_path());
  if (!store) {
    fmt::print(stderr, "ferry: error: {}\n", store.error());
    return k_exit_error;
  }
  if (!args.start.empty()) {
    if (auto set = (*store)->set_start_date("", args.start); !set) {
      fmt::print(stderr, "ferry: error: {}\n", set.error());
      return k_exit_error;
    }
  }
  auto input = progress_input(context, **store, "", today);
  if (!input) {
    fmt::print(stderr, "ferry: error: {}\n", input.error());
    return k_exit_error;
  }
  auto report = progress::compute(*input);
  if (!args.html.empty()) {
    if (auto problem = util::write_file_atomically(args.html, progress::to_html(report, "ferry progress"));
        !problem.empty()) {
      fmt::print(stderr, "ferry: error: {}\n", problem);
      return k_exit_error;
    }
  }
  if (args.json) {
    fmt::print("{}", progress::to_json(report));
  } else {
    fmt::print("{}", progress::to_text(report, context.color));
    if (!args.html.empty()) {
      fmt::print("\nwrote {}\n", args.html);
    }
  }
  return k_exit_pass;
}

}  // namespace ferry::cli

#include "contract/contract.hpp"

#include <algorithm>

namespace ferry::contract {

std::string to_string(CaseKind kind) {
  switch (kind) {
    case CaseKind::happy: return "happy";
    case CaseKind::error: return "error";
    case CaseKind::nil: return "nil";
    case CaseKind::concurrency: return "concurrency";
    case CaseKind::robustness: return "robustness";
    case CaseKind::performance: return "performance";
  }
  return "happy";
}

namespace {

/// 0.6 → "0.6", 0.25 → "0.25".
std::string format_ratio(double ratio) {
  auto text = std::to_string(ratio);
  text.erase(text.find_last_not_of('0') + 1);
  if (!text.empty() && text.back() == '.') {
    text.pop_back();
  }
  return text;
}

}  // namespace

bool MetricsCheck::needs_baseline() const {
  return std::any_of(series.begin(), series.end(), [](const MetricExpectation& m) { return m.delta.has_value(); });
}

std::string to_string(Lifecycle::Action action) {
  switch (action) {
    case Lifecycle::Action::restart: return "restart";
    case Lifecycle::Action::sigterm: return "sigterm";
    case Lifecycle::Action::kill: return "kill";
  }
  return "restart";
}

int Contract::max_stage() const {
  int highest = 0;
  for (const auto& stage : stages) {
    highest = std::max(highest, stage.number);
  }
  return highest;
}

const Stage* Contract::find_stage(int number) const {
  auto it = std::find_if(stages.begin(), stages.end(), [&](const Stage& s) { return s.number == number; });
  return it == stages.end() ? nullptr : &*it;
}

const Case* Contract::find_case(const std::string& id) const {
  auto it = std::find_if(cases.begin(), cases.end(), [&](const Case& c) { return c.id == id; });
  return it == cases.end() ? nullptr : &*it;
}

util::Expected<bool> add_hidden_cases(Contract& contract, const Contract& hidden) {
  if (hidden.exercise != contract.exercise) {
    return util::Error{hidden.source_path + ": the hidden cases are for \"" + hidden.exercise + "\", not \"" +
                       contract.exercise + "\""};
  }
  for (const auto& c : hidden.cases) {
    if (contract.find_stage(c.stage) == nullptr) {
      return util::Error{hidden.source_path + ": hidden case \"" + c.id + "\" is in stage " + std::to_string(c.stage) +
                         ", which " + contract.source_path + " does not have"};
    }
    if (contract.find_case(c.id) != nullptr) {
      return util::Error{hidden.source_path + ": hidden case \"" + c.id + "\" has the id of a case in " +
                         contract.source_path};
    }
  }
  for (const auto& c : hidden.cases) {
    Case copy = c;
    copy.hidden = true;
    contract.cases.push_back(std::move(copy));
  }
  // After every public case, whose order (and the state they build) stays as written.
  return true;
}

void add_performance_stage(Contract& contract, const PerformanceBudget& budget) {
  Stage stage;
  stage.number = contract.max_stage() + 1;
  stage.title = "Performance: under the same load as the Go reference, p99 at most " + format_ratio(budget.p99_ratio) +
                "× and peak memory at most " + format_ratio(budget.rss_ratio) + "× its figures";
  contract.stages.push_back(stage);
  Case c;
  c.id = k_performance_case_id;
  c.title = "p99 ≤ " + format_ratio(budget.p99_ratio) + "× and peak RSS ≤ " + format_ratio(budget.rss_ratio) +
            "× the Go reference's at " + std::to_string(budget.level_percent) + "% of its capacity (ferry bench)";
  c.stage = stage.number;
  c.kind = CaseKind::performance;
  c.concept_tag = "performance";
  c.hint = budget.hint;
  c.lesson = budget.lesson;
  c.performance = budget;
  contract.cases.push_back(std::move(c));
}

}  // namespace ferry::contract

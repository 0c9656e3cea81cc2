#include "contract/contract.hpp"

namespace ferry::contract {

std::string to_string(CaseKind kind) {
  switch (kind) {
    case CaseKind::happy: return "happy";
    case CaseKind::error: return "error";
    case CaseKind::nil: return "nil";
    case CaseKind::concurrency: return "concurrency";
    case CaseKind::robustness: return "robustness";
  }
  return "happy";
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

}  // namespace ferry::contract

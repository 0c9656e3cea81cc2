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

}  // namespace ferry::contract

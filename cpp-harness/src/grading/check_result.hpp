#pragma once
/// @file
/// The result of one `ferry check`, as data: what was built, whether the
/// service started, and every case's outcome. A learner's failing check is a
/// CheckResult, not an error.

#include "contract/contract.hpp"
#include "grading/build.hpp"
#include "http/case_runner.hpp"

#include <string>
#include <vector>

namespace ferry::grading {

enum class CaseStatus { pass, fail, skip };

struct CaseResult {
  const contract::Case* c = nullptr;
  CaseStatus status = CaseStatus::skip;
  http::CaseOutcome outcome;
  std::string output;  ///< what the service printed during this case
  std::string note;  ///< e.g. "your service exited with code 101 during this case; it was restarted"
  int port = 0;  ///< the port the case ran against (for the curl line)
};

enum class Outcome { pass, fail, build_error, start_error, interrupted };

std::string to_string(Outcome outcome);
std::string to_string(CaseStatus status);

struct CheckResult {
  std::string exercise;
  Implementation impl;
  Outcome outcome = Outcome::fail;
  BuildOutcome build;
  std::string start_failure;  ///< a sentence, when outcome is start_error
  std::string start_output;
  int port = 0;
  double ready_ms = 0;
  std::string database_path;  ///< the service's SQLite file, for exercises with a database
  std::vector<CaseResult> cases;
  int stage_limit = 0;  ///< the highest stage run
  int stage_reached = 0;  ///< every case up to this stage passed
  int max_stage = 0;
  int points = 0;
  int max_points = 0;
  double duration_ms = 0;
  std::string started_at;

  [[nodiscard]] int passed() const;
  [[nodiscard]] int failed() const;
};

}  // namespace ferry::grading

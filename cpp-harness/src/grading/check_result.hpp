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

/// A case's verdict; `skip`: it was not run (the build failed, the service did not
/// start or could not be restarted, or the check was interrupted).
enum class CaseStatus { pass, fail, skip };

/// One case of a check: its verdict and everything needed to explain it.
struct CaseResult {
  const contract::Case* c = nullptr;  ///< the case, in the contract the check ran
  CaseStatus status = CaseStatus::skip;  ///< its verdict
  http::CaseOutcome outcome;  ///< what the CaseRunner found
  std::string output;  ///< what the service printed during this case
  std::string note;  ///< such as "your service exited with code 101 during this case; it was restarted"
  int port = 0;  ///< the port the case ran against (for the curl line)
};

/// The verdict of a whole check: every case passed (`pass`), some did not (`fail`), the
/// implementation did not build (`build_error`) or did not start (`start_error`), or
/// Ctrl-C stopped the check (`interrupted`). The exit code follows from it.
enum class Outcome { pass, fail, build_error, start_error, interrupted };

/// "pass", "fail", "build_error", "start_error" or "interrupted", as stored.
std::string to_string(Outcome outcome);
/// "pass", "fail" or "skip", as stored.
std::string to_string(CaseStatus status);

/// Everything one check found.
struct CheckResult {
  std::string exercise;  ///< the exercise id
  Implementation impl;  ///< what was graded
  Outcome outcome = Outcome::fail;  ///< the verdict
  BuildOutcome build;  ///< what the build did
  std::string start_failure;  ///< a sentence, when outcome is start_error
  std::string start_output;  ///< the service's last output, when it did not start
  int port = 0;  ///< the port of the first start
  double ready_ms = 0;  ///< how long the first start took to answer /health
  std::string database_path;  ///< the service's SQLite file, for exercises with a database
  std::string isolation_level;  ///< how the service was confined: "namespaces", "degraded" or "none"
  std::string isolation_detail;  ///< the same in a plain sentence: what was in force and what was not
  /// ferry itself could not do its part (a tool missing, no room for the database):
  /// not the learner's failure, so not recorded, and `ferry check` exits 2.
  bool harness_error = false;
  std::vector<CaseResult> cases;  ///< the cases of stages 1..stage_limit, in contract order
  int stage_limit = 0;  ///< the highest stage run
  int stage_reached = 0;  ///< every case up to this stage passed
  int max_stage = 0;  ///< the contract's last stage
  int points = 0;  ///< earned by the cases that passed
  int max_points = 0;  ///< of the cases run
  double duration_ms = 0;  ///< the whole check, build included
  std::string started_at;  ///< UTC, ISO 8601

  /// How many cases passed.
  [[nodiscard]] int passed() const;
  /// How many cases did not pass (skipped ones included).
  [[nodiscard]] int failed() const;
};

}  // namespace ferry::grading

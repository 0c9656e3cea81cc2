#pragma once
/// @file
/// Machine-readable results of `ferry grade`: a JSON document compatible with
/// Exercism's results.json version 3 (with ferry's scores, concept tags, durations and
/// toolchain versions added), and JUnit XML with one testcase per case. Pure: the
/// caller writes the text.

#include "grading/check_result.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace ferry::report {

/// One graded exercise: its id and the result of its check.
struct GradedExercise {
  std::string exercise;  ///< "02-users"
  grading::CheckResult result;  ///< what run_check() returned
  bool linted = false;  ///< clippy ran on the (green) build
  std::vector<grading::Diagnostic> lints{};  ///< its `clippy::` lints, counted by name
};

/// Where a grade ran, stated in the results.
struct GradeContext {
  std::string graded_at;  ///< UTC, ISO 8601
  std::string learner;  ///< who: --learner, else git's user.email, else $USER (the cohort import keys on it)
  std::string impl;  ///< "learner", "rust", "go"
  std::string ferry_version;  ///< FERRY_VERSION
  std::string go_version;  ///< `go version`
  std::string rustc_version;  ///< `rustc --version`
  std::string cargo_version;  ///< `cargo --version`
  std::string isolation_level;  ///< how learner code was confined: "namespaces", "degraded", "none"
  std::string isolation_detail;  ///< the same in a plain sentence
};

/// "pass" when every case of every exercise passed, "error" when an exercise did not
/// build or start (the learner's code, or ferry itself), "fail" otherwise.
std::string overall_status(const std::vector<GradedExercise>& graded);

/// The results document: `version` 3, `status`, `message` (for an error), `tests` (one per
/// case: `name` "EX/case-id", `status`, `message`, `task_id` = the stage, plus `score`,
/// `max_score`, `concept`, `kind`, `duration_ms`, `exercise`), then ferry's additions:
/// `score`/`max_score` overall, `exercises` (per exercise: status, scores, stage reached,
/// message, the compiler's `diagnostics` by code, `linted` and clippy's `lints`), `graded_at`, `learner`, `impl`, `toolchain`,
/// `isolation` (`level` and `detail`).
nlohmann::json results_json(const std::vector<GradedExercise>& graded, const GradeContext& context);

/// JUnit XML: a testsuite per exercise and a testcase per case (classname the exercise,
/// name the case id); a failed case has a `failure` element, a case not run because its exercise
/// did not build or start an `error` element; every text is XML-escaped.
std::string junit_xml(const std::vector<GradedExercise>& graded);

}  // namespace ferry::report

#pragma once
/// @file
/// `ferry check` as a function: build the chosen implementation, start it
/// supervised, run the contract's cases in order, restart the service if it
/// dies mid-run, and return the result. Printing is the Reporter's job,
/// recording is the caller's.

#include "contract/contract.hpp"
#include "contract/manifest.hpp"
#include "contract/openapi.hpp"
#include "grading/build.hpp"
#include "grading/check_result.hpp"
#include "report/reporter.hpp"
#include "store/store.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>

namespace ferry::grading {

/// How a port did against its performance budget, as the bench measured it.
struct PerformanceVerdict {
  bool passed = false;  ///< every ratio within the budget at every repetition
  std::string summary;  ///< one sentence with the measured ratios (PASS, FAIL or INCONCLUSIVE and why)
};

/// What grades the performance case: given the budget, runs the bench and judges it.
using PerformanceGrader = std::function<PerformanceVerdict(const contract::PerformanceBudget&)>;

/// What to check, and the limits of the check.
struct CheckOptions {
  Implementation impl;  ///< which implementation to build and grade
  std::optional<int> stage;  ///< run stages 1..stage only
  std::chrono::milliseconds build_timeout{20 * 60 * 1000};  ///< a build that takes longer is stopped
  std::chrono::milliseconds startup_timeout{15'000};  ///< how long /health may take to answer 200
  int max_restarts = 3;  ///< restarts after crashes mid-run; one more crash and the rest is not run
  bool keep_database = false;  ///< leave the service's database file behind (its path is in the result)
  /// Files and directories the service must not read while it runs (hidden cases, the
  /// progress database, the results file, the key file): masked where isolation allows.
  std::vector<std::string> protected_paths;
  const contract::OpenApi* openapi = nullptr;  ///< every answer is also checked against it (null: none); not owned
  /// Grades the performance case, once every other case has passed. Unset (or for the
  /// Go reference, which would be measured against itself) the case is left out.
  PerformanceGrader grade_performance;
  /// The probe case (contract::Case::probe), when the contract has one: at most this many
  /// probes per operation, with this seed, against the service once its cases have run.
  int probe_max_examples = 12;
  std::uint64_t probe_seed = 1;  ///< the probes' seed
};

/// Grade @p options.impl of @p exercise against @p contract: plan and run the build,
/// give the service a fresh database file when the exercise has one (DATABASE_URL),
/// start it supervised, run the cases of the chosen stages in order through a
/// CaseRunner, restart the service when it dies during a case, stop it, and return
/// the result. @p reporter is told about each step as it happens. A failing service
/// is a CheckResult (outcome fail, build_error, start_error), never an error.
CheckResult run_check(const Workspace& workspace, const contract::Exercise& exercise,
                      const contract::Contract& contract, const CheckOptions& options, report::Reporter& reporter);

/// The attempt to store for @p result.
store::AttemptRecord to_attempt_record(const CheckResult& result, const contract::Contract& contract);

}  // namespace ferry::grading

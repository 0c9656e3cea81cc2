#pragma once
/// @file
/// `ferry check` as a function: build the chosen implementation, start it
/// supervised, run the contract's cases in order, restart the service if it
/// dies mid-run, and return the result. Printing is the Reporter's job,
/// recording is the caller's.

#include "contract/contract.hpp"
#include "contract/manifest.hpp"
#include "grading/build.hpp"
#include "grading/check_result.hpp"
#include "report/reporter.hpp"
#include "store/store.hpp"

#include <chrono>
#include <optional>

namespace ferry::grading {

struct CheckOptions {
  Implementation impl;
  std::optional<int> stage;  ///< run stages 1..stage only
  std::chrono::milliseconds build_timeout{20 * 60 * 1000};
  std::chrono::milliseconds startup_timeout{15'000};
  int max_restarts = 3;
  bool keep_database = false;  ///< leave the service's database file behind (its path is in the result)
};

CheckResult run_check(const Workspace& workspace, const contract::Exercise& exercise,
                      const contract::Contract& contract, const CheckOptions& options, report::Reporter& reporter);

/// The attempt to store for @p result.
store::AttemptRecord to_attempt_record(const CheckResult& result, const contract::Contract& contract);

}  // namespace ferry::grading

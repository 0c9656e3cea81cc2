#pragma once
/// @file
/// Reporting a check as it happens. The check calls these in order; a
/// Reporter decides what a person (or a CI system) sees.

#include "grading/check_result.hpp"

#include <string>

/// The report layer: what a person (or a CI system) sees of a check. The grading
/// layer calls a Reporter as the check goes; implementations decide the output.
namespace ferry::report {

/// The events of one check, in the order run_check() sends them: begin, then (for a
/// service with an upstream) build_started for the upstream and upstream_started, then
/// build_started (unless the build could not even be planned), build_finished,
/// then service_started or service_failed_to_start, one case_finished per case
/// run, and always end.
class Reporter {
public:
  virtual ~Reporter() = default;
  /// A check of @p impl against @p contract begins.
  virtual void begin(const contract::Contract& contract, const grading::Implementation& impl) = 0;
  /// The build @p command starts; @p first_build when its binary does not exist yet (a slow build).
  virtual void build_started(const std::string& command, bool first_build) = 0;
  /// The build ended (or could not be run: @p build has tool_error).
  virtual void build_finished(const grading::BuildOutcome& build) = 0;
  /// The upstream the service forwards to (@p description) answers on @p port as
  /// process @p pid, behind ferry's proxy on @p proxy_port (the service's UPSTREAM_URL).
  virtual void upstream_started(const std::string& description, int port, int pid, int proxy_port) = 0;
  /// The service answers /health on @p port; process @p pid took @p ready_ms to get there.
  virtual void service_started(int port, int pid, double ready_ms) = 0;
  /// The service did not start: @p sentence says why, @p output is its last output.
  virtual void service_failed_to_start(const std::string& sentence, const std::string& output) = 0;
  /// One case ran (or was not run, with a note).
  virtual void case_finished(const grading::CaseResult& result) = 0;
  /// The check is over; @p result is complete.
  virtual void end(const contract::Contract& contract, const grading::CheckResult& result) = 0;
};

/// A reporter that shows nothing (used by `ferry dev verify` for its inner checks).
class NullReporter final : public Reporter {
public:
  void begin(const contract::Contract&, const grading::Implementation&) override {}
  void build_started(const std::string&, bool) override {}
  void build_finished(const grading::BuildOutcome&) override {}
  void upstream_started(const std::string&, int, int, int) override {}
  void service_started(int, int, double) override {}
  void service_failed_to_start(const std::string&, const std::string&) override {}
  void case_finished(const grading::CaseResult&) override {}
  void end(const contract::Contract&, const grading::CheckResult&) override {}
};

}  // namespace ferry::report

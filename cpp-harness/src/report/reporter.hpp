#pragma once
/// @file
/// Reporting a check as it happens. The check calls these in order; a
/// Reporter decides what a person (or a CI system) sees.

#include "grading/check_result.hpp"

#include <string>

namespace ferry::report {

class Reporter {
public:
  virtual ~Reporter() = default;
  virtual void begin(const contract::Contract& contract, const grading::Implementation& impl) = 0;
  virtual void build_started(const std::string& command, bool first_build) = 0;
  virtual void build_finished(const grading::BuildOutcome& build) = 0;
  virtual void service_started(int port, int pid, double ready_ms) = 0;
  virtual void service_failed_to_start(const std::string& sentence, const std::string& output) = 0;
  virtual void case_finished(const grading::CaseResult& result) = 0;
  virtual void end(const contract::Contract& contract, const grading::CheckResult& result) = 0;
};

/// A reporter that shows nothing (used by `ferry dev verify` for its inner checks).
class NullReporter final : public Reporter {
public:
  void begin(const contract::Contract&, const grading::Implementation&) override {}
  void build_started(const std::string&, bool) override {}
  void build_finished(const grading::BuildOutcome&) override {}
  void service_started(int, int, double) override {}
  void service_failed_to_start(const std::string&, const std::string&) override {}
  void case_finished(const grading::CaseResult&) override {}
  void end(const contract::Contract&, const grading::CheckResult&) override {}
};

}  // namespace ferry::report

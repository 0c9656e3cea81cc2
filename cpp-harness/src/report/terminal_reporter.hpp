#pragma once
/// @file
/// The human report of a check: progress while it runs, a precise account of
/// each failing case (curl line, first difference at its JSON pointer, the
/// service's own output, the hint, the lesson), and a verdict with a next step.

#include "report/reporter.hpp"

#include <cstdio>
#include <string>

namespace ferry::report {

/// How the terminal report looks.
struct TerminalOptions {
  bool color = false;  ///< ANSI colours (see should_color())
  bool verbose = false;  ///< every difference and every failure in full
  int max_detailed_failures = 5;  ///< failures shown in full (unless verbose); the rest get one line
  std::string command_name = "ferry";  ///< how the learner runs ferry ("./ferry")
};

/// The report `ferry check` prints for a person.
class TerminalReporter final : public Reporter {
public:
  /// A reporter writing to @p out.
  TerminalReporter(std::FILE* out, TerminalOptions options);

  void begin(const contract::Contract& contract, const grading::Implementation& impl) override;
  void build_started(const std::string& command, bool first_build) override;
  void build_finished(const grading::BuildOutcome& build) override;
  void upstream_started(const std::string& description, int port, int pid, int proxy_port) override;
  void service_started(int port, int pid, double ready_ms) override;
  void service_failed_to_start(const std::string& sentence, const std::string& output) override;
  void case_finished(const grading::CaseResult& result) override;
  void end(const contract::Contract& contract, const grading::CheckResult& result) override;

private:
  [[nodiscard]] std::string paint(const char* code, const std::string& text) const;
  void print_failure_detail(const grading::CaseResult& result);

  std::FILE* m_out;
  TerminalOptions m_options;
  const contract::Contract* m_contract = nullptr;
  grading::Implementation m_impl;
  int m_current_stage = 0;
  int m_detailed = 0;
  int m_hidden_failures = 0;
};

/// Whether to use colour on @p stream: a terminal, NO_COLOR unset, TERM not "dumb".
bool should_color(std::FILE* stream);

}  // namespace ferry::report

#include "report/terminal_reporter.hpp"

#include "http/curl.hpp"
#include "util/text.hpp"

#include <fmt/core.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>

namespace ferry::report {

namespace {

constexpr const char* k_green = "32";
constexpr const char* k_red = "31";
constexpr const char* k_yellow = "33";
constexpr const char* k_dim = "2";
constexpr const char* k_bold = "1";
constexpr std::size_t k_output_lines = 8;
constexpr std::size_t k_build_lines = 40;

std::string impl_label(const grading::Implementation& impl) {
  switch (impl.kind) {
    case grading::ImplKind::learner: return "your port";
    case grading::ImplKind::rust: return "the Rust reference";
    case grading::ImplKind::go: return "the Go reference";
    case grading::ImplKind::mutant: return "mutant \"" + impl.mutation + "\"";
    case grading::ImplKind::binary: return impl.binary;
  }
  return "";
}

}  // namespace

bool should_color(std::FILE* stream) {
  const char* no_color = std::getenv("NO_COLOR");
  const char* term = std::getenv("TERM");
  return isatty(fileno(stream)) != 0 && (no_color == nullptr || *no_color == '\0') &&
         (term == nullptr || std::string(term) != "dumb");
}

TerminalReporter::TerminalReporter(std::FILE* out, TerminalOptions options) : m_out(out), m_options(std::move(options)) {}

std::string TerminalReporter::paint(const char* code, const std::string& text) const {
  if (!m_options.color) {
    return text;
  }
  return fmt::format("\x1b[{}m{}\x1b[0m", code, text);
}

void TerminalReporter::begin(const contract::Contract& contract, const grading::Implementation& impl) {
  m_contract = &contract;
  m_impl = impl;
  fmt::print(m_out, "{} {} — {}\n", paint(k_bold, "ferry check"), paint(k_bold, contract.exercise), impl_label(impl));
  std::fflush(m_out);
}

void TerminalReporter::build_started(const std::string& command, bool first_build) {
  if (command.empty()) {
    return;
  }
  fmt::print(m_out, "  build  {}{}\n", command,
             first_build ? paint(k_dim, "  (first build: compiling dependencies can take a few minutes)") : "");
  std::fflush(m_out);
}

void TerminalReporter::build_finished(const grading::BuildOutcome& build) {
  if (build.ok) {
    if (!build.command.empty() && build.duration_ms > 0) {
      fmt::print(m_out, "         {} in {}\n", paint(k_green, "built"), util::format_duration_ms(build.duration_ms));
    }
    return;
  }
  bool tool_missing = build.tool_error;
  fmt::print(m_out, "\n{}\n", paint(k_red, tool_missing ? "ferry could not build it:" : "Your code does not compile yet, so there is nothing to check. The compiler says:"));
  auto lines = util::split_lines(build.output);
  std::size_t shown = 0;
  for (const auto& line : lines) {
    if (shown++ >= k_build_lines && !m_options.verbose) {
      fmt::print(m_out, "    … {} more lines (run the build command above to see everything)\n", lines.size() - k_build_lines);
      break;
    }
    fmt::print(m_out, "    {}\n", line);
  }
}

void TerminalReporter::upstream_started(const std::string& description, int port, int pid, int proxy_port) {
  fmt::print(m_out, "  upstream  {} on 127.0.0.1:{} (pid {}), behind ferry's proxy: UPSTREAM_URL=http://127.0.0.1:{}\n",
             description, port, pid, proxy_port);
  std::fflush(m_out);
}

void TerminalReporter::service_started(int port, int pid, double ready_ms) {
  fmt::print(m_out, "  start  127.0.0.1:{} (pid {}), /health answered after {}\n", port, pid,
             util::format_duration_ms(ready_ms));
  std::fflush(m_out);
}

void TerminalReporter::service_failed_to_start(const std::string& sentence, const std::string& output) {
  fmt::print(m_out, "\n{} {}.\n", paint(k_red, "✗"), sentence);
  if (!util::trim(output).empty()) {
    fmt::print(m_out, "  Its last output was:\n");
    for (const auto& line : util::split_lines(output)) {
      fmt::print(m_out, "    {} {}\n", paint(k_dim, "│"), util::strip_terminal_controls(line));
    }
  } else {
    fmt::print(m_out, "  It printed nothing.\n");
  }
}

void TerminalReporter::case_finished(const grading::CaseResult& result) {
  const auto& c = *result.c;
  if (c.stage != m_current_stage) {
    m_current_stage = c.stage;
    const auto* stage = m_contract->find_stage(c.stage);
    fmt::print(m_out, "\n{}\n", paint(k_bold, fmt::format("Stage {} · {}", c.stage, stage != nullptr ? stage->title : "")));
  }
  const char* mark = "·";
  const char* color = k_dim;
  if (result.status == grading::CaseStatus::pass) {
    mark = "✓";
    color = k_green;
  } else if (result.status == grading::CaseStatus::fail) {
    mark = "✗";
    color = k_red;
  }
  fmt::print(m_out, "  {} {:<28} {}\n", paint(color, mark), c.id, paint(k_dim, c.title));
  if (result.status == grading::CaseStatus::fail) {
    if (m_options.verbose || m_detailed < m_options.max_detailed_failures) {
      ++m_detailed;
      print_failure_detail(result);
    } else {
      ++m_hidden_failures;
      fmt::print(m_out, "      {}\n", util::truncate_for_display(result.outcome.summary.empty() ? result.note : result.outcome.summary, 160));
    }
  } else if (result.status == grading::CaseStatus::skip && !result.note.empty()) {
    fmt::print(m_out, "      {}\n", paint(k_dim, result.note));
  }
  std::fflush(m_out);
}

void TerminalReporter::print_failure_detail(const grading::CaseResult& result) {
  const auto& c = *result.c;
  const auto& o = result.outcome;
  if (o.step_count > 1) {
    fmt::print(m_out, "      at step {} of {}\n", o.failing_step + 1, o.step_count);
  }
  if (!o.summary.empty()) {
    fmt::print(m_out, "      {}\n", paint(k_red, o.summary));
  }
  std::size_t shown_differences = m_options.verbose ? o.differences.size() : std::min<std::size_t>(1, o.differences.size());
  for (std::size_t i = 1; i < shown_differences; ++i) {
    const auto& d = o.differences[i];
    fmt::print(m_out, "      {}: expected {}, got {}\n", d.where, d.expected, d.actual);
  }
  if (o.differences.size() > shown_differences) {
    fmt::print(m_out, "      {}\n", paint(k_dim, fmt::format("(and {} more {}; -v shows them all)", o.differences.size() - shown_differences, o.differences.size() - shown_differences == 1 ? "difference" : "differences")));
  }
  if (o.response) {
    auto content_type = o.response->header("content-type").value_or("no Content-Type");
    std::string body = o.response->body.empty() ? "(empty body)" : util::truncate_for_display(o.response->body, 300);
    fmt::print(m_out, "      {} {} {} {}\n", paint(k_dim, "got"), o.response->status, content_type, body);
  }
  if (!result.note.empty()) {
    fmt::print(m_out, "      {}\n", paint(k_yellow, result.note));
  }
  if (o.request) {
    fmt::print(m_out, "      {} {}\n", paint(k_dim, "try:"), http::curl_command(*o.request, result.port));
  }
  auto output_lines = util::last_lines(result.output, k_output_lines);
  if (!output_lines.empty()) {
    fmt::print(m_out, "      {}\n", paint(k_dim, "your service printed:"));
    for (const auto& line : output_lines) {
      fmt::print(m_out, "        {} {}\n", paint(k_dim, "│"),
                 util::truncate_for_display(util::strip_terminal_controls(line), 200));
    }
  }
  fmt::print(m_out, "      {} {}\n", paint(k_yellow, "hint:"), c.hint);
  fmt::print(m_out, "      {} {}\n", paint(k_dim, "read:"), c.lesson);
}

void TerminalReporter::end(const contract::Contract& contract, const grading::CheckResult& result) {
  const std::string& cmd = m_options.command_name;
  fmt::print(m_out, "\n");
  if (result.harness_error) {
    // Not the learner's doing: no advice about their code.
    bool any_run = std::any_of(result.cases.begin(), result.cases.end(),
                               [](const grading::CaseResult& r) { return r.status != grading::CaseStatus::skip; });
    fmt::print(m_out, "{}: {}\n", paint(k_bold, contract.exercise),
               paint(k_red, any_run ? "ferry could not finish this check; it is not counted as your attempt"
                                    : "ferry could not run this check, no case was run"));
    if (!result.start_failure.empty()) {
      fmt::print(m_out, "  {}\n", result.start_failure);
    }
    fmt::print(m_out, "next: {} doctor says what is missing\n", cmd);
    return;
  }
  switch (result.outcome) {
    case grading::Outcome::build_error:
      fmt::print(m_out, "{}: {}\n", paint(k_bold, contract.exercise), paint(k_red, "build failed, no case was run"));
      if (m_impl.kind == grading::ImplKind::learner) {
        fmt::print(m_out, "next: fix the first compiler error above (cargo check -p <crate> is the fast loop), then {} check {}\n", cmd, contract.exercise);
      }
      return;
    case grading::Outcome::start_error:
      fmt::print(m_out, "{}: {}\n", paint(k_bold, contract.exercise), paint(k_red, "the service did not start, no case was run"));
      if (m_impl.kind == grading::ImplKind::learner && result.start_failure.find("panicked") != std::string::npos) {
        fmt::print(m_out, "next: the panic above is where to work (a todo!() is a panic too), then {} check {}\n", cmd, contract.exercise);
      } else {
        fmt::print(m_out, "next: make it listen on 127.0.0.1:$PORT and answer GET /health with 200, then {} check {}\n", cmd, contract.exercise);
      }
      return;
    case grading::Outcome::interrupted:
      fmt::print(m_out, "{}: interrupted\n", contract.exercise);
      return;
    default:
      break;
  }
  int total = static_cast<int>(result.cases.size());
  std::string stages = result.stage_limit < result.max_stage
                           ? fmt::format("stages 1–{} of {} run", result.stage_limit, result.max_stage)
                           : fmt::format("stage {} of {} complete", result.stage_reached, result.max_stage);
  std::string verdict = fmt::format("{} of {} cases passed · {}/{} points · {}", result.passed(), total, result.points,
                                    result.max_points, stages);
  fmt::print(m_out, "{} {}: {}\n", paint(result.outcome == grading::Outcome::pass ? k_green : k_red,
                                         result.outcome == grading::Outcome::pass ? "PASS" : "FAIL"),
             paint(k_bold, contract.exercise), verdict);
  if (m_hidden_failures > 0) {
    fmt::print(m_out, "{}\n", paint(k_dim, fmt::format("({} more failures shown in one line; -v shows every failure in full)", m_hidden_failures)));
  }
  if (m_impl.kind != grading::ImplKind::learner) {
    return;
  }
  if (result.outcome == grading::Outcome::pass) {
    if (result.stage_limit < result.max_stage) {
      fmt::print(m_out, "next: {} check {} --stage {}\n", cmd, contract.exercise, result.stage_limit + 1);
    } else {
      fmt::print(m_out, "next: exercise complete — {} list shows what comes next\n", cmd);
    }
    return;
  }
  for (const auto& r : result.cases) {
    if (r.status != grading::CaseStatus::pass) {
      fmt::print(m_out, "next: make {} pass (stage {}), then {} check {} again; stuck? {} hint {}\n", r.c->id,
                 r.c->stage, cmd, contract.exercise, cmd, contract.exercise);
      break;
    }
  }
}

}  // namespace ferry::report

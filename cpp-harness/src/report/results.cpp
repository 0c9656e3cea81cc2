#include "report/results.hpp"

#include <fmt/core.h>

#include <algorithm>

namespace ferry::report {

namespace {

bool errored(const grading::CheckResult& r) {
  return r.harness_error || r.outcome == grading::Outcome::build_error || r.outcome == grading::Outcome::start_error;
}

/// Why an exercise could not be graded, in one paragraph.
std::string error_message(const grading::CheckResult& r) {
  if (r.outcome == grading::Outcome::build_error) {
    std::string output = r.build.output.size() > 4000 ? r.build.output.substr(0, 4000) + "\n…" : r.build.output;
    return (r.build.tool_error ? "ferry could not build it: " : "the code does not compile:\n") + output;
  }
  if (!r.start_failure.empty()) {
    return (r.harness_error ? "ferry could not run the check: " : "the service did not start: ") + r.start_failure;
  }
  return r.harness_error ? "ferry could not run the check" : "";
}

std::string case_status(const grading::CheckResult& r, const grading::CaseResult& c) {
  if (errored(r) && c.status == grading::CaseStatus::skip) {
    return "error";
  }
  return c.status == grading::CaseStatus::pass ? "pass" : "fail";
}

std::string case_message(const grading::CaseResult& c) {
  std::string message = c.outcome.summary.empty() ? c.note : c.outcome.summary;
  if (!c.note.empty() && c.note != message) {
    message += " (" + c.note + ")";
  }
  return message;
}

nlohmann::json diagnostics_json(const std::vector<grading::Diagnostic>& diagnostics) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& d : diagnostics) {
    out.push_back({{"level", d.level}, {"code", d.code}, {"count", d.count}, {"message", d.message}});
  }
  return out;
}

std::string xml_escape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char ch : text) {
    switch (ch) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default:
        // Control characters other than tab and newlines are not allowed in XML 1.0.
        if (static_cast<unsigned char>(ch) < 0x20 && ch != '\t' && ch != '\n' && ch != '\r') {
          out += "?";
        } else {
          out += ch;
        }
    }
  }
  return out;
}

}  // namespace

std::string overall_status(const std::vector<GradedExercise>& graded) {
  if (std::any_of(graded.begin(), graded.end(), [](const GradedExercise& g) { return errored(g.result); })) {
    return "error";
  }
  bool all = std::all_of(graded.begin(), graded.end(),
                         [](const GradedExercise& g) { return g.result.outcome == grading::Outcome::pass; });
  return all && !graded.empty() ? "pass" : "fail";
}

nlohmann::json results_json(const std::vector<GradedExercise>& graded, const GradeContext& context) {
  nlohmann::json doc;
  doc["version"] = 3;
  doc["status"] = overall_status(graded);
  nlohmann::json tests = nlohmann::json::array();
  nlohmann::json exercises = nlohmann::json::array();
  int score = 0;
  int max_score = 0;
  std::string messages;
  for (const auto& g : graded) {
    const auto& r = g.result;
    for (const auto& c : r.cases) {
      bool passed = c.status == grading::CaseStatus::pass;
      nlohmann::json test = {{"name", g.exercise + "/" + c.c->id},
                             {"status", case_status(r, c)},
                             {"message", passed ? nlohmann::json(nullptr) : nlohmann::json(case_message(c))},
                             {"task_id", c.c->stage},
                             {"score", passed ? c.c->points : 0},
                             {"max_score", c.c->points},
                             {"exercise", g.exercise},
                             {"title", c.c->title},
                             {"concept", c.c->concept_tag},
                             {"kind", contract::to_string(c.c->kind)},
                             {"duration_ms", c.outcome.duration_ms},
                             {"hidden", c.c->hidden}};
      tests.push_back(std::move(test));
    }
    std::string status = errored(r) ? "error" : r.outcome == grading::Outcome::pass ? "pass" : "fail";
    std::string message = errored(r) ? error_message(r) : "";
    if (!message.empty()) {
      messages += (messages.empty() ? "" : "\n\n") + g.exercise + ": " + message;
    }
    exercises.push_back({{"exercise", g.exercise},
                         {"status", status},
                         {"score", r.points},
                         {"max_score", r.max_points},
                         {"passed", r.passed()},
                         {"cases", r.cases.size()},
                         {"stage_reached", r.stage_reached},
                         {"stages", r.max_stage},
                         {"duration_ms", r.duration_ms},
                         {"build_isolation", r.build.isolation.empty() ? nlohmann::json(nullptr)
                                                                       : nlohmann::json(r.build.isolation)},
                         {"diagnostics", diagnostics_json(r.build.diagnostics)},
                         {"linted", g.linted},
                         {"lints", diagnostics_json(g.lints)},
                         {"message", message.empty() ? nlohmann::json(nullptr) : nlohmann::json(message)}});
    score += r.points;
    max_score += r.max_points;
  }
  doc["message"] = messages.empty() ? nlohmann::json(nullptr) : nlohmann::json(messages);
  doc["tests"] = std::move(tests);
  doc["score"] = score;
  doc["max_score"] = max_score;
  doc["exercises"] = std::move(exercises);
  doc["graded_at"] = context.graded_at;
  doc["learner"] = context.learner;
  doc["impl"] = context.impl;
  doc["isolation"] = {{"level", context.isolation_level}, {"detail", context.isolation_detail}};
  doc["toolchain"] = {{"ferry", context.ferry_version},
                      {"go", context.go_version},
                      {"rustc", context.rustc_version},
                      {"cargo", context.cargo_version}};
  return doc;
}

std::string junit_xml(const std::vector<GradedExercise>& graded) {
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"ferry grade\">\n";
  for (const auto& g : graded) {
    const auto& r = g.result;
    int failures = 0;
    int errors = 0;
    for (const auto& c : r.cases) {
      auto status = case_status(r, c);
      failures += status == "fail" ? 1 : 0;
      errors += status == "error" ? 1 : 0;
    }
    out += fmt::format("  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" time=\"{:.3f}\">\n",
                       xml_escape(g.exercise), r.cases.size(), failures, errors, r.duration_ms / 1000.0);
    for (const auto& c : r.cases) {
      auto status = case_status(r, c);
      out += fmt::format("    <testcase classname=\"{}\" name=\"{}\" time=\"{:.3f}\"", xml_escape(g.exercise),
                         xml_escape(c.c->id), c.outcome.duration_ms / 1000.0);
      if (status == "pass") {
        out += "/>\n";
        continue;
      }
      std::string message = status == "error" ? error_message(r) : case_message(c);
      std::string detail = c.c->title + "\nhint: " + c.c->hint + "\nread: " + c.c->lesson;
      out += fmt::format(">\n      <{} message=\"{}\">{}</{}>\n    </testcase>\n", status == "error" ? "error" : "failure",
                         xml_escape(message.substr(0, 500)), xml_escape(message + "\n" + detail),
                         status == "error" ? "error" : "failure");
    }
    out += "  </testsuite>\n";
  }
  out += "</testsuites>\n";
  return out;
}

}  // namespace ferry::report

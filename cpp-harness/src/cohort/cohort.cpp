#include "cohort/cohort.hpp"

#include "util/files.hpp"

#include <fmt/core.h>
#include <nlohmann/json.hpp>
#include <openssl/evp.h>

#include <algorithm>
#include <map>

namespace ferry::cohort {

namespace {

using nlohmann::json;

std::string string_or(const json& doc, const char* key, const std::string& fallback = "") {
  auto found = doc.find(key);
  return found != doc.end() && found->is_string() ? found->get<std::string>() : fallback;
}

int int_or(const json& doc, const char* key, int fallback = 0) {
  auto found = doc.find(key);
  return found != doc.end() && found->is_number() ? found->get<int>() : fallback;
}

double number_or(const json& doc, const char* key, double fallback = 0) {
  auto found = doc.find(key);
  return found != doc.end() && found->is_number() ? found->get<double>() : fallback;
}

const char* k_page_head = R"html(<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<link rel="icon" href="data:,">
<title>{}</title>
<style>
body {{ font: 15px/1.45 system-ui, sans-serif; margin: 2em auto; max-width: 64em; padding: 0 1em; color: #1d2330; }}
table {{ border-collapse: collapse; }} td, th {{ padding: .3em .7em; border-bottom: 1px solid #dde; text-align: left; }}
.behind {{ color: #b3261e; }} .ahead, .finished {{ color: #1e7b3a; }} .stuck {{ color: #a15c00; font-weight: 600; }}
nav a {{ margin-right: 1em; }} .bar {{ display: inline-block; height: .8em; background: #d0542c; }}
</style>
</head>
<body>
)html";

}  // namespace

util::Expected<ResultsFile> read_results(const std::string& text, const std::string& path,
                                         const std::string& learner_override) {
  auto doc = json::parse(text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) {
    return util::Error{path + ": not a JSON object (a results file from `ferry grade --results`)"};
  }
  if (int_or(doc, "version") != 3 || !doc.contains("exercises") || !doc["exercises"].is_array()) {
    return util::Error{path + ": not a ferry results file (version 3 with `exercises`)"};
  }
  ResultsFile out;
  out.learner = !learner_override.empty() ? learner_override : string_or(doc, "learner");
  if (out.learner.empty()) {
    return util::Error{path + ": names no learner (graded by an older ferry?); give one with --learner NAME"};
  }
  std::string impl = string_or(doc, "impl", "learner");
  if (impl != "learner") {
    return util::Error{path + ": grades the " + impl + " references, not a learner's ports"};
  }
  std::string graded_at = string_or(doc, "graded_at");
  if (graded_at.size() < 10 || !progress::day_number(graded_at)) {
    return util::Error{path + ": /graded_at is missing or not an ISO 8601 time"};
  }
  std::string version = doc.contains("toolchain") && doc["toolchain"].is_object()
                            ? string_or(doc["toolchain"], "ferry", "unknown")
                            : "unknown";
  for (const auto& ex : doc["exercises"]) {
    if (!ex.is_object() || string_or(ex, "exercise").empty()) {
      return util::Error{path + ": /exercises holds an entry without an `exercise`"};
    }
    store::AttemptRecord a;
    a.learner = out.learner;
    a.started_at = graded_at;
    a.exercise = string_or(ex, "exercise");
    a.impl = "learner";
    std::string status = string_or(ex, "status", "fail");
    std::string message = string_or(ex, "message");
    a.outcome = status == "pass"                                           ? "pass"
                : status != "error"                                        ? "fail"
                : message.find("does not compile") != std::string::npos ? "build_error"
                                                                           : "start_error";
    a.stage_reached = int_or(ex, "stage_reached");
    a.stages_total = int_or(ex, "stages");
    a.passed = int_or(ex, "passed");
    a.failed = int_or(ex, "cases") - a.passed;
    a.points = int_or(ex, "score");
    a.max_points = int_or(ex, "max_score");
    a.duration_ms = number_or(ex, "duration_ms");
    a.ferry_version = version;
    if (ex.contains("diagnostics") && ex["diagnostics"].is_array()) {
      for (const auto& d : ex["diagnostics"]) {
        if (d.is_object() && int_or(d, "count") > 0) {
          a.diagnostics.push_back({"rustc", string_or(d, "level", "error"), string_or(d, "code"), int_or(d, "count"),
                                   string_or(d, "message")});
        }
      }
    }
    a.linted = ex.contains("linted") && ex["linted"].is_boolean() && ex["linted"].get<bool>();
    if (ex.contains("lints") && ex["lints"].is_array()) {
      for (const auto& d : ex["lints"]) {
        if (d.is_object() && int_or(d, "count") > 0) {
          a.diagnostics.push_back({"clippy", string_or(d, "level", "warning"), string_or(d, "code"), int_or(d, "count"),
                                   string_or(d, "message")});
        }
      }
    }
    if (doc.contains("tests") && doc["tests"].is_array()) {
      for (const auto& t : doc["tests"]) {
        if (!t.is_object() || string_or(t, "exercise") != a.exercise) {
          continue;
        }
        std::string name = string_or(t, "name");
        store::CaseRecord c;
        c.case_id = name.substr(name.find('/') == std::string::npos ? 0 : name.find('/') + 1);
        c.stage = int_or(t, "task_id", 1);
        c.kind = string_or(t, "kind");
        c.concept_tag = string_or(t, "concept");
        std::string s = string_or(t, "status");
        c.status = s == "pass" ? "pass" : s == "fail" ? "fail" : "skip";
        c.points = int_or(t, "score");
        c.max_points = int_or(t, "max_score");
        c.duration_ms = number_or(t, "duration_ms");
        c.message = string_or(t, "message");
        a.cases.push_back(std::move(c));
      }
    }
    out.attempts.push_back(std::move(a));
  }
  return out;
}

std::string sha256_hex(const std::string& bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_sha256(), nullptr);
  std::string hex;
  for (unsigned int i = 0; i < length; ++i) {
    hex += fmt::format("{:02x}", digest[i]);
  }
  return hex;
}

util::Expected<Imported> import_file(store::Store& store, const std::string& path, const std::string& learner_override) {
  auto read = util::read_file(path);
  if (!read) {
    return util::Error{read.error()};
  }
  const std::string& bytes = *read;
  auto results = read_results(bytes, path, learner_override);
  if (!results) {
    return util::Error{results.error()};
  }
  // The learner is part of the key: the same file imported under another name is another import.
  auto fresh = store.import_results(sha256_hex(results->learner + "\n" + bytes), path, results->learner,
                                    results->attempts);
  if (!fresh) {
    return util::Error{fresh.error()};
  }
  return Imported{results->learner, static_cast<int>(results->attempts.size()), *fresh};
}

std::vector<CaseRow> case_rows(const std::vector<std::pair<std::string, std::vector<store::AttemptRecord>>>& attempts) {
  std::map<std::pair<std::string, std::string>, CaseRow> rows;
  for (const auto& [learner, list] : attempts) {
    std::map<std::pair<std::string, std::string>, bool> latest;  // passed?
    for (const auto& a : list) {
      for (const auto& c : a.cases) {
        if (c.status == "pass" || c.status == "fail") {
          latest[{a.exercise, c.case_id}] = c.status == "pass";
          auto& row = rows[{a.exercise, c.case_id}];
          row.exercise = a.exercise;
          row.case_id = c.case_id;
          row.concept_tag = c.concept_tag;
        }
      }
    }
    for (const auto& [key, passed] : latest) {
      auto& row = rows[key];
      ++row.tried;
      row.failing += passed ? 0 : 1;
    }
  }
  std::vector<CaseRow> out;
  for (auto& [key, row] : rows) {
    out.push_back(row);
  }
  std::stable_sort(out.begin(), out.end(), [](const CaseRow& a, const CaseRow& b) {
    double fa = a.tried > 0 ? static_cast<double>(a.failing) / a.tried : 0;
    double fb = b.tried > 0 ? static_cast<double>(b.failing) / b.tried : 0;
    return a.failing != b.failing ? a.failing > b.failing : fa > fb;
  });
  return out;
}

std::string learner_link(const std::string& learner) {
  std::string out = "/learner/";
  for (unsigned char ch : learner) {
    if (std::isalnum(ch) != 0 || ch == '-' || ch == '_' || ch == '.' || ch == '~') {
      out += static_cast<char>(ch);
    } else {
      out += fmt::format("%{:02X}", ch);
    }
  }
  return out;
}

std::string nav_html() { return "<nav><a href=\"/\">cohort</a><a href=\"/cases\">cases</a></nav>\n"; }

std::string cohort_page(const std::vector<LearnerRow>& rows, const std::string& today) {
  std::string out = fmt::format(fmt::runtime(k_page_head), "ferry — the cohort");
  out += nav_html();
  out += fmt::format("<h1>The cohort</h1>\n<p>{} learners, as of {}.</p>\n", rows.size(), progress::html_escape(today));
  out += "<table id=\"cohort\"><tr><th>learner</th><th>week</th><th>exercise</th><th>done</th><th>pace</th>"
         "<th>projected finish</th><th>borrow checker</th><th>stuck</th></tr>\n";
  for (const auto& row : rows) {
    const auto& r = row.report;
    std::string current = "—";
    for (const auto& e : r.exercises) {
      if (e.status != "done") {
        current = e.id + (e.status == "in_progress" ? fmt::format(" (stage {}/{})", e.best_stage, e.stages) : "");
        break;
      }
    }
    std::string pace = r.standing == "ahead"    ? fmt::format("ahead {:.1f} wk", r.weeks_ahead)
                       : r.standing == "behind" ? fmt::format("behind {:.1f} wk", -r.weeks_ahead)
                       : r.standing == "on_track" ? "on track"
                                                  : r.standing;
    std::string stuck;
    for (const auto& s : r.stuck) {
      stuck += (stuck.empty() ? "" : ", ") + s.exercise + "/" + s.case_id;
    }
    out += fmt::format("<tr><td><a href=\"{}\">{}</a></td><td>{}</td><td>{}</td><td>{}/{}</td><td class=\"{}\">{}</td>"
                       "<td>{}</td><td>{}</td><td class=\"stuck\">{}</td></tr>\n",
                       progress::html_escape(learner_link(row.learner)), progress::html_escape(row.learner), r.week_now,
                       progress::html_escape(current), r.exercises_done, r.exercises.size(),
                       progress::html_escape(r.standing), progress::html_escape(pace),
                       progress::html_escape(r.projected_finish.empty() ? "—" : r.projected_finish),
                       progress::html_escape(r.wall_state), progress::html_escape(stuck));
  }
  out += "</table>\n</body>\n</html>\n";
  return out;
}

std::string cases_page(const std::vector<CaseRow>& rows) {
  std::string out = fmt::format(fmt::runtime(k_page_head), "ferry — cases the cohort fails");
  out += nav_html();
  out += "<h1>Cases the cohort fails most</h1>\n<p>By each learner's latest result of the case.</p>\n";
  out += "<table id=\"cases\"><tr><th>exercise</th><th>case</th><th>concept</th><th>failing</th><th>of learners</th>"
         "<th></th></tr>\n";
  for (const auto& row : rows) {
    double share = row.tried > 0 ? static_cast<double>(row.failing) / row.tried : 0;
    out += fmt::format("<tr><td>{}</td><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td>"
                       "<td><span class=\"bar\" style=\"width:{:.0f}px\"></span></td></tr>\n",
                       progress::html_escape(row.exercise), progress::html_escape(row.case_id),
                       progress::html_escape(row.concept_tag), row.failing, row.tried, share * 120);
  }
  out += "</table>\n</body>\n</html>\n";
  return out;
}

}  // namespace ferry::cohort

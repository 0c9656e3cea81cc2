// grading/check: the attempt recorded for a check result, and run_check on a
// prebuilt binary (nothing compiled) for the outcomes that need no cargo.
#include "grading/check.hpp"

#include "contract/contract_loader.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>

using namespace ferry;
using grading::CaseStatus;
using grading::Outcome;

namespace {

contract::Contract make_contract() {
  contract::Contract c;
  c.exercise = "02-users";
  c.stages = {{1, "one"}, {2, "two"}, {3, "three"}};
  auto add = [&](std::string id, int stage, contract::CaseKind kind, std::string concept_tag, int points) {
    contract::Case kase;
    kase.id = std::move(id);
    kase.stage = stage;
    kase.kind = kind;
    kase.concept_tag = std::move(concept_tag);
    kase.points = points;
    c.cases.push_back(kase);
  };
  add("health", 1, contract::CaseKind::happy, "router", 1);
  add("get-unknown-user", 2, contract::CaseKind::error, "json-errors", 2);
  add("notify-no-account", 2, contract::CaseKind::nil, "option", 3);
  add("parallel-create", 3, contract::CaseKind::concurrency, "shared-state", 4);
  return c;
}

grading::CheckResult make_result(const contract::Contract& c) {
  grading::CheckResult result;
  result.exercise = "02-users";
  result.impl = grading::Implementation{grading::ImplKind::mutant, "panic-nil-account", ""};
  result.outcome = Outcome::fail;
  result.started_at = "2026-11-21T17:04:20Z";
  result.duration_ms = 4321.5;
  result.stage_reached = 1;
  result.points = 1;
  result.max_points = 10;
  CaseStatus statuses[] = {CaseStatus::pass, CaseStatus::fail, CaseStatus::fail, CaseStatus::skip};
  for (std::size_t i = 0; i < c.cases.size(); ++i) {
    grading::CaseResult r;
    r.c = &c.cases[i];
    r.status = statuses[i];
    r.outcome.passed = statuses[i] == CaseStatus::pass;
    r.outcome.duration_ms = 10.0 * static_cast<double>(i + 1);
    result.cases.push_back(r);
  }
  result.cases[1].outcome.summary = "status: expected 404, got 500";
  result.cases[2].outcome.summary = "the service closed the connection without answering";
  result.cases[2].note = "your service was killed by signal 6 (SIGABRT) during this case";
  result.cases[3].note = "not run: the service could not be restarted";
  return result;
}

}  // namespace

TEST_CASE("to_string of outcomes and case statuses", "[check]") {
  CHECK(grading::to_string(Outcome::pass) == "pass");
  CHECK(grading::to_string(Outcome::fail) == "fail");
  CHECK(grading::to_string(Outcome::build_error) == "build_error");
  CHECK(grading::to_string(Outcome::start_error) == "start_error");
  CHECK(grading::to_string(Outcome::interrupted) == "interrupted");
  CHECK(grading::to_string(CaseStatus::pass) == "pass");
  CHECK(grading::to_string(CaseStatus::fail) == "fail");
  CHECK(grading::to_string(CaseStatus::skip) == "skip");
}

TEST_CASE("CheckResult counts passed and failed (skipped counts as not passed)", "[check]") {
  auto c = make_contract();
  auto result = make_result(c);
  CHECK(result.passed() == 1);
  CHECK(result.failed() == 3);
}

TEST_CASE("to_attempt_record maps a check result field by field", "[check]") {
  auto c = make_contract();
  auto result = make_result(c);
  store::AttemptRecord a = grading::to_attempt_record(result, c);
  CHECK(a.started_at == "2026-11-21T17:04:20Z");
  CHECK(a.exercise == "02-users");
  CHECK(a.impl == "mutant");
  CHECK(a.outcome == "fail");
  CHECK(a.stage_reached == 1);
  CHECK(a.stages_total == 3);
  CHECK(a.passed == 1);
  CHECK(a.failed == 3);
  CHECK(a.points == 1);
  CHECK(a.max_points == 10);
  CHECK(a.duration_ms == Approx(4321.5));
  CHECK(a.ferry_version == FERRY_VERSION);
  CHECK_FALSE(a.ferry_version.empty());

  REQUIRE(a.cases.size() == 4);
  CHECK(a.cases[0].case_id == "health");
  CHECK(a.cases[0].status == "pass");
  CHECK(a.cases[0].points == 1);  // earned
  CHECK(a.cases[0].max_points == 1);
  CHECK(a.cases[0].kind == "happy");
  CHECK(a.cases[0].concept_tag == "router");
  CHECK(a.cases[0].stage == 1);
  CHECK(a.cases[0].duration_ms == Approx(10.0));
  CHECK(a.cases[0].message.empty());

  CHECK(a.cases[1].status == "fail");
  CHECK(a.cases[1].points == 0);  // not earned
  CHECK(a.cases[1].max_points == 2);
  CHECK(a.cases[1].kind == "error");
  CHECK(a.cases[1].message == "status: expected 404, got 500");

  CHECK(a.cases[2].kind == "nil");
  CHECK(a.cases[2].message == "the service closed the connection without answering");  // the summary wins

  CHECK(a.cases[3].status == "skip");
  CHECK(a.cases[3].kind == "concurrency");
  CHECK(a.cases[3].points == 0);
  CHECK(a.cases[3].max_points == 4);
  CHECK(a.cases[3].message == "not run: the service could not be restarted");  // no summary: the note
}

TEST_CASE("every outcome and implementation maps to values the store accepts", "[check]") {
  ferry_test::TempDir dir;
  auto store = store::Store::open(dir.file("progress.db"));
  REQUIRE(store.has_value());
  auto c = make_contract();
  for (auto outcome : {Outcome::pass, Outcome::fail, Outcome::build_error, Outcome::start_error, Outcome::interrupted}) {
    for (auto kind : {grading::ImplKind::learner, grading::ImplKind::rust, grading::ImplKind::go,
                      grading::ImplKind::mutant, grading::ImplKind::binary}) {
      auto result = make_result(c);
      result.outcome = outcome;
      result.impl.kind = kind;
      auto id = (*store)->record_attempt(grading::to_attempt_record(result, c));
      INFO(grading::to_string(outcome) << " / " << grading::to_string(kind) << ": " << (id ? "" : id.error()));
      CHECK(id.has_value());
    }
  }
  CHECK((*store)->count_rows("attempts") == 25);
  CHECK((*store)->count_rows("case_results") == 100);
}

namespace {

const char* const k_contract = R"({
  "format_version": 1, "exercise": "99-check",
  "stages": [{"stage": 1, "title": "up"}, {"stage": 2, "title": "more"}],
  "cases": [
    {"id": "health", "title": "health", "stage": 1, "kind": "happy", "concept": "router", "points": 2,
     "hint": "h", "lesson": "lessons/x.md", "request": {"method": "GET", "path": "/health"},
     "expect": {"status": 200, "json": {"status": "ok"}}},
    {"id": "missing", "title": "missing", "stage": 2, "kind": "error", "concept": "json-errors", "points": 3,
     "hint": "h", "lesson": "lessons/x.md", "request": {"method": "GET", "path": "/missing"},
     "expect": {"status": 404, "json": {"error": "not_found"}}}
  ]
})";

const char* const k_service = R"py(#!%PYTHON%
import http.server, os
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = b'{"status":"ok"}' if self.path == "/health" else b'{"error":"nope"}'
        self.send_response(200 if self.path == "/health" else 404)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *a):
        print("served", self.path, flush=True)
http.server.HTTPServer(("127.0.0.1", int(os.environ["PORT"])), H).serve_forever()
)py";

struct Setup {
  ferry_test::TempDir dir;
  contract::Contract contract;
  contract::Exercise exercise;
  grading::Workspace workspace;

  Setup() {
    auto loaded = contract::contract_from_json(nlohmann::json::parse(k_contract), "c.json");
    if (!loaded) {
      FAIL(loaded.error());
    }
    contract = *loaded;
    exercise.id = "99-check";
    workspace = {dir.path(), dir.file("target")};
  }

  grading::CheckOptions binary(const std::string& path) {
    grading::CheckOptions options;
    options.impl = grading::Implementation{grading::ImplKind::binary, "", path};
    options.startup_timeout = std::chrono::milliseconds(10'000);
    return options;
  }
};

}  // namespace

TEST_CASE("run_check: a binary that does not exist is a build error, every case skipped", "[check]") {
  Setup s;
  report::NullReporter quiet;
  auto result = grading::run_check(s.workspace, s.exercise, s.contract, s.binary(s.dir.file("nope")), quiet);
  CHECK(result.outcome == Outcome::build_error);
  CHECK_THAT(result.build.output, Catch::Contains("no such program"));
  REQUIRE(result.cases.size() == 2);
  CHECK(result.cases[0].status == CaseStatus::skip);
  CHECK(result.points == 0);
  CHECK(result.max_points == 5);
  CHECK(result.stage_reached == 0);
  CHECK(result.max_stage == 2);
}

TEST_CASE("run_check: a service that dies at start is a start error with its words", "[check]") {
  Setup s;
  std::string script = s.dir.file("dies.sh");
  ferry_test::write_script(script, "#!/bin/sh\necho 'fatal: no config'\nexit 101\n");
  report::NullReporter quiet;
  auto result = grading::run_check(s.workspace, s.exercise, s.contract, s.binary(script), quiet);
  CHECK(result.outcome == Outcome::start_error);
  CHECK(result.start_failure == "your service exited with code 101 before answering GET /health");
  CHECK(result.stage_reached == 0);
  CHECK(result.passed() == 0);
}

TEST_CASE("run_check: a real service, cases in order, points and stage reached", "[check]") {
  Setup s;
  std::string script = s.dir.file("service.py");
  std::string text = k_service;
  text.replace(text.find("%PYTHON%"), 8, ferry_test::python3());
  ferry_test::write_script(script, text);
  report::NullReporter quiet;
  auto result = grading::run_check(s.workspace, s.exercise, s.contract, s.binary(script), quiet);
  INFO(result.start_failure << result.start_output);
  CHECK(result.outcome == Outcome::fail);
  REQUIRE(result.cases.size() == 2);
  CHECK(result.cases[0].status == CaseStatus::pass);
  CHECK(result.cases[1].status == CaseStatus::fail);
  CHECK(result.cases[1].outcome.summary == "body at /error: expected \"not_found\", got \"nope\"");
  CHECK_THAT(result.cases[1].output, Catch::Contains("served /missing"));
  CHECK(result.cases[1].port == result.port);
  CHECK(result.points == 2);
  CHECK(result.max_points == 5);
  CHECK(result.stage_reached == 1);
  CHECK(result.stage_limit == 2);

  grading::CheckOptions only_stage_one = s.binary(script);
  only_stage_one.stage = 1;
  auto first = grading::run_check(s.workspace, s.exercise, s.contract, only_stage_one, quiet);
  CHECK(first.outcome == Outcome::pass);
  CHECK(first.cases.size() == 1);
  CHECK(first.stage_limit == 1);
  CHECK(first.stage_reached == 1);
  CHECK(first.points == 2);
  CHECK(first.max_points == 2);
}

TEST_CASE("run_check: the performance stage is graded last, and only when every other case passed", "[check]") {
  Setup s;
  std::string script = s.dir.file("service.py");
  std::string text = k_service;
  text.replace(text.find("%PYTHON%"), 8, ferry_test::python3());
  ferry_test::write_script(script, text);
  contract::PerformanceBudget budget;
  budget.hint = "h";
  budget.lesson = "lessons/x.md";
  contract::add_performance_stage(s.contract, budget);
  REQUIRE(s.contract.max_stage() == 3);
  REQUIRE(s.contract.cases.back().id == contract::k_performance_case_id);
  CHECK(s.contract.cases.back().title == "p99 ≤ 0.6× and peak RSS ≤ 0.5× the Go reference's at 50% of its capacity (ferry bench)");
  report::NullReporter quiet;
  int measured = 0;
  auto options = s.binary(script);
  options.grade_performance = [&](const contract::PerformanceBudget& b) {
    ++measured;
    CHECK(b.p99_ratio == 0.6);
    return grading::PerformanceVerdict{true, "PASS: p99 0.40×"};
  };

  // The second case fails, so the bench is not run at all.
  auto failing = grading::run_check(s.workspace, s.exercise, s.contract, options, quiet);
  REQUIRE(failing.cases.size() == 3);
  CHECK(measured == 0);
  CHECK(failing.cases[2].status == CaseStatus::fail);
  CHECK(failing.cases[2].note == "not measured: every other case must pass first");

  // With every other case passing, the grader's verdict is the case's.
  s.contract.cases[1].steps[0].expect.body.json.reset();
  s.contract.cases[1].steps[0].expect.body.matchers.clear();
  s.contract.cases[1].steps[0].expect.body.mode = contract::BodyMode::any;
  auto passing = grading::run_check(s.workspace, s.exercise, s.contract, options, quiet);
  CHECK(measured == 1);
  CHECK(passing.outcome == Outcome::pass);
  CHECK(passing.cases[2].outcome.summary == "PASS: p99 0.40×");
  CHECK(passing.stage_reached == 3);
  options.grade_performance = [](const contract::PerformanceBudget&) {
    return grading::PerformanceVerdict{false, "FAIL: p99 0.90×"};
  };
  auto slow = grading::run_check(s.workspace, s.exercise, s.contract, options, quiet);
  CHECK(slow.outcome == Outcome::fail);
  CHECK(slow.stage_reached == 2);
  CHECK(slow.cases[2].outcome.summary == "FAIL: p99 0.90×");

  // Without a grader (dev verify), the case is left out rather than failed.
  auto unmeasured = grading::run_check(s.workspace, s.exercise, s.contract, s.binary(script), quiet);
  CHECK(unmeasured.cases.size() == 2);
  CHECK(unmeasured.outcome == Outcome::pass);
}

TEST_CASE("run_check: a lifecycle step starts the service with the case's env and args, and the next case gets the usual ones",
          "[check]") {
  Setup s;
  std::string script = s.dir.file("config.py");
  std::string text = R"py(#!%PYTHON%
import http.server, json, os, sys
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = json.dumps({"greeting": os.environ.get("GREETING"), "args": sys.argv[1:]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *a):
        pass
http.server.HTTPServer(("127.0.0.1", int(os.environ["PORT"])), H).serve_forever()
)py";
  text.replace(text.find("%PYTHON%"), 8, ferry_test::python3());
  ferry_test::write_script(script, text);
  auto loaded = contract::contract_from_json(nlohmann::json::parse(R"({
    "format_version": 1, "exercise": "99-check", "stages": [{"stage": 1, "title": "config"}],
    "cases": [
      {"id": "configured", "title": "t", "stage": 1, "kind": "happy", "concept": "config", "hint": "h", "lesson": "lessons/x.md",
       "steps": [{"lifecycle": "restart", "env": {"GREETING": "hej"}, "args": ["--max-items", "3"]},
                 {"request": {"method": "GET", "path": "/config"},
                  "expect": {"status": 200, "json": {"greeting": "hej", "args": ["--max-items", "3"]}, "body": "exact"}}]},
      {"id": "usual", "title": "t", "stage": 1, "kind": "happy", "concept": "config", "hint": "h", "lesson": "lessons/x.md",
       "request": {"method": "GET", "path": "/config"},
       "expect": {"status": 200, "json": {"greeting": null, "args": []}, "body": "exact"}}
    ]})"), "c.json");
  REQUIRE(loaded);
  report::NullReporter quiet;
  auto result = grading::run_check(s.workspace, s.exercise, *loaded, s.binary(script), quiet);
  INFO(result.start_failure << result.cases[0].outcome.summary << result.cases[1].outcome.summary);
  CHECK(result.cases[0].status == CaseStatus::pass);
  CHECK(result.cases[1].status == CaseStatus::pass);
  CHECK(result.outcome == Outcome::pass);
}

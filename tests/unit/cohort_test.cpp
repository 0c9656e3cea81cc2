// cohort/cohort: results files read into attempts, the per-case view, and the pages'
// escaping and links.
#include "cohort/cohort.hpp"

#include "support.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace ferry::cohort;

namespace {

nlohmann::json results_doc() {
  return nlohmann::json::parse(R"({
    "version": 3, "status": "fail", "graded_at": "2026-11-20T08:00:00Z", "learner": "ana@example.com",
    "impl": "learner", "toolchain": {"ferry": "0.1.0"},
    "tests": [
      {"name": "01-hello/health", "exercise": "01-hello", "status": "pass", "task_id": 1, "score": 1,
       "max_score": 1, "concept": "router", "kind": "happy", "duration_ms": 2.5, "message": null},
      {"name": "01-hello/unknown-route", "exercise": "01-hello", "status": "fail", "task_id": 3, "score": 0,
       "max_score": 2, "concept": "json-errors", "kind": "error", "duration_ms": 1.0, "message": "status 200"},
      {"name": "02-users/nil-account", "exercise": "02-users", "status": "error", "task_id": 2, "score": 0,
       "max_score": 2, "concept": "option", "kind": "nil", "duration_ms": 0, "message": null}
    ],
    "exercises": [
      {"exercise": "01-hello", "status": "fail", "score": 1, "max_score": 3, "passed": 1, "cases": 2,
       "stage_reached": 2, "stages": 3, "duration_ms": 900, "diagnostics": [], "message": null, "linted": true,
       "lints": [{"level": "warning", "code": "clippy::needless_return", "count": 2, "message": "unneeded return"}]},
      {"exercise": "02-users", "status": "error", "score": 0, "max_score": 2, "passed": 0, "cases": 1,
       "stage_reached": 0, "stages": 3, "duration_ms": 400, "message": "the code does not compile:\n...",
       "diagnostics": [{"level": "error", "code": "E0382", "count": 2, "message": "borrow of moved value"}]}
    ]})");
}

}  // namespace

TEST_CASE("cohort: read_results makes an attempt per exercise with its cases and compiler errors", "[cohort]") {
  auto file = read_results(results_doc().dump(), "ana.json", "");
  REQUIRE(file);
  CHECK(file->learner == "ana@example.com");
  REQUIRE(file->attempts.size() == 2);
  const auto& hello = file->attempts[0];
  CHECK(hello.learner == "ana@example.com");
  CHECK(hello.started_at == "2026-11-20T08:00:00Z");
  CHECK(hello.outcome == "fail");
  CHECK(hello.passed == 1);
  CHECK(hello.failed == 1);
  CHECK(hello.stage_reached == 2);
  CHECK(hello.linted);
  REQUIRE(hello.diagnostics.size() == 1);
  CHECK(hello.diagnostics[0].tool == "clippy");
  CHECK(hello.diagnostics[0].code == "clippy::needless_return");
  REQUIRE(hello.cases.size() == 2);
  CHECK(hello.cases[1].case_id == "unknown-route");
  CHECK(hello.cases[1].status == "fail");
  CHECK(hello.cases[1].concept_tag == "json-errors");
  CHECK(hello.cases[1].message == "status 200");
  const auto& users = file->attempts[1];
  CHECK(users.outcome == "build_error");
  CHECK_FALSE(users.linted);
  REQUIRE(users.cases.size() == 1);
  CHECK(users.cases[0].status == "skip");  // an error is not a failure of the case
  REQUIRE(users.diagnostics.size() == 1);
  CHECK(users.diagnostics[0].code == "E0382");
  CHECK(users.diagnostics[0].count == 2);
}

TEST_CASE("cohort: read_results names the learner, refuses references and foreign files", "[cohort]") {
  auto doc = results_doc();
  CHECK(read_results(doc.dump(), "a.json", "bo")->learner == "bo");
  doc.erase("learner");
  auto nameless = read_results(doc.dump(), "a.json", "");
  REQUIRE_FALSE(nameless);
  CHECK(nameless.error().find("--learner") != std::string::npos);
  doc["learner"] = "ana";
  doc["impl"] = "rust";
  CHECK_FALSE(read_results(doc.dump(), "a.json", ""));
  CHECK_FALSE(read_results("{\"version\": 2}", "a.json", ""));
  CHECK_FALSE(read_results("not json", "a.json", ""));
  doc["impl"] = "learner";
  doc["graded_at"] = "yesterday";
  CHECK_FALSE(read_results(doc.dump(), "a.json", ""));
}

TEST_CASE("cohort: import_file is idempotent for the same bytes and learner", "[cohort]") {
  ferry_test::TempDir dir;
  ferry_test::write_file(dir.file("ana.json"), results_doc().dump());
  auto store = ferry::store::Store::open(dir.file("cohort.db"));
  REQUIRE(store);
  auto first = import_file(**store, dir.file("ana.json"), "");
  REQUIRE(first);
  CHECK(first->fresh);
  CHECK(first->attempts == 2);
  auto again = import_file(**store, dir.file("ana.json"), "");
  REQUIRE(again);
  CHECK_FALSE(again->fresh);
  CHECK((*store)->count_rows("attempts") == 2);
  auto other = import_file(**store, dir.file("ana.json"), "bo");  // the same file, another learner
  REQUIRE(other);
  CHECK(other->fresh);
  CHECK((*store)->count_rows("attempts") == 4);
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_CASE("cohort: the per-case view counts each learner's latest result, most failed first", "[cohort]") {
  auto ana = read_results(results_doc().dump(), "ana.json", "");
  auto doc = results_doc();
  doc["tests"][1]["status"] = "pass";
  auto bo = read_results(doc.dump(), "bo.json", "bo");
  REQUIRE(ana);
  REQUIRE(bo);
  auto rows = case_rows({{"ana", ana->attempts}, {"bo", bo->attempts}});
  REQUIRE(rows.size() == 2);  // the skipped case is no result
  CHECK(rows[0].case_id == "unknown-route");
  CHECK(rows[0].failing == 1);
  CHECK(rows[0].tried == 2);
  CHECK(rows[1].case_id == "health");
  CHECK(rows[1].failing == 0);
}

TEST_CASE("cohort: pages escape names and percent-encode links", "[cohort]") {
  CHECK(learner_link("bo@example.com") == "/learner/bo%40example.com");
  CHECK(learner_link("a b/c") == "/learner/a%20b%2Fc");
  LearnerRow row;
  row.learner = "<img src=x onerror=alert(1)>";
  auto page = cohort_page({row}, "2026-11-22");
  CHECK(page.find("<img") == std::string::npos);
  CHECK(page.find("&lt;img src=x onerror=alert(1)&gt;") != std::string::npos);
  CaseRow c;
  c.exercise = "01-hello";
  c.case_id = "<b>";
  auto cases = cases_page({c});
  CHECK(cases.find("<code><b></code>") == std::string::npos);
  CHECK(cases.find("&lt;b&gt;") != std::string::npos);
}

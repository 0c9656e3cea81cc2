// report/results: results.json (Exercism v3 with ferry's additions) and JUnit XML from
// check results, built by hand here: statuses, scores, errors and escaping.
#include "report/results.hpp"
#include "report/signing.hpp"

#include <catch2/catch.hpp>

using namespace ferry;

namespace {

contract::Case make_case(std::string id, int stage, int points) {
  contract::Case c;
  c.id = std::move(id);
  c.title = "a <title> & more";
  c.stage = stage;
  c.points = points;
  c.concept_tag = "option";
  c.hint = "look \"here\"";
  c.lesson = "lessons/x.md#y";
  return c;
}

grading::CaseResult result_of(const contract::Case& c, grading::CaseStatus status, std::string summary = "") {
  grading::CaseResult r;
  r.c = &c;
  r.status = status;
  r.outcome.summary = std::move(summary);
  r.outcome.duration_ms = 12;
  return r;
}

}  // namespace

TEST_CASE("results.json: v3 statuses, scores and per-exercise summaries", "[results]") {
  auto a = make_case("get-user", 1, 2);
  auto b = make_case("nil-account", 2, 3);
  grading::CheckResult passing;
  passing.outcome = grading::Outcome::fail;
  passing.cases = {result_of(a, grading::CaseStatus::pass), result_of(b, grading::CaseStatus::fail, "status: expected 409, got 500")};
  passing.points = 2;
  passing.max_points = 5;
  std::vector<report::GradedExercise> graded = {{"02-users", passing}};
  report::GradeContext meta;
  meta.impl = "learner";
  auto doc = report::results_json(graded, meta);
  CHECK(doc["version"] == 3);
  CHECK(doc["status"] == "fail");
  CHECK(doc["message"].is_null());
  REQUIRE(doc["tests"].size() == 2);
  CHECK(doc["tests"][0]["status"] == "pass");
  CHECK(doc["tests"][0]["message"].is_null());
  CHECK(doc["tests"][1]["status"] == "fail");
  CHECK(doc["tests"][1]["message"] == "status: expected 409, got 500");
  CHECK(doc["tests"][1]["task_id"] == 2);
  CHECK(doc["tests"][1]["score"] == 0);
  CHECK(doc["tests"][1]["max_score"] == 3);
  CHECK(doc["score"] == 2);
  CHECK(doc["max_score"] == 5);
  CHECK(doc["exercises"][0]["status"] == "fail");
}

TEST_CASE("an exercise that does not start makes every case an error, and the run an error", "[results]") {
  auto a = make_case("health", 1, 1);
  grading::CheckResult broken;
  broken.outcome = grading::Outcome::start_error;
  broken.start_failure = "your service exited with code 101 before answering GET /health";
  broken.cases = {result_of(a, grading::CaseStatus::skip)};
  std::vector<report::GradedExercise> graded = {{"01-hello", broken}};
  auto doc = report::results_json(graded, {});
  CHECK(doc["status"] == "error");
  CHECK(doc["tests"][0]["status"] == "error");
  CHECK_THAT(doc["message"].get<std::string>(), Catch::Contains("01-hello: the service did not start: your service exited"));
  CHECK(report::overall_status({}) == "fail");  // nothing graded is not a pass
}

TEST_CASE("JUnit XML: a testcase per case, failures and errors, everything escaped", "[results]") {
  auto a = make_case("ok", 1, 1);
  auto b = make_case("bad", 1, 1);
  grading::CheckResult r;
  r.outcome = grading::Outcome::fail;
  r.cases = {result_of(a, grading::CaseStatus::pass), result_of(b, grading::CaseStatus::fail, "body: expected \"<x>\", got 'y' & \x01")};
  auto xml = report::junit_xml({{"02-users", r}});
  CHECK_THAT(xml, Catch::StartsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));
  CHECK_THAT(xml, Catch::Contains("<testsuite name=\"02-users\" tests=\"2\" failures=\"1\" errors=\"0\""));
  CHECK_THAT(xml, Catch::Contains("<testcase classname=\"02-users\" name=\"ok\" time=\"0.012\"/>"));
  CHECK_THAT(xml, Catch::Contains("<failure message=\"body: expected &quot;&lt;x&gt;&quot;, got &apos;y&apos; &amp; ?\">"));
  CHECK_THAT(xml, Catch::Contains("a &lt;title&gt; &amp; more"));
  CHECK_FALSE(xml.find('\x01') != std::string::npos);
}

TEST_CASE("HMAC-SHA256 matches RFC 4231, and a signature fails on one changed byte", "[results][signing]") {
  // RFC 4231, test case 2.
  CHECK(report::hmac_sha256_hex("Jefe", "what do ya want for nothing?") ==
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  std::string text = "{\"version\": 3, \"status\": \"pass\"}\n";
  std::string signature = report::signature_for("k3y", text);
  CHECK_THAT(signature, Catch::StartsWith("HMAC-SHA256 "));
  auto ok = report::verify_signature("k3y", text, signature);
  REQUIRE(ok.has_value());
  CHECK(*ok);
  std::string flipped = text;
  flipped[5] = static_cast<char>(flipped[5] ^ 0x01);
  CHECK_FALSE(*report::verify_signature("k3y", flipped, signature));
  CHECK_FALSE(*report::verify_signature("other", text, signature));
  CHECK_FALSE(report::verify_signature("k3y", text, "HMAC-SHA256 abc").has_value());
}

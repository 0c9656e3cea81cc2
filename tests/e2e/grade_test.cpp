// `ferry grade`, end to end: a line per exercise, results.json (Exercism v3 compatible,
// with ferry's scores and toolchain) and JUnit XML, exit codes for CI, and nothing
// recorded in the learner's progress.
#include "ferry_run.hpp"

#include "process/sandbox.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <map>

using namespace ferry::e2e;

namespace {

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

TEST_CASE("grading the references passes with every point, in results.json and JUnit", "[e2e][grade]") {
  ScratchDir scratch;
  auto results = scratch.path() / "results.json";
  auto junit = scratch.path() / "junit.xml";
  Run run = run_ferry({"grade", "01-hello", "02-users", "--impl", "rust", "--results", results.string(), "--junit",
                       junit.string()},
                      scratch.db());
  INFO(run.output);
  REQUIRE(run.exit_code == 0);
  REQUIRE(contains(run.output, "01-hello"));
  REQUIRE(contains(run.output, "status pass"));

  auto doc = nlohmann::json::parse(read_text(results));
  CHECK(doc["version"] == 3);
  CHECK(doc["status"] == "pass");
  CHECK(doc["message"].is_null());
  CHECK(doc["score"] == doc["max_score"]);
  CHECK(doc["tests"].size() == 41);  // 9 cases of 01-hello, 30 of 02-users, and each one's probe case
  const auto& first = doc["tests"][0];
  CHECK(first["name"] == "01-hello/health");
  CHECK(first["status"] == "pass");
  CHECK(first["task_id"] == 1);
  CHECK(first.contains("concept"));
  CHECK(doc["toolchain"]["rustc"].get<std::string>().rfind("rustc ", 0) == 0);
  // The isolation level the learner's code ran under, as ferry detected it here.
  CHECK(doc["isolation"]["level"] == ferry::process::to_string(ferry::process::detect_isolation().level));
  CHECK(doc["isolation"]["detail"] == ferry::process::detect_isolation().detail);
  CHECK(contains(run.output, "isolation: " + ferry::process::detect_isolation().detail));

  std::string xml = read_text(junit);
  CHECK(contains(xml, "<testsuite name=\"02-users\" tests=\"31\" failures=\"0\" errors=\"0\""));
  CHECK(contains(xml, "<testcase classname=\"01-hello\" name=\"health\""));
  // Grading is not practising: nothing goes to the progress database.
  CHECK_FALSE(std::filesystem::exists(scratch.db()));
}

TEST_CASE("grading the starters fails: an error for the one that does not start, failures with messages",
          "[e2e][grade]") {
  ScratchDir scratch;
  auto results = scratch.path() / "out" / "results.json";
  auto junit = scratch.path() / "junit.xml";
  Run run = run_ferry({"grade", "01", "03", "--results", results.string(), "--junit", junit.string()}, scratch.db());
  INFO(run.output);
  REQUIRE(run.exit_code == 1);
  REQUIRE(contains(run.output, "ERROR (does not start)"));
  REQUIRE(contains(run.output, "FAIL"));

  auto doc = nlohmann::json::parse(read_text(results));
  CHECK(doc["status"] == "error");
  CHECK_THAT(doc["message"].get<std::string>(), Catch::Contains("01-hello: the service did not start"));
  bool hello_errors = true;
  bool ledger_fails_with_message = false;
  for (const auto& test : doc["tests"]) {
    if (test["exercise"] == "01-hello") {
      hello_errors = hello_errors && test["status"] == "error";
    } else if (test["status"] == "fail") {
      ledger_fails_with_message = ledger_fails_with_message || !test["message"].get<std::string>().empty();
    }
  }
  CHECK(hello_errors);
  CHECK(ledger_fails_with_message);
  std::string xml = read_text(junit);
  CHECK(contains(xml, "<error message="));
  CHECK(contains(xml, "<failure message="));
}

TEST_CASE("a mistyped exercise stops grade before anything runs", "[e2e][grade]") {
  ScratchDir scratch;
  auto results = scratch.path() / "results.json";
  Run run = run_ferry({"grade", "01", "01-helo", "--results", results.string()}, scratch.db());
  INFO(run.output);
  REQUIRE(run.exit_code == 2);
  REQUIRE(contains(run.output, "did you mean"));
  REQUIRE_FALSE(contains(run.output, "01-hello "));
  REQUIRE_FALSE(std::filesystem::exists(results));
}

TEST_CASE("signed results verify, and one flipped byte fails verify-results", "[e2e][grade]") {
  ScratchDir scratch;
  auto results = scratch.path() / "results.json";
  std::map<std::string, std::string> env = {{"FERRY_RESULTS_KEY", "an instructor's secret"}};
  Run run = run_ferry({"grade", "01-hello", "--impl", "rust", "--results", results.string()}, scratch.db(), env);
  INFO(run.output);
  REQUIRE(run.exit_code == 0);
  REQUIRE(std::filesystem::exists(results.string() + ".sig"));

  Run good = run_ferry({"verify-results", results.string()}, scratch.db(), env);
  INFO(good.output);
  CHECK(good.exit_code == 0);
  CHECK(contains(good.output, "signature valid"));

  std::string text = read_text(results);
  text[text.size() / 2] = static_cast<char>(text[text.size() / 2] ^ 0x01);
  std::ofstream(results, std::ios::binary | std::ios::trunc) << text;
  Run bad = run_ferry({"verify-results", results.string()}, scratch.db(), env);
  INFO(bad.output);
  CHECK(bad.exit_code == 1);
  CHECK(contains(bad.output, "the signature does not match"));

  Run other_key = run_ferry({"verify-results", results.string()}, scratch.db(), {{"FERRY_RESULTS_KEY", "a guess"}});
  CHECK(other_key.exit_code == 1);
  Run no_key = run_ferry({"verify-results", results.string()}, scratch.db());
  CHECK(no_key.exit_code == 2);
  CHECK(contains(no_key.output, "no key"));
}

TEST_CASE("hidden cases from outside the learner's tree are graded, and their failures not shown", "[e2e][grade]") {
  ScratchDir scratch;
  std::filesystem::create_directories(scratch.path() / "hidden");
  std::string contract = read_text(std::string(FERRY_SOURCE_DIR) + "/exercises/01-hello/contract.json");
  auto doc = nlohmann::json::parse(contract);
  nlohmann::json hidden = {{"format_version", 1}, {"exercise", "01-hello"}, {"stages", doc["stages"]}};
  nlohmann::json passes = doc["cases"][1];
  passes["id"] = "secret-passes";
  nlohmann::json fails = doc["cases"][1];
  fails["id"] = "secret-fails";
  fails["expect"] = {{"status", 418}};
  hidden["cases"] = {passes, fails};
  std::ofstream(scratch.path() / "hidden" / "01-hello.json") << hidden.dump(2);
  auto results = scratch.path() / "results.json";

  Run run = run_ferry({"grade", "01-hello", "--impl", "rust", "--hidden", (scratch.path() / "hidden").string(),
                       "--results", results.string()},
                      scratch.db());
  INFO(run.output);
  REQUIRE(run.exit_code == 1);
  REQUIRE(contains(run.output, "✗ secret-fails (hidden: its details are in the results file)"));
  REQUIRE_FALSE(contains(run.output, "418"));
  auto out = nlohmann::json::parse(read_text(results));
  int hidden_tests = 0;
  for (const auto& test : out["tests"]) {
    if (test["hidden"] == true) {
      ++hidden_tests;
      CHECK((test["name"] == "01-hello/secret-passes" ? test["status"] == "pass" : test["status"] == "fail"));
    }
  }
  CHECK(hidden_tests == 2);

  // A hidden case that reuses a public id is refused before anything runs.
  hidden["cases"][0]["id"] = doc["cases"][0]["id"];
  std::ofstream(scratch.path() / "hidden" / "01-hello.json", std::ios::trunc) << hidden.dump(2);
  Run clash = run_ferry({"grade", "01-hello", "--impl", "rust", "--hidden", (scratch.path() / "hidden").string()},
                        scratch.db());
  CHECK(clash.exit_code == 2);
  CHECK(contains(clash.output, "has the id of a case in"));
}

TEST_CASE("with namespaces denied, grading falls back, says so, and records it", "[e2e][grade][isolation]") {
  ScratchDir scratch;
  auto results = scratch.path() / "results.json";
  Run run = run_ferry({"grade", "01-hello", "--impl", "rust", "--results", results.string()}, scratch.db(),
                      {{"FERRY_ISOLATION", "degraded"}});
  INFO(run.output);
  REQUIRE(run.exit_code == 0);
  REQUIRE(contains(run.output, "isolation: degraded (FERRY_ISOLATION=degraded)"));
  auto doc = nlohmann::json::parse(read_text(results));
  CHECK(doc["isolation"]["level"] == "degraded");
  CHECK(doc["status"] == "pass");
}

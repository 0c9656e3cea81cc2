// A malformed contract or manifest exits 2 with `file:/pointer: message`,
// runs nothing and writes nothing.
#include "ferry_run.hpp"

#include <catch2/catch.hpp>

#include <fstream>

using namespace ferry::e2e;
namespace fs = std::filesystem;

TEST_CASE("a malformed contract exits 2 with file:/pointer: message and writes nothing", "[e2e][malformed]") {
  ScratchDir scratch;
  std::string contract = std::string(FERRY_SOURCE_DIR) + "/tests/e2e/data/bad-status.json";
  Run run = run_ferry({"check", "02-users", "--impl", "rust", "--contract", contract}, scratch.db());
  INFO(run.output);
  REQUIRE(run.exit_code == 2);
  REQUIRE(contains(run.output, contract + ":/cases/0/expect/stauts: unknown member \"stauts\"; did you mean \"status\"?"));
  REQUIRE(contains(run.output, contract + ":/cases/0/expect: missing required member \"status\""));
  REQUIRE_FALSE(contains(run.output, "build"));  // nothing was built or run
  REQUIRE_FALSE(fs::exists(scratch.db()));  // and nothing was written
}

TEST_CASE("a contract that is not JSON says where it breaks", "[e2e][malformed]") {
  ScratchDir scratch;
  fs::path contract = scratch.path() / "truncated.json";
  std::ofstream(contract) << "{\"format_version\": 1, \"cases\": [";
  Run run = run_ferry({"check", "01-hello", "--contract", contract.string()}, scratch.db());
  INFO(run.output);
  REQUIRE(run.exit_code == 2);
  REQUIRE(contains(run.output, contract.string() + ": line 1, column 33"));
  REQUIRE_FALSE(fs::exists(scratch.db()));
}

TEST_CASE("a malformed manifest is reported with its pointer", "[e2e][malformed]") {
  ScratchDir scratch;
  fs::path root = scratch.path() / "repo";
  fs::create_directories(root / "exercises");
  std::ofstream(root / "exercises" / "manifest.json")
      << R"({"format_version": 1, "plan_weeks": 26, "exercises": [{"id": "2-users"}]})";
  Run run = run_ferry({"--root", root.string(), "list"}, scratch.db());
  INFO(run.output);
  REQUIRE(run.exit_code == 2);
  REQUIRE(contains(run.output, "manifest.json:/exercises/0/id: exercise ids look like \"02-users\""));
  REQUIRE(contains(run.output, "manifest.json:/exercises/0: missing required member \"title\""));
}

// A passing check of a reference is reported as a PASS and recorded as one. That
// every reference passes every case of its contract is `ferry dev verify`'s job
// (dev_verify_test.cpp), so it is not run a second time here.
#include "ferry_run.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <catch2/catch.hpp>

using namespace ferry::e2e;

namespace {

int count_attempts(const std::string& db, const std::string& impl) {
  SQLite::Database database(db);
  SQLite::Statement query(database, "SELECT COUNT(*) FROM attempts WHERE impl = ? AND outcome = 'pass'");
  query.bind(1, impl);
  query.executeStep();
  return query.getColumn(0).getInt();
}

}  // namespace

TEST_CASE("a reference's passing check says PASS and is recorded as a pass", "[e2e][references]") {
  // 05-todos: the one with a database, a restart and a SIGTERM among its cases.
  const std::string exercise = "05-todos";
  auto impl = GENERATE(as<std::string>{}, "rust", "go");
  ScratchDir scratch;
  Run run = run_ferry({"check", exercise, "--impl", impl}, scratch.db());
  INFO(run.output);
  REQUIRE(run.exit_code == 0);
  REQUIRE(contains(run.output, "PASS " + exercise));
  REQUIRE_FALSE(contains(run.output, "✗"));
  REQUIRE(count_attempts(scratch.db(), impl) == 1);
}

TEST_CASE("the --stage option runs only the stages asked for", "[e2e][references]") {
  ScratchDir scratch;
  Run run = run_ferry({"check", "users", "--impl", "rust", "--stage", "1"}, scratch.db());
  INFO(run.output);
  REQUIRE(run.exit_code == 0);
  REQUIRE(contains(run.output, "1 of 1 cases passed"));
  REQUIRE(contains(run.output, "stages 1–1 of 4 run"));
}

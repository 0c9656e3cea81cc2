// Both references pass every case of their contract, and the attempt is recorded.
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

TEST_CASE("the references of every exercise pass their whole contract", "[e2e][references]") {
  auto [exercise, impl] = GENERATE(table<std::string, std::string>({
      {"01-hello", "rust"}, {"01-hello", "go"}, {"02-users", "rust"}, {"02-users", "go"}, {"03-ledger", "rust"}, {"03-ledger", "go"},
      {"04-ratelimit", "rust"}, {"04-ratelimit", "go"}, {"05-todos", "rust"}, {"05-todos", "go"},
      {"06-shortener", "rust"}, {"06-shortener", "go"}, {"07-jobs", "rust"}, {"07-jobs", "go"}}));
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

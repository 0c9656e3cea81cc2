// The command line: typos, unknown names, list and hint after an attempt.
#include "ferry_run.hpp"

#include <catch2/catch.hpp>

using namespace ferry::e2e;

TEST_CASE("a mistyped command gets a suggestion and exit code 2", "[e2e][cli]") {
  ScratchDir scratch;
  Run run = run_ferry({"chek", "02-users"}, scratch.db());
  INFO(run.output);
  REQUIRE(run.exit_code == 2);
  REQUIRE(contains(run.output, "unknown command \"chek\"; did you mean \"check\"?"));
}

TEST_CASE("an unknown exercise gets a suggestion and exit code 2", "[e2e][cli]") {
  ScratchDir scratch;
  Run run = run_ferry({"check", "02-user"}, scratch.db());
  INFO(run.output);
  REQUIRE(run.exit_code == 2);
  REQUIRE(contains(run.output, "no exercise named \"02-user\"; did you mean 02-users?"));
}

TEST_CASE("list and hint follow the learner's latest attempt", "[e2e][cli]") {
  ScratchDir scratch;
  Run before = run_ferry({"list"}, scratch.db());
  INFO(before.output);
  REQUIRE(before.exit_code == 0);
  REQUIRE(contains(before.output, "01-hello       1        not started"));

  Run attempt = run_ferry({"check", "users"}, scratch.db());
  REQUIRE(attempt.exit_code == 1);

  Run after = run_ferry({"list"}, scratch.db());
  INFO(after.output);
  REQUIRE(contains(after.output, "02-users       2–3      stage 1/4"));

  Run hint = run_ferry({"hint", "02"}, scratch.db());
  INFO(hint.output);
  REQUIRE(hint.exit_code == 0);
  REQUIRE(contains(hint.output, "Hint for list-empty (stage 2"));
  REQUIRE(contains(hint.output, "Read: lessons/02-users.md#empty-lists-are-not-null"));
}

TEST_CASE("general hints come one more at a time before any attempt", "[e2e][cli]") {
  ScratchDir scratch;
  Run first = run_ferry({"hint", "01-hello"}, scratch.db());
  Run second = run_ferry({"hint", "01-hello"}, scratch.db());
  INFO(first.output << second.output);
  REQUIRE(contains(first.output, "Hint 1 of 3 for 01-hello"));
  REQUIRE(contains(second.output, "Hint 2 of 3 for 01-hello"));
}

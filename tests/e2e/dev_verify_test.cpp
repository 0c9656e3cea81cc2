// `ferry dev verify`: references pass, starters fail, each mutant fails exactly
// the cases it should, and every case is killed by something.
#include "ferry_run.hpp"

#include <catch2/catch.hpp>

using namespace ferry::e2e;

TEST_CASE("every contract is verified against its references, starter and mutants", "[e2e][verify]") {
  ScratchDir scratch;
  Run run = run_ferry({"dev", "verify"}, scratch.db());
  INFO(run.output);
  REQUIRE(run.exit_code == 0);
  REQUIRE(contains(run.output, "01-hello"));
  REQUIRE(contains(run.output, "02-users"));
  REQUIRE(contains(run.output, "03-ledger"));
  REQUIRE(contains(run.output, "✓ mutant partial-transfer"));
  REQUIRE_FALSE(contains(run.output, "NOT verified"));
  REQUIRE(contains(run.output, "✓ mutant panic-nil-account"));
  REQUIRE(contains(run.output, "✓ mutant text-404"));
}

TEST_CASE("a port that unwraps the nil account fails only the nil-account case, and says it panicked", "[e2e][verify]") {
  ScratchDir scratch;
  Run run = run_ferry({"check", "02-users", "--impl", "mutant", "--mutation", "panic-nil-account"}, scratch.db());
  INFO(run.output);
  REQUIRE(run.exit_code == 1);
  REQUIRE(contains(run.output, "✗ notify-no-account"));
  REQUIRE(contains(run.output, "your service panicked"));
  REQUIRE(contains(run.output, "29 of 30 cases passed"));
}

TEST_CASE("an unknown mutation is the mutant's own clear error, not a hang", "[e2e][verify]") {
  ScratchDir scratch;
  Run run = run_ferry({"check", "02-users", "--impl", "mutant", "--mutation", "no-such-bug"}, scratch.db());
  INFO(run.output);
  REQUIRE(run.exit_code == 1);
  REQUIRE(contains(run.output, "exited with code 2 before answering GET /health"));
  REQUIRE(contains(run.output, "unknown mutation"));
}

// The untouched starters fail, with failures a learner can act on.
#include "ferry_run.hpp"

#include <catch2/catch.hpp>

using namespace ferry::e2e;

TEST_CASE("the 01-hello starter does not start, and says where to begin", "[e2e][starter]") {
  ScratchDir scratch;
  Run run = run_ferry({"check", "01-hello"}, scratch.db());
  INFO(run.output);
  REQUIRE(run.exit_code == 1);
  REQUIRE(contains(run.output, "your service exited with code 101 before answering GET /health"));
  REQUIRE(contains(run.output, "it panicked: thread 'main'"));
  REQUIRE(contains(run.output, "panicked at exercises/01-hello/src/main.rs"));
  REQUIRE(contains(run.output, "not yet implemented"));  // the todo!() message
  REQUIRE(contains(run.output, "the service did not start, no case was run"));
}

TEST_CASE("the 02-users starter fails its user cases with curl lines, hints and lessons", "[e2e][starter]") {
  ScratchDir scratch;
  Run run = run_ferry({"check", "02-users"}, scratch.db());
  INFO(run.output);
  REQUIRE(run.exit_code == 1);
  REQUIRE(contains(run.output, "FAIL 02-users"));
  REQUIRE(contains(run.output, "✓ health"));  // the starter's router works
  REQUIRE(contains(run.output, "✗ list-empty"));
  REQUIRE(contains(run.output, "try: curl -sS -i -g http://127.0.0.1:"));
  REQUIRE(contains(run.output, "hint: "));
  REQUIRE(contains(run.output, "read: lessons/02-users.md#"));
  // A todo!() in a handler kills the connection; ferry says it was a panic and quotes it.
  REQUIRE(contains(run.output, "your service panicked"));
  REQUIRE(contains(run.output, "next: make list-empty pass (stage 2)"));
}

// An exercise with an upstream (08-gateway's shape), end to end: ferry builds the
// upstream's Go reference, starts it, puts its proxy in front, and the contract's
// upstream steps take it down, bring it back, slow it and ask what reached it.
// Against tests/e2e/data/upstream: a Go ReverseProxy (91-relay) in front of a small
// echo service (90-echo), both the same program, reference-go/relay.
#include "ferry_run.hpp"

#include <catch2/catch.hpp>

#include <filesystem>

using namespace ferry::e2e;

namespace {

const std::string k_root = std::string(FERRY_SOURCE_DIR) + "/tests/e2e/data/upstream";

Run run_relay(const ScratchDir& scratch, std::map<std::string, std::string> env, std::vector<std::string> extra) {
  std::vector<std::string> args = {"--root", k_root, "check", "91-relay", "--impl", "go"};
  args.insert(args.end(), extra.begin(), extra.end());
  // The builds go to the scratch directory, not into the source tree.
  env["CARGO_TARGET_DIR"] = (scratch.path() / "target").string();
  return run_ferry(args, scratch.db(), env);
}

}  // namespace

TEST_CASE("upstream steps: forwarded requests are recorded, down refuses, up and every new case serve again",
          "[e2e][upstream]") {
  ScratchDir scratch;
  Run run = run_relay(scratch, {}, {"--stage", "2"});
  INFO(run.output);
  REQUIRE(run.exit_code == 0);
  REQUIRE(contains(run.output, "upstream  the Go reference of 90-echo on 127.0.0.1:"));
  REQUIRE(contains(run.output, "behind ferry's proxy: UPSTREAM_URL=http://127.0.0.1:"));
  for (const char* id : {"health", "forwards-and-records", "down-then-up", "starts-up", "next-case-up", "slow-answer"}) {
    REQUIRE(contains(run.output, std::string("✓ ") + id));
  }
}

TEST_CASE("upstream_saw says what did reach the upstream when the expected request did not", "[e2e][upstream]") {
  ScratchDir scratch;
  Run run = run_relay(scratch, {{"RELAY_DROP_QUERY", "1"}}, {"--stage", "2"});
  INFO(run.output);
  REQUIRE(run.exit_code == 1);
  REQUIRE(contains(run.output, "✗ forwards-and-records"));
  REQUIRE(contains(run.output, "what reached the Go reference of 90-echo: GET /echo?x=1: expected forwarded once, "
                               "got never forwarded; it received GET /echo"));
}

TEST_CASE("an upstream that does not start is ferry's error: exit 2, nothing run, nothing recorded", "[e2e][upstream]") {
  ScratchDir scratch;
  Run run = run_relay(scratch, {{"RELAY_FAIL_START", "1"}}, {});
  INFO(run.output);
  REQUIRE(run.exit_code == 2);
  REQUIRE(contains(run.output, "the Go reference of 90-echo did not start"));
  REQUIRE(contains(run.output, "relay: told to fail at start"));
  REQUIRE(contains(run.output, "ferry could not run this check"));
  REQUIRE_FALSE(contains(run.output, "make it listen"));  // no advice about the learner's code
  REQUIRE_FALSE(std::filesystem::exists(scratch.db()));  // not an attempt of the learner's
}

TEST_CASE("an upstream that dies mid-check ends the check as ferry's error, saying which case", "[e2e][upstream]") {
  ScratchDir scratch;
  Run run = run_relay(scratch, {}, {});
  INFO(run.output);
  REQUIRE(run.exit_code == 2);
  REQUIRE(contains(run.output, "✓ kill-upstream"));
  REQUIRE(contains(run.output, "not run: the Go reference of 90-echo is gone"));
  REQUIRE(contains(run.output, "the Go reference of 90-echo exited with code 3 during case kill-upstream"));
  REQUIRE(contains(run.output, "relay: told to die"));
  REQUIRE(contains(run.output, "ferry could not finish this check"));
  REQUIRE_FALSE(std::filesystem::exists(scratch.db()));
}

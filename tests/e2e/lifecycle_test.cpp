// The contract's lifecycle steps (restart, SIGTERM with work in flight) and
// parallel tallies, against the stateful mode of the misbehaving fixture: each
// passes on a well-behaved service and fails, with its own sentence, on one
// that forgets its data, ignores SIGTERM, dies of it, exits badly or races.
#include "ferry_run.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

using namespace ferry::e2e;

namespace {

const std::string k_root = std::string(FERRY_SOURCE_DIR) + "/tests/e2e/data/lifecycle";

Run run_lifecycle(const ScratchDir& scratch, std::map<std::string, std::string> env,
                  std::vector<std::string> extra = {}) {
  std::vector<std::string> args = {"--root", k_root, "check", "90-lifecycle", "--bin", FIXTURE_BINARY};
  args.insert(args.end(), extra.begin(), extra.end());
  env["FIXTURE_MODE"] = "stateful";
  env["TMPDIR"] = scratch.path().string();
  return run_ferry(args, scratch.db(), env);
}

int leftover_databases(const ScratchDir& scratch) {
  int found = 0;
  for (const auto& entry : std::filesystem::directory_iterator(scratch.path())) {
    found += entry.path().filename().string().rfind("ferry-90-lifecycle-", 0) == 0 ? 1 : 0;
  }
  return found;
}

}  // namespace

TEST_CASE("a service that keeps its data and shuts down gracefully passes every lifecycle step", "[e2e][lifecycle]") {
  ScratchDir scratch;
  Run run = run_lifecycle(scratch, {});
  INFO(run.output);
  REQUIRE(run.exit_code == 0);
  REQUIRE(contains(run.output, "✓ restart-keeps-count"));
  REQUIRE(contains(run.output, "✓ sigterm-finishes-in-flight"));
  REQUIRE(contains(run.output, "✓ one-claim-wins"));
  REQUIRE(contains(run.output, "✓ kill-keeps-count"));
  REQUIRE(contains(run.output, "✓ poll-until-ready"));
  REQUIRE(contains(run.output, "✓ poll-while-running"));
  // The database directory ferry made for the check is gone afterwards.
  REQUIRE(leftover_databases(scratch) == 0);
}

TEST_CASE("a service that forgets its data fails the restart case", "[e2e][lifecycle]") {
  ScratchDir scratch;
  Run run = run_lifecycle(scratch, {{"FIXTURE_FORGET", "1"}});
  INFO(run.output);
  REQUIRE(run.exit_code == 1);
  REQUIRE(contains(run.output, "✗ restart-keeps-count"));
  REQUIRE(contains(run.output, "at step 3 of 3"));
  REQUIRE(contains(run.output, "body at /count: expected 1, got 0"));
  // What the old process said on its way out and what the new one said both belong to the case.
  REQUIRE(contains(run.output, "fixture: stopped, exiting with 0"));
  REQUIRE(contains(run.output, "── ferry started your service again ──"));
}

TEST_CASE("a service that SIGTERM kills fails the SIGTERM case, and the run goes on", "[e2e][lifecycle]") {
  ScratchDir scratch;
  Run run = run_lifecycle(scratch, {{"FIXTURE_SIGTERM", "die"}});
  INFO(run.output);
  REQUIRE(run.exit_code == 1);
  REQUIRE(contains(run.output, "✓ restart-keeps-count"));  // a restart does not judge how it stopped
  REQUIRE(contains(run.output, "✗ sigterm-finishes-in-flight"));
  REQUIRE(contains(run.output, "on SIGTERM your service was killed by signal 15 (SIGTERM): nothing handled the signal"));
  REQUIRE(contains(run.output, "✓ one-claim-wins"));  // started again for the cases after it
}

TEST_CASE("a service that ignores SIGTERM is killed after within_ms and fails", "[e2e][lifecycle]") {
  ScratchDir scratch;
  Run run = run_lifecycle(scratch, {{"FIXTURE_SIGTERM", "hang"}});
  INFO(run.output);
  REQUIRE(run.exit_code == 1);
  REQUIRE(contains(run.output, "your service was still running 3000 ms after SIGTERM, so it was killed"));
}

TEST_CASE("a service that exits with the wrong code on SIGTERM fails", "[e2e][lifecycle]") {
  ScratchDir scratch;
  Run run = run_lifecycle(scratch, {{"FIXTURE_SIGTERM", "exit-3"}});
  INFO(run.output);
  REQUIRE(run.exit_code == 1);
  REQUIRE(contains(run.output, "on SIGTERM your service exited with code 3 (expected code 0)"));
}

TEST_CASE("a tally catches a race that every single response hides", "[e2e][lifecycle]") {
  ScratchDir scratch;
  Run run = run_lifecycle(scratch, {{"FIXTURE_CLAIM", "always"}});
  INFO(run.output);
  REQUIRE(run.exit_code == 1);
  REQUIRE(contains(run.output, "✗ one-claim-wins"));
  REQUIRE(contains(run.output, "of 20 parallel requests, expected 1 × 201, 19 × 409, got 20 × 201"));
}

TEST_CASE("with --keep-db the service's database stays behind, and ferry says where", "[e2e][lifecycle]") {
  ScratchDir scratch;
  Run run = run_lifecycle(scratch, {}, {"--keep-db"});
  INFO(run.output);
  REQUIRE(run.exit_code == 0);
  auto at = run.output.find("the service's database is kept at ");
  REQUIRE(at != std::string::npos);
  auto start = at + std::string("the service's database is kept at ").size();
  std::string path = run.output.substr(start, run.output.find('\n', start) - start);
  REQUIRE(path.rfind(scratch.path().string(), 0) == 0);
  std::ifstream kept(path);
  int count = 0;
  kept >> count;
  REQUIRE(count == 2);  // what the cases left: one count before the restart, one before the kill
}

TEST_CASE("a service that saves only on a graceful exit survives a restart but not a kill", "[e2e][lifecycle]") {
  ScratchDir scratch;
  Run run = run_lifecycle(scratch, {{"FIXTURE_SAVE_ON_EXIT", "1"}});
  INFO(run.output);
  REQUIRE(run.exit_code == 1);
  REQUIRE(contains(run.output, "✓ restart-keeps-count"));
  REQUIRE(contains(run.output, "✗ kill-keeps-count"));
  REQUIRE(contains(run.output, "body at /count: expected 2, got 1"));
}

TEST_CASE("a polled step that never gets its answer says how long it asked", "[e2e][lifecycle]") {
  ScratchDir scratch;
  Run run = run_lifecycle(scratch, {{"FIXTURE_NEVER_READY", "1"}});
  INFO(run.output);
  REQUIRE(run.exit_code == 1);
  REQUIRE(contains(run.output, "✓ kill-keeps-count"));
  REQUIRE(contains(run.output, "✗ poll-until-ready"));
  REQUIRE(contains(run.output, "body at /ready: expected true, got false (still so after "));
}

TEST_CASE("a poll with while stops at the first final answer and judges it", "[e2e][lifecycle]") {
  ScratchDir scratch;
  Run run = run_lifecycle(scratch, {{"FIXTURE_JOB_FAILS", "1"}});
  INFO(run.output);
  REQUIRE(run.exit_code == 1);
  REQUIRE(contains(run.output, "✗ poll-while-running"));
  // Three answers (running, running, failed), not 5 s of asking.
  REQUIRE(contains(run.output, "body at /status: expected \"done\", got \"failed\" (the final answer, after 3 tries over "));
}

TEST_CASE("no room for the service's database is ferry's error: exit 2, said plainly, nothing recorded", "[e2e][lifecycle]") {
  ScratchDir scratch;
  std::vector<std::string> args = {"--root", k_root, "check", "90-lifecycle", "--bin", FIXTURE_BINARY};
  Run run = run_ferry(args, scratch.db(), {{"FIXTURE_MODE", "stateful"}, {"TMPDIR", (scratch.path() / "no-such-dir").string()}});
  INFO(run.output);
  REQUIRE(run.exit_code == 2);
  REQUIRE(contains(run.output, "cannot create a directory for the service's database"));
  REQUIRE(contains(run.output, "ferry could not run this check, no case was run"));
  REQUIRE_FALSE(contains(run.output, "make it listen"));  // no advice about the learner's code
  REQUIRE_FALSE(std::filesystem::exists(scratch.db()));  // not an attempt of the learner's
}

// `ferry dev verify`: references pass, starters fail, each mutant fails exactly
// the cases it should, and every case is killed by something.
#include "ferry_run.hpp"

#include "contract/manifest.hpp"

#include <catch2/catch.hpp>

using namespace ferry::e2e;

TEST_CASE("every contract is verified against its references, starter and mutants", "[e2e][verify]") {
  ScratchDir scratch;
  Run run = run_ferry({"dev", "verify"}, scratch.db());
  INFO(run.output);
  REQUIRE(run.exit_code == 0);
  auto manifest = ferry::contract::load_manifest(std::string(FERRY_SOURCE_DIR) + "/exercises/manifest.json");
  REQUIRE(manifest.has_value());
  for (const auto& exercise : manifest->exercises) {
    INFO(exercise.id);
    CHECK(contains(run.output, exercise.id + " — "));  // each exercise's verification header
  }
  REQUIRE(contains(run.output, "✓ mutant racy-hits"));
  REQUIRE(contains(run.output, "✓ mutant no-drain"));
  REQUIRE(contains(run.output, "✓ mutant racy-counter"));
  REQUIRE(contains(run.output, "✓ mutant memory-db"));
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
  // 31 with the probe case, which passes: in a check, user 1 (the probes' id) has an account.
  REQUIRE(contains(run.output, "30 of 31 cases passed"));
}

TEST_CASE("an unknown mutation is the mutant's own clear error, not a hang", "[e2e][verify]") {
  ScratchDir scratch;
  Run run = run_ferry({"check", "02-users", "--impl", "mutant", "--mutation", "no-such-bug"}, scratch.db());
  INFO(run.output);
  REQUIRE(run.exit_code == 1);
  REQUIRE(contains(run.output, "exited with code 2 before answering GET /health"));
  REQUIRE(contains(run.output, "unknown mutation"));
}

TEST_CASE("a rate limiter whose counter loses updates fails the exact count after 200 parallel takes", "[e2e][verify]") {
  ScratchDir scratch;
  Run run = run_ferry({"check", "04-ratelimit", "--impl", "mutant", "--mutation", "racy-counter"}, scratch.db());
  INFO(run.output);
  REQUIRE(run.exit_code == 1);
  REQUIRE(contains(run.output, "✗ concurrent-takes-exact-count"));
  REQUIRE(contains(run.output, "body at /allowed: expected 200, got "));
  REQUIRE(contains(run.output, "✓ counts-allowed-and-rejected"));  // one request at a time hides the race
}

TEST_CASE("a limiter that checks and takes under two locks lets too many through, and the tally says so", "[e2e][verify]") {
  ScratchDir scratch;
  Run run = run_ferry({"check", "04-ratelimit", "--impl", "mutant", "--mutation", "racy-bucket"}, scratch.db());
  INFO(run.output);
  REQUIRE(run.exit_code == 1);
  REQUIRE(contains(run.output, "✗ concurrent-limit-holds"));
  REQUIRE(contains(run.output, "of 200 parallel requests, expected 50 × 200, 150 × 429, got "));
}

TEST_CASE("a todo service on an in-memory database fails the restart case and nothing else", "[e2e][verify]") {
  ScratchDir scratch;
  Run run = run_ferry({"check", "05-todos", "--impl", "mutant", "--mutation", "memory-db"}, scratch.db());
  INFO(run.output);
  REQUIRE(run.exit_code == 1);
  REQUIRE(contains(run.output, "✗ restart-keeps-data"));
  REQUIRE(contains(run.output, "at step 4 of 5"));
  REQUIRE(contains(run.output, "── ferry started your service again ──"));
}

TEST_CASE("a todo service without a SIGTERM handler fails the graceful-shutdown case", "[e2e][verify]") {
  ScratchDir scratch;
  Run run = run_ferry({"check", "05-todos", "--impl", "mutant", "--mutation", "no-graceful-shutdown"}, scratch.db());
  INFO(run.output);
  REQUIRE(run.exit_code == 1);
  REQUIRE(contains(run.output, "✗ sigterm-graceful"));
  REQUIRE(contains(run.output, "on SIGTERM your service was killed by signal 15 (SIGTERM)"));
}

TEST_CASE("a shortener that reads the hit count and writes it back loses hits under 200 redirects", "[e2e][verify]") {
  ScratchDir scratch;
  Run run = run_ferry({"check", "06-shortener", "--impl", "mutant", "--mutation", "racy-hits"}, scratch.db());
  INFO(run.output);
  REQUIRE(run.exit_code == 1);
  REQUIRE(contains(run.output, "✗ concurrent-redirects-exact-hits"));
  REQUIRE(contains(run.output, "body at /hits: expected 200, got "));
  REQUIRE(contains(run.output, "✓ redirect-counts-hits"));  // one redirect at a time hides the race
}

TEST_CASE("a job service whose workers stop at SIGTERM loses the queued jobs, and the drain case says so", "[e2e][verify]") {
  ScratchDir scratch;
  Run run = run_ferry({"check", "07-jobs", "--impl", "mutant", "--mutation", "no-drain"}, scratch.db());
  INFO(run.output);
  REQUIRE(run.exit_code == 1);
  REQUIRE(contains(run.output, "✗ sigterm-drains-queue"));
  // Some job asked for after the restart is not done (still queued or running). Which
  // one depends on how far the workers got before the signal, so the step is not asserted.
  REQUIRE(contains(run.output, "body at /result: expected {\"sum\":"));
  REQUIRE(contains(run.output, "}, got null"));
  REQUIRE(contains(run.output, "✓ crash-requeues"));
}

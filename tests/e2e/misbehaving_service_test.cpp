// Services that misbehave get a plain sentence, the suite goes on where it
// can, and no process is left behind.
#include "ferry_run.hpp"

#include <catch2/catch.hpp>

#include "process/subprocess.hpp"

#include <signal.h>

#include <fstream>
#include <thread>

using namespace ferry::e2e;

namespace {

Run run_fixture(const ScratchDir& scratch, const std::string& mode, std::vector<std::string> extra = {},
                std::map<std::string, std::string> env = {}) {
  std::vector<std::string> args = {"check", "01-hello", "--bin", FIXTURE_BINARY, "--startup-timeout", "2"};
  args.insert(args.end(), extra.begin(), extra.end());
  env["FIXTURE_MODE"] = mode;
  return run_ferry(args, scratch.db(), env);
}

}  // namespace

TEST_CASE("a service that exits at start: its exit code and last output", "[e2e][supervisor]") {
  ScratchDir scratch;
  Run run = run_fixture(scratch, "exit-at-start");
  INFO(run.output);
  REQUIRE(run.exit_code == 1);
  REQUIRE(contains(run.output, "your service exited with code 101 before answering GET /health"));
  REQUIRE(contains(run.output, "fixture: giving up before listening"));
}

TEST_CASE("a service that accepts but never answers /health", "[e2e][supervisor]") {
  ScratchDir scratch;
  Run run = run_fixture(scratch, "never-answer");
  INFO(run.output);
  REQUIRE(run.exit_code == 1);
  REQUIRE(contains(run.output, "accepts connections on port"));
  REQUIRE(contains(run.output, "but did not answer GET /health within 2.0 s"));
}

TEST_CASE("a service that listens on the wrong port is told to read PORT", "[e2e][supervisor]") {
  ScratchDir scratch;
  Run run = run_fixture(scratch, "wrong-port");
  INFO(run.output);
  REQUIRE(run.exit_code == 1);
  REQUIRE(contains(run.output, "your service is listening on 127.0.0.1:"));
  REQUIRE(contains(run.output, "not on the port it was given in the PORT environment variable"));
}

TEST_CASE("a service that hangs, trickles a byte a second or loops forever: each case times out and the suite goes on",
          "[e2e][supervisor]") {
  // Never an answer; headers, then a body one byte a second (the deadline is total, not
  // idle); a handler spinning on the CPU.
  auto mode = GENERATE(as<std::string>{}, "hang-after-health", "trickle-after-health", "spin-after-health");
  ScratchDir scratch;
  Run run = run_fixture(scratch, mode, {"--stage", "2"});
  INFO(mode << "\n" << run.output);
  REQUIRE(run.exit_code == 1);
  REQUIRE(contains(run.output, "✓ health"));
  REQUIRE(contains(run.output, "no complete answer within 2000 ms"));
  REQUIRE(contains(run.output, "1 of 6 cases passed"));  // every case ran, none voided the run
}

TEST_CASE("a service that crashes mid-run is reported with its signal and restarted", "[e2e][supervisor]") {
  ScratchDir scratch;
  Run run = run_fixture(scratch, "crash-on-third", {"-v"});
  INFO(run.output);
  REQUIRE(run.exit_code == 1);
  REQUIRE(contains(run.output, "your service was killed by signal 6 (SIGABRT) during this case"));
  REQUIRE(contains(run.output, "fixture: crashing on request"));
  REQUIRE(contains(run.output, "it was restarted with empty state"));
  // Cases after the crash still ran against the restarted service.
  REQUIRE(contains(run.output, "✗ wrong-method"));
}

TEST_CASE("nothing the service spawned survives the check", "[e2e][supervisor]") {
  ScratchDir scratch;
  std::string pidfile = (scratch.path() / "pids").string();
  // The process group and the subreaper's sweep alone (FERRY_ISOLATION=none): the fixture
  // writes its pids into the scratch directory, which a sandboxed service could not, and
  // the pids inside a PID namespace are not ours. isolation_test.cpp covers the levels above.
  Run run = run_fixture(scratch, "spawn-children", {"--stage", "1"},
                        {{"FIXTURE_PIDFILE", pidfile}, {"FERRY_ISOLATION", "none"}});
  INFO(run.output);
  REQUIRE(run.exit_code == 0);  // it answers /health; stage 1 passes
  std::ifstream pids(pidfile);
  std::vector<int> spawned;
  for (int pid = 0; pids >> pid;) {
    spawned.push_back(pid);
  }
  REQUIRE(spawned.size() == 6);  // 5 children and the setsid daemon
  for (int pid : spawned) {
    INFO("pid " << pid);
    CHECK_FALSE(process_alive(pid));
  }
}

TEST_CASE("Ctrl-C stops the check with exit code 130 and stops the service", "[e2e][supervisor]") {
  ScratchDir scratch;
  ferry::process::SpawnOptions options;
  options.argv = {FERRY_BINARY, "check", "01-hello", "--bin", FIXTURE_BINARY};
  options.env_set = {{"FERRY_ROOT", FERRY_SOURCE_DIR}, {"FERRY_DB", scratch.db()}, {"NO_COLOR", "1"},
                     {"FIXTURE_MODE", "hang-after-health"}};
  auto ferry = ferry::process::Subprocess::spawn(options);
  REQUIRE(ferry.has_value());
  // Wait until the service is up and the first case is hanging.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (!contains((*ferry)->output().tail(), "✓ health") && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  std::string before = (*ferry)->output().tail();
  INFO(before);
  REQUIRE(contains(before, "(pid "));
  int service_pid = std::stoi(before.substr(before.find("(pid ") + 5));
  kill((*ferry)->pid(), SIGINT);
  auto status = (*ferry)->wait(std::chrono::seconds(20));
  INFO((*ferry)->output().tail());
  REQUIRE_FALSE(status.signaled);
  REQUIRE(status.code == 130);
  REQUIRE(contains((*ferry)->output().tail(), "01-hello: interrupted"));
  REQUIRE_FALSE(process_alive(service_pid));
}

// process/sandbox: the limits, the uid, and at the namespaces level the PID namespace's
// init (exit codes and signals mirrored, SIGTERM reaching the program), the private /tmp,
// the read-only repository and the masks, shown on small shell programs.
#include "process/sandbox.hpp"
#include "process/subprocess.hpp"

#include "support.hpp"
#include "util/text.hpp"

#include <catch2/catch.hpp>

#include <set>

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <thread>

using namespace ferry::process;

namespace {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  for (const auto& line : ferry::util::split_lines(text)) {
    if (!line.empty()) {
      out.push_back(line);
    }
  }
  return out;
}

const Isolation& isolation() { return detect_isolation(); }

Sandbox sandbox_at(IsolationLevel level) {
  Sandbox sandbox;
  sandbox.level = level;
  sandbox.uid = isolation().separate_uid ? sandbox_uid() : 0;
  return sandbox;
}

Completed run_in(const Sandbox& sandbox, const std::string& script) {
  SpawnOptions options;
  options.argv = {"/bin/sh", "-c", script};
  options.cwd = "/";
  options.sandbox = sandbox;
  auto done = run_to_completion(options, std::chrono::seconds(30));
  if (!done) {
    FAIL(done.error());
  }
  return *done;
}

bool namespaces_here() {
  if (isolation().level != IsolationLevel::namespaces) {
    WARN("not shown here: " << isolation().detail);
    return false;
  }
  return true;
}

}  // namespace

TEST_CASE("levels have names, and the detected one says what it is in a sentence", "[sandbox]") {
  CHECK(to_string(IsolationLevel::none) == "none");
  CHECK(to_string(IsolationLevel::degraded) == "degraded");
  CHECK(to_string(IsolationLevel::namespaces) == "namespaces");
  CHECK(isolation().detail.rfind(to_string(isolation().level), 0) == 0);
  CHECK(isolation().separate_uid == (geteuid() == 0));
}

TEST_CASE("degraded: limits are set, the uid is its own, the session too", "[sandbox]") {
  auto done = run_in(sandbox_at(IsolationLevel::degraded), "ulimit -v; ulimit -n; ulimit -f; id -u");
  INFO(done.output);
  REQUIRE(done.status.success());
  auto lines = lines_of(done.output);
  REQUIRE(lines.size() >= 4);
  Limits limits;
  CHECK(lines[0] == std::to_string(limits.address_space_bytes / 1024));
  CHECK(lines[1] == std::to_string(limits.open_files));
  CHECK(lines[2] == std::to_string(limits.file_size_bytes / 512));  // ulimit -f counts 512-byte blocks
  CHECK(lines[3] == std::to_string(isolation().separate_uid ? sandbox_uid() : geteuid()));
}

TEST_CASE("namespaces: the program is PID 2 under an init, and ends the way it ends", "[sandbox]") {
  if (!namespaces_here()) {
    return;
  }
  auto sandbox = sandbox_at(IsolationLevel::namespaces);
  auto pid = run_in(sandbox, "echo $$");
  CHECK(pid.output == "2\n");
  CHECK(run_in(sandbox, "exit 7").status.code == 7);
  auto aborted = run_in(sandbox, "kill -ABRT $$");
  CHECK(aborted.status.signaled);
  CHECK(aborted.status.code == SIGABRT);
}

TEST_CASE("namespaces: SIGTERM to the group reaches the program, which may finish its exit", "[sandbox]") {
  if (!namespaces_here()) {
    return;
  }
  SpawnOptions options;
  options.argv = {"/bin/sh", "-c", "trap 'echo got TERM; exit 3' TERM; echo ready; while :; do sleep 0.05; done"};
  options.sandbox = sandbox_at(IsolationLevel::namespaces);
  auto process = Subprocess::spawn(options);
  REQUIRE(process.has_value());
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while ((*process)->output().tail().find("ready") == std::string::npos && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  auto status = (*process)->stop(std::chrono::seconds(10));
  (*process)->finish_reader();
  INFO((*process)->output().tail());
  CHECK_FALSE((*process)->was_killed());
  CHECK_FALSE(status.signaled);
  CHECK(status.code == 3);
  CHECK((*process)->output().tail().find("got TERM") != std::string::npos);
}

TEST_CASE("namespaces: a private /tmp with the kept directory, a read-only repository, masks", "[sandbox]") {
  if (!namespaces_here()) {
    return;
  }
  ferry_test::TempDir kept;  // under /tmp: seen through the private /tmp
  std::ofstream(kept.file("data")) << "kept\n";
  std::filesystem::path outside = std::filesystem::current_path() / ("sandbox-test-" + std::to_string(getpid()));
  std::filesystem::create_directories(outside / "hidden");
  std::ofstream(outside / "hidden" / "case.json") << "{}\n";
  std::ofstream(outside / "results.json") << "{\"status\": \"pass\"}\n";
  auto sandbox = sandbox_at(IsolationLevel::namespaces);
  sandbox.read_only_dir = outside.string();
  sandbox.keep_dirs = {kept.path()};
  give_to(kept.path(), sandbox.uid);
  sandbox.masked_paths = {(outside / "hidden").string(), (outside / "results.json").string()};
  std::string o = outside.string();
  // What the private /tmp may show: the kept directory's top, and the repository's when the
  // checkout itself lives under /tmp (a clone in /tmp/…).
  std::set<std::string> expected;
  for (const std::filesystem::path& p : {std::filesystem::path(kept.path()), outside}) {
    auto relative = p.lexically_relative("/tmp");
    if (!relative.empty() && *relative.begin() != "..") {
      expected.insert(relative.begin()->string());
    }
  }
  auto done = run_in(sandbox, "ls /tmp | wc -l; cat " + kept.path() + "/data; touch " + o + "/new 2>&1 | sed 's/.*: //'; "
                              "cat " + o + "/results.json | wc -c; cat " + o + "/hidden/case.json 2>&1 | sed 's/.*: //'");
  std::filesystem::remove_all(outside);
  INFO(done.output);
  auto lines = lines_of(done.output);
  REQUIRE(lines.size() == 5);
  CHECK(lines[0] == std::to_string(expected.size()));  // nothing of the machine's own /tmp
  CHECK(lines[1] == "kept");
  CHECK(lines[2] == "Read-only file system");
  CHECK(lines[3] == "0");
  CHECK(lines[4] == (sandbox.uid != 0 ? "Permission denied" : "No such file or directory"));
}

TEST_CASE("namespaces: the network is its own, with loopback up", "[sandbox]") {
  if (!namespaces_here() || !isolation().own_network) {
    return;
  }
  auto sandbox = sandbox_at(IsolationLevel::namespaces);
  sandbox.own_network = true;
  auto done = run_in(sandbox, "tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' '");
  INFO(done.output);
  CHECK(lines_of(done.output) == std::vector<std::string>{"lo"});  // and nothing else
}

TEST_CASE("every level: the program gets none of our descriptors, and the outer processes keep none", "[sandbox]") {
  int opened = open("/dev/null", O_RDONLY);
  int leaked = fcntl(opened, F_DUPFD, 100);  // deliberately without O_CLOEXEC, and far from 3
  close(opened);
  REQUIRE(leaked >= 100);
  for (auto level : {IsolationLevel::degraded, IsolationLevel::namespaces}) {
    if (level == IsolationLevel::namespaces && isolation().level != IsolationLevel::namespaces) {
      continue;
    }
    // The shell expands the glob itself, so /proc/self is the shell (the machine's procfs
    // finds it by its own pid even inside a PID namespace).
    auto done = run_in(sandbox_at(level), "echo /proc/self/fd/*");
    INFO(to_string(level) << ": descriptors " << done.output << " (leaked was " << leaked << ")");
    CHECK(done.output.rfind("/proc/self/fd/0 /proc/self/fd/1 /proc/self/fd/2", 0) == 0);
    CHECK(done.output.find("/fd/" + std::to_string(leaked)) == std::string::npos);
  }
  if (isolation().level == IsolationLevel::namespaces) {
    // The outer process (our child, which never execs) closed it too.
    SpawnOptions options;
    options.argv = {"/bin/sh", "-c", "echo ready; exec sleep 30"};
    options.sandbox = sandbox_at(IsolationLevel::namespaces);
    auto process = Subprocess::spawn(options);
    REQUIRE(process.has_value());
    std::error_code ec;
    bool found = std::filesystem::exists("/proc/" + std::to_string((*process)->pid()) + "/fd/" + std::to_string(leaked), ec);
    (*process)->kill_now();
    CHECK_FALSE(found);
  }
  close(leaked);
}

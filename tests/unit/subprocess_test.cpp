// process/subprocess: running a program in its own process group with its
// output captured (and capped), and stopping it with everything it spawned.
#include "process/subprocess.hpp"

#include "support.hpp"

#include <catch2/catch.hpp>

#include <fcntl.h>

#include <regex>

using namespace ferry::process;
using namespace std::chrono_literals;

namespace {

SpawnOptions sh(const std::string& script) {
  SpawnOptions options;
  options.argv = {"/bin/sh", "-c", script};
  return options;
}

std::unique_ptr<Subprocess> start(const SpawnOptions& options) {
  auto spawned = Subprocess::spawn(options);
  if (!spawned) {
    FAIL("spawn failed: " << spawned.error());
  }
  return std::move(*spawned);
}

/// Wait until the process has printed a line matching @p pattern; its first group as a number.
pid_t printed_pid(const Subprocess& process, const std::string& pattern) {
  std::regex re(pattern);
  pid_t pid = 0;
  bool found = ferry_test::eventually([&] {
    std::smatch m;
    std::string out = process.output().tail();
    if (std::regex_search(out, m, re)) {
      pid = static_cast<pid_t>(std::stol(m[1]));
      return true;
    }
    return false;
  });
  if (!found) {
    FAIL("the process did not print " << pattern << "; it printed: " << process.output().tail());
  }
  return pid;
}

}  // namespace

TEST_CASE("OutputBuffer keeps the last cap bytes and counts every byte", "[subprocess]") {
  OutputBuffer buffer(10);
  CHECK(buffer.total() == 0);
  CHECK(buffer.tail().empty());
  buffer.append("hello", 5);
  CHECK(buffer.total() == 5);
  CHECK(buffer.tail() == "hello");
  CHECK(buffer.since(2) == "llo");
  CHECK(buffer.since(5).empty());
  buffer.append("world!!", 7);
  CHECK(buffer.total() == 12);
  CHECK(buffer.tail() == "lloworld!!");
  CHECK(buffer.since(5) == "world!!");
  CHECK(buffer.since(0) == "lloworld!!");  // what is no longer kept is gone
  CHECK(buffer.since(12).empty());
  CHECK(buffer.since(1000).empty());
  std::string big = "0123456789abcdefghijklmnopqrstuvwxyz";
  buffer.append(big.data(), big.size());
  CHECK(buffer.total() == 12 + big.size());
  CHECK(buffer.tail() == "qrstuvwxyz");
  CHECK(buffer.since(buffer.total() - 3) == "xyz");
}

TEST_CASE("ExitStatus describes codes and signals", "[subprocess]") {
  CHECK(ExitStatus{false, 0}.success());
  CHECK_FALSE(ExitStatus{false, 101}.success());
  CHECK_FALSE(ExitStatus{true, 0}.success());
  CHECK(ExitStatus{false, 101}.describe() == "exited with code 101");
  CHECK(ExitStatus{true, 9}.describe() == "was killed by signal 9 (SIGKILL)");
  CHECK(ExitStatus{true, 11}.describe() == "was killed by signal 11 (SIGSEGV)");
}

TEST_CASE("a process's stdout and stderr are captured together, with its exit code", "[subprocess]") {
  auto p = start(sh("echo to-stdout; echo to-stderr >&2; exit 3"));
  CHECK(p->pid() > 0);
  ExitStatus status = p->wait(5000ms);
  CHECK_FALSE(status.signaled);
  CHECK(status.code == 3);
  CHECK_FALSE(p->was_killed());
  p->finish_reader();
  CHECK(p->output().tail() == "to-stdout\nto-stderr\n");
  REQUIRE(p->poll().has_value());
  CHECK(p->poll()->code == 3);
}

TEST_CASE("a process killed by a signal says which", "[subprocess]") {
  auto p = start(sh("kill -SEGV $$"));
  ExitStatus status = p->wait(5000ms);
  CHECK(status.signaled);
  CHECK(status.code == SIGSEGV);
  CHECK(status.describe() == "was killed by signal 11 (SIGSEGV)");
}

TEST_CASE("poll reports nothing while the process runs", "[subprocess]") {
  auto p = start(sh("sleep 0.3"));
  CHECK_FALSE(p->poll().has_value());
  ExitStatus status = p->wait(5000ms);
  CHECK(status.success());
  CHECK(p->poll().has_value());
}

TEST_CASE("output beyond the cap keeps its end", "[subprocess]") {
  SpawnOptions options = sh("i=0; while [ $i -lt 200 ]; do printf 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\\n'; i=$((i+1)); done; echo END");
  options.output_cap = 1000;
  auto p = start(options);
  p->wait(5000ms);
  p->finish_reader();
  CHECK(p->output().total() == 200 * 50 + 4);
  std::string tail = p->output().tail();
  CHECK(tail.size() == 1000);
  CHECK_THAT(tail, Catch::EndsWith("xxxx\nEND\n"));
}

TEST_CASE("environment (set, replaced, unset) and the working directory", "[subprocess]") {
  ferry_test::TempDir dir;
  SpawnOptions options = sh("echo \"$FERRY_TEST_A|${FERRY_TEST_B-unset}|${HOME-nohome}\"; pwd");
  options.env_set = {{"FERRY_TEST_A", "set by ferry"}};
  options.env_unset = {"FERRY_TEST_B", "HOME"};
  options.cwd = dir.path();
  setenv("FERRY_TEST_B", "inherited", 1);
  setenv("FERRY_TEST_A", "old value", 1);
  auto done = run_to_completion(options, 5000ms);
  unsetenv("FERRY_TEST_A");
  unsetenv("FERRY_TEST_B");
  REQUIRE(done.has_value());
  CHECK(done->status.success());
  CHECK(done->output == "set by ferry|unset|nohome\n" + ferry_test::fs::canonical(dir.path()).string() + "\n");
}

TEST_CASE("argv[0] is looked up in PATH, a missing program is a plain error", "[subprocess]") {
  SpawnOptions found;
  found.argv = {"sh", "-c", "exit 0"};
  auto ok = run_to_completion(found, 5000ms);
  REQUIRE(ok.has_value());
  CHECK(ok->status.success());

  SpawnOptions missing;
  missing.argv = {"/nonexistent/ferry-service"};
  auto spawned = Subprocess::spawn(missing);
  REQUIRE_FALSE(spawned.has_value());
  CHECK(spawned.error() == "cannot run /nonexistent/ferry-service: No such file or directory");

  SpawnOptions not_in_path;
  not_in_path.argv = {"ferry-no-such-program-anywhere"};
  auto none = Subprocess::spawn(not_in_path);
  REQUIRE_FALSE(none.has_value());
  CHECK_THAT(none.error(), Catch::StartsWith("cannot run ferry-no-such-program-anywhere: "));

  SpawnOptions bad_cwd = sh("true");
  bad_cwd.cwd = "/nonexistent/dir";
  auto no_dir = Subprocess::spawn(bad_cwd);
  REQUIRE_FALSE(no_dir.has_value());
  CHECK_THAT(no_dir.error(), Catch::Contains("No such file or directory"));

  CHECK_FALSE(Subprocess::spawn(SpawnOptions{}).has_value());
}

TEST_CASE("the child gets /dev/null as stdin and none of our descriptors", "[subprocess]") {
  int leaked = open("/dev/null", O_RDONLY);  // deliberately without O_CLOEXEC
  REQUIRE(leaked > 2);
  auto done = run_to_completion(sh("cat; ls /proc/$$/fd | tr '\\n' ' '"), 5000ms);
  close(leaked);
  REQUIRE(done.has_value());
  CHECK_FALSE(done->timed_out);  // cat ended at once: its stdin is empty
  INFO("descriptors of the child: " << done->output << " (leaked was " << leaked << ")");
  std::string fds = " " + done->output;
  CHECK(fds.find(" " + std::to_string(leaked) + " ") == std::string::npos);
  CHECK(fds.find(" 0 1 2 ") != std::string::npos);
}

TEST_CASE("wait kills the group once its timeout passes", "[subprocess]") {
  auto p = start(sh("sleep 30"));
  auto t0 = std::chrono::steady_clock::now();
  ExitStatus status = p->wait(200ms);
  CHECK(ferry_test::ms_since(t0) < 2000);
  CHECK(p->was_killed());
  CHECK(status.signaled);
  CHECK(status.code == SIGKILL);

  auto done = run_to_completion(sh("sleep 30"), 200ms);
  REQUIRE(done.has_value());
  CHECK(done->timed_out);
}

TEST_CASE("stop: SIGTERM is enough for a well-behaved process", "[subprocess]") {
  auto p = start(sh("sleep 30"));
  auto t0 = std::chrono::steady_clock::now();
  ExitStatus status = p->stop(3000ms);
  CHECK(ferry_test::ms_since(t0) < 1000);
  CHECK_FALSE(p->was_killed());
  CHECK(status.signaled);
  CHECK(status.code == SIGTERM);
}

TEST_CASE("stop kills a process that ignores SIGTERM, and its children, after the grace", "[subprocess]") {
  auto p = start(sh("trap '' TERM; sleep 30 & echo child=$!; wait; wait; wait"));
  pid_t child = printed_pid(*p, "child=([0-9]+)");
  REQUIRE(child > 0);
  CHECK_FALSE(ferry_test::process_gone(child));
  auto t0 = std::chrono::steady_clock::now();
  ExitStatus status = p->stop(500ms);
  double took = ferry_test::ms_since(t0);
  CHECK(took >= 450);
  CHECK(took < 2500);
  CHECK(p->was_killed());
  CHECK(status.signaled);
  CHECK(status.code == SIGKILL);
  CHECK(ferry_test::eventually([&] { return ferry_test::process_gone(child); }, 2000ms));
  CHECK(ferry_test::process_gone(p->pid()));
}

TEST_CASE("destroying a Subprocess stops it", "[subprocess]") {
  pid_t pid = 0;
  {
    auto p = start(sh("sleep 30"));
    pid = p->pid();
    CHECK_FALSE(ferry_test::process_gone(pid));
  }
  CHECK(ferry_test::process_gone(pid));
}

TEST_CASE("finish_reader does not wait for a grandchild that escaped with our pipe", "[subprocess]") {
  // The grandchild leaves the group (setsid) but keeps stdout: the pipe never reaches EOF.
  auto p = start(sh("setsid sleep 30 & echo escaped=$!"));
  pid_t escaped = printed_pid(*p, "escaped=([0-9]+)");
  p->wait(5000ms);
  auto t0 = std::chrono::steady_clock::now();
  p->finish_reader();
  CHECK(ferry_test::ms_since(t0) < 1500);
  CHECK_THAT(p->output().tail(), Catch::Contains("escaped="));
  kill(escaped, SIGKILL);
}

TEST_CASE("become_subreaper + kill_stray_children reap a setsid'd grandchild", "[subprocess]") {
  become_subreaper();
  auto p = start(sh("setsid sleep 60 & echo daemon=$!; echo started"));
  pid_t daemon = printed_pid(*p, "daemon=([0-9]+)");
  ExitStatus status = p->wait(5000ms);
  CHECK(status.success());
  // The shell is gone; its orphan was re-parented to us (the subreaper).
  REQUIRE(ferry_test::eventually([&] {
    std::string stat = ferry_test::read_file("/proc/" + std::to_string(daemon) + "/stat");
    auto close_paren = stat.rfind(')');
    return close_paren != std::string::npos &&
           std::stol(stat.substr(close_paren + 4)) == static_cast<long>(getpid());
  }));
  CHECK(kill_stray_children() >= 1);
  errno = 0;
  CHECK(kill(daemon, 0) == -1);
  CHECK(errno == ESRCH);  // killed and reaped, not left a zombie
  CHECK(kill_stray_children() == 0);
}

TEST_CASE("kill_stray_children spares the children it is told to keep", "[subprocess]") {
  become_subreaper();
  auto kept = start(sh("sleep 30"));
  auto stray = start(sh("setsid sleep 60 & echo stray=$!"));
  pid_t orphan = printed_pid(*stray, "stray=([0-9]+)");
  stray->wait(5000ms);
  REQUIRE(ferry_test::eventually([&] {
    std::string stat = ferry_test::read_file("/proc/" + std::to_string(orphan) + "/stat");
    auto close_paren = stat.rfind(')');
    return close_paren != std::string::npos &&
           std::stol(stat.substr(close_paren + 4)) == static_cast<long>(getpid());
  }));
  CHECK(kill_stray_children({kept->pid()}) == 1);
  CHECK(ferry_test::process_gone(orphan));
  CHECK_FALSE(ferry_test::process_gone(kept->pid()));
  CHECK_FALSE(kept->poll().has_value());
  kept->stop(1000ms);
}

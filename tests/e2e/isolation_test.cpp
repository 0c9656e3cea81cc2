// The isolation guarantees of docs/design reliability.md, against the hostile fixture:
// each test asserts what the level in force here promises, and says plainly (WARN) what
// it cannot show on this machine. The level is the one ferry itself detects.
#include "ferry_run.hpp"

#include <catch2/catch.hpp>

#include "process/sandbox.hpp"
#include "process/subprocess.hpp"
#include "process/supervisor.hpp"

#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <random>
#include <thread>

using namespace ferry::e2e;
using ferry::process::IsolationLevel;

namespace {

using clock = std::chrono::steady_clock;

/// A name for this test's processes (at most 15 characters: the kernel's comm).
std::string unique_tag() {
  std::random_device random;
  return "fx" + std::to_string(random() % 100'000'000);
}

/// Collects the lines the fixture sends to the Unix socket path(): a path in the build
/// tree (outside /tmp, which the service may not share), open to any uid.
class ReportListener {
public:
  ReportListener() {
    m_path = (std::filesystem::path(HOSTILE_BINARY).parent_path() / (unique_tag() + ".sock")).string();
    m_fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::snprintf(addr.sun_path, sizeof addr.sun_path, "%s", m_path.c_str());
    bind(m_fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    chmod(m_path.c_str(), 0777);
    listen(m_fd, 64);
    m_thread = std::thread([this] {
      while (!m_quit) {
        pollfd pfd{m_fd, POLLIN, 0};
        if (::poll(&pfd, 1, 50) != 1) {
          continue;
        }
        int client = accept4(m_fd, nullptr, nullptr, SOCK_CLOEXEC);
        if (client < 0) {
          continue;
        }
        std::string got;
        char buffer[512];
        for (ssize_t n; (n = read(client, buffer, sizeof buffer)) > 0;) {
          got.append(buffer, static_cast<std::size_t>(n));
        }
        close(client);
        std::lock_guard lock(m_mutex);
        m_text += got;
      }
    });
  }
  ~ReportListener() {
    m_quit = true;
    m_thread.join();
    close(m_fd);
    unlink(m_path.c_str());
  }
  ReportListener(const ReportListener&) = delete;
  ReportListener& operator=(const ReportListener&) = delete;

  [[nodiscard]] const std::string& path() const { return m_path; }
  [[nodiscard]] std::string text() const {
    std::lock_guard lock(m_mutex);
    return m_text;
  }
  /// Whether @p needle arrives within @p bound.
  bool wait_for(const std::string& needle, std::chrono::milliseconds bound) const {
    auto deadline = clock::now() + bound;
    while (!contains(text(), needle)) {
      if (clock::now() > deadline) {
        return false;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return true;
  }
  /// The number after @p prefix in the report ("allocated " → 256), or -1.
  [[nodiscard]] long number_after(const std::string& prefix) const {
    std::string all = text();
    auto at = all.find(prefix);
    return at == std::string::npos ? -1 : std::atol(all.c_str() + at + prefix.size());
  }

private:
  int m_fd = -1;
  std::string m_path;
  std::atomic<bool> m_quit{false};
  std::thread m_thread;
  mutable std::mutex m_mutex;
  std::string m_text;
};


/// The live processes named @p tag.
std::vector<int> processes_named(const std::string& tag) {
  std::vector<int> found;
  DIR* proc = opendir("/proc");
  while (dirent* entry = readdir(proc)) {
    int pid = std::atoi(entry->d_name);
    if (pid <= 0) {
      continue;
    }
    std::ifstream comm("/proc/" + std::to_string(pid) + "/comm");
    std::string name;
    std::getline(comm, name);
    if (name == tag && process_alive(pid)) {
      found.push_back(pid);
    }
  }
  closedir(proc);
  return found;
}

/// Wait (at most @p bound) until no process is named @p tag; the ones still there.
std::vector<int> survivors(const std::string& tag, std::chrono::milliseconds bound = std::chrono::seconds(5)) {
  auto deadline = clock::now() + bound;
  auto left = processes_named(tag);
  while (!left.empty() && clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    left = processes_named(tag);
  }
  return left;
}

/// Kill what a test showed to survive, so that it does not outlive the test.
void clean_up(const std::string& tag) {
  for (int pid : processes_named(tag)) {
    kill(pid, SIGKILL);
  }
}

/// A listener on the machine's loopback, which code in a network of its own must not reach.
class HostListener {
public:
  HostListener() {
    m_fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(m_fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    listen(m_fd, 8);
    socklen_t size = sizeof addr;
    getsockname(m_fd, reinterpret_cast<sockaddr*>(&addr), &size);
    m_port = ntohs(addr.sin_port);
  }
  ~HostListener() { close(); }
  HostListener(const HostListener&) = delete;
  HostListener& operator=(const HostListener&) = delete;
  [[nodiscard]] int port() const { return m_port; }
  void close() {
    if (m_fd >= 0) {
      ::close(m_fd);
      m_fd = -1;
    }
  }

private:
  int m_fd = -1;
  int m_port = 0;
};

const ferry::process::Isolation& level() { return ferry::process::detect_isolation(); }

Run check_hostile(const ScratchDir& scratch, const ReportListener& report, const std::string& mode,
                  std::map<std::string, std::string> env = {}, std::vector<std::string> extra = {}) {
  std::vector<std::string> args = {"check", "01-hello", "--bin", HOSTILE_BINARY, "--stage", "1", "--startup-timeout", "20"};
  args.insert(args.end(), extra.begin(), extra.end());
  env["FIXTURE_MODE"] = mode;
  env["FIXTURE_REPORT_SOCKET"] = report.path();
  return run_ferry(args, scratch.db(), env);
}

}  // namespace

TEST_CASE("the isolation level in force is detected, printed and can be lowered", "[e2e][isolation]") {
  ScratchDir scratch;
  ReportListener report;
  Run run = check_hostile(scratch, report, "none", {}, {"-v"});
  INFO(run.output);
  REQUIRE(run.exit_code == 0);
  REQUIRE(contains(run.output, "isolation: " + level().detail));
  Run lowered = check_hostile(scratch, report, "none", {{"FERRY_ISOLATION", "degraded"}}, {"-v"});
  INFO(lowered.output);
  REQUIRE(lowered.exit_code == 0);
  REQUIRE(contains(lowered.output, "isolation: degraded (FERRY_ISOLATION=degraded)"));
}

TEST_CASE("nothing the service spawned survives: 500 children and a setsid daemon", "[e2e][isolation]") {
  ScratchDir scratch;
  ReportListener report;
  std::string tag = unique_tag();
  Run run = check_hostile(scratch, report, "fork-bomb", {{"FIXTURE_TAG", tag}});
  INFO(run.output << report.text());
  REQUIRE(run.exit_code == 0);
  REQUIRE(report.number_after("forked ") == 500);
  REQUIRE(contains(report.text(), "daemon started"));
  auto left = survivors(tag);
  clean_up(tag);
  REQUIRE(left.empty());
}

TEST_CASE("a service under its own uid cannot fork past RLIMIT_NPROC", "[e2e][isolation]") {
  if (!level().separate_uid) {
    WARN("not shown here: services run as ferry's own uid (ferry is not root), where RLIMIT_NPROC would count "
         "every process of that user, so it is not set");
    return;
  }
  ScratchDir scratch;
  ReportListener report;
  std::string tag = unique_tag();
  Run run = check_hostile(scratch, report, "fork-bomb", {{"FIXTURE_TAG", tag}, {"FIXTURE_FORKS", "2000"}});
  INFO(run.output << report.text());
  // Having spent its processes on children, it may not start the threads it needs to
  // serve: a failed check with a sentence, never a harness in trouble.
  REQUIRE((run.exit_code == 0 || run.exit_code == 1));
  long forked = report.number_after("forked ");
  REQUIRE(forked > 0);
  REQUIRE(forked < static_cast<long>(ferry::process::Limits{}.processes));
  auto left = survivors(tag);
  clean_up(tag);
  REQUIRE(left.empty());
}

TEST_CASE("killing the harness kills the service and what it spawned", "[e2e][isolation]") {
  ScratchDir scratch;
  ReportListener report;
  std::string tag = unique_tag();
  ferry::process::SpawnOptions options;
  // The fixture never answers /health when it hangs, so ferry is still waiting when it dies.
  options.argv = {FERRY_BINARY, "check", "01-hello", "--bin", HOSTILE_BINARY, "--startup-timeout", "120"};
  options.env_set = {{"FERRY_ROOT", FERRY_SOURCE_DIR}, {"FERRY_DB", scratch.db()}, {"NO_COLOR", "1"},
                     {"FIXTURE_MODE", "fork-bomb"}, {"FIXTURE_FORKS", "20"}, {"FIXTURE_HANG", "1"},
                     {"FIXTURE_TAG", tag}, {"FIXTURE_REPORT_SOCKET", report.path()}};
  auto ferry = ferry::process::Subprocess::spawn(options);
  REQUIRE(ferry.has_value());
  REQUIRE(report.wait_for("hanging", std::chrono::seconds(60)));
  INFO(report.text());
  REQUIRE(processes_named(tag).size() >= 22);  // the service, 20 children, the daemon
  (*ferry)->kill_now();
  if (level().level != IsolationLevel::namespaces) {
    // The service itself gets SIGKILL when its parent dies (PR_SET_PDEATHSIG); what it
    // forked is re-parented and lives on.
    long service = report.number_after("pid ");
    bool gone = false;
    for (auto deadline = clock::now() + std::chrono::seconds(5); !gone && clock::now() < deadline;) {
      gone = !process_alive(static_cast<int>(service));
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    clean_up(tag);
    WARN("only the service process itself is shown to die here: at level " << to_string(level().level)
                                                                           << " its children outlive a SIGKILLed harness");
    REQUIRE(gone);
    return;
  }
  auto left = survivors(tag);
  clean_up(tag);
  REQUIRE(left.empty());
}

TEST_CASE("memory is capped: a 4 GiB allocation is stopped and the harness goes on", "[e2e][isolation]") {
  ScratchDir scratch;
  ReportListener report;
  Run run = check_hostile(scratch, report, "allocate");
  INFO(run.output << report.text());
  // The supervisor samples its resident memory and kills it past the limit, before /health.
  REQUIRE(run.exit_code == 1);
  REQUIRE(contains(run.output, "ferry killed it: with what it started, it held more than 1024 MiB of memory"));
  // It never got its 4 GiB (had it, it would have said so and then answered /health).
  long allocated = report.number_after("allocated ");
  REQUIRE(allocated < 4096);
}

TEST_CASE("output is capped: 1 GiB on stdout, the harness's memory stays bounded", "[e2e][isolation]") {
  ScratchDir scratch;
  ReportListener report;
  ferry::process::SpawnOptions options;
  options.argv = {FERRY_BINARY, "check", "01-hello", "--bin", HOSTILE_BINARY, "--stage", "1", "--startup-timeout", "60"};
  options.env_set = {{"FERRY_ROOT", FERRY_SOURCE_DIR}, {"FERRY_DB", scratch.db()}, {"NO_COLOR", "1"},
                     {"FIXTURE_MODE", "flood-stdout"}, {"FIXTURE_REPORT_SOCKET", report.path()}};
  auto done = ferry::process::run_to_completion(options, std::chrono::minutes(5));
  REQUIRE(done.has_value());
  INFO(done->output << report.text());
  REQUIRE(done->status.success());
  REQUIRE(report.number_after("wrote ") == 1024);
  // ru_maxrss of ferry (the largest of it and the children it waited for): far below 1 GiB.
  REQUIRE(done->status.max_rss_kib < 256 * 1024);
}

TEST_CASE("disk writes are capped: a private /tmp, a read-only repository, a file size limit", "[e2e][isolation]") {
  ScratchDir scratch;
  ReportListener report;
  Run run = check_hostile(scratch, report, "flood-disk");
  INFO(run.output << report.text());
  REQUIRE(run.exit_code == 0);
  long in_tmp = report.number_after("disk /tmp: ");
  long in_repo = report.number_after("disk .: ");
  REQUIRE(in_tmp >= 0);
  REQUIRE(in_repo >= 0);
  ferry::process::Limits limits;
  if (level().level == IsolationLevel::namespaces) {
    CHECK(in_tmp <= static_cast<long>(limits.private_tmp_bytes >> 20));
    CHECK(contains(report.text(), "No space left on device"));
    CHECK(in_repo == 0);
    CHECK(contains(report.text(), "disk .: 0 MiB, then Read-only file system"));
  } else {
    WARN("at level " << to_string(level().level) << " /tmp is shared and the repository writable by what the "
                     << "uid allows: only the file size limit is shown");
    CHECK(in_tmp <= static_cast<long>(limits.file_size_bytes >> 20));
    CHECK(in_repo <= static_cast<long>(limits.file_size_bytes >> 20));
  }
}

TEST_CASE("network: loopback only, its own", "[e2e][isolation]") {
  ScratchDir scratch;
  ReportListener report;
  HostListener host;
  Run run = check_hostile(scratch, report, "egress", {{"FIXTURE_HOST_PORT", std::to_string(host.port())}});
  host.close();
  INFO(run.output << report.text());
  REQUIRE(run.exit_code == 0);  // ferry reached its /health inside its namespace
  REQUIRE(contains(report.text(), "egress: "));
  if (!level().own_network) {
    WARN("not shown here: at level " << to_string(level().level) << " the service shares the machine's network ("
                                     << report.text() << ")");
    return;
  }
  CHECK(contains(report.text(), "egress: Network is unreachable"));
  CHECK(contains(report.text(), "host loopback: Connection refused"));
}

TEST_CASE("the service cannot kill the harness", "[e2e][isolation]") {
  if (!level().separate_uid) {
    WARN("not shown here: the service runs as ferry's own uid (ferry is not root), so it may signal ferry");
    return;
  }
  ScratchDir scratch;
  ReportListener report;
  Run run = check_hostile(scratch, report, "kill-harness");
  INFO(run.output << report.text());
  REQUIRE(contains(report.text(), "kill ferry "));
  // Under its own uid it may not signal ferry; in its own PID namespace it cannot even name it.
  REQUIRE((contains(report.text(), ": Operation not permitted") || contains(report.text(), ": No such process")));
  REQUIRE(run.exit_code == 0);
}

TEST_CASE("the service cannot read the progress database, the hidden cases, the results or the key",
          "[e2e][isolation]") {
  ScratchDir scratch;
  ReportListener report;
  // The secrets live outside /tmp (a private /tmp would hide them for free): in the build tree.
  std::filesystem::path secrets = std::filesystem::path(HOSTILE_BINARY).parent_path() / ("secrets-" + unique_tag());
  std::filesystem::create_directories(secrets / "hidden");
  std::ofstream(secrets / "hidden" / "01-hello.json") << "{\"cases\": []}\n";
  std::ofstream(secrets / "results.json") << "{\"status\": \"pass\"}\n";
  std::ofstream(secrets / "key") << "secret\n";
  std::string db = (secrets / "progress.db").string();
  std::ofstream(db) << "not really a database\n";

  ferry::process::Sandbox sandbox;
  sandbox.level = level().level;
  sandbox.uid = level().separate_uid ? ferry::process::sandbox_uid() : 0;
  sandbox.own_network = level().own_network;
  sandbox.read_only_dir = FERRY_SOURCE_DIR;
  sandbox.masked_paths = {(secrets / "hidden").string(), (secrets / "results.json").string(), (secrets / "key").string(), db};
  ferry::process::ServiceSpec spec;
  spec.binary = HOSTILE_BINARY;
  spec.cwd = FERRY_SOURCE_DIR;
  spec.sandbox = sandbox;
  spec.env = {{"FIXTURE_MODE", "read-secrets"}, {"FIXTURE_REPORT_SOCKET", report.path()},
              {"FIXTURE_SECRETS", (secrets / "hidden").string() + ":" + (secrets / "hidden" / "01-hello.json").string() +
                                      ":" + (secrets / "results.json").string() + ":" + (secrets / "key").string() + ":" + db}};
  setenv("FERRY_RESULTS_KEY", "secret", 1);  // ferry grade unsets it before any service starts
  auto started = ferry::process::Service::start(spec);
  unsetenv("FERRY_RESULTS_KEY");
  REQUIRE(started.service != nullptr);
  REQUIRE(report.wait_for("serving", std::chrono::seconds(10)));
  started.service->stop();
  std::string seen = report.text();
  std::filesystem::remove_all(secrets);
  INFO(seen);
  if (level().level != IsolationLevel::namespaces) {
    WARN("not shown here: at level " << to_string(level().level) << " nothing is masked; the service reached:\n" << seen);
    return;
  }
  CHECK(contains(seen, "/hidden: Permission denied"));
  CHECK(contains(seen, "/hidden/01-hello.json: Permission denied"));
  CHECK(contains(seen, "/results.json: empty"));
  CHECK(contains(seen, "/key: empty"));
  CHECK(contains(seen, "/progress.db: empty"));
  CHECK(contains(seen, "write cwd: Read-only file system"));
}

TEST_CASE("ferry grade unsets the results key before any service runs", "[e2e][isolation]") {
  // The key variable never reaches learner code: results_key() reads and unsets it.
  ScratchDir scratch;
  ReportListener report;
  Run run = check_hostile(scratch, report, "read-secrets", {{"FERRY_RESULTS_KEY", "secret"}, {"FIXTURE_SECRETS", ""}});
  INFO(run.output << report.text());
  REQUIRE(run.exit_code == 0);
  // `ferry check` does not sign, so it has no reason to keep the key either.
  CHECK(contains(report.text(), "env FERRY_RESULTS_KEY: unset"));
}

TEST_CASE("the learner's build script cannot write outside its output, read the database, reach the network or "
          "leave a daemon",
          "[e2e][isolation]") {
  ScratchDir scratch;
  std::filesystem::path root = scratch.path() / "tree";
  std::string package = "hello-e2e-" + unique_tag();
  copy_source_tree(root, "hello", package);
  std::filesystem::path crate = root / "exercises" / "01-hello";
  std::filesystem::copy_file(std::filesystem::path(FERRY_SOURCE_DIR) / "tests/e2e/data/hostile_build/build.rs",
                             crate / "build.rs");
  // The progress database inside the repository, where the build can name it.
  std::string db = (root / "progress.db").string();
  HostListener host;
  const char* target_env = std::getenv("CARGO_TARGET_DIR");
  std::string target = target_env != nullptr && *target_env == '/' ? target_env : std::string(FERRY_SOURCE_DIR) + "/target";
  std::map<std::string, std::string> env = {{"CARGO_TARGET_DIR", target},
                                            {"FERRY_E2E_HOST_PORT", std::to_string(host.port())},
                                            {"FERRY_NO_CLIPPY", "1"}};
  REQUIRE(run_ferry({"--root", root.string(), "list"}, db, env).exit_code == 0);  // the database exists
  Run run = run_ferry({"--root", root.string(), "-v", "check", "01-hello"}, db, env);
  host.close();
  INFO(run.output);
  REQUIRE(run.exit_code == 1);  // it builds; the starter then fails its cases
  std::string attempts;
  for (const auto& entry : std::filesystem::directory_iterator(std::filesystem::path(target) / "debug" / "build")) {
    if (entry.path().filename().string().rfind(package + "-", 0) == 0 &&
        std::filesystem::exists(entry.path() / "out" / "attempts.txt")) {
      std::ifstream in(entry.path() / "out" / "attempts.txt");
      attempts.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
  }
  INFO(attempts);
  REQUIRE(contains(attempts, "repository write: "));
  // The namespace's processes are killed as its init ends; give the kernel a moment to
  // finish them (a killed process shows in /proc until it is reaped).
  bool survived = true;
  for (int i = 0; i < 40 && survived; ++i) {
    survived = std::system("pgrep -f 'sleep 3133[7]' >/dev/null") == 0;  // [7]: not the shell's own line
    if (survived) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
  std::system("pkill -f 'sleep 3133[7]'");
  std::filesystem::remove(std::string(std::getenv("HOME") != nullptr ? std::getenv("HOME") : "/root") +
                          "/.cargo/written-by-build-script");
  if (level().level != IsolationLevel::namespaces) {
    WARN("not shown here: at level " << to_string(level().level) << " the build runs with ferry's own rights ("
                                     << attempts << ")");
    return;
  }
  CHECK(contains(run.output, "build isolation: namespaces"));
  CHECK(contains(attempts, "repository write: refused (read-only filesystem"));
  CHECK_FALSE(std::filesystem::exists(root / "written-by-build-script"));
  CHECK(contains(attempts, "cargo home write: refused (read-only filesystem"));
  CHECK(contains(attempts, "/etc write: refused (read-only filesystem"));
  REQUIRE(std::filesystem::file_size(db) > 0);
  CHECK(contains(attempts, "database read: 0 bytes (done)"));  // it reads /dev/null in its place
  if (level().own_network) {
    CHECK(contains(attempts, "host loopback: refused (connection refused)"));
  }
  CHECK(contains(attempts, "CapEff: 0000000000000000"));
  // Its own /proc: the build's few processes, not the machine's.
  auto seen = attempts.find("processes seen: ");
  REQUIRE(seen != std::string::npos);
  CHECK(std::stoi(attempts.substr(seen + 16)) < 16);
  CHECK_FALSE(survived);
}

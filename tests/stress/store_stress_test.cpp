// The progress store and the results file under stress, through their public APIs:
// many processes writing one database at once lose nothing, and a writer killed at
// random points leaves every attempt whole or absent and the results file parseable.
#include "store/store.hpp"
#include "util/files.hpp"

#include <catch2/catch.hpp>

#include <SQLiteCpp/SQLiteCpp.h>
#include <nlohmann/json.hpp>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <random>

using namespace ferry::store;

namespace {

/// A directory for one test, removed at scope exit.
class Scratch {
public:
  Scratch() {
    std::random_device random;
    m_path = std::filesystem::temp_directory_path() / ("ferry-stress-" + std::to_string(getpid()) + "-" + std::to_string(random()));
    std::filesystem::create_directories(m_path);
  }
  ~Scratch() {
    std::error_code ec;
    std::filesystem::remove_all(m_path, ec);
  }
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;
  [[nodiscard]] std::string file(const std::string& name) const { return (m_path / name).string(); }

private:
  std::filesystem::path m_path;
};

/// Attempt @p n of writer @p writer: 1 + n % 7 cases, a count the check below can recompute.
AttemptRecord attempt(int writer, int n) {
  AttemptRecord a;
  a.started_at = utc_now_iso8601();
  a.exercise = "02-users";
  a.impl = "learner";
  a.outcome = "fail";
  a.stages_total = 3;
  a.ferry_version = "stress";
  int cases = 1 + n % 7;
  a.passed = cases;  // every case of it must be there with it
  a.points = writer;
  a.max_points = n;
  for (int i = 0; i < cases; ++i) {
    CaseRecord c;
    c.case_id = "case-" + std::to_string(i);
    c.kind = "happy";
    c.concept_tag = "stress";
    c.status = "pass";
    c.message = std::string(200, 'm');
    a.cases.push_back(std::move(c));
  }
  return a;
}

/// Busy for a while (a random point in the writer's next transaction), without sleeping.
void spin(std::uint32_t iterations) {
  volatile std::uint32_t sink = 0;
  for (std::uint32_t i = 0; i < iterations; ++i) {
    sink = sink + i;
  }
}

std::int64_t scalar(SQLite::Database& db, const std::string& sql) {
  SQLite::Statement query(db, sql);
  query.executeStep();
  return query.getColumn(0).getInt64();
}

std::string integrity(const std::string& path) {
  SQLite::Database db(path, SQLite::OPEN_READONLY);
  SQLite::Statement query(db, "PRAGMA integrity_check");
  query.executeStep();
  return query.getColumn(0).getString();
}

/// Whether the schema is there (a writer killed while opening may not have made it yet).
bool has_attempts_table(const std::string& path) {
  if (!std::filesystem::exists(path)) {
    return false;
  }
  SQLite::Database db(path, SQLite::OPEN_READONLY);
  return scalar(db, "SELECT count(*) FROM sqlite_master WHERE name = 'attempts'") == 1;
}

/// Attempts whose cases are not all there (a torn write would show up here).
std::int64_t torn_attempts(const std::string& path) {
  SQLite::Database db(path, SQLite::OPEN_READONLY);
  return scalar(db, "SELECT count(*) FROM attempts a WHERE a.passed != "
                    "(SELECT count(*) FROM case_results c WHERE c.attempt_id = a.id)") +
         scalar(db, "SELECT count(*) FROM case_results c WHERE NOT EXISTS "
                    "(SELECT 1 FROM attempts a WHERE a.id = c.attempt_id)");
}

}  // namespace

TEST_CASE("8 processes × 200 attempts on one database: exact counts, integrity ok", "[stress][store]") {
  Scratch scratch;
  std::string path = scratch.file("progress.db");
  constexpr int k_writers = 8;
  constexpr int k_attempts = 200;
  std::vector<pid_t> writers;
  for (int w = 0; w < k_writers; ++w) {
    pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
      // One connection per process, opened at the same moment as the others'.
      auto store = Store::open(path);
      if (!store) {
        std::fprintf(stderr, "writer %d: %s\n", w, store.error().c_str());
        _exit(100);
      }
      int failures = 0;
      for (int n = 0; n < k_attempts; ++n) {
        if (auto id = (*store)->record_attempt(attempt(w, n)); !id) {
          std::fprintf(stderr, "writer %d: %s\n", w, id.error().c_str());
          ++failures;
        }
      }
      _exit(failures > 99 ? 99 : failures);
    }
    writers.push_back(pid);
  }
  for (pid_t pid : writers) {
    int status = 0;
    REQUIRE(waitpid(pid, &status, 0) == pid);
    INFO("writer exit status " << status);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
  }
  int cases_each = 0;
  for (int n = 0; n < k_attempts; ++n) {
    cases_each += 1 + n % 7;
  }
  SQLite::Database db(path, SQLite::OPEN_READONLY);
  CHECK(scalar(db, "SELECT count(*) FROM attempts") == k_writers * k_attempts);
  CHECK(scalar(db, "SELECT count(*) FROM case_results") == k_writers * cases_each);
  for (int w = 0; w < k_writers; ++w) {
    INFO("writer " << w);
    CHECK(scalar(db, "SELECT count(DISTINCT max_points) FROM attempts WHERE points = " + std::to_string(w)) == k_attempts);
  }
  CHECK(torn_attempts(path) == 0);
  CHECK(integrity(path) == "ok");
}

TEST_CASE("a writer killed at random points leaves every attempt whole or absent", "[stress][store]") {
  Scratch scratch;
  std::string path = scratch.file("progress.db");
  std::mt19937 random(std::random_device{}());
  constexpr int k_kills = 40;
  std::int64_t committed_total = 0;
  for (int round = 0; round < k_kills; ++round) {
    int progress[2];
    REQUIRE(pipe(progress) == 0);
    pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
      close(progress[0]);
      auto store = Store::open(path);
      if (!store) {
        _exit(100);
      }
      // Write until killed; a byte after each commit.
      for (int n = 0;; ++n) {
        if ((*store)->record_attempt(attempt(round, n))) {
          char byte = 1;
          ssize_t ignored = write(progress[1], &byte, 1);
          (void)ignored;
        }
      }
    }
    close(progress[1]);
    // Kill after a random number of commits, then a random spin into the next transaction.
    int commits = static_cast<int>(random() % 5);
    char byte = 0;
    for (int i = 0; i < commits && read(progress[0], &byte, 1) == 1; ++i) {
    }
    spin(static_cast<std::uint32_t>(random() % 2'000'000));
    kill(pid, SIGKILL);
    int status = 0;
    REQUIRE(waitpid(pid, &status, 0) == pid);
    REQUIRE(WIFSIGNALED(status));
    std::int64_t seen = commits;
    while (read(progress[0], &byte, 1) == 1) {
      ++seen;  // commits acknowledged after we stopped counting
    }
    close(progress[0]);
    committed_total += seen;
    INFO("round " << round);
    if (!has_attempts_table(path)) {
      continue;  // killed before the first migration committed: nothing to be torn
    }
    REQUIRE(torn_attempts(path) == 0);
    REQUIRE(integrity(path) == "ok");
  }
  // Every acknowledged commit is there; at most one unacknowledged one per kill (committed,
  // killed before its byte was written).
  SQLite::Database db(path, SQLite::OPEN_READONLY);
  auto attempts = scalar(db, "SELECT count(*) FROM attempts");
  CHECK(attempts >= committed_total);
  CHECK(attempts <= committed_total + k_kills);
}

TEST_CASE("a results writer killed at random points leaves a file that parses", "[stress][results]") {
  Scratch scratch;
  std::string path = scratch.file("results.json");
  std::mt19937 random(std::random_device{}());
  for (int round = 0; round < 40; ++round) {
    int progress[2];
    REQUIRE(pipe(progress) == 0);
    pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
      close(progress[0]);
      for (int n = 0;; ++n) {
        nlohmann::json doc = {{"version", 3}, {"round", round}, {"n", n}, {"tests", std::vector<int>(20'000 + n % 5000, n)}};
        if (ferry::util::write_file_atomically(path, doc.dump()).empty()) {
          char byte = 1;
          ssize_t ignored = write(progress[1], &byte, 1);
          (void)ignored;
        }
      }
    }
    close(progress[1]);
    char byte = 0;
    int writes = static_cast<int>(random() % 3);
    for (int i = 0; i < writes && read(progress[0], &byte, 1) == 1; ++i) {
    }
    spin(static_cast<std::uint32_t>(random() % 2'000'000));
    kill(pid, SIGKILL);
    int status = 0;
    REQUIRE(waitpid(pid, &status, 0) == pid);
    close(progress[0]);
    if (!std::filesystem::exists(path)) {
      continue;  // killed before its first rename
    }
    std::ifstream in(path);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    INFO("round " << round << ", " << text.size() << " bytes");
    REQUIRE(nlohmann::json::accept(text));
  }
}

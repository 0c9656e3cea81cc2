// store/store: the progress database — migrations, attempts and their cases,
// progress per exercise, hints, refusal of newer schemas, concurrent writers.
#include "store/store.hpp"
#include "store/migrations.hpp"

#include "support.hpp"

#include <catch2/catch.hpp>

#include <SQLiteCpp/SQLiteCpp.h>

#include <sys/wait.h>

#include <regex>

using namespace ferry::store;

namespace {

std::unique_ptr<Store> open_store(const std::string& path) {
  auto store = Store::open(path);
  if (!store) {
    FAIL(store.error());
  }
  return std::move(*store);
}

CaseRecord case_record(std::string id, std::string status, int points, int max_points, std::string message = "") {
  CaseRecord c;
  c.case_id = std::move(id);
  c.stage = 2;
  c.kind = "nil";
  c.concept_tag = "option";
  c.status = std::move(status);
  c.points = points;
  c.max_points = max_points;
  c.duration_ms = 12.5;
  c.message = std::move(message);
  return c;
}

AttemptRecord attempt(std::string exercise, std::string impl, std::string outcome, int passed = 1, int failed = 1) {
  AttemptRecord a;
  a.started_at = "2026-11-21T17:04:20Z";
  a.exercise = std::move(exercise);
  a.impl = std::move(impl);
  a.outcome = std::move(outcome);
  a.stage_reached = 1;
  a.stages_total = 3;
  a.passed = passed;
  a.failed = failed;
  a.points = 2;
  a.max_points = 5;
  a.duration_ms = 1234.5;
  a.ferry_version = "0.1.0";
  return a;
}

std::string integrity(const std::string& path) {
  SQLite::Database db(path, SQLite::OPEN_READONLY);
  return db.execAndGet("PRAGMA integrity_check").getString();
}

}  // namespace

TEST_CASE("open creates the parent directories and migrates to the current schema", "[store]") {
  ferry_test::TempDir dir;
  std::string path = dir.file("a/b/c/progress.db");
  auto store = open_store(path);
  CHECK(ferry_test::fs::exists(path));
  CHECK(store->path() == path);
  CHECK(store->schema_version() == k_schema_version);
  CHECK(store->count_rows("attempts") == 0);
  CHECK(store->count_rows("case_results") == 0);
  CHECK(store->count_rows("hints_used") == 0);
  SQLite::Database db(path, SQLite::OPEN_READONLY);
  CHECK(db.execAndGet("PRAGMA journal_mode").getString() == "wal");
}

TEST_CASE("reopening is idempotent and keeps what was recorded", "[store]") {
  ferry_test::TempDir dir;
  std::string path = dir.file("progress.db");
  {
    auto store = open_store(path);
    REQUIRE(store->record_attempt(attempt("02-users", "learner", "fail")).has_value());
  }
  for (int i = 0; i < 3; ++i) {
    auto store = open_store(path);
    CHECK(store->schema_version() == k_schema_version);
    CHECK(store->count_rows("attempts") == 1);
  }
}

TEST_CASE("record_attempt and recent_attempts round trip, cases included", "[store]") {
  ferry_test::TempDir dir;
  auto store = open_store(dir.file("progress.db"));
  AttemptRecord first = attempt("02-users", "learner", "fail");
  first.cases = {case_record("get-user", "pass", 2, 2), case_record("notify-no-account", "fail", 0, 3, "status: expected 404, got 500"),
                 case_record("list-users", "skip", 0, 1)};
  auto first_id = store->record_attempt(first);
  REQUIRE(first_id.has_value());
  AttemptRecord second = attempt("02-users", "learner", "pass", 3, 0);
  second.duration_ms = 99.25;
  auto second_id = store->record_attempt(second);
  REQUIRE(second_id.has_value());
  CHECK(*second_id > *first_id);
  REQUIRE(store->record_attempt(attempt("02-users", "rust", "pass")).has_value());
  REQUIRE(store->record_attempt(attempt("01-hello", "learner", "pass")).has_value());

  auto recent = store->recent_attempts("02-users", "learner", 10);
  REQUIRE(recent.has_value());
  REQUIRE(recent->size() == 2);
  const AttemptRecord& newest = (*recent)[0];
  CHECK(newest.id == *second_id);  // newest first
  CHECK(newest.outcome == "pass");
  CHECK(newest.passed == 3);
  CHECK(newest.failed == 0);
  CHECK(newest.duration_ms == Approx(99.25));
  CHECK(newest.cases.empty());

  const AttemptRecord& older = (*recent)[1];
  CHECK(older.id == *first_id);
  CHECK(older.started_at == first.started_at);
  CHECK(older.exercise == "02-users");
  CHECK(older.impl == "learner");
  CHECK(older.outcome == "fail");
  CHECK(older.stage_reached == 1);
  CHECK(older.stages_total == 3);
  CHECK(older.points == 2);
  CHECK(older.max_points == 5);
  CHECK(older.ferry_version == "0.1.0");
  REQUIRE(older.cases.size() == 3);
  CHECK(older.cases[0].case_id == "get-user");  // in the order recorded
  CHECK(older.cases[1].case_id == "notify-no-account");
  CHECK(older.cases[1].status == "fail");
  CHECK(older.cases[1].message == "status: expected 404, got 500");
  CHECK(older.cases[1].points == 0);
  CHECK(older.cases[1].max_points == 3);
  CHECK(older.cases[1].stage == 2);
  CHECK(older.cases[1].kind == "nil");
  CHECK(older.cases[1].concept_tag == "option");
  CHECK(older.cases[1].duration_ms == Approx(12.5));
  CHECK(older.cases[2].status == "skip");

  auto limited = store->recent_attempts("02-users", "learner", 1);
  REQUIRE(limited.has_value());
  REQUIRE(limited->size() == 1);
  CHECK((*limited)[0].id == *second_id);
  CHECK(store->recent_attempts("03-none", "learner", 5)->empty());
}

TEST_CASE("an attempt is written whole or not at all", "[store]") {
  ferry_test::TempDir dir;
  auto store = open_store(dir.file("progress.db"));
  AttemptRecord bad_outcome = attempt("02-users", "learner", "maybe");
  auto refused = store->record_attempt(bad_outcome);
  REQUIRE_FALSE(refused.has_value());
  CHECK_THAT(refused.error(), Catch::StartsWith("cannot record the attempt in " + dir.file("progress.db") + ": "));

  AttemptRecord bad_case = attempt("02-users", "learner", "fail");
  bad_case.cases = {case_record("a", "pass", 1, 1), case_record("b", "exploded", 0, 1)};
  CHECK_FALSE(store->record_attempt(bad_case).has_value());

  AttemptRecord duplicate = attempt("02-users", "learner", "fail");
  duplicate.cases = {case_record("a", "pass", 1, 1), case_record("a", "fail", 0, 1)};
  CHECK_FALSE(store->record_attempt(duplicate).has_value());

  CHECK(store->count_rows("attempts") == 0);
  CHECK(store->count_rows("case_results") == 0);
  CHECK(store->record_attempt(attempt("02-users", "learner", "fail")).has_value());  // still usable
}

TEST_CASE("learner_status: the latest learner attempt per exercise", "[store]") {
  ferry_test::TempDir dir;
  auto store = open_store(dir.file("progress.db"));
  REQUIRE(store->record_attempt(attempt("01-hello", "learner", "fail", 1, 4)).has_value());
  REQUIRE(store->record_attempt(attempt("01-hello", "learner", "pass", 5, 0)).has_value());
  REQUIRE(store->record_attempt(attempt("01-hello", "learner", "fail", 3, 2)).has_value());
  REQUIRE(store->record_attempt(attempt("01-hello", "rust", "pass", 5, 0)).has_value());
  REQUIRE(store->record_attempt(attempt("02-users", "learner", "build_error", 0, 0)).has_value());
  REQUIRE(store->record_attempt(attempt("02-users", "go", "pass", 9, 0)).has_value());
  REQUIRE(store->record_attempt(attempt("03-only-references", "rust", "pass", 9, 0)).has_value());

  auto status = store->learner_status();
  REQUIRE(status.has_value());
  REQUIRE(status->size() == 2);
  std::map<std::string, ExerciseStatus> by;
  for (const auto& s : *status) {
    by[s.exercise] = s;
  }
  CHECK(by["01-hello"].outcome == "fail");
  CHECK(by["01-hello"].passed == 3);
  CHECK(by["01-hello"].total == 5);
  CHECK(by["01-hello"].attempts == 3);
  CHECK(by["01-hello"].ever_passed);
  CHECK(by["01-hello"].stage_reached == 1);
  CHECK(by["01-hello"].stages_total == 3);
  CHECK(by["02-users"].outcome == "build_error");
  CHECK(by["02-users"].attempts == 1);
  CHECK_FALSE(by["02-users"].ever_passed);
  CHECK(by.count("03-only-references") == 0);
}

TEST_CASE("hints: general hints are counted per exercise, case hints are not", "[store]") {
  ferry_test::TempDir dir;
  auto store = open_store(dir.file("progress.db"));
  CHECK(*store->hints_used("02-users") == 0);
  REQUIRE(store->record_hint("02-users", "", 0).has_value());
  REQUIRE(store->record_hint("02-users", "", 1).has_value());
  REQUIRE(store->record_hint("02-users", "get-user", 0).has_value());
  REQUIRE(store->record_hint("01-hello", "", 0).has_value());
  auto used = store->hints_used("02-users");
  REQUIRE(used.has_value());
  CHECK(*used == 2);
  CHECK(*store->hints_used("01-hello") == 1);
  CHECK(*store->hints_used("03-none") == 0);
  CHECK(store->count_rows("hints_used") == 4);
}

TEST_CASE("a database from a newer ferry is refused with a clear message", "[store]") {
  ferry_test::TempDir dir;
  std::string path = dir.file("progress.db");
  {
    auto store = open_store(path);
    REQUIRE(store->record_attempt(attempt("02-users", "learner", "pass")).has_value());
  }
  {
    SQLite::Database db(path, SQLite::OPEN_READWRITE);
    db.exec("PRAGMA user_version = 7");
  }
  auto refused = Store::open(path);
  REQUIRE_FALSE(refused.has_value());
  CHECK(refused.error() == "the progress database " + path +
                               " has schema version 7, newer than this ferry knows (" +
                               std::to_string(k_schema_version) + "); update ferry");
  SQLite::Database db(path, SQLite::OPEN_READONLY);
  CHECK(db.execAndGet("PRAGMA user_version").getInt() == 7);  // left as it was
  CHECK(db.execAndGet("SELECT COUNT(*) FROM attempts").getInt() == 1);
}

TEST_CASE("files that are not a database, and unusable paths, are errors", "[store]") {
  ferry_test::TempDir dir;
  std::string garbage = dir.file("garbage.db");
  ferry_test::write_file(garbage, std::string(8192, 'x'));
  auto not_db = Store::open(garbage);
  REQUIRE_FALSE(not_db.has_value());
  CHECK_THAT(not_db.error(), Catch::Contains(garbage));

  ferry_test::write_file(dir.file("a-file"), "x");
  auto under_file = Store::open(dir.file("a-file") + "/progress.db");
  REQUIRE_FALSE(under_file.has_value());
  CHECK_THAT(under_file.error(), Catch::StartsWith("cannot create the directory " + dir.file("a-file") +
                                                   " for the progress database: "));
}

TEST_CASE("default_db_path: FERRY_DB, then XDG_DATA_HOME, then HOME", "[store]") {
  auto saved = [](const char* name) -> std::optional<std::string> {
    const char* v = std::getenv(name);
    return v != nullptr ? std::optional<std::string>(v) : std::nullopt;
  };
  auto ferry_db = saved("FERRY_DB");
  auto xdg = saved("XDG_DATA_HOME");
  auto home = saved("HOME");

  setenv("FERRY_DB", "/tmp/x/progress.db", 1);
  setenv("XDG_DATA_HOME", "/xdg", 1);
  setenv("HOME", "/home/ada", 1);
  CHECK(default_db_path() == "/tmp/x/progress.db");
  setenv("FERRY_DB", "", 1);
  CHECK(default_db_path() == "/xdg/ferry/progress.db");
  setenv("XDG_DATA_HOME", "relative/dir", 1);  // not absolute: ignored, as the spec says
  CHECK(default_db_path() == "/home/ada/.local/share/ferry/progress.db");
  unsetenv("XDG_DATA_HOME");
  unsetenv("FERRY_DB");
  CHECK(default_db_path() == "/home/ada/.local/share/ferry/progress.db");

  auto restore = [](const char* name, const std::optional<std::string>& value) {
    if (value) {
      setenv(name, value->c_str(), 1);
    } else {
      unsetenv(name);
    }
  };
  restore("FERRY_DB", ferry_db);
  restore("XDG_DATA_HOME", xdg);
  restore("HOME", home);
}

TEST_CASE("utc_now_iso8601 is UTC ISO 8601 to the second", "[store]") {
  CHECK(std::regex_match(utc_now_iso8601(), std::regex("20[0-9]{2}-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9]Z")));
}

TEST_CASE("concurrent writers from four processes lose nothing", "[store]") {
  ferry_test::TempDir dir;
  std::string path = dir.file("shared/progress.db");
  constexpr int k_processes = 4;
  constexpr int k_attempts = 50;
  std::vector<pid_t> children;
  for (int p = 0; p < k_processes; ++p) {
    pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
      // The child: its own connection to the same (perhaps not yet created) file.
      int failures = 0;
      auto store = Store::open(path);
      if (!store) {
        std::fprintf(stderr, "child %d: %s\n", p, store.error().c_str());
        _exit(100);
      }
      for (int i = 0; i < k_attempts; ++i) {
        AttemptRecord a = attempt("02-users", "learner", i % 2 == 0 ? "pass" : "fail");
        a.cases = {case_record("a", "pass", 1, 1), case_record("b", "fail", 0, 1, "child " + std::to_string(p)),
                   case_record("c", "skip", 0, 1)};
        auto id = (*store)->record_attempt(a);
        if (!id) {
          std::fprintf(stderr, "child %d: %s\n", p, id.error().c_str());
          ++failures;
        }
      }
      _exit(failures > 99 ? 99 : failures);
    }
    children.push_back(pid);
  }
  for (pid_t pid : children) {
    int status = 0;
    REQUIRE(waitpid(pid, &status, 0) == pid);
    INFO("child exit status " << status);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
  }
  auto store = open_store(path);
  CHECK(store->count_rows("attempts") == k_processes * k_attempts);
  CHECK(store->count_rows("case_results") == k_processes * k_attempts * 3);
  CHECK(store->count_rows("case_results WHERE message = 'child 3'") == k_attempts);
  CHECK(store->count_rows("pragma_integrity_check WHERE integrity_check = 'ok'") == 1);
  CHECK(integrity(path) == "ok");
  CHECK(store->schema_version() == k_schema_version);
}

TEST_CASE("migration 2 keeps a version-1 database's attempts, as the owner's", "[store]") {
  ferry_test::TempDir dir;
  std::string path = dir.file("v1.db");
  {
    SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db.exec(std::string(migrations().front().sql));
    db.exec("PRAGMA user_version = 1");
    db.exec("INSERT INTO attempts (started_at, exercise, impl, outcome, stage_reached, stages_total, passed, failed, "
            "points, max_points, duration_ms, ferry_version) VALUES ('2026-11-01T10:00:00Z', '01-hello', 'learner', "
            "'fail', 0, 2, 1, 3, 1, 8, 900, '0.1.0')");
  }
  auto store = open_store(path);
  CHECK(store->schema_version() == 2);
  auto attempts = store->learner_attempts("");
  REQUIRE(attempts);
  REQUIRE(attempts->size() == 1);
  CHECK(attempts->front().learner.empty());
  CHECK(attempts->front().hints_used == 0);
  CHECK(attempts->front().diagnostics.empty());
  CHECK_FALSE(attempts->front().linted);
}

TEST_CASE("learner_attempts: oldest first, with cases, diagnostics, hints and the clippy flag", "[store]") {
  ferry_test::TempDir dir;
  auto store = open_store(dir.file("progress.db"));
  auto later = attempt("02-users", "learner", "build_error", 0, 0);
  later.started_at = "2026-11-22T09:00:00Z";
  later.diagnostics = {{"rustc", "error", "E0382", 2, "borrow of moved value: `user`"},
                       {"rustc", "error", "E0502", 1, "cannot borrow `v` as mutable"}};
  later.hints_used = 2;
  auto earlier = attempt("01-hello", "learner", "fail");
  earlier.started_at = "2026-11-20T09:00:00Z";
  earlier.cases = {case_record("health", "pass", 1, 1), case_record("unknown-route", "fail", 0, 2, "status 200")};
  earlier.linted = true;
  earlier.diagnostics = {{"clippy", "warning", "clippy::needless_return", 3, "unneeded `return` statement"}};
  REQUIRE(store->record_attempt(later));
  REQUIRE(store->record_attempt(earlier));
  REQUIRE(store->record_attempt(attempt("01-hello", "rust", "pass")));  // a reference run: not the learner's
  auto someone = attempt("01-hello", "learner", "pass");
  someone.learner = "ana@example.com";
  REQUIRE(store->record_attempt(someone));

  auto mine = store->learner_attempts("");
  REQUIRE(mine);
  REQUIRE(mine->size() == 2);
  CHECK((*mine)[0].exercise == "01-hello");
  CHECK((*mine)[0].linted);
  REQUIRE((*mine)[0].cases.size() == 2);
  REQUIRE((*mine)[0].diagnostics.size() == 1);
  CHECK((*mine)[0].diagnostics[0].code == "clippy::needless_return");
  CHECK((*mine)[0].diagnostics[0].count == 3);
  CHECK((*mine)[1].hints_used == 2);
  REQUIRE((*mine)[1].diagnostics.size() == 2);
  CHECK((*mine)[1].diagnostics[0].code == "E0382");
  CHECK((*mine)[1].diagnostics[0].count == 2);
  auto learners = store->learners();
  REQUIRE(learners);
  CHECK(*learners == std::vector<std::string>{"", "ana@example.com"});
}

TEST_CASE("start dates are set, replaced and read per learner", "[store]") {
  ferry_test::TempDir dir;
  auto store = open_store(dir.file("progress.db"));
  auto none = store->start_date("");
  REQUIRE(none);
  CHECK_FALSE(none->has_value());
  REQUIRE(store->set_start_date("", "2026-09-01"));
  REQUIRE(store->set_start_date("", "2026-09-07"));
  auto set = store->start_date("");
  REQUIRE(set);
  CHECK(set->value_or("") == "2026-09-07");
  CHECK(store->count_rows("learners") == 1);
}

TEST_CASE("import_results is idempotent by digest and writes a file's attempts together", "[store]") {
  ferry_test::TempDir dir;
  auto store = open_store(dir.file("cohort.db"));
  auto a = attempt("01-hello", "learner", "pass");
  a.learner = "bo";
  auto b = attempt("02-users", "learner", "fail");
  b.learner = "bo";
  auto first = store->import_results("abc123", "results.json", "bo", {a, b});
  REQUIRE(first);
  CHECK(*first);
  auto again = store->import_results("abc123", "copy-of-results.json", "bo", {a, b});
  REQUIRE(again);
  CHECK_FALSE(*again);
  CHECK(store->count_rows("attempts") == 2);
  CHECK(store->count_rows("imports") == 1);
}

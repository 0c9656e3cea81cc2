#include "store/store.hpp"

#include "store/migrations.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <sqlite3.h>

#include <chrono>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <thread>

namespace ferry::store {

namespace fs = std::filesystem;

namespace {

/// The columns of an attempt, in the order attempt_from_row() reads them.
constexpr const char* k_attempt_columns =
    "id, started_at, exercise, impl, outcome, stage_reached, stages_total, passed, failed, points, max_points, "
    "duration_ms, ferry_version, learner, hints_used, build_ms, linted";

/// The attempt in the current row of a query that selected k_attempt_columns (its cases and
/// diagnostics are Store::load_details()'s).
AttemptRecord attempt_from_row(SQLite::Statement& query) {
  AttemptRecord a;
  a.id = query.getColumn(0).getInt64();
  a.started_at = query.getColumn(1).getString();
  a.exercise = query.getColumn(2).getString();
  a.impl = query.getColumn(3).getString();
  a.outcome = query.getColumn(4).getString();
  a.stage_reached = query.getColumn(5).getInt();
  a.stages_total = query.getColumn(6).getInt();
  a.passed = query.getColumn(7).getInt();
  a.failed = query.getColumn(8).getInt();
  a.points = query.getColumn(9).getInt();
  a.max_points = query.getColumn(10).getInt();
  a.duration_ms = query.getColumn(11).getDouble();
  a.ferry_version = query.getColumn(12).getString();
  a.learner = query.getColumn(13).getString();
  a.hints_used = query.getColumn(14).getInt();
  a.build_ms = query.getColumn(15).getDouble();
  a.linted = query.getColumn(16).getInt() != 0;
  return a;
}

constexpr int k_busy_timeout_ms = 10'000;

}  // namespace

std::string default_db_path() {
  if (const char* env = std::getenv("FERRY_DB"); env != nullptr && *env != '\0') {
    return env;
  }
  if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg != nullptr && *xdg == '/') {
    return (fs::path(xdg) / "ferry" / "progress.db").string();
  }
  const char* home = std::getenv("HOME");
  return (fs::path(home != nullptr && *home != '\0' ? home : ".") / ".local" / "share" / "ferry" / "progress.db").string();
}

std::string utc_now_iso8601() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buffer;
}

util::Expected<std::unique_ptr<Store>> Store::open(const std::string& path) {
  auto store = std::unique_ptr<Store>(new Store());
  store->m_path = path;
  try {
    std::error_code ec;
    fs::path parent = fs::path(path).parent_path();
    if (!parent.empty()) {
      fs::create_directories(parent, ec);
      if (ec) {
        return util::Error{"cannot create the directory " + parent.string() + " for the progress database: " + ec.message()};
      }
    }
    store->m_db = std::make_unique<SQLite::Database>(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE, k_busy_timeout_ms);
    // Switching a new file to WAL takes an exclusive lock, and SQLite may refuse at
    // once (no busy handler) when another process is opening it at the same moment.
    // Retry for as long as the busy timeout allows.
    for (int waited_ms = 0;; waited_ms += 10) {
      try {
        store->m_db->exec("PRAGMA journal_mode = WAL");
        break;
      } catch (const SQLite::Exception& e) {
        bool busy = e.getErrorCode() == SQLITE_BUSY || e.getErrorCode() == SQLITE_LOCKED;
        if (!busy || waited_ms >= k_busy_timeout_ms) {
          throw;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
      }
    }
    // Grades must survive a power cut, not only a crash of ferry.
    store->m_db->exec("PRAGMA synchronous = FULL");
    store->m_db->exec("PRAGMA foreign_keys = ON");
  } catch (const SQLite::Exception& e) {
    return util::Error{"cannot open the progress database " + path + ": " + e.what()};
  }
  if (auto migrated = store->migrate(); !migrated) {
    return util::Error{migrated.error()};
  }
  return store;
}

Store::~Store() = default;

int Store::schema_version() const { return m_db->execAndGet("PRAGMA user_version").getInt(); }

util::Status Store::migrate() {
  try {
    SQLite::Transaction transaction(*m_db, SQLite::TransactionBehavior::IMMEDIATE);
    int version = schema_version();
    int newest = migrations().back().version;
    if (version > newest) {
      return util::Error{"the progress database " + m_path + " has schema version " + std::to_string(version) +
                         ", newer than this ferry knows (" + std::to_string(newest) + "); update ferry"};
    }
    for (const auto& migration : migrations()) {
      if (migration.version > version) {
        m_db->exec(std::string(migration.sql));
        m_db->exec("PRAGMA user_version = " + std::to_string(migration.version));
      }
    }
    transaction.commit();
  } catch (const SQLite::Exception& e) {
    return util::Error{"cannot prepare the progress database " + m_path + ": " + e.what()};
  }
  return util::Status::ok();
}

std::int64_t Store::insert_attempt(const AttemptRecord& a) {
  SQLite::Statement insert(*m_db,
                           "INSERT INTO attempts (started_at, exercise, impl, outcome, stage_reached, stages_total, "
                           "passed, failed, points, max_points, duration_ms, ferry_version, learner, hints_used, build_ms, "
                           "linted) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  insert.bind(1, a.started_at);
  insert.bind(2, a.exercise);
  insert.bind(3, a.impl);
  insert.bind(4, a.outcome);
  insert.bind(5, a.stage_reached);
  insert.bind(6, a.stages_total);
  insert.bind(7, a.passed);
  insert.bind(8, a.failed);
  insert.bind(9, a.points);
  insert.bind(10, a.max_points);
  insert.bind(11, a.duration_ms);
  insert.bind(12, a.ferry_version);
  insert.bind(13, a.learner);
  insert.bind(14, a.hints_used);
  insert.bind(15, a.build_ms);
  insert.bind(16, a.linted ? 1 : 0);
  insert.exec();
  std::int64_t id = m_db->getLastInsertRowid();
  SQLite::Statement insert_case(*m_db,
                                "INSERT INTO case_results (attempt_id, case_id, stage, kind, concept, status, points, "
                                "max_points, duration_ms, message) VALUES (?,?,?,?,?,?,?,?,?,?)");
  for (const auto& c : a.cases) {
    insert_case.bind(1, id);
    insert_case.bind(2, c.case_id);
    insert_case.bind(3, c.stage);
    insert_case.bind(4, c.kind);
    insert_case.bind(5, c.concept_tag);
    insert_case.bind(6, c.status);
    insert_case.bind(7, c.points);
    insert_case.bind(8, c.max_points);
    insert_case.bind(9, c.duration_ms);
    insert_case.bind(10, c.message);
    insert_case.exec();
    insert_case.reset();
  }
  SQLite::Statement insert_diagnostic(
      *m_db, "INSERT INTO diagnostics (attempt_id, tool, level, code, count, message) VALUES (?,?,?,?,?,?)");
  for (const auto& d : a.diagnostics) {
    insert_diagnostic.bind(1, id);
    insert_diagnostic.bind(2, d.tool);
    insert_diagnostic.bind(3, d.level);
    insert_diagnostic.bind(4, d.code);
    insert_diagnostic.bind(5, d.count);
    insert_diagnostic.bind(6, d.message);
    insert_diagnostic.exec();
    insert_diagnostic.reset();
  }
  return id;
}

util::Expected<std::int64_t> Store::record_attempt(const AttemptRecord& a) {
  try {
    SQLite::Transaction transaction(*m_db, SQLite::TransactionBehavior::IMMEDIATE);
    std::int64_t id = insert_attempt(a);
    transaction.commit();
    return id;
  } catch (const SQLite::Exception& e) {
    return util::Error{"cannot record the attempt in " + m_path + ": " + e.what()};
  }
}

util::Expected<bool> Store::import_results(const std::string& sha256, const std::string& path,
                                           const std::string& learner, const std::vector<AttemptRecord>& attempts) {
  try {
    SQLite::Transaction transaction(*m_db, SQLite::TransactionBehavior::IMMEDIATE);
    SQLite::Statement seen(*m_db, "SELECT COUNT(*) FROM imports WHERE sha256 = ?");
    seen.bind(1, sha256);
    seen.executeStep();
    if (seen.getColumn(0).getInt() > 0) {
      return false;
    }
    SQLite::Statement insert(*m_db,
                             "INSERT INTO imports (sha256, path, learner, imported_at, attempts) VALUES (?,?,?,?,?)");
    insert.bind(1, sha256);
    insert.bind(2, path);
    insert.bind(3, learner);
    insert.bind(4, utc_now_iso8601());
    insert.bind(5, static_cast<int>(attempts.size()));
    insert.exec();
    for (const auto& a : attempts) {
      insert_attempt(a);
    }
    transaction.commit();
    return true;
  } catch (const SQLite::Exception& e) {
    return util::Error{"cannot import " + path + " into " + m_path + ": " + e.what()};
  }
}

util::Expected<std::vector<AttemptRecord>> Store::learner_attempts(const std::string& learner) {
  std::vector<AttemptRecord> out;
  try {
    SQLite::Statement query(*m_db, std::string("SELECT ") + k_attempt_columns +
                                       " FROM attempts WHERE learner = ? AND impl = 'learner' ORDER BY started_at, id");
    query.bind(1, learner);
    while (query.executeStep()) {
      out.push_back(attempt_from_row(query));
    }
    load_details(out);
  } catch (const SQLite::Exception& e) {
    return util::Error{"cannot read attempts from " + m_path + ": " + e.what()};
  }
  return out;
}

void Store::load_details(std::vector<AttemptRecord>& attempts) {
  SQLite::Statement cases(*m_db,
                          "SELECT case_id, stage, kind, concept, status, points, max_points, duration_ms, message "
                          "FROM case_results WHERE attempt_id = ? ORDER BY rowid");
  SQLite::Statement diagnostics(*m_db,
                                "SELECT tool, level, code, count, message FROM diagnostics WHERE attempt_id = ? "
                                "ORDER BY tool, level, code");
  for (auto& a : attempts) {
    cases.bind(1, a.id);
    while (cases.executeStep()) {
      CaseRecord c;
      c.case_id = cases.getColumn(0).getString();
      c.stage = cases.getColumn(1).getInt();
      c.kind = cases.getColumn(2).getString();
      c.concept_tag = cases.getColumn(3).getString();
      c.status = cases.getColumn(4).getString();
      c.points = cases.getColumn(5).getInt();
      c.max_points = cases.getColumn(6).getInt();
      c.duration_ms = cases.getColumn(7).getDouble();
      c.message = cases.getColumn(8).getString();
      a.cases.push_back(std::move(c));
    }
    cases.reset();
    diagnostics.bind(1, a.id);
    while (diagnostics.executeStep()) {
      DiagnosticRecord d;
      d.tool = diagnostics.getColumn(0).getString();
      d.level = diagnostics.getColumn(1).getString();
      d.code = diagnostics.getColumn(2).getString();
      d.count = diagnostics.getColumn(3).getInt();
      d.message = diagnostics.getColumn(4).getString();
      a.diagnostics.push_back(std::move(d));
    }
    diagnostics.reset();
  }
}

util::Expected<std::vector<std::string>> Store::learners() {
  std::vector<std::string> out;
  try {
    SQLite::Statement query(*m_db,
                            "SELECT learner FROM attempts WHERE impl = 'learner' UNION SELECT learner FROM learners "
                            "ORDER BY 1");
    while (query.executeStep()) {
      out.push_back(query.getColumn(0).getString());
    }
  } catch (const SQLite::Exception& e) {
    return util::Error{"cannot read learners from " + m_path + ": " + e.what()};
  }
  return out;
}

util::Expected<std::optional<std::string>> Store::start_date(const std::string& learner) {
  try {
    SQLite::Statement query(*m_db, "SELECT start_date FROM learners WHERE learner = ?");
    query.bind(1, learner);
    if (query.executeStep()) {
      return std::optional<std::string>(query.getColumn(0).getString());
    }
    return std::optional<std::string>();
  } catch (const SQLite::Exception& e) {
    return util::Error{"cannot read the start date from " + m_path + ": " + e.what()};
  }
}

util::Status Store::set_start_date(const std::string& learner, const std::string& date) {
  try {
    SQLite::Transaction transaction(*m_db, SQLite::TransactionBehavior::IMMEDIATE);
    SQLite::Statement upsert(*m_db,
                             "INSERT INTO learners (learner, start_date) VALUES (?, ?) "
                             "ON CONFLICT (learner) DO UPDATE SET start_date = excluded.start_date");
    upsert.bind(1, learner);
    upsert.bind(2, date);
    upsert.exec();
    transaction.commit();
  } catch (const SQLite::Exception& e) {
    return util::Error{"cannot record the start date in " + m_path + ": " + e.what()};
  }
  return util::Status::ok();
}

util::Expected<int> Store::hints_shown(const std::string& exercise) {
  try {
    SQLite::Statement query(*m_db, "SELECT COUNT(*) FROM hints_used WHERE exercise = ?");
    query.bind(1, exercise);
    query.executeStep();
    return query.getColumn(0).getInt();
  } catch (const SQLite::Exception& e) {
    return util::Error{"cannot read hints from " + m_path + ": " + e.what()};
  }
}

util::Expected<std::vector<AttemptRecord>> Store::recent_attempts(const std::string& exercise, const std::string& impl,
                                                                  int limit) {
  std::vector<AttemptRecord> out;
  try {
    SQLite::Statement query(*m_db, std::string("SELECT ") + k_attempt_columns +
                                       " FROM attempts WHERE exercise = ? AND impl = ? ORDER BY id DESC LIMIT ?");
    query.bind(1, exercise);
    query.bind(2, impl);
    query.bind(3, limit);
    while (query.executeStep()) {
      out.push_back(attempt_from_row(query));
    }
    load_details(out);
  } catch (const SQLite::Exception& e) {
    return util::Error{"cannot read attempts from " + m_path + ": " + e.what()};
  }
  return out;
}

util::Expected<std::vector<ExerciseStatus>> Store::learner_status() {
  std::vector<ExerciseStatus> out;
  try {
    SQLite::Statement query(*m_db, R"sql(
      SELECT a.exercise, a.outcome, a.stage_reached, a.stages_total, a.passed, a.passed + a.failed,
             (SELECT COUNT(*) FROM attempts b WHERE b.exercise = a.exercise AND b.impl = 'learner'),
             (SELECT COUNT(*) FROM attempts b WHERE b.exercise = a.exercise AND b.impl = 'learner' AND b.outcome = 'pass')
      FROM attempts a
      WHERE a.impl = 'learner'
        AND a.id = (SELECT MAX(id) FROM attempts c WHERE c.exercise = a.exercise AND c.impl = 'learner'))sql");
    while (query.executeStep()) {
      ExerciseStatus s;
      s.exercise = query.getColumn(0).getString();
      s.outcome = query.getColumn(1).getString();
      s.stage_reached = query.getColumn(2).getInt();
      s.stages_total = query.getColumn(3).getInt();
      s.passed = query.getColumn(4).getInt();
      s.total = query.getColumn(5).getInt();
      s.attempts = query.getColumn(6).getInt();
      s.ever_passed = query.getColumn(7).getInt() > 0;
      out.push_back(std::move(s));
    }
  } catch (const SQLite::Exception& e) {
    return util::Error{"cannot read progress from " + m_path + ": " + e.what()};
  }
  return out;
}

util::Status Store::record_hint(const std::string& exercise, const std::string& case_id, int index) {
  try {
    SQLite::Transaction transaction(*m_db, SQLite::TransactionBehavior::IMMEDIATE);
    SQLite::Statement insert(*m_db, "INSERT INTO hints_used (used_at, exercise, case_id, hint_index) VALUES (?,?,?,?)");
    insert.bind(1, utc_now_iso8601());
    insert.bind(2, exercise);
    insert.bind(3, case_id);
    insert.bind(4, index);
    insert.exec();
    transaction.commit();
  } catch (const SQLite::Exception& e) {
    return util::Error{"cannot record the hint in " + m_path + ": " + e.what()};
  }
  return util::Status::ok();
}

util::Expected<int> Store::hints_used(const std::string& exercise) {
  try {
    SQLite::Statement query(*m_db, "SELECT COUNT(*) FROM hints_used WHERE exercise = ? AND case_id = ''");
    query.bind(1, exercise);
    query.executeStep();
    return query.getColumn(0).getInt();
  } catch (const SQLite::Exception& e) {
    return util::Error{"cannot read hints from " + m_path + ": " + e.what()};
  }
}

std::int64_t Store::count_rows(const std::string& table) const {
  return m_db->execAndGet("SELECT COUNT(*) FROM " + table).getInt64();
}

}  // namespace ferry::store

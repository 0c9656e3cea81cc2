#pragma once
/// @file
/// The progress store: one SQLite file per learner. The only code in ferry
/// that touches SQLite. Versioned migrations, WAL, a busy timeout, and one
/// BEGIN IMMEDIATE transaction per attempt, so concurrent `ferry` processes
/// lose nothing and a kill leaves every attempt either whole or absent.

#include "util/expected.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace SQLite {
class Database;
}

/// The store layer: the learner's progress in one SQLite file, and the only code
/// in ferry that touches SQLite. Attempts with their cases, and hints used.
namespace ferry::store {

/// One case's result within an attempt.
struct CaseRecord {
  std::string case_id;  ///< the case's stable id
  int stage = 1;  ///< its stage
  std::string kind;  ///< happy | error | nil | concurrency | robustness
  std::string concept_tag;  ///< the case's concept
  std::string status;  ///< pass | fail | skip
  int points = 0;  ///< earned
  int max_points = 0;  ///< the case's points
  double duration_ms = 0;  ///< how long the case ran
  std::string message;  ///< the first difference, for "where am I stuck"
};

/// What the compiler or clippy said during an attempt's build, counted by code:
/// `rustc` errors by code (E0382…) and warnings by lint name, `clippy` lints by name.
struct DiagnosticRecord {
  std::string tool;  ///< rustc | clippy
  std::string level;  ///< error | warning
  std::string code;  ///< E0382, unused_variables, clippy::needless_return; "" when rustc gave none
  int count = 0;  ///< how many times in this build
  std::string message;  ///< the first one's headline ("borrow of moved value: `s`")
};

/// One run of `ferry check`.
struct AttemptRecord {
  std::int64_t id = 0;  ///< set by record_attempt
  std::string learner;  ///< "" in a learner's own database; the learner's name in a cohort database
  int hints_used = 0;  ///< hints of this exercise shown before the attempt
  double build_ms = 0;  ///< how long the build took (0: nothing was built)
  bool linted = false;  ///< clippy ran on this (green) build: its lints, if any, are in diagnostics
  std::vector<DiagnosticRecord> diagnostics;  ///< what the compiler and clippy said
  std::string started_at;  ///< UTC, ISO 8601
  std::string exercise;  ///< the exercise id
  std::string impl;  ///< learner | rust | go | mutant | binary
  std::string outcome;  ///< pass | fail | build_error | start_error | interrupted
  int stage_reached = 0;  ///< every case up to this stage passed
  int stages_total = 0;  ///< the contract's number of stages
  int passed = 0;  ///< cases that passed
  int failed = 0;  ///< cases that did not (skipped ones included)
  int points = 0;  ///< earned
  int max_points = 0;  ///< of the cases run
  double duration_ms = 0;  ///< the whole check
  std::string ferry_version;  ///< the harness that graded it
  std::vector<CaseRecord> cases;  ///< one per case run
};

/// The latest learner attempt per exercise, for `ferry list`.
struct ExerciseStatus {
  std::string exercise;  ///< the exercise id
  std::string outcome;  ///< of the latest attempt
  int stage_reached = 0;  ///< of the latest attempt
  int stages_total = 0;  ///< of the latest attempt
  int passed = 0;  ///< cases passed in the latest attempt
  int total = 0;  ///< cases run in the latest attempt
  int attempts = 0;  ///< every learner attempt at the exercise
  bool ever_passed = false;  ///< some attempt passed every case
};

/// The schema version this ferry writes.
inline constexpr int k_schema_version = 2;

/// An open progress database. Every write is one BEGIN IMMEDIATE transaction.
class Store {
public:
  /// Open (creating directories and the file as needed) and migrate @p path.
  static util::Expected<std::unique_ptr<Store>> open(const std::string& path);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  /// The database file.
  [[nodiscard]] const std::string& path() const { return m_path; }
  /// The database's user_version: the last migration applied.
  [[nodiscard]] int schema_version() const;

  /// Write @p attempt and its cases in one transaction; returns its id.
  util::Expected<std::int64_t> record_attempt(const AttemptRecord& attempt);
  /// The most recent attempts, newest first (cases included).
  util::Expected<std::vector<AttemptRecord>> recent_attempts(const std::string& exercise, const std::string& impl,
                                                             int limit);
  /// Per exercise attempted, the latest learner attempt and the learner's totals.
  util::Expected<std::vector<ExerciseStatus>> learner_status();

  /// Record that hint @p index of @p exercise (or the hint of @p case_id) was shown.
  util::Status record_hint(const std::string& exercise, const std::string& case_id, int index);
  /// How many general hints of @p exercise were shown so far.
  util::Expected<int> hints_used(const std::string& exercise);

  /// How many hints of @p exercise (general and per case) were shown so far.
  util::Expected<int> hints_shown(const std::string& exercise);

  /// Every attempt of @p learner at their own crate (impl `learner`), oldest first,
  /// with cases and diagnostics.
  util::Expected<std::vector<AttemptRecord>> learner_attempts(const std::string& learner);
  /// The learners with attempts or a start date, in name order.
  util::Expected<std::vector<std::string>> learners();
  /// The day @p learner started the plan (YYYY-MM-DD), when it was set.
  util::Expected<std::optional<std::string>> start_date(const std::string& learner);
  /// Set the day @p learner started the plan (YYYY-MM-DD).
  util::Status set_start_date(const std::string& learner, const std::string& date);

  /// Import the attempts of one results file in one transaction, keyed by @p sha256:
  /// false (and nothing written) when a file with that digest was imported before.
  util::Expected<bool> import_results(const std::string& sha256, const std::string& path, const std::string& learner,
                                      const std::vector<AttemptRecord>& attempts);

  /// The number of rows in @p table (a trusted name, for tests).
  [[nodiscard]] std::int64_t count_rows(const std::string& table) const;

private:
  Store() = default;
  util::Status migrate();
  /// Insert @p attempt with its cases and diagnostics (inside the caller's transaction).
  std::int64_t insert_attempt(const AttemptRecord& attempt);
  /// Read the cases and diagnostics of @p attempts.
  void load_details(std::vector<AttemptRecord>& attempts);

  std::string m_path;
  std::unique_ptr<SQLite::Database> m_db;
};

/// The default database path: $FERRY_DB, else $XDG_DATA_HOME/ferry/progress.db,
/// else ~/.local/share/ferry/progress.db.
std::string default_db_path();

/// Now, in UTC, as 2026-11-21T17:04:20Z.
std::string utc_now_iso8601();

}  // namespace ferry::store

#include "store/migrations.hpp"

namespace ferry::store {

const std::vector<Migration>& migrations() {
  static const std::vector<Migration> all = {
      {1, R"sql(
CREATE TABLE attempts (
  id            INTEGER PRIMARY KEY,
  started_at    TEXT    NOT NULL,
  exercise      TEXT    NOT NULL,
  impl          TEXT    NOT NULL,
  outcome       TEXT    NOT NULL CHECK (outcome IN ('pass','fail','build_error','start_error','interrupted')),
  stage_reached INTEGER NOT NULL,
  stages_total  INTEGER NOT NULL,
  passed        INTEGER NOT NULL,
  failed        INTEGER NOT NULL,
  points        INTEGER NOT NULL,
  max_points    INTEGER NOT NULL,
  duration_ms   REAL    NOT NULL,
  ferry_version TEXT    NOT NULL
);
CREATE INDEX attempts_by_exercise ON attempts (exercise, impl, id);
CREATE TABLE case_results (
  attempt_id  INTEGER NOT NULL REFERENCES attempts(id) ON DELETE CASCADE,
  case_id     TEXT    NOT NULL,
  stage       INTEGER NOT NULL,
  kind        TEXT    NOT NULL,
  concept     TEXT    NOT NULL,
  status      TEXT    NOT NULL CHECK (status IN ('pass','fail','skip')),
  points      INTEGER NOT NULL,
  max_points  INTEGER NOT NULL,
  duration_ms REAL    NOT NULL,
  message     TEXT    NOT NULL,
  PRIMARY KEY (attempt_id, case_id)
);
CREATE TABLE hints_used (
  id         INTEGER PRIMARY KEY,
  used_at    TEXT    NOT NULL,
  exercise   TEXT    NOT NULL,
  case_id    TEXT    NOT NULL,
  hint_index INTEGER NOT NULL
);
)sql"},
      // 2: the proficiency curve. Who made an attempt (empty: the owner of this file; a
      // cohort database holds many learners), the hints shown before it, whether clippy looked at
      // it, what the compiler and clippy said (counts by code or lint name), when each learner started, and the
      // results files a cohort database has imported (by their SHA-256, so importing the
      // same file twice changes nothing).
      {2, R"sql(
ALTER TABLE attempts ADD COLUMN learner    TEXT    NOT NULL DEFAULT '';
ALTER TABLE attempts ADD COLUMN hints_used INTEGER NOT NULL DEFAULT 0;
ALTER TABLE attempts ADD COLUMN build_ms   REAL    NOT NULL DEFAULT 0;
ALTER TABLE attempts ADD COLUMN linted     INTEGER NOT NULL DEFAULT 0;
CREATE INDEX attempts_by_learner ON attempts (learner, impl, started_at);
CREATE TABLE diagnostics (
  attempt_id INTEGER NOT NULL REFERENCES attempts(id) ON DELETE CASCADE,
  tool       TEXT    NOT NULL CHECK (tool IN ('rustc','clippy')),
  level      TEXT    NOT NULL,
  code       TEXT    NOT NULL,
  count      INTEGER NOT NULL CHECK (count > 0),
  message    TEXT    NOT NULL,
  PRIMARY KEY (attempt_id, tool, level, code)
);
CREATE TABLE learners (
  learner    TEXT PRIMARY KEY,
  start_date TEXT NOT NULL
);
CREATE TABLE imports (
  sha256      TEXT PRIMARY KEY,
  path        TEXT    NOT NULL,
  learner     TEXT    NOT NULL,
  imported_at TEXT    NOT NULL,
  attempts    INTEGER NOT NULL
);
)sql"},
  };
  return all;
}

}  // namespace ferry::store

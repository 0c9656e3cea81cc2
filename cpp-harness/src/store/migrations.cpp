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
  };
  return all;
}

}  // namespace ferry::store

-- The jobs. Embedded in the binary by `sqlx::migrate!()` and applied at start-up; sqlx
-- records what it applied in `_sqlx_migrations`, so a restart on the same file changes
-- nothing here.
--
-- AUTOINCREMENT: ids are never reused, as in 05. Ids also give the order in which jobs
-- were accepted: "oldest first", when the jobs left unfinished by a crash are queued
-- again at start-up, is `ORDER BY id`.
--
-- `input` is the task as serde writes it, its name included:
-- `{"task":"sum","numbers":[1,2,3]}` or `{"task":"fail","message":"disk full"}`. A worker
-- reads it back with one `serde_json::from_str`, after a restart too.
--
-- `delay_ms` (0 to 60000) is checked by the service, which answers 422; a CHECK here would
-- only turn a forgotten check into a 500.
--
-- `status` only moves forward: queued -> running -> done or failed. The CHECK keeps
-- anything else out of the column the workers and the restart rely on.
--
-- `result` is the JSON text of what a `done` job produced (`{"sum":6}`), `error` the
-- text of why a `failed` one failed; both NULL until then.
CREATE TABLE jobs (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    input    TEXT    NOT NULL,
    delay_ms INTEGER NOT NULL,
    status   TEXT    NOT NULL DEFAULT 'queued'
             CHECK (status IN ('queued', 'running', 'done', 'failed')),
    result   TEXT,
    error    TEXT
);

-- The jobs table. Migrations run in the order of their numbers, each once: the
-- database remembers the last one applied in PRAGMA user_version (see migrate.go).
--
-- A row is written when a job is accepted, before the 202, and then changed twice by
-- the worker that runs it: status 'running' when it takes the job, then 'done' with a
-- result or 'failed' with an error. So after a crash the table says which jobs were
-- accepted and not finished: those still 'queued' or 'running'.
--
-- id: INTEGER PRIMARY KEY AUTOINCREMENT, as in 05-todos: an id is never handed out
-- twice. Ids also give the order jobs were accepted in, which is the order they are
-- queued again after a crash.
--
-- The job's input: task, plus what that task reads. numbers (a JSON array of integers)
-- for 'sum', message for 'fail', the other NULL. delay_ms is 0 when the request left
-- it out.
--
-- The job's outcome: result (JSON text, such as {"sum":6}) for 'done', error for
-- 'failed', both NULL before. The CHECKs make any other combination impossible to
-- store, whatever the Go code does.
CREATE TABLE jobs (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    task     TEXT    NOT NULL CHECK (task IN ('sum', 'fail')),
    numbers  TEXT,
    message  TEXT,
    delay_ms INTEGER NOT NULL CHECK (delay_ms BETWEEN 0 AND 60000),
    status   TEXT    NOT NULL DEFAULT 'queued'
                     CHECK (status IN ('queued', 'running', 'done', 'failed')),
    result   TEXT,
    error    TEXT,
    CHECK ((numbers IS NOT NULL) = (task = 'sum')),
    CHECK ((message IS NOT NULL) = (task = 'fail')),
    CHECK ((result IS NOT NULL) = (status = 'done')),
    CHECK ((error IS NOT NULL) = (status = 'failed'))
);

-- Every start looks for the jobs left unfinished. A partial index holds only those,
-- so the look-up stays small however many finished jobs pile up.
CREATE INDEX jobs_unfinished ON jobs (id) WHERE status IN ('queued', 'running');

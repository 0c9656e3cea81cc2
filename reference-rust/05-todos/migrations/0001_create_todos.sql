-- The todos. Embedded in the binary by `sqlx::migrate!()` and applied at start-up; sqlx
-- records what it applied in `_sqlx_migrations`, so a restart on the same file changes
-- nothing here.
--
-- AUTOINCREMENT: without it, SQLite's rowid is max(id) + 1, and deleting the newest todo
-- would hand its id to the next one. With it, SQLite remembers the largest id ever given
-- (in `sqlite_sequence`), so an id is never reused, even after a delete or a restart.
--
-- `title` is UNIQUE with SQLite's default BINARY collation: compared exactly, byte for
-- byte, so "Milk" and "milk" are two titles. Its length (1 to 200 characters) is checked
-- by the service, which answers 422; a CHECK here would only turn a forgotten check
-- into a 500.
--
-- `notes` may be NULL, and NULL is not '': the column says "no notes" and "empty notes"
-- as two different values.
--
-- `done` is SQLite's boolean: an INTEGER, 0 or 1.
CREATE TABLE todos (
    id    INTEGER PRIMARY KEY AUTOINCREMENT,
    title TEXT    NOT NULL UNIQUE,
    notes TEXT,
    done  INTEGER NOT NULL DEFAULT 0 CHECK (done IN (0, 1))
);

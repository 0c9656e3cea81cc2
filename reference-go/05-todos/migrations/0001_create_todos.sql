-- The todos table. Migrations run in the order of their numbers, each once: the
-- database remembers the last one applied in PRAGMA user_version (see migrate.go).
--
-- id: INTEGER PRIMARY KEY makes the column the rowid. AUTOINCREMENT adds the promise
-- that an id is never handed out twice, even after the todo holding the largest id is
-- deleted (SQLite keeps the high-water mark in the sqlite_sequence table); without it,
-- a new row may get the id of a row deleted a moment ago.
--
-- title: UNIQUE is what turns "a title another todo already has" into an error from
-- the database itself, so two requests racing with the same title cannot both win.
-- The default BINARY collation compares the bytes: "Milk" and "milk" are different.
--
-- notes: no NOT NULL, so NULL is a value of its own, distinct from ''.
--
-- done: SQLite has no boolean type; 0 and 1, and nothing else.
CREATE TABLE todos (
    id    INTEGER PRIMARY KEY AUTOINCREMENT,
    title TEXT    NOT NULL UNIQUE,
    notes TEXT,
    done  INTEGER NOT NULL DEFAULT 0 CHECK (done IN (0, 1))
);

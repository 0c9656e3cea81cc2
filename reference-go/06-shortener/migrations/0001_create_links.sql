-- The links table. Migrations run in the order of their numbers, each once: the
-- database remembers the last one applied in PRAGMA user_version (see migrate.go).
--
-- code: the key, and its uniqueness is what answers 409 alias_taken. Two creates of
-- one alias at the same moment could both pass a SELECT made before the INSERT; only
-- one of them can pass the constraint. NOT NULL is spelled out because SQLite, for
-- historical reasons, lets a PRIMARY KEY column that is not an INTEGER hold NULL. The
-- default BINARY collation compares the bytes, as the memory store's map does:
-- "Rust-Book" and "rust-book" are two codes.
--
-- url: stored exactly as the client gave it. Its rules (http or https, a host, at most
-- 2048 characters) are the service's to check, with a 422; a CHECK here would only
-- turn a check the service forgot into a 500.
--
-- hits: only ever grows, by one, in UPDATE links SET hits = hits + 1.
CREATE TABLE links (
    code TEXT    NOT NULL PRIMARY KEY,
    url  TEXT    NOT NULL,
    hits INTEGER NOT NULL DEFAULT 0
);

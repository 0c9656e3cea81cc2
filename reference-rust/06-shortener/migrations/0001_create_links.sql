-- The links. Embedded in the binary by `sqlx::migrate!()` and applied at start-up when
-- `DATABASE_URL` is set; sqlx records what it applied in `_sqlx_migrations`, so a
-- restart on the same file changes nothing here.
--
-- `code` is the key, and its uniqueness is what answers `409 alias_taken`: two creates
-- of one alias at the same moment cannot both pass a check made before the INSERT,
-- but only one of them can pass the constraint. NOT NULL is spelled out because SQLite,
-- for historical reasons, lets a non-INTEGER PRIMARY KEY column hold NULL. It is
-- compared with the default BINARY collation, byte for byte, as the memory store's
-- `HashMap` compares: `Rust-Book` and `rust-book` are two codes.
--
-- `url` is stored exactly as the client gave it. Its rules (http or https, a host, at
-- most 2048 characters) are checked by the service, which answers 422; a CHECK here
-- would only turn a forgotten check into a 500.
--
-- `hits` only ever grows, by one, in `UPDATE links SET hits = hits + 1`.
CREATE TABLE links (
    code TEXT    NOT NULL PRIMARY KEY,
    url  TEXT    NOT NULL,
    hits INTEGER NOT NULL DEFAULT 0
);

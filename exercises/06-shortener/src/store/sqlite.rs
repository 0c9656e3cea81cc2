//! `SqliteStore`: the links in a SQLite file, as in 05. Opening it is done for you;
//! the queries are yours.
//!
//! - `sqlx::query_as::<_, Link>("SELECT ... WHERE code = ?")`, `.bind(code)`, then
//!   `.fetch_one`, `.fetch_optional` or `.fetch_all(&self.pool)`; `sqlx::query(...)
//!   .execute(...)` when no row comes back (its `rows_affected()` says whether a
//!   DELETE found the link). Every value goes in with `bind`, never `format!`.
//! - SQLite has `RETURNING code, url, hits` on INSERT and UPDATE: the row as the
//!   statement left it, without a second query.
//! - The hit is one statement: `UPDATE links SET hits = hits + 1 WHERE code = ?
//!   RETURNING ...`. SQLite does the read and the write under its write lock;
//!   `fetch_optional` gives `None` when no link has the code.
//! - A taken code comes back as the INSERT's error: the PRIMARY KEY refuses it. Do not
//!   SELECT first: two creates of one alias would both find it free.

use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool};

use super::{Store, StoreError};
use crate::model::Link;

/// How to open the file that `url` names: `sqlite://` followed by its path.
pub fn connect_options(url: &str) -> Result<SqliteConnectOptions, String> {
    let path = url
        .strip_prefix("sqlite://")
        .filter(|path| !path.is_empty())
        .ok_or_else(|| format!("DATABASE_URL={url:?} is not sqlite:// followed by a path"))?;
    Ok(SqliteConnectOptions::new()
        .filename(path)
        // A fresh start creates the file; the migrations then create the table.
        .create_if_missing(true)
        // Readers and a writer do not wait for each other.
        .journal_mode(SqliteJournalMode::Wal)
        // Writers take turns: one that finds the file locked waits up to 5 s.
        .busy_timeout(Duration::from_secs(5)))
}

/// The pool. Cloning it clones a handle to the same connections.
#[derive(Debug, Clone)]
pub struct SqliteStore {
    pool: SqlitePool,
}

impl SqliteStore {
    /// Opens the database and applies the migrations of `migrations/` it has not had
    /// yet; a file that has them all keeps its links untouched.
    pub async fn open(options: SqliteConnectOptions) -> Result<Self, sqlx::Error> {
        let pool = SqlitePool::connect_with(options).await?;
        sqlx::migrate!().run(&pool).await?;
        Ok(Self { pool })
    }
}

impl Store for SqliteStore {
    async fn create(&self, _code: &str, _url: &str) -> Result<Link, StoreError> {
        todo!("INSERT ... RETURNING; a unique violation is AliasTaken")
    }

    async fn get(&self, _code: &str) -> Result<Link, StoreError> {
        todo!("SELECT; no row is NotFound")
    }

    async fn hit(&self, _code: &str) -> Result<Link, StoreError> {
        todo!("one UPDATE ... SET hits = hits + 1 ... RETURNING; no row is NotFound")
    }

    async fn delete(&self, _code: &str) -> Result<(), StoreError> {
        todo!("DELETE; nothing deleted is NotFound")
    }

    /// Done for you: waits for the connections in use, then closes them all, which
    /// writes everything to the file.
    async fn close(&self) {
        self.pool.close().await;
    }
}

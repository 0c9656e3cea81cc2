//! `SqliteStore`: the links in a SQLite file, through a sqlx pool, as in 05.
//!
//! The queries are checked at run time (`sqlx::query_as::<_, Link>`), not by the
//! `query!` macros, which need a database to compile against. Every value goes in
//! through `bind`, never through `format!`: the SQL text is constant (in this mutant,
//! one of two constants, which `alias-overwrites` chooses).

use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool};

use super::{Store, StoreError};
use crate::model::Link;
use crate::mutation::{self, Mutation};

/// A `DATABASE_URL` that is not `sqlite://` followed by a path.
#[derive(Debug, thiserror::Error)]
#[error("DATABASE_URL={0:?} is not sqlite:// followed by the path of a file")]
pub struct InvalidDatabaseUrl(String);

/// How to open the file that `url` names: `sqlite:///tmp/links.db` is the absolute
/// path `/tmp/links.db`, `sqlite://links.db` a file in the working directory. As in
/// 05, the path is taken as it is, after `sqlite://`.
pub fn connect_options(url: &str) -> Result<SqliteConnectOptions, InvalidDatabaseUrl> {
    let path = url
        .strip_prefix("sqlite://")
        .filter(|path| !path.is_empty())
        .ok_or_else(|| InvalidDatabaseUrl(url.to_owned()))?;
    Ok(SqliteConnectOptions::new()
        .filename(path)
        // A fresh start creates the file; the migrations then create the table.
        .create_if_missing(true)
        // Write-ahead logging: readers do not wait for a writer, nor a writer for
        // readers. Folded back into the file when the last connection closes, which
        // `close` makes happen before the process exits.
        .journal_mode(SqliteJournalMode::Wal)
        // Writers take turns: 200 redirects at once are 200 UPDATEs, one after the
        // other, and a connection that finds the file locked waits up to this long for
        // its turn instead of failing with SQLITE_BUSY.
        .busy_timeout(Duration::from_secs(5)))
}

/// What every handler gets through `State` when `DATABASE_URL` is set: the pool.
/// Cloning it clones a handle to the same connections.
#[derive(Debug, Clone)]
pub struct SqliteStore {
    pool: SqlitePool,
}

impl SqliteStore {
    /// Opens the database and brings its tables up to date: the migrations in
    /// `migrations/`, embedded in the binary at compile time, that the file has not
    /// had yet. A file that already has them keeps its links untouched.
    pub async fn open(options: SqliteConnectOptions) -> Result<Self, sqlx::Error> {
        let pool = SqlitePool::connect_with(options).await?;
        sqlx::migrate!().run(&pool).await?;
        Ok(Self { pool })
    }
}

impl Store for SqliteStore {
    /// The PRIMARY KEY decides whether the code is free, inside the INSERT: the
    /// database's own check-and-insert, atomic where a SELECT first would not be.
    async fn create(&self, code: &str, url: &str) -> Result<Link, StoreError> {
        let sql = match mutation::active() {
            // MUTATION alias-overwrites: the "fix" for a UNIQUE error seen once in
            // testing: SQLite deletes the row that has the code, and inserts this one.
            Some(Mutation::AliasOverwrites) => {
                "INSERT OR REPLACE INTO links (code, url) VALUES (?, ?) RETURNING code, url, hits"
            }
            _ => "INSERT INTO links (code, url) VALUES (?, ?) RETURNING code, url, hits",
        };
        sqlx::query_as::<_, Link>(sql)
            .bind(code)
            .bind(url)
            .fetch_one(&self.pool)
            .await
            .map_err(|err| match err {
                // Go compares the driver's error code (`sqlite3.ErrConstraintPrimaryKey`);
                // sqlx's `DatabaseError` knows a unique violation in every driver. The
                // table's one unique column is `code`.
                sqlx::Error::Database(db) if db.is_unique_violation() => StoreError::AliasTaken,
                other => other.into(),
            })
    }

    async fn get(&self, code: &str) -> Result<Link, StoreError> {
        sqlx::query_as::<_, Link>("SELECT code, url, hits FROM links WHERE code = ?")
            .bind(code)
            .fetch_optional(&self.pool)
            .await?
            .ok_or(StoreError::NotFound)
    }

    /// One statement: SQLite reads `hits`, adds one and writes it back under the
    /// file's write lock, so no other UPDATE can read the old count in between; and
    /// `RETURNING` hands back the link as the UPDATE left it, without a second query
    /// for another writer to slip before. No row back: no such link.
    async fn hit(&self, code: &str) -> Result<Link, StoreError> {
        sqlx::query_as::<_, Link>(
            "UPDATE links SET hits = hits + 1 WHERE code = ? RETURNING code, url, hits",
        )
        .bind(code)
        .fetch_optional(&self.pool)
        .await?
        .ok_or(StoreError::NotFound)
    }

    // MUTATION racy-hits: the second half of the racy hit, `hits` written as given.
    async fn set_hits(&self, code: &str, hits: i64) -> Result<Link, StoreError> {
        sqlx::query_as::<_, Link>(
            "UPDATE links SET hits = ? WHERE code = ? RETURNING code, url, hits",
        )
        .bind(hits)
        .bind(code)
        .fetch_optional(&self.pool)
        .await?
        .ok_or(StoreError::NotFound)
    }

    async fn delete(&self, code: &str) -> Result<(), StoreError> {
        let deleted = sqlx::query("DELETE FROM links WHERE code = ?")
            .bind(code)
            .execute(&self.pool)
            .await?
            .rows_affected();
        if deleted == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    /// Waits for the connections in use to come back, then closes them all. The last
    /// one to close checkpoints the WAL into the database file.
    async fn close(&self) {
        self.pool.close().await;
    }
}

//! The Go service's database, seen from the gateway: opened read-only, read by one
//! query.
//!
//! The strangler fig moves *routes* first, not data. Until every route that writes
//! todos has moved too, the Go service owns the file: it creates it, migrates it and
//! writes it. The gateway reads what is there and nothing else, and says so to SQLite:
//!
//! - `read_only(true)` opens the file with `SQLITE_OPEN_READONLY`. A write through this
//!   pool is refused by SQLite itself, whatever a later change to this code tries;
//! - no `create_if_missing`: a wrong `DATABASE_URL` is an error at start-up, not an
//!   empty file the gateway would then read "no such todo" from forever;
//! - no `sqlx::migrate!`: the schema is the Go service's (its migrations record what
//!   they applied in `PRAGMA user_version`; ours would add a `_sqlx_migrations` table
//!   to a database that is not ours), and no `journal_mode` either, which is a setting
//!   of the file, not of one connection.

use std::time::Duration;

use serde::Serialize;
use sqlx::sqlite::{SqliteConnectOptions, SqlitePool};

/// A todo as the Go service stores it and as 05 shows it:
/// `{"id": 1, "title": "Buy milk", "notes": null, "done": false}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct Todo {
    pub id: i64,
    pub title: String,
    /// NULL stays `null`, `""` stays `""`: 05's lesson, which the gateway must not
    /// undo on the way through.
    pub notes: Option<String>,
    /// SQLite's INTEGER 0 or 1.
    pub done: bool,
}

/// A `DATABASE_URL` that is not `sqlite://` followed by a path.
#[derive(Debug, thiserror::Error)]
#[error("DATABASE_URL={0:?} is not sqlite:// followed by the path of a file")]
pub struct InvalidDatabaseUrl(String);

/// How to open the file that `url` names, for reading only: `sqlite:///tmp/todos.db` is
/// the absolute path `/tmp/todos.db`, `sqlite://todos.db` a file in the working
/// directory.
///
/// 05's rules, to the letter, because the gateway and the Go service must read the
/// same setting as the same file: the path is what follows `sqlite://`, as it is.
/// (`SqliteConnectOptions::from_str` would percent-decode it and read `?mode=rwc` and
/// friends, so the two could open different files, or the gateway a writable one.) A
/// `?` is refused, as the Go services refuse it.
pub fn connect_options(url: &str) -> Result<SqliteConnectOptions, InvalidDatabaseUrl> {
    let path = url
        .strip_prefix("sqlite://")
        .filter(|path| !path.is_empty() && !path.contains('?'))
        .ok_or_else(|| InvalidDatabaseUrl(url.to_owned()))?;
    Ok(SqliteConnectOptions::new()
        .filename(path)
        .read_only(true)
        // The Go service writes while we read. Its journal is a rollback journal, so a
        // reader can find the file locked for the moment of a commit: wait for it
        // instead of failing with SQLITE_BUSY.
        .busy_timeout(Duration::from_secs(5)))
}

/// The read-only pool. Cloning it clones a handle to the same connections.
#[derive(Debug, Clone)]
pub struct Store {
    pool: SqlitePool,
}

impl Store {
    /// Opens the file, which must exist already: the upstream creates it.
    pub async fn open(options: SqliteConnectOptions) -> Result<Self, sqlx::Error> {
        let pool = SqlitePool::connect_with(options).await?;
        Ok(Self { pool })
    }

    /// Waits for the connections in use to come back, then closes them all.
    pub async fn close(&self) {
        self.pool.close().await;
    }

    /// `None` when no todo has this id.
    pub async fn find(&self, id: i64) -> Result<Option<Todo>, sqlx::Error> {
        sqlx::query_as::<_, Todo>("SELECT id, title, notes, done FROM todos WHERE id = ?")
            .bind(id)
            .fetch_optional(&self.pool)
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn database_urls_name_a_file() {
        for (url, path) in [
            ("sqlite:///tmp/todos.db", "/tmp/todos.db"),
            ("sqlite://todos.db", "todos.db"),
            ("sqlite://data/todos.db", "data/todos.db"),
        ] {
            let options = connect_options(url).expect("a sqlite URL");
            assert_eq!(options.get_filename(), std::path::Path::new(path), "{url}");
        }
        for bad in [
            "",
            "sqlite://",
            "sqlite://?mode=ro",
            "sqlite://todos.db?mode=rwc",
            "todos.db",
            "sqlite:todos.db",
            "sqlite::memory:",
            "postgres://localhost/todos",
        ] {
            assert!(connect_options(bad).is_err(), "{bad:?}");
        }
    }
}

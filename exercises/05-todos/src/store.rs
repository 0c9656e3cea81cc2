//! The database. Opening it is done for you; the queries are yours.
//!
//! The Go service passes a `*sql.DB` and a `context` to every query. Here the
//! `SqlitePool` is the `*sql.DB` (a pool of connections, cheap to clone), and a
//! request that is cancelled drops its handler's future, and the query with it: no
//! `context` needed.
//!
//! A plan, in the order of `reference-go/05-todos`:
//!
//! ```text
//! impl Store {
//!     pub async fn create(&self, new: &NewTodo) -> Result<Todo, TodoError>
//!     pub async fn get(&self, id: i64) -> Result<Todo, TodoError>
//!     pub async fn update(&self, id: i64, patch: &TodoPatch) -> Result<Todo, TodoError>
//!     pub async fn delete(&self, id: i64) -> Result<(), TodoError>
//!     pub async fn list(&self, pagination: Pagination) -> Result<Page, TodoError>
//!     pub async fn create_batch(&self, todos: &[NewTodo]) -> Result<Vec<Todo>, TodoError>
//! }
//! ```
//!
//! - Write the queries with `sqlx::query_as::<_, Todo>("SELECT ... WHERE id = ?")`,
//!   `.bind(id)`, then `.fetch_one`, `.fetch_optional` or `.fetch_all(&self.pool)`;
//!   `sqlx::query(...).execute(...)` when no row comes back (its `rows_affected()`
//!   says whether a DELETE found the todo). Not the `sqlx::query!` macros: they need a
//!   database while compiling. Every value goes in with `bind`, never `format!`.
//! - SQLite has `RETURNING id, title, notes, done` on INSERT and UPDATE: the row as
//!   stored, with the id the database chose, without a second query.
//! - `fetch_optional` gives an `Option`: `None` is the 404, `ok_or` makes it an error.
//! - The batch is all or nothing: `self.pool.begin()` gives a transaction, the queries
//!   run on `&mut *tx`, and `tx.commit()` ends it. Go needs `defer tx.Rollback()`;
//!   here a transaction dropped without `commit` rolls back, so a `?` that returns
//!   early undoes the inserts before it. (A function that takes
//!   `impl sqlx::SqliteExecutor<'_>` runs on the pool and in a transaction alike.)
//! - A taken title comes back as an error of the INSERT or UPDATE: `error.rs`.

use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool};

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
        // Two writers take turns: the second waits up to 5 s instead of failing.
        .busy_timeout(Duration::from_secs(5)))
}

/// What every handler gets through `State`. Cloning it clones a handle to the same
/// connections.
#[derive(Debug, Clone)]
pub struct Store {
    pool: SqlitePool,
}

impl Store {
    /// Opens the database and applies the migrations of `migrations/` it has not had
    /// yet; a file that has them all keeps its data untouched.
    pub async fn open(options: SqliteConnectOptions) -> Result<Self, sqlx::Error> {
        let pool = SqlitePool::connect_with(options).await?;
        sqlx::migrate!().run(&pool).await?;
        Ok(Self { pool })
    }

    /// Waits for the connections in use, then closes them all.
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

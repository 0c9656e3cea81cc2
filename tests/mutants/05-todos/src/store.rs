//! The database: opening it, and every query of the service.
//! Mutations here: `null-as-empty`, `empty-as-null`, `batch-no-transaction`,
//! `delete-missing-204`, `memory-db`.
//!
//! The Go service passes a `*sql.DB` and a `context` to every query and `Scan`s each
//! row by hand. Here the `SqlitePool` is the `*sql.DB` (a pool of connections, cheap
//! to clone), `#[derive(FromRow)]` on `Todo` does the scanning, and the request's
//! cancellation needs no `context`: when axum drops a handler's future, the query in
//! it is dropped too.
//!
//! The queries are checked at run time (`sqlx::query_as::<_, Todo>`), not by the
//! `query!` macros, which need a database to compile against. Every value goes in
//! through `bind`, never through `format!`. (In this mutant, `format!` puts in the
//! column list, which `null-as-empty` changes; never a value.)

use std::str::FromStr;
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions};
use sqlx::SqliteExecutor;

use crate::error::TodoError;
use crate::extract::Pagination;
use crate::model::{NewTodo, Page, Todo, TodoPatch};
use crate::mutation::{self, Mutation};

/// `DATABASE_URL` when it is unset: a file in the working directory.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://todos.db";

/// A `DATABASE_URL` that is not `sqlite://` followed by a path.
#[derive(Debug, thiserror::Error)]
#[error("DATABASE_URL={0:?} is not sqlite:// followed by the path of a file")]
pub struct InvalidDatabaseUrl(String);

/// How to open the file that `url` names: `sqlite:///tmp/todos.db` is the absolute path
/// `/tmp/todos.db`, `sqlite://todos.db` a file in the working directory.
///
/// The path is taken as it is, after `sqlite://`. (`SqliteConnectOptions::from_str`
/// would also read `?mode=ro` and friends, and `sqlite::memory:`; the contract names
/// a file, so that is all this accepts.)
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
        // readers, which matters with a pool of connections serving requests at once.
        // The WAL is folded back into the file when the last connection closes, which
        // `Store::close` makes happen before the process exits.
        .journal_mode(SqliteJournalMode::Wal)
        // Two writers still take turns. A connection that finds the database locked
        // waits up to this long for its turn instead of failing with SQLITE_BUSY at
        // once (sqlx's default too; said here because the service depends on it).
        .busy_timeout(Duration::from_secs(5)))
}

/// What every handler gets through `State`: the pool. Cloning it clones a handle to the
/// same connections.
#[derive(Debug, Clone)]
pub struct Store {
    pool: SqlitePool,
}

impl Store {
    /// Opens the database and brings its tables up to date: the migrations in
    /// `migrations/`, embedded in the binary at compile time, that the file has not
    /// had yet. A file that already has them keeps its data untouched.
    pub async fn open(options: SqliteConnectOptions) -> Result<Self, sqlx::Error> {
        let pool = match mutation::active() {
            // MUTATION memory-db: the tutorial's `sql.Open("sqlite3", ":memory:")` kept
            // after the configuration came in. One connection, never recycled, since
            // each connection to `:memory:` is a database of its own; everything is
            // gone when the process ends, whatever `DATABASE_URL` says.
            Some(Mutation::MemoryDb) => {
                SqlitePoolOptions::new()
                    .max_connections(1)
                    .idle_timeout(None)
                    .max_lifetime(None)
                    .connect_with(SqliteConnectOptions::from_str("sqlite::memory:")?)
                    .await?
            }
            _ => SqlitePool::connect_with(options).await?,
        };
        sqlx::migrate!().run(&pool).await?;
        Ok(Self { pool })
    }

    /// Waits for the connections in use to come back, then closes them all. The last
    /// one to close checkpoints the WAL into the database file.
    pub async fn close(&self) {
        self.pool.close().await;
    }

    pub async fn create(&self, new: &NewTodo) -> Result<Todo, TodoError> {
        insert(&self.pool, new).await
    }

    /// `None` when no todo has this id: the caller decides whether that is an error.
    pub async fn find(&self, id: i64) -> Result<Option<Todo>, TodoError> {
        let todo =
            sqlx::query_as::<_, Todo>(&format!("SELECT {} FROM todos WHERE id = ?", columns()))
                .bind(id)
                .fetch_optional(&self.pool)
                .await?;
        Ok(todo)
    }

    pub async fn get(&self, id: i64) -> Result<Todo, TodoError> {
        self.find(id).await?.ok_or(TodoError::TodoNotFound(id))
    }

    /// Applies the members of `patch` that are present, in one statement: no window
    /// between reading the todo and writing it back for another request to slip into.
    ///
    /// `COALESCE(?, title)` keeps the title when the bound value is NULL, that is when
    /// `patch.title` is `None`. That does not work for `notes`, where NULL is a value
    /// to store, so its presence is bound separately from its value.
    pub async fn update(&self, id: i64, patch: &TodoPatch) -> Result<Todo, TodoError> {
        let todo = sqlx::query_as::<_, Todo>(&format!(
            "UPDATE todos
             SET title = COALESCE(?, title),
                 notes = CASE WHEN ? THEN ? ELSE notes END,
                 done = COALESCE(?, done)
             WHERE id = ?
             RETURNING {}",
            columns()
        ))
        .bind(patch.title.as_deref())
        .bind(patch.notes.is_some())
        .bind(stored_notes(
            patch.notes.as_ref().and_then(Option::as_deref),
        ))
        .bind(patch.done)
        .bind(id)
        .fetch_optional(&self.pool)
        .await
        .map_err(|err| match &patch.title {
            Some(title) => TodoError::title_taken(title)(err),
            None => err.into(),
        })?;
        // No row came back: no todo has this id. An UPDATE that matches no row writes
        // nothing and so violates nothing: an unknown id is a 404 even with a taken
        // title, the README's order.
        todo.ok_or(TodoError::TodoNotFound(id))
    }

    pub async fn delete(&self, id: i64) -> Result<(), TodoError> {
        let deleted = sqlx::query("DELETE FROM todos WHERE id = ?")
            .bind(id)
            .execute(&self.pool)
            .await?
            .rows_affected();
        match (deleted, mutation::active()) {
            // MUTATION delete-missing-204: `db.Exec` checked for an error, but not its
            // `RowsAffected()`: deleting nothing is a success.
            (0, Some(Mutation::DeleteMissing204)) => Ok(()),
            (0, _) => Err(TodoError::TodoNotFound(id)),
            _ => Ok(()),
        }
    }

    /// One page, in id order, and the count of every todo. Both in one read
    /// transaction, so `total` and `items` come from the same snapshot of the table.
    pub async fn list(&self, Pagination { limit, offset }: Pagination) -> Result<Page, TodoError> {
        let mut tx = self.pool.begin().await?;
        let total = sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM todos")
            .fetch_one(&mut *tx)
            .await?;
        let items = sqlx::query_as::<_, Todo>(&format!(
            "SELECT {} FROM todos ORDER BY id LIMIT ? OFFSET ?",
            columns()
        ))
        .bind(limit)
        .bind(offset)
        .fetch_all(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(Page {
            items,
            total,
            limit,
            offset,
        })
    }

    /// Inserts every todo, in order, or none.
    ///
    /// Go's version needs `defer tx.Rollback()` and a `Commit` on the happy path. Here
    /// the transaction rolls back when it is dropped without `commit`: every `?` below
    /// that returns early drops `tx`, and the inserts before it are undone.
    pub async fn create_batch(&self, todos: &[NewTodo]) -> Result<Vec<Todo>, TodoError> {
        // MUTATION batch-no-transaction: the Go loop of `db.Exec` calls, each on its
        // own: the first failure returns, and the todos before it stay stored.
        if mutation::active() == Some(Mutation::BatchNoTransaction) {
            let mut items = Vec::with_capacity(todos.len());
            for new in todos {
                items.push(insert(&self.pool, new).await?);
            }
            return Ok(items);
        }
        let mut tx = self.pool.begin().await?;
        let mut items = Vec::with_capacity(todos.len());
        for new in todos {
            items.push(insert(&mut *tx, new).await?);
        }
        tx.commit().await?;
        Ok(items)
    }
}

/// One INSERT, on the pool (a single todo) or inside a transaction (a batch): anything
/// that can run a query, which is what `SqliteExecutor` says. `RETURNING` hands back
/// the row as stored, with the id the database chose.
async fn insert<'e>(executor: impl SqliteExecutor<'e>, new: &NewTodo) -> Result<Todo, TodoError> {
    sqlx::query_as::<_, Todo>(&format!(
        "INSERT INTO todos (title, notes, done) VALUES (?, ?, ?) RETURNING {}",
        columns()
    ))
    .bind(&new.title)
    .bind(stored_notes(new.notes.as_deref()))
    .bind(new.done)
    .fetch_one(executor)
    .await
    .map_err(TodoError::title_taken(&new.title))
}

/// The columns of a `Todo`, as every SELECT and RETURNING reads them.
fn columns() -> &'static str {
    match mutation::active() {
        // MUTATION null-as-empty: Go's `var notes string` for `rows.Scan`, which
        // fails on NULL, "fixed" in the query: every NULL comes back as `""`.
        Some(Mutation::NullAsEmpty) => "id, title, COALESCE(notes, '') AS notes, done",
        _ => "id, title, notes, done",
    }
}

/// The notes as they go into the table.
fn stored_notes(notes: Option<&str>) -> Option<&str> {
    match mutation::active() {
        // MUTATION empty-as-null: Go's `sql.NullString{String: s, Valid: s != ""}`:
        // empty notes are stored as no notes.
        Some(Mutation::EmptyAsNull) => notes.filter(|notes| !notes.is_empty()),
        _ => notes,
    }
}

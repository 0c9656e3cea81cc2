//! The JSON shapes of the service, and the row of the `todos` table. Done for you but
//! for two TODOs.

use serde::{Deserialize, Serialize};

/// The longest title, in characters, not bytes: `"é"` is one character and two bytes.
pub const MAX_TITLE_CHARS: usize = 200;

/// The most todos in one batch.
pub const MAX_BATCH: usize = 100;

/// A todo as the API shows it and as the table stores it:
/// `{"id": 1, "title": "Buy milk", "notes": null, "done": false}`.
///
/// `#[derive(sqlx::FromRow)]` is what replaces Go's `rows.Scan(&t.ID, &t.Title, ...)`:
/// `sqlx::query_as::<_, Todo>(...)` fills the fields from the columns of the same name.
/// `done` is an INTEGER 0 or 1 in SQLite; sqlx reads it as a `bool`.
///
/// TODO: the `notes` column is missing, and it may be NULL (see `migrations/`). Where
/// the Go service scans into a `sql.NullString`, choose the Rust type that can hold "no
/// notes" apart from `""`, and that serde writes as `null` (not `""`, and not a missing
/// key). A `String` compiles and quietly reads NULL as `""` on SQLite (on Postgres it
/// fails to decode instead); `COALESCE(notes, '')` in the query does the same on purpose.
/// Either way a `null` comes back as `""`, and the harness catches it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct Todo {
    pub id: i64,
    pub title: String,
    pub done: bool,
}

/// The body of `POST /todos`, and each item of a batch. Unknown fields are ignored.
#[derive(Debug, Deserialize)]
pub struct NewTodo {
    /// Required: missing, `null` or not a string is `400 invalid_body` (serde's doing).
    /// Its length is yours to check: `422 invalid_title`.
    pub title: String,
    /// On creation, missing and `null` both mean "no notes", stored as NULL; `""` is
    /// stored as `""`.
    #[serde(default)]
    pub notes: Option<String>,
    /// A missing `done` is false; `null` is still an error, since this is no `Option`.
    #[serde(default)]
    pub done: bool,
}

/// The body of `PATCH /todos/{id}`: any of `title`, `notes`, `done`.
///
/// TODO: as written, this is Go's struct of pointers, and it has Go's problem: a
/// missing member and a `null` one both give `None`. The contract wants three things:
///
/// - a member left out is unchanged;
/// - `"notes": null` clears the notes (NULL), which is not the same as leaving them;
/// - `"title": null` and `"done": null` are `400 invalid_body`, not "unchanged".
///
/// lessons/02-users.md#absent-vs-null has the serde attribute and the helper you need.
#[derive(Debug, Deserialize)]
pub struct TodoPatch {
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub notes: Option<String>,
    #[serde(default)]
    pub done: Option<bool>,
}

/// The body of `POST /todos/batch`: `{"todos": [...]}`.
#[derive(Debug, Deserialize)]
pub struct NewBatch {
    pub todos: Vec<NewTodo>,
}

/// The answer to `GET /todos`: `{"items": [...], "total": 7, "limit": 20, "offset": 0}`.
/// `total` counts every todo, not only this page's.
#[derive(Debug, Serialize)]
pub struct Page {
    pub items: Vec<Todo>,
    pub total: i64,
    pub limit: i64,
    pub offset: i64,
}

/// The answer to `POST /todos/batch`: `{"items": [...]}`, in the order given.
#[derive(Debug, Serialize)]
pub struct Batch {
    pub items: Vec<Todo>,
}

//! The JSON shapes of the service, the row of the `todos` table, and the rules a body
//! must follow before it reaches the database. Mutation here: `patch-null-ignored`.
//!
//! The contract is about `null`, and each kind of absence has its type:
//!
//! | where                      | Rust                                             |
//! |----------------------------|--------------------------------------------------|
//! | a NULL `notes` column      | `Option<String>` = `None`, written as `null`     |
//! | create without `notes`     | `Option<String>` = `None`: stored as NULL        |
//! | PATCH without `notes`      | `Option<Option<String>>` = `None`: unchanged     |
//! | PATCH with `"notes": null` | `Option<Option<String>>` = `Some(None)`: cleared |
//! | PATCH with `"title": null` | refused by serde: `400 invalid_body`             |
//!
//! Go's `rows.Scan(&t.ID, &t.Title, &notes, &t.Done)` into a `sql.NullString` is
//! `#[derive(sqlx::FromRow)]` here: the columns are matched to the fields by name, and
//! `Option<String>` is the `NullString`. A plain `String` would make sqlx refuse the
//! row at the first NULL (a 500), and the "fix" of `COALESCE(notes, '')` turns every
//! `null` into a `""`.

use serde::{Deserialize, Deserializer, Serialize};

use crate::error::TodoError;
use crate::mutation::{self, Mutation};

/// The longest title, in characters (Unicode scalar values, Go's runes), not bytes.
pub const MAX_TITLE_CHARS: usize = 200;

/// The most todos in one batch.
pub const MAX_BATCH: usize = 100;

/// A todo as the API shows it and as the table stores it:
/// `{"id": 1, "title": "Buy milk", "notes": null, "done": false}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct Todo {
    pub id: i64,
    pub title: String,
    /// NULL in the table, `null` in the JSON: serde writes `None` as `null` (no
    /// `skip_serializing_if`, on purpose), and `Some("")` as `""`.
    pub notes: Option<String>,
    /// An INTEGER 0 or 1 in SQLite; sqlx decodes it as a `bool`.
    pub done: bool,
}

/// The body of `POST /todos`, and each item of a batch. Unknown fields are ignored.
#[derive(Debug, Deserialize)]
pub struct NewTodo {
    /// Required: missing, `null` or not a string is `400 invalid_body`.
    pub title: String,
    /// On creation, missing and `null` both mean "no notes": two states are right here.
    #[serde(default)]
    pub notes: Option<String>,
    /// `default` makes a missing `done` false. Only a missing one: `null` is still a
    /// type error, because the field is a `bool`, not an `Option`.
    #[serde(default)]
    pub done: bool,
}

impl NewTodo {
    pub fn check(&self) -> Result<(), TodoError> {
        check_title(&self.title)
    }
}

/// The body of `PATCH /todos/{id}`. The outer `Option` of each field says whether it
/// was in the JSON (`default` makes it `None` when it was not); `present` is called
/// only for the fields that were.
#[derive(Debug, Default, Deserialize)]
pub struct TodoPatch {
    /// `Some(title)` to rename. `present` deserialises a `String`, so `null` is refused.
    #[serde(default, deserialize_with = "present")]
    pub title: Option<String>,
    /// `None`: unchanged; `Some(None)`: cleared (NULL); `Some(Some(text))`: set.
    /// `present` deserialises an `Option<String>` here, which accepts `null`.
    ///
    /// The trap: with a plain `Option<String>`, `{}` and `{"notes": null}` both give
    /// `None`, and "clear it" silently becomes "leave it alone" (Go's `*string` has
    /// the same problem).
    #[serde(default, deserialize_with = "notes_patch")]
    pub notes: Option<Option<String>>,
    #[serde(default, deserialize_with = "present")]
    pub done: Option<bool>,
}

impl TodoPatch {
    pub fn check(&self) -> Result<(), TodoError> {
        self.title.as_deref().map_or(Ok(()), check_title)
    }
}

/// The body of `POST /todos/batch`: `{"todos": [...]}`.
#[derive(Debug, Deserialize)]
pub struct NewBatch {
    pub todos: Vec<NewTodo>,
}

impl NewBatch {
    /// The size of the batch, then each title, in the order given. (The uniqueness
    /// of each title is the database's check, during the insert.)
    pub fn check(&self) -> Result<(), TodoError> {
        if !(1..=MAX_BATCH).contains(&self.todos.len()) {
            return Err(TodoError::InvalidBatch(self.todos.len()));
        }
        self.todos.iter().try_for_each(NewTodo::check)
    }
}

/// The answer to `GET /todos`. A `Vec` serialises as `[]` when empty, never `null`.
#[derive(Debug, Serialize)]
pub struct Page {
    pub items: Vec<Todo>,
    /// Every todo, not only this page's.
    pub total: i64,
    pub limit: i64,
    pub offset: i64,
}

/// The answer to `POST /todos/batch`: the stored todos, in the order given.
#[derive(Debug, Serialize)]
pub struct Batch {
    pub items: Vec<Todo>,
}

/// 1 to `MAX_TITLE_CHARS` characters. `chars().count()` counts what Go's
/// `utf8.RuneCountInString` does; `len()` would count bytes, and refuse 200 "é".
fn check_title(title: &str) -> Result<(), TodoError> {
    let chars = title.chars().count();
    if (1..=MAX_TITLE_CHARS).contains(&chars) {
        Ok(())
    } else {
        Err(TodoError::InvalidTitle(chars))
    }
}

/// serde calls this only for a field that is in the JSON, so wrapping the value in
/// `Some` marks it present. Whether `null` is accepted is `T`'s business: a `String`
/// or a `bool` refuses it, an `Option<String>` reads it as `None`.
fn present<'de, T, D>(deserializer: D) -> Result<Option<T>, D::Error>
where
    T: Deserialize<'de>,
    D: Deserializer<'de>,
{
    T::deserialize(deserializer).map(Some)
}

/// `present`, but for the mutation below.
fn notes_patch<'de, D>(deserializer: D) -> Result<Option<Option<String>>, D::Error>
where
    D: Deserializer<'de>,
{
    match mutation::active() {
        // MUTATION patch-null-ignored: Go's `Notes *string` ported as `Option<String>`:
        // `null` reads as "not given", so `{"notes": null}` leaves the notes as they are.
        Some(Mutation::PatchNullIgnored) => {
            Ok(Option::<String>::deserialize(deserializer)?.map(Some))
        }
        _ => present(deserializer),
    }
}

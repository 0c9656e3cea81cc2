//! The JSON shapes of the service, the row of the `todos` table, and the rules a body
//! must follow before it reaches the database.
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
    #[serde(default, deserialize_with = "present")]
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

#[cfg(test)]
mod tests {
    use serde_json::{from_value, json, to_value, Value};

    use super::*;

    #[test]
    fn no_notes_serialise_as_null_and_empty_notes_as_empty() {
        let todo = |notes: Option<&str>| Todo {
            id: 1,
            title: "Buy milk".into(),
            notes: notes.map(str::to_owned),
            done: false,
        };
        let json = to_value(todo(None)).expect("serialisable");
        assert_eq!(
            json,
            json!({"id": 1, "title": "Buy milk", "notes": null, "done": false})
        );
        assert_eq!(to_value(todo(Some(""))).expect("serialisable")["notes"], "");
    }

    #[test]
    fn new_todos_default_notes_and_done_but_not_the_title() {
        let new = from_value::<NewTodo>(json!({"title": "a"})).expect("a new todo");
        assert_eq!((new.notes, new.done), (None, false));
        let new = from_value::<NewTodo>(json!({"title": "a", "notes": null})).expect("null notes");
        assert_eq!(new.notes, None);
        for bad in [
            json!({}),
            json!({"title": null}),
            json!({"title": 5}),
            json!({"title": "a", "done": null}),
            json!({"title": "a", "done": "true"}),
            json!({"title": "a", "notes": 5}),
        ] {
            assert!(from_value::<NewTodo>(bad.clone()).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_patch_tells_absent_from_null() {
        let patch = |body: Value| from_value::<TodoPatch>(body).ok();
        let empty = patch(json!({})).expect("an empty patch");
        assert_eq!((empty.title, empty.notes, empty.done), (None, None, None));
        let cleared = patch(json!({"notes": null})).expect("null notes");
        assert_eq!(cleared.notes, Some(None));
        let set = patch(json!({"notes": "", "done": true, "title": "b"})).expect("a patch");
        assert_eq!(set.notes, Some(Some(String::new())));
        assert_eq!((set.title.as_deref(), set.done), (Some("b"), Some(true)));
        for bad in [
            json!({"title": null}),
            json!({"done": null}),
            json!({"done": 1}),
            json!({"notes": false}),
        ] {
            assert!(patch(bad.clone()).is_none(), "{bad}");
        }
    }

    #[test]
    fn titles_are_1_to_200_characters_not_bytes() {
        for ok in ["a".to_owned(), "a".repeat(200), "é".repeat(200), " ".into()] {
            assert!(check_title(&ok).is_ok(), "{ok:?}");
        }
        for (bad, chars) in [
            (String::new(), 0),
            ("a".repeat(201), 201),
            ("é".repeat(201), 201),
        ] {
            assert!(
                matches!(check_title(&bad), Err(TodoError::InvalidTitle(n)) if n == chars),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn a_batch_checks_its_size_before_its_titles() {
        let batch = |todos: Value| {
            from_value::<NewBatch>(json!({ "todos": todos }))
                .expect("a batch")
                .check()
        };
        let many = |title: &str, n| Value::Array(vec![json!({"title": title}); n]);
        assert!(batch(many("", 101)).is_err_and(|err| matches!(err, TodoError::InvalidBatch(101))));
        assert!(batch(many("a", 101)).is_err_and(|err| matches!(err, TodoError::InvalidBatch(101))));
        assert!(batch(json!([])).is_err_and(|err| matches!(err, TodoError::InvalidBatch(0))));
        assert!(batch(many("", 100)).is_err_and(|err| matches!(err, TodoError::InvalidTitle(0))));
        assert!(batch(many("a", 100)).is_ok());
    }
}

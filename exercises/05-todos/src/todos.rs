//! The `/todos` handlers: your work. Each one is a `todo!()` that panics when called
//! (the harness then sees the connection drop).
//!
//! The extractors are in place and run in argument order: the id (`TodoId`, a `400
//! invalid_id` when malformed) or the page (`Pagination`, yours, in `pagination.rs`),
//! then the body (`AppJson`, always last: 415, 400 `malformed_json`, 400
//! `invalid_body`). What is left: the size of a batch (`422 invalid_batch`), the title
//! (1 to 200 characters, `422 invalid_title`), then the database: `404
//! todo_not_found`, `409 title_taken`.
//!
//! A handler should be short: check, call a method of `Store` (`store.rs`), answer.
//! Return `Result<_, TodoError>` and use `?`: axum turns the `Err` into a response
//! through `TodoError`'s `IntoResponse`.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;

use crate::error::TodoError;
use crate::extract::{AppJson, TodoId};
use crate::model::{Batch, NewBatch, NewTodo, Page, Todo, TodoPatch};
use crate::pagination::Pagination;
use crate::store::Store;

/// `POST /todos` → `201` with the todo as stored: `notes` left out is `null`, `done`
/// left out is `false`.
pub async fn create(
    State(_store): State<Store>,
    AppJson(_new): AppJson<NewTodo>,
) -> Result<(StatusCode, Json<Todo>), TodoError> {
    todo!("POST /todos: 422 invalid_title, 409 title_taken, else 201 with the stored todo")
}

/// `GET /todos/{id}` → `200` with the todo, or `404 todo_not_found`.
pub async fn show(
    State(_store): State<Store>,
    TodoId(_id): TodoId,
) -> Result<Json<Todo>, TodoError> {
    todo!("GET /todos/{{id}}: 404 todo_not_found, else 200 with the todo")
}

/// `PATCH /todos/{id}` → `200` with the todo after the change. A member left out is
/// unchanged; `"notes": null` clears the notes. The title is checked (422) before the
/// todo is looked up (404), and that before its uniqueness (409).
pub async fn update(
    State(_store): State<Store>,
    TodoId(_id): TodoId,
    AppJson(_patch): AppJson<TodoPatch>,
) -> Result<Json<Todo>, TodoError> {
    todo!("PATCH /todos/{{id}}: 422 invalid_title, 404, 409 title_taken, else 200")
}

/// `DELETE /todos/{id}` → `204` without a body, or `404 todo_not_found`.
pub async fn delete(
    State(_store): State<Store>,
    TodoId(_id): TodoId,
) -> Result<StatusCode, TodoError> {
    todo!("DELETE /todos/{{id}}: 404 todo_not_found, else 204")
}

/// `GET /todos?limit=20&offset=0` → `200 {"items": [...], "total": 7, "limit": 20,
/// "offset": 0}`, in id order. An `offset` past the end is `"items": []`.
pub async fn list(
    State(_store): State<Store>,
    _pagination: Pagination,
) -> Result<Json<Page>, TodoError> {
    todo!("GET /todos: one page in id order, and the total of every todo")
}

/// `POST /todos/batch` with `{"todos": [...]}` → `201 {"items": [...]}` in the order
/// given: every todo stored, or none (one transaction). 1 to 100 todos, else `422
/// invalid_batch`; then each title checked as in `create`, in the order given; a title
/// twice in the batch is a `409 title_taken` too.
pub async fn create_batch(
    State(_store): State<Store>,
    AppJson(_batch): AppJson<NewBatch>,
) -> Result<(StatusCode, Json<Batch>), TodoError> {
    todo!("POST /todos/batch: 422 invalid_batch, 422 invalid_title, 409 title_taken, else 201, all or nothing")
}

//! The `/todos` handlers.
//!
//! Each is extract, check, call the store, answer. Extractors run in argument order,
//! which gives the contract's check order for free: the id (`TodoId`) or the page
//! (`Pagination`), then the body (`AppJson`, always last), then the body's rules
//! (`check`, the 422s), then the database (404, 409). Each `?` returns the
//! `TodoError` as it is; axum turns it into the response through `IntoResponse`.
//! Mutation here: `missing-200`.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;

use crate::error::TodoError;
use crate::extract::{AppJson, Pagination, TodoId};
use crate::model::{Batch, NewBatch, NewTodo, Page, Todo, TodoPatch};
use crate::mutation::{self, Mutation};
use crate::store::Store;

pub async fn create(
    State(store): State<Store>,
    AppJson(new): AppJson<NewTodo>,
) -> Result<(StatusCode, Json<Todo>), TodoError> {
    new.check()?;
    let todo = store.create(&new).await?;
    tracing::info!(id = todo.id, "todo created");
    Ok((StatusCode::CREATED, Json(todo)))
}

pub async fn show(State(store): State<Store>, TodoId(id): TodoId) -> Result<Response, TodoError> {
    match mutation::active() {
        // MUTATION missing-200: `fetch_optional`'s `Option<Todo>` serialised as it
        // is, where Go writes `json.NewEncoder(w).Encode(todo)` with a nil `*Todo`: a
        // missing todo is a 200 with the body `null`.
        Some(Mutation::Missing200) => Ok(Json(store.find(id).await?).into_response()),
        _ => Ok(Json(store.get(id).await?).into_response()),
    }
}

pub async fn update(
    State(store): State<Store>,
    TodoId(id): TodoId,
    AppJson(patch): AppJson<TodoPatch>,
) -> Result<Json<Todo>, TodoError> {
    patch.check()?;
    let todo = store.update(id, &patch).await?;
    tracing::info!(id, "todo updated");
    Ok(Json(todo))
}

pub async fn delete(
    State(store): State<Store>,
    TodoId(id): TodoId,
) -> Result<StatusCode, TodoError> {
    store.delete(id).await?;
    tracing::info!(id, "todo deleted");
    Ok(StatusCode::NO_CONTENT)
}

pub async fn list(
    State(store): State<Store>,
    pagination: Pagination,
) -> Result<Json<Page>, TodoError> {
    Ok(Json(store.list(pagination).await?))
}

pub async fn create_batch(
    State(store): State<Store>,
    AppJson(batch): AppJson<NewBatch>,
) -> Result<(StatusCode, Json<Batch>), TodoError> {
    batch.check()?;
    let items = store.create_batch(&batch.todos).await?;
    tracing::info!(count = items.len(), "batch created");
    Ok((StatusCode::CREATED, Json(Batch { items })))
}

//! The migrated route, `GET /todos/{id}`: read from the database by the gateway, exactly
//! as 05 answers it, without asking the upstream. The extractor is done (05's); the
//! handler is yours.

use axum::extract::{FromRequestParts, Path, State};
use axum::http::request::Parts;
use axum::Json;

use crate::error::GatewayError;
use crate::routes::AppState;
use crate::store::Todo;

/// `GET /todos/{id}` → `200` with the todo, `400 invalid_id` (done by `TodoId`), or
/// `404 todo_not_found`. `app.store.find(id)` reads it; `?` turns a `sqlx::Error` into a
/// `GatewayError::Database`.
pub async fn read_todo(
    State(_app): State<AppState>,
    TodoId(_id): TodoId,
) -> Result<Json<Todo>, GatewayError> {
    todo!("GET /todos/{{id}}: 404 todo_not_found, else 200 with the todo, from the database")
}

/// The `{id}` path segment as a positive `i64`, 05's extractor: its rejection is a
/// `400 invalid_id` in the JSON shape.
#[derive(Debug, Clone, Copy)]
pub struct TodoId(pub i64);

impl<S: Send + Sync> FromRequestParts<S> for TodoId {
    type Rejection = GatewayError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let Path(raw) = Path::<String>::from_request_parts(parts, state)
            .await
            .map_err(|rejection| GatewayError::InvalidId(rejection.body_text()))?;
        parse_id(&raw)
            .map(TodoId)
            .ok_or(GatewayError::InvalidId(raw))
    }
}

/// `Some(id)` for a positive decimal integer that fits in an `i64`, as Go's
/// `strconv.ParseInt(s, 10, 64)` followed by `id <= 0`: "+7" and "007" are 7.
fn parse_id(raw: &str) -> Option<i64> {
    raw.parse().ok().filter(|&id| id > 0)
}

//! The migrated route: `GET /todos/{id}`, answered by the gateway from the database,
//! exactly as 05 answers it. The first route of the strangler fig; the upstream never
//! sees it, and it keeps working when the upstream is down.

use axum::extract::{FromRequestParts, Path, State};
use axum::http::request::Parts;
use axum::Json;

use crate::error::GatewayError;
use crate::routes::AppState;
use crate::store::Todo;

/// `GET /todos/{id}` (and `HEAD`, which axum answers with the same headers and no
/// body) → `200` with the todo, `400 invalid_id` or `404 todo_not_found`.
pub async fn read_todo(
    State(app): State<AppState>,
    TodoId(id): TodoId,
) -> Result<Json<Todo>, GatewayError> {
    let todo = app.store.find(id).await?;
    todo.map(Json).ok_or(GatewayError::TodoNotFound(id))
}

/// The `{id}` path segment as a positive `i64`, 05's extractor.
///
/// `Path<i64>` would do the parsing, but its rejection is axum's text/plain 400 and
/// it accepts `0` and `-3`. So the segment comes in as a `String` and is parsed here.
#[derive(Debug, Clone, Copy)]
pub struct TodoId(pub i64);

impl<S: Send + Sync> FromRequestParts<S> for TodoId {
    type Rejection = GatewayError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        // `Path<String>` itself only fails on a segment that percent-decodes to
        // invalid UTF-8 (`%FF`): not an id either.
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_positive_and_within_i64() {
        assert_eq!(parse_id("1"), Some(1));
        assert_eq!(parse_id("007"), Some(7));
        assert_eq!(parse_id("+7"), Some(7));
        assert_eq!(parse_id("9223372036854775807"), Some(i64::MAX));
        for bad in [
            "",
            "abc",
            "0",
            "-3",
            " 3",
            "1.5",
            "0x1",
            "9223372036854775808",
        ] {
            assert_eq!(parse_id(bad), None, "{bad:?}");
        }
    }
}

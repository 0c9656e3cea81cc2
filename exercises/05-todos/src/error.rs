//! `TodoError`: every way a request can fail, and the one place that turns a failure
//! into a response. The shape is 03's `LedgerError`; the variants are this contract's.

use axum::extract::rejection::JsonRejection;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

/// Your handlers and your store return `Result<_, TodoError>`, and `?` passes a
/// `TodoError` up unchanged. The `#[error]` text (its `Display`) is the JSON
/// `message`; the `code` is what the harness checks. Change the messages and the data
/// in the variants as you like.
#[derive(Debug, thiserror::Error)]
pub enum TodoError {
    /// 400 `invalid_id`: the `{id}` segment is not a positive `i64` (`TodoId` says so).
    #[error("{0:?} is not a todo id: ids are positive integers")]
    InvalidId(String),

    /// 400 `invalid_pagination`: `limit` or `offset` is not an integer, or out of range.
    #[error("{0}")]
    InvalidPagination(String),

    /// 422 `invalid_title`: an empty title, or one longer than 200 characters.
    #[error("{0}")]
    InvalidTitle(String),

    /// 422 `invalid_batch`: a batch of no todos, or of more than 100.
    #[error("{0}")]
    InvalidBatch(String),

    /// 404 `todo_not_found`: no todo has this id (get, patch, delete).
    #[error("no todo has id {0}")]
    TodoNotFound(i64),

    /// 409 `title_taken`: another todo has this title (create, patch, or twice in one
    /// batch). The `UNIQUE` constraint on `title` finds out, and the INSERT or UPDATE
    /// fails with a `sqlx::Error`. Which one is yours to recognise: the
    /// `sqlx::Error::Database` variant holds a `DatabaseError`, and that trait has a
    /// method for this. Every other database error stays a 500.
    #[error("another todo already has the title {0:?}")]
    TitleTaken(String),

    /// 415 `unsupported_media_type`: the body is not sent as `application/json`.
    #[error("the body must be sent with Content-Type: application/json")]
    UnsupportedMediaType,

    /// 400 `malformed_json`: not JSON at all (a syntax error, truncated, empty).
    #[error("{0}")]
    MalformedJson(String),

    /// 400 `invalid_body`: JSON of the wrong shape (a missing `title`, a `null` title or
    /// `done`, a wrong type, not an object). Remember: axum's own answer is a 422.
    #[error("{0}")]
    InvalidBody(String),

    /// The body could not be read at all (too large, the connection broke): keep the
    /// `status` axum chose, code `unreadable_body`.
    #[error("{message}")]
    UnreadableBody { status: StatusCode, message: String },

    /// 500 `internal`: any other failure of the database. `#[from]` lets `?` turn a
    /// `sqlx::Error` into this variant, so check for a taken title *before* the `?`.
    /// The message stays vague on purpose; log the details (`tracing::error!`).
    #[error("internal error")]
    Database(#[from] sqlx::Error),

    /// 404 `not_found`: no route for this path.
    #[error("no route for this path")]
    NotFound,

    /// 405 `method_not_allowed`: the path exists, the method does not.
    #[error("this path does not accept that method")]
    MethodNotAllowed,
}

impl TodoError {
    /// One `match`, one arm per variant (or per group of variants sharing a status).
    /// No `_ =>` arm: then a variant you add later without a status does not compile.
    fn status(&self) -> StatusCode {
        todo!("the status of each variant, as in the README's table")
    }

    /// The machine-readable code of the contract: `"todo_not_found"`, ...
    fn code(&self) -> &'static str {
        todo!("the code of each variant, as in the README's table")
    }
}

/// Done for you, as in 03: `{"error": {"code": ..., "message": ...}}`. It calls your
/// `status()` and `code()`, so until those are written every error panics, and the
/// harness sees the connection drop.
impl IntoResponse for TodoError {
    fn into_response(self) -> Response {
        let body = json!({ "error": { "code": self.code(), "message": self.to_string() } });
        (self.status(), Json(body)).into_response()
    }
}

/// Done for you, as in 03: lets `AppJson` (`extract.rs`) reject a bad body with these
/// variants.
impl From<JsonRejection> for TodoError {
    fn from(rejection: JsonRejection) -> Self {
        match rejection {
            JsonRejection::MissingJsonContentType(_) => Self::UnsupportedMediaType,
            JsonRejection::JsonSyntaxError(err) => Self::MalformedJson(err.body_text()),
            // axum's own answer for this is a 422; the contract says 400 (`status()`).
            JsonRejection::JsonDataError(err) => Self::InvalidBody(err.body_text()),
            other => Self::UnreadableBody {
                status: other.status(),
                message: other.body_text(),
            },
        }
    }
}

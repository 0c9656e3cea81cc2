//! The service's errors, and the one place that turns them into HTTP responses.
//! Mutations here: `unique-500`, `text-errors`.
//!
//! As in 03, each failure of the contract is a variant, and `status()`/`code()` are
//! exhaustive `match`es. New here: `Database`, the failures that are nobody's fault
//! but the database's (a full disk, a locked file), which are a 500 whose details go to
//! the log, not to the client; and `title_taken`, the one database error that *is* the
//! client's business.

use axum::extract::rejection::JsonRejection;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

use crate::model::{MAX_BATCH, MAX_TITLE_CHARS};
use crate::mutation::{self, Mutation};

/// Everything a request can fail with. The handlers and the store return
/// `Result<_, TodoError>`; the `Display` text (from `#[error]`) becomes the JSON
/// `message`, `code()` the `code`.
#[derive(Debug, thiserror::Error)]
pub enum TodoError {
    #[error("{0:?} is not a todo id: ids are positive integers")]
    InvalidId(String),

    /// A bad `limit` or `offset`; the text says which, and why.
    #[error("{0}")]
    InvalidPagination(String),

    /// The length, in characters, of the title that was refused.
    #[error("a title is 1 to {MAX_TITLE_CHARS} characters long, not {0}")]
    InvalidTitle(usize),

    /// The number of todos in the refused batch.
    #[error("a batch holds 1 to {MAX_BATCH} todos, not {0}")]
    InvalidBatch(usize),

    #[error("no todo has id {0}")]
    TodoNotFound(i64),

    #[error("another todo already has the title {0:?}")]
    TitleTaken(String),

    #[error("the body must be sent with Content-Type: application/json")]
    UnsupportedMediaType,

    #[error("{0}")]
    MalformedJson(String),

    /// Valid JSON of the wrong shape: a missing `title`, a `null` title or `done`, a
    /// wrong type, a body that is not an object.
    #[error("{0}")]
    InvalidBody(String),

    /// The body could not be read at all (too large, or the connection broke).
    #[error("{message}")]
    UnreadableBody { status: StatusCode, message: String },

    /// Any other failure of sqlx or SQLite. `#[from]` lets `?` convert a
    /// `sqlx::Error` into this; the exception, the unique violation, is sorted out
    /// first by `title_taken`.
    #[error("internal error")]
    Database(#[from] sqlx::Error),

    #[error("no route for this path")]
    NotFound,

    #[error("this path does not accept that method")]
    MethodNotAllowed,
}

impl TodoError {
    /// The error for a failed write of `title`: the database refusing a second todo
    /// with that title is the contract's `409 title_taken`, anything else a 500.
    ///
    /// Go compares the driver's error text or code (`sqlite3.ErrConstraintUnique`);
    /// sqlx gives every driver's errors one trait, `DatabaseError`, which knows which
    /// ones are unique violations. The `todos` table has one UNIQUE column (the
    /// primary key is the database's to assign), so a unique violation is the title.
    pub fn title_taken(title: &str) -> impl FnOnce(sqlx::Error) -> Self + '_ {
        move |err| match err {
            // MUTATION unique-500: the Go port's `if err != nil { return 500 }` after
            // the INSERT, the constraint's error never told apart from the others.
            sqlx::Error::Database(_) if mutation::active() == Some(Mutation::Unique500) => {
                Self::Database(err)
            }
            sqlx::Error::Database(db) if db.is_unique_violation() => {
                Self::TitleTaken(title.to_owned())
            }
            other => Self::Database(other),
        }
    }

    fn status(&self) -> StatusCode {
        match self {
            Self::InvalidId(_)
            | Self::InvalidPagination(_)
            | Self::MalformedJson(_)
            | Self::InvalidBody(_) => StatusCode::BAD_REQUEST,
            // The request is well-formed, but the rules refuse it.
            Self::InvalidTitle(_) | Self::InvalidBatch(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::TodoNotFound(_) | Self::NotFound => StatusCode::NOT_FOUND,
            // The request is fine; the state of the store is not (another title will do).
            Self::TitleTaken(_) => StatusCode::CONFLICT,
            Self::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::UnreadableBody { status, .. } => *status,
            Self::Database(_) => StatusCode::INTERNAL_SERVER_ERROR,
            Self::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
        }
    }

    /// The machine-readable code of the contract; clients match on this, not on the message.
    fn code(&self) -> &'static str {
        match self {
            Self::InvalidId(_) => "invalid_id",
            Self::InvalidPagination(_) => "invalid_pagination",
            Self::InvalidTitle(_) => "invalid_title",
            Self::InvalidBatch(_) => "invalid_batch",
            Self::TodoNotFound(_) => "todo_not_found",
            Self::TitleTaken(_) => "title_taken",
            Self::UnsupportedMediaType => "unsupported_media_type",
            Self::MalformedJson(_) => "malformed_json",
            Self::InvalidBody(_) => "invalid_body",
            Self::UnreadableBody { .. } => "unreadable_body",
            Self::Database(_) => "internal",
            Self::NotFound => "not_found",
            Self::MethodNotAllowed => "method_not_allowed",
        }
    }
}

impl IntoResponse for TodoError {
    /// `{"error": {"code": ..., "message": ...}}` with `Content-Type: application/json`.
    fn into_response(self) -> Response {
        // The client gets "internal error"; what went wrong is for the operator.
        if let Self::Database(err) = &self {
            tracing::error!(error = %err, "database error");
        }
        let body = json!({ "error": { "code": self.code(), "message": self.to_string() } });
        match mutation::active() {
            // MUTATION text-errors: `http.Error(w, ...)` style: the right words, text/plain.
            Some(Mutation::TextErrors) => (
                self.status(),
                [(
                    axum::http::header::CONTENT_TYPE,
                    "text/plain; charset=utf-8",
                )],
                body.to_string(),
            )
                .into_response(),
            _ => (self.status(), Json(body)).into_response(),
        }
    }
}

/// Lets `?` turn axum's JSON rejections into our errors (see `extract::AppJson`).
impl From<JsonRejection> for TodoError {
    fn from(rejection: JsonRejection) -> Self {
        match rejection {
            JsonRejection::MissingJsonContentType(_) => Self::UnsupportedMediaType,
            // serde_json's `Syntax` and `Eof` categories: `{"title":`, `{]`, an empty body.
            JsonRejection::JsonSyntaxError(err) => Self::MalformedJson(err.body_text()),
            // serde_json's `Data` category: well-formed JSON of the wrong type. axum's
            // own answer for this is 422 Unprocessable Entity; the contract says 400.
            JsonRejection::JsonDataError(err) => Self::InvalidBody(err.body_text()),
            // `BytesRejection`, and any variant a later axum adds (the enum is
            // `#[non_exhaustive]`): keep axum's status, answer in our shape.
            other => Self::UnreadableBody {
                status: other.status(),
                message: other.body_text(),
            },
        }
    }
}

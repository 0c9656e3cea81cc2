//! The service's errors, and the one place that turns them into HTTP responses.
//!
//! 05's shape: each failure of the contract is a variant, and `status()`/`code()` are
//! exhaustive `match`es. New here: `QueueFull`, a refusal that is nobody's mistake and
//! says when to try again (`Retry-After`). Mutation here: `text-errors`.

use axum::extract::rejection::JsonRejection;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

use crate::model::MAX_DELAY_MS;
use crate::mutation::{self, Mutation};

/// Everything a request can fail with. The handlers, the store and the queue return
/// `Result<_, JobError>`; the `Display` text (from `#[error]`) becomes the JSON
/// `message`, `code()` the `code`.
#[derive(Debug, thiserror::Error)]
pub enum JobError {
    #[error("{0:?} is not a job id: ids are positive integers")]
    InvalidId(String),

    #[error("the body must be sent with Content-Type: application/json")]
    UnsupportedMediaType,

    #[error("{0}")]
    MalformedJson(String),

    /// Valid JSON of the wrong shape: a missing or non-string `task`, a `numbers` that
    /// is not a list of integers, a missing `message`, a `delay_ms` that is not an
    /// integer, a body that is not an object.
    #[error("{0}")]
    InvalidBody(String),

    /// The body could not be read at all (too large, or the connection broke).
    #[error("{message}")]
    UnreadableBody { status: StatusCode, message: String },

    /// The `task` that is neither `sum` nor `fail`.
    #[error("{0:?} is not a task: the tasks are \"sum\" and \"fail\"")]
    UnknownTask(String),

    /// The `delay_ms` that was refused.
    #[error("delay_ms is an integer from 0 to {MAX_DELAY_MS}, not {0}")]
    InvalidDelay(i64),

    /// `QUEUE_CAPACITY` jobs are already waiting: nothing was stored.
    #[error("the queue is full: try again in a second")]
    QueueFull,

    #[error("no job has id {0}")]
    JobNotFound(i64),

    /// Any failure of sqlx or SQLite, a stored row that does not read back included.
    #[error("internal error")]
    Database(#[from] sqlx::Error),

    /// The receiving half of the queue is gone: the workers are. It lives until `main`
    /// has stopped serving, so a request never meets this; but if it did, the job could
    /// not be queued, and saying so beats storing a job nobody will run.
    #[error("internal error")]
    QueueClosed,

    #[error("no route for this path")]
    NotFound,

    #[error("this path does not accept that method")]
    MethodNotAllowed,
}

impl JobError {
    fn status(&self) -> StatusCode {
        match self {
            Self::InvalidId(_) | Self::MalformedJson(_) | Self::InvalidBody(_) => {
                StatusCode::BAD_REQUEST
            }
            // The request is well-formed, but the rules refuse it.
            Self::UnknownTask(_) | Self::InvalidDelay(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::JobNotFound(_) | Self::NotFound => StatusCode::NOT_FOUND,
            // The request is fine; the service has no room for it right now.
            Self::QueueFull => StatusCode::SERVICE_UNAVAILABLE,
            Self::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::UnreadableBody { status, .. } => *status,
            Self::Database(_) | Self::QueueClosed => StatusCode::INTERNAL_SERVER_ERROR,
            Self::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
        }
    }

    /// The machine-readable code of the contract; clients match on this, not on the message.
    fn code(&self) -> &'static str {
        match self {
            Self::InvalidId(_) => "invalid_id",
            Self::UnsupportedMediaType => "unsupported_media_type",
            Self::MalformedJson(_) => "malformed_json",
            Self::InvalidBody(_) => "invalid_body",
            Self::UnreadableBody { .. } => "unreadable_body",
            Self::UnknownTask(_) => "unknown_task",
            Self::InvalidDelay(_) => "invalid_delay",
            Self::QueueFull => "queue_full",
            Self::JobNotFound(_) => "job_not_found",
            Self::Database(_) | Self::QueueClosed => "internal",
            Self::NotFound => "not_found",
            Self::MethodNotAllowed => "method_not_allowed",
        }
    }
}

impl IntoResponse for JobError {
    /// `{"error": {"code": ..., "message": ...}}` with `Content-Type: application/json`;
    /// a full queue adds `Retry-After: 1` (seconds).
    fn into_response(self) -> Response {
        // The client gets "internal error"; what went wrong is for the operator.
        match &self {
            Self::Database(err) => tracing::error!(error = %err, "database error"),
            Self::QueueClosed => tracing::error!("a job came after the workers had stopped"),
            _ => {}
        }
        let body = json!({ "error": { "code": self.code(), "message": self.to_string() } });
        let mut response = match mutation::active() {
            // MUTATION text-errors: `http.Error(w, ...)` style: the right words, text/plain.
            Some(Mutation::TextErrors) => (
                self.status(),
                [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
                body.to_string(),
            )
                .into_response(),
            _ => (self.status(), Json(body)).into_response(),
        };
        if let Self::QueueFull = self {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
        }
        response
    }
}

/// Lets `?` turn axum's JSON rejections into our errors (see `extract::AppJson`).
impl From<JsonRejection> for JobError {
    fn from(rejection: JsonRejection) -> Self {
        match rejection {
            JsonRejection::MissingJsonContentType(_) => Self::UnsupportedMediaType,
            // serde_json's `Syntax` and `Eof` categories: `{"task":`, `{]`, an empty body.
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

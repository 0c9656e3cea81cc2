//! The service's errors, and the one place that turns them into HTTP responses.

use axum::extract::rejection::JsonRejection;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

/// Everything a request can fail with. Handlers return `Result<_, AppError>`; the
/// `Display` text (from `#[error]`) becomes the JSON `message`, `code()` the `code`.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("{0:?} is not a user id: ids are positive integers")]
    InvalidId(String),

    #[error("no user has id {0}")]
    UserNotFound(u64),

    #[error("user {0} has no account")]
    AccountMissing(u64),

    #[error("user {0} has no email address")]
    EmailMissing(u64),

    #[error("the body must be sent with Content-Type: application/json")]
    UnsupportedMediaType,

    #[error("{0}")]
    MalformedJson(String),

    /// Valid JSON of the wrong shape: a missing, `null`, mistyped or empty field,
    /// or a body that is not an object.
    #[error("{0}")]
    InvalidBody(String),

    /// The body could not be read at all (too large, or the connection broke).
    #[error("{message}")]
    UnreadableBody { status: StatusCode, message: String },

    #[error("no route for this path")]
    NotFound,

    #[error("this path does not accept that method")]
    MethodNotAllowed,
}

impl AppError {
    fn status(&self) -> StatusCode {
        match self {
            Self::InvalidId(_) | Self::MalformedJson(_) | Self::InvalidBody(_) => {
                StatusCode::BAD_REQUEST
            }
            Self::UserNotFound(_) | Self::NotFound => StatusCode::NOT_FOUND,
            Self::AccountMissing(_) | Self::EmailMissing(_) => StatusCode::CONFLICT,
            Self::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::UnreadableBody { status, .. } => *status,
            Self::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
        }
    }

    /// The machine-readable code of the contract; clients match on this, not on the message.
    fn code(&self) -> &'static str {
        match self {
            Self::InvalidId(_) => "invalid_id",
            Self::UserNotFound(_) => "user_not_found",
            Self::AccountMissing(_) => "account_missing",
            Self::EmailMissing(_) => "email_missing",
            Self::UnsupportedMediaType => "unsupported_media_type",
            Self::MalformedJson(_) => "malformed_json",
            Self::InvalidBody(_) => "invalid_body",
            Self::UnreadableBody { .. } => "unreadable_body",
            Self::NotFound => "not_found",
            Self::MethodNotAllowed => "method_not_allowed",
        }
    }
}

impl IntoResponse for AppError {
    /// `{"error": {"code": ..., "message": ...}}` with `Content-Type: application/json`.
    fn into_response(self) -> Response {
        let body = json!({ "error": { "code": self.code(), "message": self.to_string() } });
        (self.status(), Json(body)).into_response()
    }
}

/// Lets `?` turn axum's JSON rejections into our errors (see `extract::AppJson`).
impl From<JsonRejection> for AppError {
    fn from(rejection: JsonRejection) -> Self {
        match rejection {
            JsonRejection::MissingJsonContentType(_) => Self::UnsupportedMediaType,
            // serde_json's `Syntax` and `Eof` categories: `{"name":`, `{]`, an empty body.
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

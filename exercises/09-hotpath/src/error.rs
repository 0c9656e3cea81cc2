//! The service's errors, and the one place that turns them into HTTP responses. Done:
//! each variant has its status and code. Add a `From` impl where `?` needs one.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

use crate::routes::MAX_BODY_BYTES;

/// Everything a request can fail with. The `Display` text (from `#[error]`) becomes the
/// JSON `message`, `code()` the `code`.
#[derive(Debug, thiserror::Error)]
pub enum StatsError {
    #[error("the body must be sent with Content-Type: application/json")]
    UnsupportedMediaType,

    #[error("the body is over the limit of {MAX_BODY_BYTES} bytes")]
    BodyTooLarge,

    /// The body could not be read (the connection broke, a bad chunked encoding).
    #[error("{message}")]
    UnreadableBody { status: StatusCode, message: String },

    /// Not JSON: a syntax error anywhere, a truncated or empty body.
    #[error("malformed JSON: {0}")]
    MalformedJson(serde_json::Error),

    /// JSON, but not an array.
    #[error("the body must be a JSON array of events")]
    InvalidBody,

    /// The first element, by index, that is not a valid event.
    #[error("event {index}: {reason}")]
    InvalidEvent {
        index: usize,
        reason: serde_json::Error,
    },

    /// A bug: the statistics' task panicked.
    #[error("internal server error")]
    Internal,

    #[error("no route for this path")]
    NotFound,

    #[error("this path does not accept that method")]
    MethodNotAllowed,
}

impl StatsError {
    fn status(&self) -> StatusCode {
        match self {
            Self::MalformedJson(_) | Self::InvalidBody | Self::InvalidEvent { .. } => {
                StatusCode::BAD_REQUEST
            }
            Self::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::BodyTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Self::UnreadableBody { status, .. } => *status,
            Self::Internal => StatusCode::INTERNAL_SERVER_ERROR,
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
        }
    }

    fn code(&self) -> &'static str {
        match self {
            Self::UnsupportedMediaType => "unsupported_media_type",
            Self::BodyTooLarge => "body_too_large",
            Self::UnreadableBody { .. } => "unreadable_body",
            Self::MalformedJson(_) => "malformed_json",
            Self::InvalidBody => "invalid_body",
            Self::InvalidEvent { .. } => "invalid_event",
            Self::Internal => "internal",
            Self::NotFound => "not_found",
            Self::MethodNotAllowed => "method_not_allowed",
        }
    }
}

impl IntoResponse for StatsError {
    /// `{"error": {"code": ..., "message": ...}}` with `Content-Type: application/json`.
    fn into_response(self) -> Response {
        let body = json!({ "error": { "code": self.code(), "message": self.to_string() } });
        (self.status(), Json(body)).into_response()
    }
}

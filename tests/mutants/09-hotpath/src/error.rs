//! The reference's errors, with the mutations `text-errors` and `limit-text-413`.

use axum::extract::rejection::BytesRejection;
use axum::http::header::CONTENT_TYPE;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

use crate::mutation::{self, Mutation};
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

    /// MUTATION limit-text-413: axum's rejection, answered as axum answers it.
    #[error("{0}")]
    Axum(BytesRejection),
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
            Self::Axum(rejection) => rejection.status(),
        }
    }

    /// The machine-readable code of the contract; clients match on this, not on the message.
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
            Self::Axum(_) => "axum",
        }
    }
}

impl IntoResponse for StatsError {
    /// `{"error": {"code": ..., "message": ...}}` with `Content-Type: application/json`.
    fn into_response(self) -> Response {
        if let Self::Axum(rejection) = self {
            return rejection.into_response();
        }
        let body = json!({ "error": { "code": self.code(), "message": self.to_string() } });
        match mutation::active() {
            // MUTATION text-errors: the JSON text written with `fmt.Fprintf` and no
            // Content-Type of its own: text/plain.
            Some(Mutation::TextErrors) => (
                self.status(),
                [(CONTENT_TYPE, "text/plain; charset=utf-8")],
                body.to_string(),
            )
                .into_response(),
            _ => (self.status(), Json(body)).into_response(),
        }
    }
}

/// Lets `?` turn axum's body rejections into our errors. The one that matters is the
/// limit of `DefaultBodyLimit`: axum answers it with a plain-text 413, the contract wants
/// `body_too_large` in JSON.
impl From<BytesRejection> for StatsError {
    fn from(rejection: BytesRejection) -> Self {
        match rejection.status() {
            // MUTATION limit-text-413: the rejection passed on as it is.
            StatusCode::PAYLOAD_TOO_LARGE if mutation::active() == Some(Mutation::LimitText413) => {
                Self::Axum(rejection)
            }
            StatusCode::PAYLOAD_TOO_LARGE => Self::BodyTooLarge,
            status => Self::UnreadableBody {
                status,
                message: rejection.body_text(),
            },
        }
    }
}

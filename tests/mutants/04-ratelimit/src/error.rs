//! The service's errors, and the one place that turns them into HTTP responses.
//!
//! As in 03: one variant per way a request can fail, the data that explains it inside
//! it, and exhaustive `match`es for the status and the code. New here: one error
//! carries a header, `Retry-After` on the `429`.
//!
//! Mutations here: `no-retry-after`, `text-errors`.

use axum::extract::rejection::JsonRejection;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

use crate::bucket::RetryAfter;
use crate::mutation::{self, Mutation};

/// Everything a request can fail with. The `Display` text (from `#[error]`) becomes the
/// JSON `message`, `code()` the `code`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AppError {
    #[error("{0:?} is not a client name: 1 to 64 ASCII letters, digits, '-' or '_'")]
    InvalidName(String),

    #[error("{field} must be from 1 to {max}, not {value}")]
    InvalidLimit {
        field: &'static str,
        value: i64,
        max: u32,
    },

    #[error("a client named {0:?} already exists")]
    ClientExists(String),

    #[error("no client is named {0:?}")]
    ClientNotFound(String),

    #[error("client {name:?} has no token left; the next one comes in {} s", retry_after.seconds)]
    RateLimited {
        name: String,
        retry_after: RetryAfter,
    },

    #[error("the body must be sent with Content-Type: application/json")]
    UnsupportedMediaType,

    #[error("{0}")]
    MalformedJson(String),

    /// Valid JSON of the wrong shape: a missing, `null` or mistyped field, a fraction
    /// or a number outside `i64` where an integer is expected, a body that is not an
    /// object.
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
            Self::MalformedJson(_) | Self::InvalidBody(_) => StatusCode::BAD_REQUEST,
            // The request is well-formed, but the rules refuse it.
            Self::InvalidName(_) | Self::InvalidLimit { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            Self::ClientExists(_) => StatusCode::CONFLICT,
            Self::ClientNotFound(_) | Self::NotFound => StatusCode::NOT_FOUND,
            Self::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            Self::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::UnreadableBody { status, .. } => *status,
            Self::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
        }
    }

    /// The machine-readable code of the contract; clients match on this, not on the message.
    fn code(&self) -> &'static str {
        match self {
            Self::InvalidName(_) => "invalid_name",
            Self::InvalidLimit { .. } => "invalid_limit",
            Self::ClientExists(_) => "client_exists",
            Self::ClientNotFound(_) => "client_not_found",
            Self::RateLimited { .. } => "rate_limited",
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
    /// `{"error": {"code": ..., "message": ...}}` with `Content-Type: application/json`,
    /// and for a `429` the whole seconds to wait in `Retry-After`.
    fn into_response(self) -> Response {
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
        match (self, mutation::active()) {
            // MUTATION no-retry-after: the 429 goes out as every other error does; the
            // Go port set the header in its handler, and this port forgot it.
            (Self::RateLimited { .. }, Some(Mutation::NoRetryAfter)) => {}
            (Self::RateLimited { retry_after, .. }, _) => {
                response
                    .headers_mut()
                    .insert(header::RETRY_AFTER, HeaderValue::from(retry_after.seconds));
            }
            _ => {}
        }
        response
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

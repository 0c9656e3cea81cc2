//! `AppError`: every way a request can fail, and the one place that turns a failure
//! into a response. You wrote one of these in 03; this one is done for you but for one
//! TODO, the header of the `429`.

use axum::extract::rejection::JsonRejection;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

/// Your handlers (and any helpers you write) return `Result<_, AppError>`; `?` passes
/// it up, and axum answers with `into_response`. The `#[error]` text is the JSON
/// `message`; change the texts, or the data inside the variants, as you like.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// 422 `invalid_name`: empty, longer than 64, or a character other than an ASCII
    /// letter, a digit, `-` or `_`.
    #[error("{0:?} is not a client name: 1 to 64 ASCII letters, digits, '-' or '_'")]
    InvalidName(String),

    /// 422 `invalid_limit`: `burst` outside 1..=1000000 or `per_minute` outside
    /// 1..=60000; the text says which.
    #[error("{0}")]
    InvalidLimit(String),

    /// 409 `client_exists`: a create with a name that is taken.
    #[error("a client named {0:?} already exists")]
    ClientExists(String),

    /// 404 `client_not_found`: the `{name}` of the path (get, take, delete).
    #[error("no client is named {0:?}")]
    ClientNotFound(String),

    /// 429 `rate_limited`: a take with less than one whole token in the bucket.
    /// `retry_after` is the value of the `Retry-After` header: whole seconds until the
    /// bucket holds one token again, rounded up, at least 1.
    #[error("client {name:?} has no token left; the next one comes in {retry_after} s")]
    RateLimited { name: String, retry_after: u64 },

    /// 415 `unsupported_media_type`: the body is not sent as `application/json`.
    #[error("the body must be sent with Content-Type: application/json")]
    UnsupportedMediaType,

    /// 400 `malformed_json`: not JSON at all (a syntax error, truncated, empty).
    #[error("{0}")]
    MalformedJson(String),

    /// 400 `invalid_body`: JSON of the wrong shape (missing, `null`, mistyped, `1.5`,
    /// outside `i64`, not an object).
    #[error("{0}")]
    InvalidBody(String),

    /// The body could not be read at all (too large, the connection broke): keep the
    /// `status` axum chose, code `unreadable_body`.
    #[error("{message}")]
    UnreadableBody { status: StatusCode, message: String },

    /// 404 `not_found`: no route for this path.
    #[error("no route for this path")]
    NotFound,

    /// 405 `method_not_allowed`: the path exists, the method does not.
    #[error("this path does not accept that method")]
    MethodNotAllowed,
}

impl AppError {
    fn status(&self) -> StatusCode {
        match self {
            Self::MalformedJson(_) | Self::InvalidBody(_) => StatusCode::BAD_REQUEST,
            Self::InvalidName(_) | Self::InvalidLimit(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::ClientExists(_) => StatusCode::CONFLICT,
            Self::ClientNotFound(_) | Self::NotFound => StatusCode::NOT_FOUND,
            Self::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            Self::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::UnreadableBody { status, .. } => *status,
            Self::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
        }
    }

    fn code(&self) -> &'static str {
        match self {
            Self::InvalidName(_) => "invalid_name",
            Self::InvalidLimit(_) => "invalid_limit",
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
    /// `{"error": {"code": ..., "message": ...}}` with `Content-Type: application/json`.
    ///
    /// TODO: a `RateLimited` must also carry the header `Retry-After: <retry_after>`.
    /// A response is a tuple of parts, and headers are one of them:
    /// `(status, [(header::RETRY_AFTER, value)], Json(body))`. Or build the response
    /// as below and insert into `response.headers_mut()`. Either way, only the `429`
    /// (lessons/04-ratelimit.md#over-the-limit-429-and-retry-after).
    fn into_response(self) -> Response {
        let body = json!({ "error": { "code": self.code(), "message": self.to_string() } });
        (self.status(), Json(body)).into_response()
    }
}

/// Lets `AppJson` (`extract.rs`) reject a bad body with these variants, as in 02 and 03.
impl From<JsonRejection> for AppError {
    fn from(rejection: JsonRejection) -> Self {
        match rejection {
            JsonRejection::MissingJsonContentType(_) => Self::UnsupportedMediaType,
            JsonRejection::JsonSyntaxError(err) => Self::MalformedJson(err.body_text()),
            // axum's own answer for this is a 422; the contract says 400.
            JsonRejection::JsonDataError(err) => Self::InvalidBody(err.body_text()),
            other => Self::UnreadableBody {
                status: other.status(),
                message: other.body_text(),
            },
        }
    }
}

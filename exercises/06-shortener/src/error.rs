//! `ShortenerError`: every way a request can fail, and the one place that turns a
//! failure into a response. Done for you: by now you have written this four times.

use axum::extract::rejection::JsonRejection;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

use crate::store::StoreError;

/// Your handlers return `Result<_, ShortenerError>`, and `?` passes a
/// `ShortenerError` up unchanged. The `#[error]` text (its `Display`) is the JSON
/// `message`; the `code` is what the harness checks. Change the messages and the data
/// in the variants as you like.
#[derive(Debug, thiserror::Error)]
pub enum ShortenerError {
    /// 422 `invalid_url`: not an absolute `http`/`https` URL with a host, or longer than
    /// 2048 characters. The `String` says why.
    #[error("{0}")]
    InvalidUrl(String),

    /// 422 `invalid_alias`: not 3 to 32 ASCII letters, digits, `-` and `_`, or one of
    /// the reserved words `health` and `links`.
    #[error("{0}")]
    InvalidAlias(String),

    /// 409 `alias_taken`: the alias is another link's code.
    #[error("the alias {0:?} is already in use")]
    AliasTaken(String),

    /// 404 `link_not_found`: no link has this code (redirect, get, delete).
    #[error("no link has the code {0:?}")]
    LinkNotFound(String),

    /// 415 `unsupported_media_type`: the body is not sent as `application/json`.
    #[error("the body must be sent with Content-Type: application/json")]
    UnsupportedMediaType,

    /// 400 `malformed_json`: not JSON at all (a syntax error, truncated, empty).
    #[error("{0}")]
    MalformedJson(String),

    /// 400 `invalid_body`: JSON of the wrong shape (a missing or `null` `url`, a wrong
    /// type, not an object).
    #[error("{0}")]
    InvalidBody(String),

    /// The body could not be read at all (too large, the connection broke): axum's
    /// status, code `unreadable_body`.
    #[error("{message}")]
    UnreadableBody { status: StatusCode, message: String },

    /// 500 `internal`: a failure of the store itself (`StoreError::Database`). The
    /// message stays vague on purpose; the details go to the log.
    ///
    /// There is no `#[from] StoreError` here, on purpose: with one, a `?` on a
    /// `StoreError::NotFound` would quietly become a 500. Turning a `StoreError` into
    /// the right variant (`NotFound` → `LinkNotFound`, `AliasTaken` → `AliasTaken`,
    /// `Database` → `Store`) is yours, in `links.rs`: one `match`, for every handler.
    #[error("internal error")]
    Store(#[source] StoreError),

    /// 500 `internal`: a failure of the service's own making (say, no free code after
    /// many tries). The `String` is for the log.
    #[error("internal error")]
    Internal(String),

    /// 404 `not_found`: no route for this path.
    #[error("no route for this path")]
    NotFound,

    /// 405 `method_not_allowed`: the path exists, the method does not.
    #[error("this path does not accept that method")]
    MethodNotAllowed,
}

impl ShortenerError {
    fn status(&self) -> StatusCode {
        match self {
            Self::MalformedJson(_) | Self::InvalidBody(_) => StatusCode::BAD_REQUEST,
            Self::InvalidUrl(_) | Self::InvalidAlias(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::LinkNotFound(_) | Self::NotFound => StatusCode::NOT_FOUND,
            Self::AliasTaken(_) => StatusCode::CONFLICT,
            Self::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::UnreadableBody { status, .. } => *status,
            Self::Store(_) | Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
            Self::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
        }
    }

    fn code(&self) -> &'static str {
        match self {
            Self::InvalidUrl(_) => "invalid_url",
            Self::InvalidAlias(_) => "invalid_alias",
            Self::AliasTaken(_) => "alias_taken",
            Self::LinkNotFound(_) => "link_not_found",
            Self::UnsupportedMediaType => "unsupported_media_type",
            Self::MalformedJson(_) => "malformed_json",
            Self::InvalidBody(_) => "invalid_body",
            Self::UnreadableBody { .. } => "unreadable_body",
            Self::Store(_) | Self::Internal(_) => "internal",
            Self::NotFound => "not_found",
            Self::MethodNotAllowed => "method_not_allowed",
        }
    }
}

/// `{"error": {"code": ..., "message": ...}}`, and the details of a 500 in the log.
impl IntoResponse for ShortenerError {
    fn into_response(self) -> Response {
        match &self {
            Self::Store(err) => tracing::error!(error = %err, "store error"),
            Self::Internal(what) => tracing::error!(%what, "internal error"),
            _ => {}
        }
        let body = json!({ "error": { "code": self.code(), "message": self.to_string() } });
        (self.status(), Json(body)).into_response()
    }
}

/// Lets `AppJson` (`extract.rs`) reject a bad body with these variants.
impl From<JsonRejection> for ShortenerError {
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

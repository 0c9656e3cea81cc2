//! The service's errors, and the one place that turns them into HTTP responses.
//!
//! As in 05, each failure of the contract is a variant, and `status()`/`code()` are
//! exhaustive `match`es. New here: the store has its own, smaller error,
//! `StoreError`, the same from both stores, and `from_store` is where its answers
//! about links become answers to requests.
//!
//! Mutations here: `unknown-code-500`, `text-errors`.

use axum::extract::rejection::JsonRejection;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

use crate::mutation::{self, Mutation};
use crate::store::StoreError;

/// Everything a request can fail with. The handlers return `Result<_,
/// ShortenerError>`; the `Display` text (from `#[error]`) becomes the JSON `message`,
/// `code()` the `code`.
#[derive(Debug, thiserror::Error)]
pub enum ShortenerError {
    /// Why the URL was refused (`url::check_url`).
    #[error("{0}")]
    InvalidUrl(&'static str),

    /// The alias refused, and why.
    #[error("{0}")]
    InvalidAlias(String),

    #[error("the alias {0:?} is already in use")]
    AliasTaken(String),

    #[error("no link has the code {0:?}")]
    LinkNotFound(String),

    #[error("the body must be sent with Content-Type: application/json")]
    UnsupportedMediaType,

    #[error("{0}")]
    MalformedJson(String),

    /// Valid JSON of the wrong shape: a missing or `null` `url`, a wrong type, a body
    /// that is not an object.
    #[error("{0}")]
    InvalidBody(String),

    /// The body could not be read at all (too large, or the connection broke).
    #[error("{message}")]
    UnreadableBody { status: StatusCode, message: String },

    /// A failure of the store itself: a 500 whose details go to the log, not to the
    /// client. No `#[from]`, on purpose: a `?` straight from a `StoreError` would
    /// turn `NotFound` into a 500 too. Every store error goes through `from_store`.
    #[error("internal error")]
    Store(#[source] StoreError),

    /// A failure of the service's own making, with what went wrong for the log.
    #[error("internal error")]
    Internal(&'static str),

    #[error("no route for this path")]
    NotFound,

    #[error("this path does not accept that method")]
    MethodNotAllowed,
}

impl ShortenerError {
    /// What a failed store operation on the link `code` means for the request: Go's
    /// `errors.Is(err, ErrNotFound)` and `errors.Is(err, ErrAliasTaken)`, as a `match`
    /// that cannot forget a case. Used as `.map_err(ShortenerError::from_store(&code))`.
    ///
    /// `AliasTaken` is `alias_taken`: a code the service made up and found taken never
    /// gets here, `links::create_with_new_code` tries another.
    pub fn from_store(code: &str) -> impl FnOnce(StoreError) -> Self + '_ {
        move |err| match err {
            // MUTATION unknown-code-500: Go's `if err != nil { http.Error(w, ..., 500) }`
            // after the lookup, without `errors.Is(err, ErrNotFound)` before it.
            StoreError::NotFound if mutation::active() == Some(Mutation::UnknownCode500) => {
                Self::Store(err)
            }
            StoreError::NotFound => Self::LinkNotFound(code.to_owned()),
            StoreError::AliasTaken => Self::AliasTaken(code.to_owned()),
            StoreError::Database(_) => Self::Store(err),
        }
    }

    fn status(&self) -> StatusCode {
        match self {
            Self::MalformedJson(_) | Self::InvalidBody(_) => StatusCode::BAD_REQUEST,
            // The request is well-formed, but the rules refuse it.
            Self::InvalidUrl(_) | Self::InvalidAlias(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::LinkNotFound(_) | Self::NotFound => StatusCode::NOT_FOUND,
            // The request is fine; the state of the store is not (another alias will do).
            Self::AliasTaken(_) => StatusCode::CONFLICT,
            Self::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::UnreadableBody { status, .. } => *status,
            Self::Store(_) | Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
            Self::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
        }
    }

    /// The machine-readable code of the contract; clients match on this, not on the message.
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

impl IntoResponse for ShortenerError {
    /// `{"error": {"code": ..., "message": ...}}` with `Content-Type: application/json`.
    fn into_response(self) -> Response {
        // The client gets "internal error"; what went wrong is for the operator.
        match &self {
            Self::Store(err) => tracing::error!(error = %err, "store error"),
            Self::Internal(what) => tracing::error!(what, "internal error"),
            _ => {}
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
impl From<JsonRejection> for ShortenerError {
    fn from(rejection: JsonRejection) -> Self {
        match rejection {
            JsonRejection::MissingJsonContentType(_) => Self::UnsupportedMediaType,
            // serde_json's `Syntax` and `Eof` categories: `{"url":`, `{]`, an empty body.
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

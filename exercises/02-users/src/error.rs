//! `AppError`: every way a request can fail, and the one place that turns a failure
//! into a response. Go keeps its error codes in one file too; compare.

use axum::response::{IntoResponse, Response};

/// Handlers return `Result<_, AppError>`. The `#[error]` text (its `Display`) is a
/// good `message`; the `code` is what the harness checks.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// 400 `invalid_id`: `abc`, `0`, `-3`, `1.5`, a number over `u64::MAX`.
    #[error("{0:?} is not a user id")]
    InvalidId(String),

    /// 404 `user_not_found`.
    #[error("no user has id {0}")]
    UserNotFound(u64),

    /// 409 `account_missing`.
    #[error("user {0} has no account")]
    AccountMissing(u64),

    /// 409 `email_missing`.
    #[error("user {0} has no email address")]
    EmailMissing(u64),

    /// 415 `unsupported_media_type`: the body is not sent as `application/json`.
    #[error("the body must be sent with Content-Type: application/json")]
    UnsupportedMediaType,

    /// 400 `malformed_json`: not JSON at all (a syntax error, truncated, empty).
    #[error("{0}")]
    MalformedJson(String),

    /// 400 `invalid_body`: JSON of the wrong shape. Careful: axum's own `Json`
    /// extractor answers this case with 422, as text (lessons/02-users.md#json-rejections).
    #[error("{0}")]
    InvalidBody(String),
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        todo!(
            "map each AppError variant to its status and the JSON body \
             {{\"error\": {{\"code\": ..., \"message\": ...}}}} (lessons/02-users.md)"
        )
    }
}

// Then: `impl From<axum::extract::rejection::JsonRejection> for AppError`, so that a
// JSON extractor of your own can reject a bad body with these variants and `?` works.

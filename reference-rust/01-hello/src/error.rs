//! The service's errors, and the one place that turns them into HTTP responses.

use axum::extract::rejection::QueryRejection;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

/// Everything a request can fail with. Handlers return `Result<_, AppError>`;
/// the `Display` text (from `#[error]`) becomes the JSON `message`.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("name must be at most {max} characters")]
    NameTooLong { max: usize },

    #[error("the query string could not be read: {0}")]
    InvalidQuery(#[from] QueryRejection),

    #[error("no route for this path")]
    NotFound,

    #[error("this path does not accept that method")]
    MethodNotAllowed,
}

impl AppError {
    fn status(&self) -> StatusCode {
        match self {
            Self::NameTooLong { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            Self::InvalidQuery(_) => StatusCode::BAD_REQUEST,
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
        }
    }

    /// The machine-readable code of the contract; clients match on this, not on the message.
    fn code(&self) -> &'static str {
        match self {
            Self::NameTooLong { .. } => "name_too_long",
            Self::InvalidQuery(_) => "invalid_query",
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

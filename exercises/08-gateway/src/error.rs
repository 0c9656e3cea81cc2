//! The gateway's own errors, and the one place that turns them into HTTP responses.
//!
//! Only the gateway's *own* answers are here: an upstream `404` or `405` is not an
//! error of the gateway, it is an answer to pass back as it came. The variants are
//! given; their statuses and codes are yours (the README's tables, and 05's for the
//! migrated route).

use std::time::Duration;

use axum::extract::rejection::BytesRejection;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

/// Everything a request can fail with at the gateway. The `Display` text (from
/// `#[error]`) becomes the JSON `message`, `code()` the `code`.
#[derive(Debug, thiserror::Error)]
pub enum GatewayError {
    /// The migrated route's `{id}`, as 05 refuses it.
    #[error("{0:?} is not a todo id: ids are positive integers")]
    InvalidId(String),

    #[error("no todo has id {0}")]
    TodoNotFound(i64),

    /// Any failure of sqlx or SQLite on the migrated route.
    #[error("internal error")]
    Database(#[from] sqlx::Error),

    /// A body to forward that could not be read (larger than axum's limit, or the
    /// connection broke): nothing was sent to the upstream. Keeps axum's status.
    #[error("{message}")]
    UnreadableBody { status: StatusCode, message: String },

    /// No answer from the upstream within `UPSTREAM_TIMEOUT_MS`.
    #[error("the todos service did not answer within {} ms", .0.as_millis())]
    UpstreamTimeout(Duration),

    /// The upstream could not be reached, or closed the connection without an answer.
    #[error("the todos service cannot be reached")]
    UpstreamUnavailable(#[source] reqwest::Error),
}

impl GatewayError {
    /// TODO: one arm per variant. Which status says "nobody answered", and which
    /// "somebody may still be working on it"?
    fn status(&self) -> StatusCode {
        todo!("the HTTP status of each GatewayError")
    }

    /// TODO: the contract's code of each variant: `invalid_id`, `todo_not_found`,
    /// `internal`, `unreadable_body`, `upstream_timeout`, `upstream_unavailable`.
    fn code(&self) -> &'static str {
        todo!("the contract code of each GatewayError")
    }
}

impl IntoResponse for GatewayError {
    /// `{"error": {"code": ..., "message": ...}}` with `Content-Type: application/json`.
    fn into_response(self) -> Response {
        // The client gets "internal error"; what went wrong is for the operator.
        if let Self::Database(err) = &self {
            tracing::error!(error = %err, "database error");
        }
        let body = json!({ "error": { "code": self.code(), "message": self.to_string() } });
        (self.status(), Json(body)).into_response()
    }
}

/// Lets `?` turn a body that could not be buffered (`Bytes`'s rejection) into ours.
impl From<BytesRejection> for GatewayError {
    fn from(rejection: BytesRejection) -> Self {
        Self::UnreadableBody {
            status: rejection.status(),
            message: rejection.body_text(),
        }
    }
}

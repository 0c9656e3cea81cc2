//! The gateway's own errors, and the one place that turns them into HTTP responses.
//!
//! Only the gateway's *own* answers are here. An upstream `404` or `405` is not an
//! error of the gateway: it is an answer, passed back as it came (`proxy.rs`). What is
//! new since 07 are the two ways the upstream itself can fail, and they must not be
//! confused: `502` says "nobody answered", `504` "somebody may still be working on it".

use std::time::Duration;

use axum::extract::rejection::BytesRejection;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

use crate::mutation::{self, Mutation};

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
    /// connection broke): nothing was sent to the upstream.
    #[error("{message}")]
    UnreadableBody { status: StatusCode, message: String },

    /// No answer from the upstream within `UPSTREAM_TIMEOUT_MS`. The request may have
    /// reached it and may still be running there: that is why it is a `504`, not a
    /// `502`, and why the gateway does not send it again.
    #[error("the todos service did not answer within {} ms", .0.as_millis())]
    UpstreamTimeout(Duration),

    /// The upstream could not be reached, or closed the connection without an answer.
    /// The cause (connection refused, reset…) goes to the log, not to the client.
    #[error("the todos service cannot be reached")]
    UpstreamUnavailable(#[source] reqwest::Error),
}

impl GatewayError {
    fn status(&self) -> StatusCode {
        let mutation = mutation::active();
        match self {
            // MUTATION timeout-502: Go's `ErrorHandler` that answers 502 to every error
            // without asking `errors.Is(err, context.DeadlineExceeded)`: a timeout is
            // one more failure to reach the upstream.
            Self::UpstreamTimeout(_) if mutation == Some(Mutation::Timeout502) => {
                StatusCode::BAD_GATEWAY
            }
            // MUTATION down-500: the transport error treated as any other failure,
            // Go's `http.Error(w, err.Error(), http.StatusInternalServerError)`.
            Self::UpstreamUnavailable(_) if mutation == Some(Mutation::Down500) => {
                StatusCode::INTERNAL_SERVER_ERROR
            }
            Self::InvalidId(_) => StatusCode::BAD_REQUEST,
            Self::TodoNotFound(_) => StatusCode::NOT_FOUND,
            Self::Database(_) => StatusCode::INTERNAL_SERVER_ERROR,
            Self::UnreadableBody { status, .. } => *status,
            Self::UpstreamTimeout(_) => StatusCode::GATEWAY_TIMEOUT,
            Self::UpstreamUnavailable(_) => StatusCode::BAD_GATEWAY,
        }
    }

    /// The machine-readable code of the contract; clients match on this, not on the message.
    fn code(&self) -> &'static str {
        let mutation = mutation::active();
        match self {
            // MUTATION timeout-502: see `status`.
            Self::UpstreamTimeout(_) if mutation == Some(Mutation::Timeout502) => {
                "upstream_unavailable"
            }
            // MUTATION down-500: see `status`.
            Self::UpstreamUnavailable(_) if mutation == Some(Mutation::Down500) => "internal",
            Self::InvalidId(_) => "invalid_id",
            Self::TodoNotFound(_) => "todo_not_found",
            Self::Database(_) => "internal",
            Self::UnreadableBody { .. } => "unreadable_body",
            Self::UpstreamTimeout(_) => "upstream_timeout",
            Self::UpstreamUnavailable(_) => "upstream_unavailable",
        }
    }
}

impl IntoResponse for GatewayError {
    /// `{"error": {"code": ..., "message": ...}}` with `Content-Type: application/json`.
    /// The request-id middleware adds `X-Request-Id` to this response like to any other.
    fn into_response(self) -> Response {
        // What went wrong in detail is for the operator. These run inside the request's
        // span (`request_id.rs`), so each line carries the request id.
        match &self {
            Self::Database(err) => tracing::error!(error = %err, "database error"),
            Self::UpstreamUnavailable(err) => {
                tracing::warn!(error = ?err, "the upstream cannot be reached");
            }
            Self::UpstreamTimeout(timeout) => {
                tracing::warn!(?timeout, "the upstream did not answer in time");
            }
            _ => {}
        }
        // MUTATION text-errors: the Go `ErrorHandler` written with `http.Error(w, msg,
        // status)`: the right status for an upstream failure, and a text/plain body.
        if mutation::active() == Some(Mutation::TextErrors)
            && matches!(
                self,
                Self::UpstreamTimeout(_) | Self::UpstreamUnavailable(_)
            )
        {
            return (
                self.status(),
                [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
                format!("{}\n", self),
            )
                .into_response();
        }
        let body = json!({ "error": { "code": self.code(), "message": self.to_string() } });
        (self.status(), Json(body)).into_response()
    }
}

/// A forwarded body that could not be buffered: keep axum's status (413 for a body over
/// the limit, 400 for a broken one), answer in our shape.
impl From<BytesRejection> for GatewayError {
    fn from(rejection: BytesRejection) -> Self {
        Self::UnreadableBody {
            status: rejection.status(),
            message: rejection.body_text(),
        }
    }
}

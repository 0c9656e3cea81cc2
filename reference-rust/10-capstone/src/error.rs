//! The service's errors, and the one place that turns them into HTTP responses.

use axum::extract::rejection::JsonRejection;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

use crate::model::{Status, MAX_QUANTITY};

/// Everything a request can fail with. The `Display` text becomes the JSON `message`,
/// `code()` the `code`.
#[derive(Debug, thiserror::Error)]
pub enum OrderError {
    #[error("{0:?} is not an order id: ids are positive integers")]
    InvalidId(String),

    #[error("{0}")]
    InvalidPagination(String),

    #[error("Idempotency-Key must be 1 to 128 letters, digits, '-', '_', '.' or ':'")]
    InvalidIdempotencyKey,

    #[error("an order has at least one item")]
    EmptyOrder,

    #[error("an order has at most {max} items, not {got}")]
    TooManyItems { max: usize, got: usize },

    #[error("items[{index}].quantity must be from 1 to {MAX_QUANTITY}, not {quantity}")]
    InvalidQuantity { index: usize, quantity: i64 },

    #[error("items[{index}].sku {sku:?} is not in the catalogue")]
    UnknownSku { index: usize, sku: String },

    #[error("no order has id {0}")]
    OrderNotFound(i64),

    #[error("order {id} is {from} and cannot become {to}")]
    InvalidTransition { id: i64, from: Status, to: Status },

    #[error("the Idempotency-Key {0:?} was used for another request")]
    IdempotencyKeyReused(String),

    #[error("the body must be sent with Content-Type: application/json")]
    UnsupportedMediaType,

    #[error("{0}")]
    MalformedJson(String),

    #[error("{0}")]
    InvalidBody(String),

    /// The body could not be read at all (too large, or the connection broke).
    #[error("{message}")]
    UnreadableBody { status: StatusCode, message: String },

    /// Any other failure of sqlx or SQLite: a 500 whose details go to the log.
    #[error("internal error")]
    Database(#[from] sqlx::Error),

    #[error("no route for this path")]
    NotFound,

    #[error("this path does not accept that method")]
    MethodNotAllowed,
}

impl OrderError {
    pub fn status(&self) -> StatusCode {
        match self {
            Self::InvalidId(_)
            | Self::InvalidPagination(_)
            | Self::InvalidIdempotencyKey
            | Self::MalformedJson(_)
            | Self::InvalidBody(_) => StatusCode::BAD_REQUEST,
            Self::EmptyOrder
            | Self::TooManyItems { .. }
            | Self::InvalidQuantity { .. }
            | Self::UnknownSku { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            Self::OrderNotFound(_) | Self::NotFound => StatusCode::NOT_FOUND,
            Self::InvalidTransition { .. } | Self::IdempotencyKeyReused(_) => StatusCode::CONFLICT,
            Self::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::UnreadableBody { status, .. } => *status,
            Self::Database(_) => StatusCode::INTERNAL_SERVER_ERROR,
            Self::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
        }
    }

    /// The machine-readable code of the contract.
    pub fn code(&self) -> &'static str {
        match self {
            Self::InvalidId(_) => "invalid_id",
            Self::InvalidPagination(_) => "invalid_pagination",
            Self::InvalidIdempotencyKey => "invalid_idempotency_key",
            Self::EmptyOrder => "empty_order",
            Self::TooManyItems { .. } => "too_many_items",
            Self::InvalidQuantity { .. } => "invalid_quantity",
            Self::UnknownSku { .. } => "unknown_sku",
            Self::OrderNotFound(_) => "order_not_found",
            Self::InvalidTransition { .. } => "invalid_transition",
            Self::IdempotencyKeyReused(_) => "idempotency_key_reused",
            Self::UnsupportedMediaType => "unsupported_media_type",
            Self::MalformedJson(_) => "malformed_json",
            Self::InvalidBody(_) => "invalid_body",
            Self::UnreadableBody { .. } => "unreadable_body",
            Self::Database(_) => "internal",
            Self::NotFound => "not_found",
            Self::MethodNotAllowed => "method_not_allowed",
        }
    }
}

impl IntoResponse for OrderError {
    /// `{"error": {"code": ..., "message": ...}}` with `Content-Type: application/json`.
    fn into_response(self) -> Response {
        if let Self::Database(err) = &self {
            // Inside the request's span: the line carries the request id, so the
            // operator finds the request a client complains about.
            tracing::error!(error = %err, "database error");
        }
        let body = json!({ "error": { "code": self.code(), "message": self.to_string() } });
        (self.status(), Json(body)).into_response()
    }
}

/// Lets `?` turn axum's JSON rejections into our errors (see `extract::AppJson`).
impl From<JsonRejection> for OrderError {
    fn from(rejection: JsonRejection) -> Self {
        match rejection {
            JsonRejection::MissingJsonContentType(_) => Self::UnsupportedMediaType,
            JsonRejection::JsonSyntaxError(err) => Self::MalformedJson(err.body_text()),
            JsonRejection::JsonDataError(err) => Self::InvalidBody(err.body_text()),
            other => Self::UnreadableBody {
                status: other.status(),
                message: other.body_text(),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn database_details_stay_out_of_the_message() {
        let error = OrderError::Database(sqlx::Error::PoolClosed);
        assert_eq!(error.to_string(), "internal error");
        assert_eq!(error.status(), StatusCode::INTERNAL_SERVER_ERROR);
    }

    #[test]
    fn a_refused_transition_says_both_states() {
        let error = OrderError::InvalidTransition {
            id: 3,
            from: Status::Shipped,
            to: Status::Cancelled,
        };
        assert_eq!(
            error.to_string(),
            "order 3 is shipped and cannot become cancelled"
        );
        assert_eq!(
            (error.status(), error.code()),
            (StatusCode::CONFLICT, "invalid_transition")
        );
    }
}

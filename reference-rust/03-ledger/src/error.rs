//! The service's errors, and the one place that turns them into HTTP responses.
//!
//! Go's ledger has sentinel errors (`var ErrInsufficientFunds = errors.New(...)`) and a
//! handler that sorts them with `errors.Is`, one `if` each. Here each sentinel is a
//! variant, the data that explains it travels inside it, and `status()`/`code()` are
//! exhaustive `match`es: a new variant without a status does not compile.

use axum::extract::rejection::JsonRejection;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

/// Everything a request can fail with. The ledger's methods and the handlers return
/// `Result<_, LedgerError>`; the `Display` text (from `#[error]`) becomes the JSON
/// `message`, `code()` the `code`.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum LedgerError {
    #[error("{0:?} is not an account id: ids are positive integers")]
    InvalidId(String),

    /// An empty owner or a negative opening balance; the text says which.
    #[error("{0}")]
    InvalidAccount(String),

    #[error("amounts are positive numbers of cents, not {0}")]
    InvalidAmount(i64),

    #[error("account {0} cannot transfer to itself")]
    SameAccount(i64),

    #[error("no account has id {0}")]
    AccountNotFound(i64),

    #[error("account {id} holds {balance}, less than the {amount} to transfer")]
    InsufficientFunds { id: i64, balance: i64, amount: i64 },

    #[error("the balance of account {0} would exceed the maximum of {max}", max = i64::MAX)]
    BalanceOverflow(i64),

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

impl LedgerError {
    fn status(&self) -> StatusCode {
        match self {
            Self::InvalidId(_) | Self::MalformedJson(_) | Self::InvalidBody(_) => {
                StatusCode::BAD_REQUEST
            }
            // The request is well-formed, but the ledger's rules refuse it.
            Self::InvalidAccount(_)
            | Self::InvalidAmount(_)
            | Self::SameAccount(_)
            | Self::BalanceOverflow(_) => StatusCode::UNPROCESSABLE_ENTITY,
            // The request is fine; the state of the account is not (retry after a deposit).
            Self::InsufficientFunds { .. } => StatusCode::CONFLICT,
            Self::AccountNotFound(_) | Self::NotFound => StatusCode::NOT_FOUND,
            Self::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::UnreadableBody { status, .. } => *status,
            Self::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
        }
    }

    /// The machine-readable code of the contract; clients match on this, not on the message.
    fn code(&self) -> &'static str {
        match self {
            Self::InvalidId(_) => "invalid_id",
            Self::InvalidAccount(_) => "invalid_account",
            Self::InvalidAmount(_) => "invalid_amount",
            Self::SameAccount(_) => "same_account",
            Self::AccountNotFound(_) => "account_not_found",
            Self::InsufficientFunds { .. } => "insufficient_funds",
            Self::BalanceOverflow(_) => "balance_overflow",
            Self::UnsupportedMediaType => "unsupported_media_type",
            Self::MalformedJson(_) => "malformed_json",
            Self::InvalidBody(_) => "invalid_body",
            Self::UnreadableBody { .. } => "unreadable_body",
            Self::NotFound => "not_found",
            Self::MethodNotAllowed => "method_not_allowed",
        }
    }
}

impl IntoResponse for LedgerError {
    /// `{"error": {"code": ..., "message": ...}}` with `Content-Type: application/json`.
    fn into_response(self) -> Response {
        let body = json!({ "error": { "code": self.code(), "message": self.to_string() } });
        (self.status(), Json(body)).into_response()
    }
}

/// Lets `?` turn axum's JSON rejections into our errors (see `extract::AppJson`).
impl From<JsonRejection> for LedgerError {
    fn from(rejection: JsonRejection) -> Self {
        match rejection {
            JsonRejection::MissingJsonContentType(_) => Self::UnsupportedMediaType,
            // serde_json's `Syntax` and `Eof` categories: `{"from":`, `{]`, an empty body.
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The README's table of checks, as statuses and codes.
    #[test]
    fn every_ledger_error_has_the_contract_status_and_code() {
        for (error, status, code) in [
            (
                LedgerError::InvalidAccount("the owner must not be empty".into()),
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_account",
            ),
            (
                LedgerError::InvalidAmount(0),
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_amount",
            ),
            (
                LedgerError::SameAccount(1),
                StatusCode::UNPROCESSABLE_ENTITY,
                "same_account",
            ),
            (
                LedgerError::AccountNotFound(1),
                StatusCode::NOT_FOUND,
                "account_not_found",
            ),
            (
                LedgerError::BalanceOverflow(1),
                StatusCode::UNPROCESSABLE_ENTITY,
                "balance_overflow",
            ),
            (
                LedgerError::InsufficientFunds {
                    id: 1,
                    balance: 10,
                    amount: 11,
                },
                StatusCode::CONFLICT,
                "insufficient_funds",
            ),
        ] {
            assert_eq!((error.status(), error.code()), (status, code), "{error}");
        }
    }

    #[test]
    fn messages_carry_the_numbers() {
        let error = LedgerError::InsufficientFunds {
            id: 1,
            balance: 10,
            amount: 11,
        };
        assert_eq!(
            error.to_string(),
            "account 1 holds 10, less than the 11 to transfer"
        );
        assert_eq!(
            LedgerError::BalanceOverflow(2).to_string(),
            "the balance of account 2 would exceed the maximum of 9223372036854775807"
        );
    }
}

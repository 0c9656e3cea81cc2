//! The service's errors, and the one place that turns them into HTTP responses.
//! Mutations here: `axum-422`, `insufficient-422`; `Internal` exists for `notfound-500`.
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

use crate::mutation::{self, Mutation};

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

    /// Only `notfound-500` produces this.
    #[error("internal error")]
    Internal,

    #[error("no route for this path")]
    NotFound,

    #[error("this path does not accept that method")]
    MethodNotAllowed,
}

impl LedgerError {
    fn status(&self) -> StatusCode {
        match self {
            // MUTATION axum-422: the status axum's `Json<T>` gives a body of the wrong
            // shape, kept because the port used `Json<T>` as it comes.
            Self::InvalidBody(_) if mutation::active() == Some(Mutation::Axum422) => {
                StatusCode::UNPROCESSABLE_ENTITY
            }
            // MUTATION insufficient-422: every refusal of the ledger lumped into one
            // "unprocessable" status, as a Go port with one `default:` branch in its
            // `switch` over the sentinel errors does.
            Self::InsufficientFunds { .. }
                if mutation::active() == Some(Mutation::Insufficient422) =>
            {
                StatusCode::UNPROCESSABLE_ENTITY
            }
            Self::InvalidId(_) | Self::MalformedJson(_) | Self::InvalidBody(_) => {
                StatusCode::BAD_REQUEST
            }
            Self::Internal => StatusCode::INTERNAL_SERVER_ERROR,
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
            Self::Internal => "internal",
            Self::NotFound => "not_found",
            Self::MethodNotAllowed => "method_not_allowed",
        }
    }
}

impl IntoResponse for LedgerError {
    /// `{"error": {"code": ..., "message": ...}}` with `Content-Type: application/json`.
    fn into_response(self) -> Response {
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

//! `LedgerError`: every way a request can fail, and the one place that turns a failure
//! into a response (lessons/03-ledger.md#the-error-enum).
//!
//! Go's ledger declares sentinel errors (`var ErrInsufficientFunds = errors.New(...)`)
//! and its handler sorts them with `errors.Is`, one `if` after another. Here each
//! sentinel is a variant, and the data that explains it travels inside it.

use axum::extract::rejection::JsonRejection;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

/// Your ledger's methods and your handlers return `Result<_, LedgerError>`, and `?`
/// passes a `LedgerError` up unchanged (lessons/03-ledger.md#errors-as-values). The
/// `#[error]` text (its `Display`) is the JSON `message`; the `code` is what the
/// harness checks. Add data to a variant if your messages want more.
#[derive(Debug, thiserror::Error)]
pub enum LedgerError {
    /// 400 `invalid_id`: the `{id}` segment is not a positive `i64` (`AccountId` says so).
    #[error("{0:?} is not an account id: ids are positive integers")]
    InvalidId(String),

    /// 422 `invalid_account`: an empty owner, or an opening balance below 0.
    #[error("{0}")]
    InvalidAccount(String),

    /// 422 `invalid_amount`: a deposit or transfer of 0 or less.
    #[error("amounts are positive numbers of cents, not {0}")]
    InvalidAmount(i64),

    /// 422 `same_account`: a transfer whose `from` is its `to`.
    #[error("account {0} cannot transfer to itself")]
    SameAccount(i64),

    /// 404 `account_not_found`: the path's id, or a transfer's `from` or `to`.
    #[error("no account has id {0}")]
    AccountNotFound(i64),

    /// 409 `insufficient_funds`: a transfer larger than the `from` balance.
    #[error("account {id} holds {balance}, less than the {amount} to transfer")]
    InsufficientFunds { id: i64, balance: i64, amount: i64 },

    /// 422 `balance_overflow`: a deposit or transfer would take a balance past
    /// `i64::MAX` (lessons/03-ledger.md#checked-arithmetic).
    #[error("the balance of account {0} would exceed the maximum of {max}", max = i64::MAX)]
    BalanceOverflow(i64),

    /// 415 `unsupported_media_type`: the body is not sent as `application/json`.
    #[error("the body must be sent with Content-Type: application/json")]
    UnsupportedMediaType,

    /// 400 `malformed_json`: not JSON at all (a syntax error, truncated, empty).
    #[error("{0}")]
    MalformedJson(String),

    /// 400 `invalid_body`: JSON of the wrong shape (missing, `null`, mistyped, `1.5`,
    /// outside `i64`, not an object). Remember: axum's own answer is a 422.
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

impl LedgerError {
    /// One `match`, one arm per variant (or per group of variants sharing a status).
    /// No `_ =>` arm: then a variant you add later without a status does not compile.
    fn status(&self) -> StatusCode {
        todo!("the status of each variant, as in the README's table (lessons/03-ledger.md#the-error-enum)")
    }

    /// The machine-readable code of the contract: `"account_not_found"`, ...
    fn code(&self) -> &'static str {
        todo!("the code of each variant, as in the README's table (lessons/03-ledger.md#the-error-enum)")
    }
}

/// Done for you, as in 02: `{"error": {"code": ..., "message": ...}}`. It calls your
/// `status()` and `code()`, so until those are written every error panics, and the
/// harness sees the connection drop.
impl IntoResponse for LedgerError {
    fn into_response(self) -> Response {
        let body = json!({ "error": { "code": self.code(), "message": self.to_string() } });
        (self.status(), Json(body)).into_response()
    }
}

/// Done for you, as in 02: lets `AppJson` (`extract.rs`) reject a bad body with these
/// variants.
impl From<JsonRejection> for LedgerError {
    fn from(rejection: JsonRejection) -> Self {
        match rejection {
            JsonRejection::MissingJsonContentType(_) => Self::UnsupportedMediaType,
            JsonRejection::JsonSyntaxError(err) => Self::MalformedJson(err.body_text()),
            // axum's own answer for this is a 422; the contract says 400 (`status()`).
            JsonRejection::JsonDataError(err) => Self::InvalidBody(err.body_text()),
            other => Self::UnreadableBody {
                status: other.status(),
                message: other.body_text(),
            },
        }
    }
}

//! Done for you: 02's extractors, whose rejections are `LedgerError`s, so a bad id or
//! a bad body gets the contract's JSON error instead of axum's plain-text answers.
//! Extractors run in argument order: put `AccountId` before `AppJson` (always last),
//! and the id is checked before the body, as the README wants.

use axum::extract::{FromRequest, FromRequestParts, Path, Request};
use axum::http::request::Parts;
use axum::Json;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::error::LedgerError;

/// The `{id}` path segment as a positive `i64`; anything else is `400 invalid_id`.
///
/// `i64`, where 02 had `u64`: a transfer's `from` and `to` are `i64`s in its body, and
/// one id type everywhere (path, body, map keys) saves conversions.
#[derive(Debug, Clone, Copy)]
pub struct AccountId(pub i64);

impl<S: Send + Sync> FromRequestParts<S> for AccountId {
    type Rejection = LedgerError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let Path(raw) = Path::<String>::from_request_parts(parts, state)
            .await
            .map_err(|rejection| LedgerError::InvalidId(rejection.body_text()))?;
        match raw.parse::<i64>() {
            Ok(id) if id > 0 => Ok(AccountId(id)),
            _ => Err(LedgerError::InvalidId(raw)),
        }
    }
}

/// `Json<T>` with `LedgerError` rejections, for bodies that must be JSON objects:
/// 415 `unsupported_media_type`, 400 `malformed_json`, 400 `invalid_body`.
pub struct AppJson<T>(pub T);

impl<S, T> FromRequest<S> for AppJson<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = LedgerError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        // First an object (serde would accept `[1, 2, 30]` for a struct), then the fields.
        let Json(object) = Json::<Map<String, Value>>::from_request(req, state).await?;
        T::deserialize(Value::Object(object))
            .map(AppJson)
            .map_err(|err| LedgerError::InvalidBody(err.to_string()))
    }
}

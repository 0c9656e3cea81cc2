//! Done for you: the extractors of 02 and 03, whose rejections are `TodoError`s, so a
//! bad id or a bad body gets the contract's JSON error instead of axum's plain-text
//! answers. Extractors run in argument order: put `TodoId` before `AppJson` (always
//! last), and the id is checked before the body, as the README wants.

use axum::extract::{FromRequest, FromRequestParts, Path, Request};
use axum::http::request::Parts;
use axum::Json;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::error::TodoError;

/// The `{id}` path segment as a positive `i64` (SQLite's INTEGER); anything else is
/// `400 invalid_id`.
#[derive(Debug, Clone, Copy)]
pub struct TodoId(pub i64);

impl<S: Send + Sync> FromRequestParts<S> for TodoId {
    type Rejection = TodoError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let Path(raw) = Path::<String>::from_request_parts(parts, state)
            .await
            .map_err(|rejection| TodoError::InvalidId(rejection.body_text()))?;
        match raw.parse::<i64>() {
            Ok(id) if id > 0 => Ok(TodoId(id)),
            _ => Err(TodoError::InvalidId(raw)),
        }
    }
}

/// `Json<T>` with `TodoError` rejections, for bodies that must be JSON objects:
/// 415 `unsupported_media_type`, 400 `malformed_json`, 400 `invalid_body`.
pub struct AppJson<T>(pub T);

impl<S, T> FromRequest<S> for AppJson<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = TodoError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        // First an object (serde would accept `["a"]` for a struct), then the fields.
        let Json(object) = Json::<Map<String, Value>>::from_request(req, state).await?;
        T::deserialize(Value::Object(object))
            .map(AppJson)
            .map_err(|err| TodoError::InvalidBody(err.to_string()))
    }
}

//! Done for you: extractors whose rejections are `AppError`s, so a bad body gets the
//! contract's JSON error instead of axum's plain-text answers. Extractors run in
//! argument order: put `AppJson` last.

use axum::extract::{FromRequest, FromRequestParts, Path, Request};
use axum::http::request::Parts;
use axum::Json;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::error::AppError;

/// The `{name}` path segment, percent-decoded, not checked against the rules for
/// names: a name that breaks them belongs to no client, and the lookup says `404
/// client_not_found`, as the README wants. (A segment that decodes to invalid UTF-8,
/// `%FF`, is a `client_not_found` here already.)
#[derive(Debug, Clone)]
pub struct PathName(pub String);

impl<S: Send + Sync> FromRequestParts<S> for PathName {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let Path(name) = Path::<String>::from_request_parts(parts, state)
            .await
            .map_err(|_| {
                let raw = parts.uri.path().split('/').nth(2).unwrap_or_default();
                AppError::ClientNotFound(raw.to_owned())
            })?;
        Ok(Self(name))
    }
}

/// `Json<T>` with `AppError` rejections, for bodies that must be JSON objects:
/// 415 `unsupported_media_type`, 400 `malformed_json`, 400 `invalid_body`.
pub struct AppJson<T>(pub T);

impl<S, T> FromRequest<S> for AppJson<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        // First an object (serde would accept `["alice", 5, 60]` for a struct), then
        // the fields.
        let Json(object) = Json::<Map<String, Value>>::from_request(req, state).await?;
        T::deserialize(Value::Object(object))
            .map(AppJson)
            .map_err(|err| AppError::InvalidBody(err.to_string()))
    }
}

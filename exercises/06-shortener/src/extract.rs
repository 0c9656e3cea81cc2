//! Done for you: the extractors, whose rejections are `ShortenerError`s, so a bad code
//! or a bad body gets the contract's JSON error instead of axum's plain-text answers.
//! Extractors run in argument order: `AppJson` goes last.

use axum::extract::{FromRequest, FromRequestParts, Path, Request};
use axum::http::request::Parts;
use axum::Json;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::error::ShortenerError;

/// The `{code}` path segment, percent-decoded. Any string is a code to look up: one
/// that breaks the alias rules is simply not in the store (`404 link_not_found`, which
/// is also the answer to a segment that is not UTF-8, like `/%FF`).
#[derive(Debug, Clone)]
pub struct LinkCode(pub String);

impl<S: Send + Sync> FromRequestParts<S> for LinkCode {
    type Rejection = ShortenerError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match Path::<String>::from_request_parts(parts, state).await {
            Ok(Path(code)) => Ok(Self(code)),
            Err(_) => {
                let raw = parts.uri.path().rsplit('/').next().unwrap_or_default();
                Err(ShortenerError::LinkNotFound(raw.to_owned()))
            }
        }
    }
}

/// `Json<T>` with `ShortenerError` rejections, for bodies that must be JSON objects:
/// 415 `unsupported_media_type`, 400 `malformed_json`, 400 `invalid_body`.
pub struct AppJson<T>(pub T);

impl<S, T> FromRequest<S> for AppJson<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = ShortenerError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        // First an object (serde would accept `["https://a.b"]` for a struct), then the
        // fields.
        let Json(object) = Json::<Map<String, Value>>::from_request(req, state).await?;
        T::deserialize(Value::Object(object))
            .map(AppJson)
            .map_err(|err| ShortenerError::InvalidBody(err.to_string()))
    }
}

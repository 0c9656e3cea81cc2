//! Extractors whose rejections are `ShortenerError`s, so a bad code or a bad body gets
//! the same JSON error shape as everything else instead of axum's plain-text answers.
//! `AppJson` is 05's; `LinkCode` replaces its `TodoId`.

use axum::extract::{FromRequest, FromRequestParts, Path, Request};
use axum::http::request::Parts;
use axum::Json;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::error::ShortenerError;

/// The `{code}` path segment, percent-decoded, of `/{code}` and `/links/{code}`.
///
/// Any string is a code to look up: one that breaks the alias rules cannot be in the
/// store, and the store says so, `404 link_not_found`. The only segment `Path<String>`
/// refuses is one that percent-decodes to invalid UTF-8 (`/%FF`), with axum's
/// text/plain 400; no link has that code either, so it is the same 404, in JSON.
#[derive(Debug, Clone)]
pub struct LinkCode(pub String);

impl<S: Send + Sync> FromRequestParts<S> for LinkCode {
    type Rejection = ShortenerError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match Path::<String>::from_request_parts(parts, state).await {
            Ok(Path(code)) => Ok(Self(code)),
            // The code is the last segment in both routes; shown as it was sent.
            Err(_) => {
                let raw = parts.uri.path().rsplit('/').next().unwrap_or_default();
                Err(ShortenerError::LinkNotFound(raw.to_owned()))
            }
        }
    }
}

/// `Json<T>` with our errors, for bodies that must be JSON objects.
///
/// | the body                            | axum's `Json<T>` | `AppJson<T>`                 |
/// |-------------------------------------|------------------|------------------------------|
/// | no `Content-Type: application/json` | 415 text         | 415 `unsupported_media_type` |
/// | not JSON (syntax, truncated, empty) | 400 text         | 400 `malformed_json`         |
/// | JSON of the wrong shape             | **422** text     | 400 `invalid_body`           |
pub struct AppJson<T>(pub T);

impl<S, T> FromRequest<S> for AppJson<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = ShortenerError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        // Two steps because serde's derived `Deserialize` for a struct also accepts a
        // JSON array, matching fields by position: `["https://a.b"]` would be a link.
        // Go's encoding/json refuses that, and so do we: first an object (content
        // type, syntax and "is it an object" are axum's checks, mapped by
        // `From<JsonRejection>`), then the fields.
        let Json(object) = Json::<Map<String, Value>>::from_request(req, state).await?;
        T::deserialize(Value::Object(object))
            .map(AppJson)
            .map_err(|err| ShortenerError::InvalidBody(err.to_string()))
    }
}

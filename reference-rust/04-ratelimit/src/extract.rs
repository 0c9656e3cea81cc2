//! Extractors whose rejections are `AppError`s, so a bad body gets the same JSON error
//! shape as everything else instead of axum's plain-text answers.

use axum::extract::{FromRequest, FromRequestParts, Path, Request};
use axum::http::request::Parts;
use axum::Json;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::error::AppError;

/// The `{name}` path segment, percent-decoded.
///
/// It is not checked against the rules for names: a name that breaks them cannot
/// belong to a client, so the lookup answers `404 client_not_found` for it, as the
/// README wants for every unknown name.
///
/// `Path<String>` would do, but its one rejection (a segment that percent-decodes to
/// invalid UTF-8, `%FF`) is axum's text/plain 400. No name is made of such bytes
/// either, so that is a `client_not_found` too, with the segment as it was sent.
#[derive(Debug, Clone)]
pub struct PathName(pub String);

impl<S: Send + Sync> FromRequestParts<S> for PathName {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let Path(name) = Path::<String>::from_request_parts(parts, state)
            .await
            .map_err(|_| {
                // `/clients/{name}` and `/clients/{name}/take`: the name is segment 2.
                let raw = parts.uri.path().split('/').nth(2).unwrap_or_default();
                AppError::ClientNotFound(raw.to_owned())
            })?;
        Ok(Self(name))
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
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        // Two steps because serde's derived `Deserialize` for a struct also accepts a
        // JSON array, matching fields by position: `["alice", 5, 60]` would be a
        // client. Go's encoding/json refuses that, and so do we: first an object, then
        // the fields.
        let Json(object) = Json::<Map<String, Value>>::from_request(req, state).await?;
        T::deserialize(Value::Object(object))
            .map(AppJson)
            .map_err(|err| AppError::InvalidBody(err.to_string()))
    }
}

//! Extractors whose rejections are `AppError`s, so a bad id or a bad body gets the
//! same JSON error shape as everything else instead of axum's plain-text answers.

use axum::extract::{FromRequest, FromRequestParts, Path, Request};
use axum::http::request::Parts;
use axum::Json;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::error::AppError;
use crate::mutation::{self, Mutation};

/// The `{id}` path segment as a positive `u64`.
///
/// `Path<u64>` would do the parsing, but its rejection is axum's text/plain 400 and
/// it accepts `0`. So the segment comes in as a `String` and is parsed here.
#[derive(Debug, Clone, Copy)]
pub struct UserId(pub u64);

impl<S: Send + Sync> FromRequestParts<S> for UserId {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        // `Path<String>` itself only fails on a segment that percent-decodes to
        // invalid UTF-8 (`%FF`): not an id either.
        let Path(raw) = Path::<String>::from_request_parts(parts, state)
            .await
            .map_err(|rejection| AppError::InvalidId(rejection.body_text()))?;
        match (parse_id(&raw), mutation::active()) {
            (Some(id), _) => Ok(UserId(id)),
            // MUTATION invalid-id-404: Go's `id, _ := strconv.ParseInt(...)`: the error
            // is dropped, the lookup runs with id 0 and finds nobody.
            (None, Some(Mutation::InvalidId404)) => Err(AppError::UserNotFound(0)),
            (None, _) => Err(AppError::InvalidId(raw)),
        }
    }
}

/// `Some(id)` for a positive decimal integer. The range is Go's `int64`, because the
/// Go reference parses ids with `strconv.ParseInt(s, 10, 64)`: both services must reject
/// the same ids. Like `ParseInt`, `parse` takes a leading `+` and leading zeros: "+7"
/// and "007" are 7.
fn parse_id(raw: &str) -> Option<u64> {
    let id: i64 = raw.parse().ok()?;
    u64::try_from(id).ok().filter(|&id| id > 0)
}

/// `Json<T>` with our errors, for bodies that must be JSON objects.
///
/// | the body                         | axum's `Json<T>` | `AppJson<T>`                 |
/// |----------------------------------|------------------|------------------------------|
/// | no `Content-Type: application/json` | 415 text        | 415 `unsupported_media_type` |
/// | not JSON (syntax, truncated, empty) | 400 text        | 400 `malformed_json`         |
/// | JSON of the wrong shape             | **422** text    | 400 `invalid_body`           |
pub struct AppJson<T>(pub T);

impl<S, T> FromRequest<S> for AppJson<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        // Two steps because serde's derived `Deserialize` for a struct also accepts a
        // JSON array, matching fields by position: `["Ada"]` would create a user named
        // Ada and `[]` would be an empty patch. Go's encoding/json refuses both, and so
        // do we: first an object (content type, syntax and "is it an object" are
        // axum's checks, mapped by `From<JsonRejection>`), then the fields.
        let Json(object) = Json::<Map<String, Value>>::from_request(req, state).await?;
        T::deserialize(Value::Object(object))
            .map(AppJson)
            .map_err(|err| AppError::InvalidBody(err.to_string()))
    }
}

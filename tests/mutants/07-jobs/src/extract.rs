//! Extractors whose rejections are `JobError`s, so a bad id or a bad body gets the same
//! JSON error shape as everything else instead of axum's plain-text answers. Both are
//! 05's, renamed.

use axum::extract::{FromRequest, FromRequestParts, Path, Request};
use axum::http::request::Parts;
use axum::Json;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::error::JobError;

/// The `{id}` path segment as a positive `i64`, SQLite's INTEGER.
///
/// `Path<i64>` would do the parsing, but its rejection is axum's text/plain 400 and
/// it accepts `0` and `-3`. So the segment comes in as a `String` and is parsed here.
#[derive(Debug, Clone, Copy)]
pub struct JobId(pub i64);

impl<S: Send + Sync> FromRequestParts<S> for JobId {
    type Rejection = JobError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        // `Path<String>` itself only fails on a segment that percent-decodes to
        // invalid UTF-8 (`%FF`): not an id either.
        let Path(raw) = Path::<String>::from_request_parts(parts, state)
            .await
            .map_err(|rejection| JobError::InvalidId(rejection.body_text()))?;
        parse_id(&raw).map(JobId).ok_or(JobError::InvalidId(raw))
    }
}

/// `Some(id)` for a positive decimal integer that fits in an `i64`, as Go's
/// `strconv.ParseInt(s, 10, 64)` followed by `id <= 0`. Like `ParseInt`, `parse` takes
/// a leading `+` and leading zeros: "+7" and "007" are 7.
fn parse_id(raw: &str) -> Option<i64> {
    raw.parse().ok().filter(|&id| id > 0)
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
    type Rejection = JobError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        // Two steps because serde's derived `Deserialize` for a struct also accepts a
        // JSON array, matching fields by position. Go's encoding/json refuses that, and
        // so do we: first an object, then the fields.
        let Json(object) = Json::<Map<String, Value>>::from_request(req, state).await?;
        T::deserialize(Value::Object(object))
            .map(AppJson)
            .map_err(|err| JobError::InvalidBody(err.to_string()))
    }
}

//! Extractors whose rejections are `TodoError`s, so a bad id, a bad body or a bad page
//! gets the same JSON error shape as everything else instead of axum's plain-text
//! answers. `TodoId` and `AppJson` are 03's; `Pagination` is new.
//! Mutation here: `pagination-unchecked`.

use std::ops::RangeInclusive;

use axum::extract::{FromRequest, FromRequestParts, Path, Query, Request};
use axum::http::request::Parts;
use axum::Json;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::error::TodoError;
use crate::mutation::{self, Mutation};

/// The `{id}` path segment as a positive `i64`, SQLite's INTEGER.
///
/// `Path<i64>` would do the parsing, but its rejection is axum's text/plain 400 and
/// it accepts `0` and `-3`. So the segment comes in as a `String` and is parsed here.
#[derive(Debug, Clone, Copy)]
pub struct TodoId(pub i64);

impl<S: Send + Sync> FromRequestParts<S> for TodoId {
    type Rejection = TodoError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        // `Path<String>` itself only fails on a segment that percent-decodes to
        // invalid UTF-8 (`%FF`): not an id either.
        let Path(raw) = Path::<String>::from_request_parts(parts, state)
            .await
            .map_err(|rejection| TodoError::InvalidId(rejection.body_text()))?;
        parse_id(&raw).map(TodoId).ok_or(TodoError::InvalidId(raw))
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
    type Rejection = TodoError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        // Two steps because serde's derived `Deserialize` for a struct also accepts a
        // JSON array, matching fields by position: `["Buy milk"]` would be a todo.
        // Go's encoding/json refuses that, and so do we: first an object (content
        // type, syntax and "is it an object" are axum's checks, mapped by
        // `From<JsonRejection>`), then the fields.
        let Json(object) = Json::<Map<String, Value>>::from_request(req, state).await?;
        T::deserialize(Value::Object(object))
            .map(AppJson)
            .map_err(|err| TodoError::InvalidBody(err.to_string()))
    }
}

pub const DEFAULT_LIMIT: i64 = 20;
pub const MAX_LIMIT: i64 = 100;

/// `?limit=20&offset=0`, checked: `limit` from 1 to 100 (default 20), `offset` from 0
/// (default 0); anything else is `400 invalid_pagination`.
///
/// `Query<Pagination>` with `i64` fields would parse the numbers, but its rejection is
/// axum's text/plain 400, and it knows nothing of the ranges. So the values come in as
/// strings, and are parsed and checked here: `limit=` and `limit=abc` are refused, not
/// taken for the default.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pagination {
    pub limit: i64,
    pub offset: i64,
}

/// The query string's `name=value` pairs, in order. Other parameters are ignored.
type Params = Vec<(String, String)>;

/// The first value of the parameter `name`, as Go's `q.Get` gives it: `None` when it
/// is left out, `Some("")` for `limit=`. (Into a struct of `Option<String>` fields,
/// serde would refuse `limit=1&limit=2` as a duplicate field.)
fn first<'a>(params: &'a Params, name: &str) -> Option<&'a str> {
    params
        .iter()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.as_str())
}

impl<S: Send + Sync> FromRequestParts<S> for Pagination {
    type Rejection = TodoError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        // Every `name=value` pair of the query string, percent-decoded, in order.
        // Decoding into strings does not fail (invalid UTF-8 is replaced, not refused),
        // but if it did, that would be a bad page too.
        let raw = Query::<Params>::try_from_uri(&parts.uri);
        // MUTATION pagination-unchecked: Go's `limit, err := strconv.Atoi(...)` followed
        // by `if err != nil { limit = 20 }` and a clamp: every bad value is quietly
        // replaced, and the client never learns its request was wrong.
        if mutation::active() == Some(Mutation::PaginationUnchecked) {
            let Query(params) = raw.unwrap_or_default();
            let number = |name| first(&params, name).and_then(|raw| raw.parse::<i64>().ok());
            return Ok(Self {
                limit: number("limit").map_or(DEFAULT_LIMIT, |limit| limit.clamp(1, MAX_LIMIT)),
                offset: number("offset").filter(|&offset| offset >= 0).unwrap_or(0),
            });
        }
        let Query(params) =
            raw.map_err(|rejection| TodoError::InvalidPagination(rejection.body_text()))?;
        Ok(Self {
            limit: parse_param(
                "limit",
                first(&params, "limit"),
                DEFAULT_LIMIT,
                1..=MAX_LIMIT,
            )?,
            offset: parse_param("offset", first(&params, "offset"), 0, 0..=i64::MAX)?,
        })
    }
}

/// `default` for a parameter left out; else an integer in `range`, as Go's
/// `strconv.ParseInt` followed by a range check.
fn parse_param(
    name: &str,
    raw: Option<&str>,
    default: i64,
    range: RangeInclusive<i64>,
) -> Result<i64, TodoError> {
    let Some(raw) = raw else {
        return Ok(default);
    };
    raw.parse()
        .ok()
        .filter(|value| range.contains(value))
        .ok_or_else(|| {
            let (start, end) = range.into_inner();
            let bounds = match end {
                i64::MAX => format!("from {start}"),
                end => format!("from {start} to {end}"),
            };
            TodoError::InvalidPagination(format!("{name} must be an integer {bounds}, not {raw:?}"))
        })
}

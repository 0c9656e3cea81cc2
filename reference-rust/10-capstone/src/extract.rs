//! Extractors whose rejections are `OrderError`s, so that a bad id, key, body or page
//! gets the JSON error shape: `OrderId`, `IdempotencyKey`, `AppJson` and `Pagination`.

use std::ops::RangeInclusive;

use axum::extract::{FromRequest, FromRequestParts, Path, Query, Request};
use axum::http::request::Parts;
use axum::http::HeaderName;
use axum::Json;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::error::OrderError;
use crate::request_id::is_valid_id;

/// The `{id}` path segment as a positive `i64`.
#[derive(Debug, Clone, Copy)]
pub struct OrderId(pub i64);

impl<S: Send + Sync> FromRequestParts<S> for OrderId {
    type Rejection = OrderError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let Path(raw) = Path::<String>::from_request_parts(parts, state)
            .await
            .map_err(|rejection| OrderError::InvalidId(rejection.body_text()))?;
        match raw.parse() {
            Ok(id) if id > 0 => Ok(Self(id)),
            _ => Err(OrderError::InvalidId(raw)),
        }
    }
}

pub static IDEMPOTENCY_KEY: HeaderName = HeaderName::from_static("idempotency-key");

/// The `Idempotency-Key` header: `None` when the request has none. One that is there
/// must be 1 to 128 letters, digits, `-`, `_`, `.` or `:`; an empty one is refused,
/// not taken for "no key".
#[derive(Debug, Clone)]
pub struct IdempotencyKey(pub Option<String>);

impl<S: Send + Sync> FromRequestParts<S> for IdempotencyKey {
    type Rejection = OrderError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let Some(value) = parts.headers.get(&IDEMPOTENCY_KEY) else {
            return Ok(Self(None));
        };
        match value.to_str() {
            Ok(key) if is_valid_id(key.as_bytes()) => Ok(Self(Some(key.to_owned()))),
            _ => Err(OrderError::InvalidIdempotencyKey),
        }
    }
}

/// `Json<T>` with our errors, for bodies that must be JSON objects: 415
/// `unsupported_media_type`, 400 `malformed_json`, 400 `invalid_body` (axum's own
/// answer for the last is a 422 in plain text).
pub struct AppJson<T>(pub T);

impl<S, T> FromRequest<S> for AppJson<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = OrderError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        // An object first (serde's derived structs would also take a JSON array), then
        // the fields.
        let Json(object) = Json::<Map<String, Value>>::from_request(req, state).await?;
        T::deserialize(Value::Object(object))
            .map(AppJson)
            .map_err(|err| OrderError::InvalidBody(err.to_string()))
    }
}

pub const DEFAULT_LIMIT: i64 = 20;
pub const MAX_LIMIT: i64 = 100;

/// `?limit=20&offset=0`, checked: `limit` from 1 to 100 (default 20), `offset` from 0
/// (default 0); anything else, `limit=` included, is `400 invalid_pagination`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pagination {
    pub limit: i64,
    pub offset: i64,
}

impl<S: Send + Sync> FromRequestParts<S> for Pagination {
    type Rejection = OrderError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let Query(params) = Query::<Vec<(String, String)>>::try_from_uri(&parts.uri)
            .map_err(|rejection| OrderError::InvalidPagination(rejection.body_text()))?;
        // The first value of a repeated parameter counts, as with Go's `q.Get`.
        let first = |name: &str| {
            params
                .iter()
                .find(|(key, _)| key == name)
                .map(|(_, value)| value.as_str())
        };
        Ok(Self {
            limit: parse_param("limit", first("limit"), DEFAULT_LIMIT, 1..=MAX_LIMIT)?,
            offset: parse_param("offset", first("offset"), 0, 0..=i64::MAX)?,
        })
    }
}

fn parse_param(
    name: &str,
    raw: Option<&str>,
    default: i64,
    range: RangeInclusive<i64>,
) -> Result<i64, OrderError> {
    let Some(raw) = raw else {
        return Ok(default);
    };
    raw.parse()
        .ok()
        .filter(|value| range.contains(value))
        .ok_or_else(|| {
            OrderError::InvalidPagination(format!(
                "{name} must be an integer from {} to {}, not {raw:?}",
                range.start(),
                range.end()
            ))
        })
}

#[cfg(test)]
mod tests {
    use axum::http::Request;

    use super::*;

    async fn pagination(uri: &str) -> Result<Pagination, OrderError> {
        let (mut parts, ()) = Request::get(uri).body(()).expect("a request").into_parts();
        Pagination::from_request_parts(&mut parts, &()).await
    }

    #[tokio::test]
    async fn pagination_has_defaults_and_bounds() {
        assert_eq!(
            pagination("/orders").await.ok(),
            Some(Pagination {
                limit: 20,
                offset: 0
            })
        );
        assert_eq!(
            pagination("/orders?limit=100&offset=7").await.ok(),
            Some(Pagination {
                limit: 100,
                offset: 7
            })
        );
        for uri in [
            "/orders?limit=",
            "/orders?limit=0",
            "/orders?limit=101",
            "/orders?offset=-1",
        ] {
            assert!(
                matches!(pagination(uri).await, Err(OrderError::InvalidPagination(_))),
                "{uri}"
            );
        }
    }
}

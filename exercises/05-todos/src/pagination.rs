//! `?limit=20&offset=0`: your work, as an extractor, so that `list` receives a
//! `Pagination` that is already checked.
//!
//! The README's rules: `limit` is an integer from 1 to 100 (20 when left out),
//! `offset` an integer from 0 (0 when left out); anything else, `limit=` and
//! `limit=abc` included, is `400 invalid_pagination`, never the default. A parameter
//! given twice counts with its first value, as Go's `q.Get` does.
//!
//! axum's `Query<T>` is the obvious start, and it has two traps. With `i64` fields, a
//! value that does not parse is rejected with axum's text/plain 400, not the
//! contract's JSON error; and it knows nothing of the ranges. So read the values as
//! strings (`None`: left out; `Some("")`: `limit=`), then parse and check them
//! yourself. `Query::<T>::try_from_uri(&parts.uri)` does the first step here; a
//! `Vec<(String, String)>` is a `T` that takes every parameter, repeated ones too.
//! Compare the Go service: `r.URL.Query().Get("limit")`, `strconv.Atoi`, and an `if`
//! for each bound.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;

use crate::error::TodoError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pagination {
    pub limit: i64,
    pub offset: i64,
}

impl<S: Send + Sync> FromRequestParts<S> for Pagination {
    type Rejection = TodoError;

    async fn from_request_parts(_parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        todo!("?limit=&offset=: the defaults when left out, else integers in range, else 400 invalid_pagination")
    }
}

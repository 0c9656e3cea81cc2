//! The handlers: your work. Each is a `todo!()` that panics when called (the harness
//! then sees the connection drop).
//!
//! Each is generic over the store, `S: Store`, and knows it only through the trait:
//! the same code must serve the map and the database. The extractors are in place and
//! run in argument order: the code (`LinkCode`), then the body (`AppJson`, always last:
//! 415, 400 `malformed_json`, 400 `invalid_body`). What is left: the rules
//! (`NewLink::check` in `model.rs`, the 422s), then one call on the store, then the
//! answer. What a `StoreError` that comes back means depends on where: `NotFound` is a
//! `404 link_not_found`; `AliasTaken` a `409 alias_taken`, or, for a code you made up,
//! a reason to try another; `Database` a 500. Write that `match` once.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::Json;

use crate::error::ShortenerError;
use crate::extract::{AppJson, LinkCode};
use crate::model::{Link, NewLink};
use crate::store::Store;

/// `POST /links` → `201` with the link, under its `alias`, or under a code made up by
/// `random_code` when there is none (try another if that one is taken; not forever).
pub async fn create<S: Store>(
    State(_store): State<S>,
    AppJson(_new): AppJson<NewLink>,
) -> Result<(StatusCode, Json<Link>), ShortenerError> {
    todo!("POST /links: 422 invalid_url, 422 invalid_alias, 409 alias_taken, else 201")
}

/// `GET /links/{code}` → `200` with the link, or `404 link_not_found`. Not a hit.
pub async fn show<S: Store>(
    State(_store): State<S>,
    LinkCode(_code): LinkCode,
) -> Result<Json<Link>, ShortenerError> {
    todo!("GET /links/{{code}}: 404 link_not_found, else 200 with the link")
}

/// `DELETE /links/{code}` → `204` without a body, or `404 link_not_found`.
pub async fn delete<S: Store>(
    State(_store): State<S>,
    LinkCode(_code): LinkCode,
) -> Result<StatusCode, ShortenerError> {
    todo!("DELETE /links/{{code}}: 404 link_not_found, else 204")
}

/// `GET /{code}` → `302 Found` with `Location: <url>` and `Cache-Control: no-store`, no
/// body, and one hit counted (`store.hit`: one call, not a get and a set); or `404
/// link_not_found`. axum's `Redirect` has no 302 (`Redirect::to` is a 303): build the
/// response from a `StatusCode` and the two headers.
pub async fn redirect<S: Store>(
    State(_store): State<S>,
    LinkCode(_code): LinkCode,
) -> Result<Response, ShortenerError> {
    todo!("GET /{{code}}: 404 link_not_found, else 302 + Location + Cache-Control: no-store")
}

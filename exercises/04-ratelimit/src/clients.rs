//! The `/clients` handlers: your work. Each one is a `todo!()` that panics when called
//! (the harness then sees the connection drop).
//!
//! The extractors are in place and run in argument order: the name in the path
//! (`PathName`), then the body (`AppJson`, always last: 415, 400 `malformed_json`, 400
//! `invalid_body`). What is left, in each handler: check what needs no lock, then take
//! `state.lock()` **once** and do the rest under that guard.
//!
//! ```text
//! let mut clients = state.lock();   // one acquisition...
//! let now = Instant::now();         // (read under the lock: each request's `now` is
//!                                   //  at least that of the one before it)
//! let bucket = clients.get_mut(&name).ok_or(AppError::ClientNotFound(name.clone()))?;
//! match bucket.take(now) { ... }    // ...for the read, the decision and the write
//! ```
//!
//! No `.await` after the extractors: none of these handlers needs one, and a guard
//! alive at an `.await` does not compile (lessons/04-ratelimit.md#send-and-sync).

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;

use crate::error::AppError;
use crate::extract::{AppJson, PathName};
use crate::model::{ClientView, NewClient, Taken};
use crate::store::AppState;

/// `POST /clients` with `{"name": "alice", "burst": 5, "per_minute": 60}` → `201` with
/// the client, its bucket full.
///
/// In the README's order: the name (1 to 64 characters, each an ASCII letter, a digit,
/// `-` or `_`; else `422 invalid_name`), the limits (`burst` 1..=1000000, `per_minute`
/// 1..=60000; else `422 invalid_limit`), then, under the lock, whether the name is
/// taken (`409 client_exists`). For the last, `HashMap::entry` looks the name up once:
/// `Entry::Occupied` is the 409, `Entry::Vacant` the slot to insert into. When 200
/// requests create one name at once, exactly one gets the `201`.
pub async fn create(
    State(_state): State<AppState>,
    AppJson(_new): AppJson<NewClient>,
) -> Result<(StatusCode, Json<ClientView>), AppError> {
    todo!("POST /clients: 422 invalid_name, 422 invalid_limit, 409 client_exists, else 201")
}

/// `GET /clients/{name}` → `200` with the client as it is now (`remaining` refilled up
/// to this instant), or `404 client_not_found` (lessons/04-ratelimit.md#unknown-clients).
pub async fn show(
    State(_state): State<AppState>,
    PathName(_name): PathName,
) -> Result<Json<ClientView>, AppError> {
    todo!("GET /clients/{{name}}: 404 client_not_found, else 200 with the client")
}

/// `POST /clients/{name}/take` → `200 {"allowed": true, "remaining": 4}`, or `404
/// client_not_found`, or `429 rate_limited` with `Retry-After` (see the TODO in
/// `error.rs`). Any body is ignored: there is no body extractor. An unknown name is a
/// 404, never a fresh bucket.
pub async fn take(
    State(_state): State<AppState>,
    PathName(_name): PathName,
) -> Result<Json<Taken>, AppError> {
    todo!("POST /clients/{{name}}/take: 404, 429 with Retry-After, else 200; count each once")
}

/// `DELETE /clients/{name}` → `204` with no body, or `404 client_not_found`.
pub async fn delete(
    State(_state): State<AppState>,
    PathName(_name): PathName,
) -> Result<StatusCode, AppError> {
    todo!("DELETE /clients/{{name}}: 404 client_not_found, else 204")
}

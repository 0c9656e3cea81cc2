//! The `/jobs` handlers: your work. Each one is a `todo!()` that panics when called
//! (the harness then sees the connection drop).
//!
//! The extractors are in place and run in argument order: the id (`JobId`, a `400
//! invalid_id` when malformed), or the body (`AppJson`: 415, 400 `malformed_json`, 400
//! `invalid_body` for a body that is not an object or whose `task` or `delay_ms` has
//! the wrong type). `JobRequest::check` (`model.rs`) does the rest of the README's
//! checks: a task's own members (400), `unknown_task` and `invalid_delay` (422). What is
//! left is the queue (`503 queue_full`, `queue.rs`) and the database (`404
//! job_not_found`, `store.rs`).
//!
//! A handler should be short: check, hand over, answer. Return `Result<_, JobError>` and
//! use `?`: axum turns the `Err` into a response through `JobError`'s `IntoResponse`,
//! `Retry-After: 1` included.

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::Json;

use crate::error::JobError;
use crate::extract::{AppJson, JobId};
use crate::model::{Accepted, Job, JobRequest};
use crate::routes::AppState;

/// `POST /jobs` → `202 {"id": 1, "status": "queued"}` with `Location: /jobs/1`. The job
/// is stored before the answer.
pub async fn create(
    State(_app): State<AppState>,
    AppJson(_request): AppJson<JobRequest>,
) -> Result<
    (
        StatusCode,
        [(header::HeaderName, String); 1],
        Json<Accepted>,
    ),
    JobError,
> {
    todo!("POST /jobs: check the request (400, 422), submit it to the queue (503), then 202 with a Location")
}

/// `GET /jobs/{id}` → `200` with the job, or `404 job_not_found`.
pub async fn show(State(_app): State<AppState>, JobId(_id): JobId) -> Result<Json<Job>, JobError> {
    todo!("GET /jobs/{{id}}: 404 job_not_found, else 200 with the job")
}

//! The `/jobs` handlers.
//!
//! Thin, as in 05: extract, check, hand over, answer. The extractors run in argument
//! order: the id (`JobId`), or the body (`AppJson`: 415, 400), then `check` (400 for a
//! task's own members, 422), then the queue (503) and the database (404).

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::Json;

use crate::error::JobError;
use crate::extract::{AppJson, JobId};
use crate::model::{Accepted, Job, JobRequest, Status};
use crate::routes::AppState;

/// `POST /jobs` → `202 {"id": 1, "status": "queued"}` with `Location: /jobs/1`. The job
/// is stored and queued before the answer; a worker may have taken it already, but
/// `queued` is what it was when it was accepted.
pub async fn create(
    State(app): State<AppState>,
    AppJson(request): AppJson<JobRequest>,
) -> Result<
    (
        StatusCode,
        [(header::HeaderName, String); 1],
        Json<Accepted>,
    ),
    JobError,
> {
    let new = request.check()?;
    let id = app.queue.submit(&app.store, new).await?;
    tracing::info!(id, "job accepted");
    Ok((
        StatusCode::ACCEPTED,
        [(header::LOCATION, format!("/jobs/{id}"))],
        Json(Accepted {
            id,
            status: Status::Queued,
        }),
    ))
}

/// `GET /jobs/{id}` → `200` with the job, or `404 job_not_found`.
pub async fn show(State(app): State<AppState>, JobId(id): JobId) -> Result<Json<Job>, JobError> {
    Ok(Json(app.store.get(id).await?))
}

//! `POST /stats`.

use axum::response::{IntoResponse, Response};
use axum::Json;

use crate::error::StatsError;
use crate::events;
use crate::extract::JsonBody;
use crate::stats::Aggregator;

/// Answers the statistics of the events in the body.
///
/// This works, once `events::parse` and the `Aggregator` do — but it runs
/// milliseconds of CPU on an async worker, holding up every other connection that worker
/// serves. TODO: move the work to tokio's blocking pool, and mind that the events
/// borrow from `body` (lessons/09-hotpath.md#cpu-work-off-the-async-workers).
pub async fn stats(JsonBody(body): JsonBody) -> Result<Response, StatsError> {
    let mut stats = Aggregator::default();
    events::parse(&body, |event| stats.add(event))?;
    Ok(Json(stats.finish()).into_response())
}

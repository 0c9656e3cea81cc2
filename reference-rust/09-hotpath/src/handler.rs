//! `POST /stats`.

use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};

use crate::error::StatsError;
use crate::events;
use crate::extract::JsonBody;
use crate::stats::Aggregator;

/// Answers the statistics of the events in the body.
///
/// Parsing a few hundred KiB of JSON and sorting the latencies takes milliseconds of
/// CPU with no `.await` in it. On an async worker, that would hold up every other
/// connection the worker serves (with one worker: all of them), so the work runs on
/// tokio's blocking pool. The closure owns the body; the events borrow from it and are
/// folded into the statistics one by one as they are read, and the statistics borrow
/// the names too: everything is serialized before the closure returns, and only the
/// bytes of the answer come back.
pub async fn stats(JsonBody(body): JsonBody) -> Result<Response, StatsError> {
    let json = tokio::task::spawn_blocking(move || -> Result<Vec<u8>, StatsError> {
        let mut stats = Aggregator::default();
        events::parse(&body, |event| stats.add(event))?;
        Ok(serde_json::to_vec(&stats.finish()).expect("statistics always serialize"))
    })
    .await
    .map_err(|err| {
        tracing::error!(%err, "the statistics task failed");
        StatsError::Internal
    })??;
    Ok(([(CONTENT_TYPE, "application/json")], json).into_response())
}

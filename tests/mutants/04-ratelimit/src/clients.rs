//! The `/clients` handlers: extract, call the store, answer.
//!
//! Extractors run in argument order: the name in the path (`PathName`), then the body
//! (`AppJson`, always last). The rules of a request live in `model.rs` (the body's
//! fields), `store.rs` (the one critical section of each request) and `bucket.rs` (the
//! arithmetic). No handler awaits anything after its extractors, and none holds a
//! guard: the store's methods take and drop theirs.
//!
//! Mutations here: the choice of the two-lock requests of `racy-counter`,
//! `racy-bucket` and `racy-create`.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;

use crate::error::AppError;
use crate::extract::{AppJson, PathName};
use crate::model::{ClientView, NewClient, Taken};
use crate::mutation::{self, Mutation};
use crate::store::AppState;

/// `POST /clients` → `201` with the client. The README's order: the name and the
/// limits (`validate`, no lock needed), then whether the name is taken (the store).
pub async fn create(
    State(state): State<AppState>,
    AppJson(new): AppJson<NewClient>,
) -> Result<(StatusCode, Json<ClientView>), AppError> {
    let (name, limits) = new.validate()?;
    let client = match mutation::active() {
        // MUTATION racy-create: check and insert under two locks (`create_in_two`).
        Some(Mutation::RacyCreate) => state.create_in_two(name, limits).await?,
        _ => state.create(name, limits)?,
    };
    tracing::info!(
        name = client.name,
        burst = client.burst,
        per_minute = client.per_minute,
        "client created"
    );
    Ok((StatusCode::CREATED, Json(client)))
}

pub async fn show(
    State(state): State<AppState>,
    PathName(name): PathName,
) -> Result<Json<ClientView>, AppError> {
    state.get(&name).map(Json)
}

/// `POST /clients/{name}/take`: any body is ignored, so there is no body extractor.
pub async fn take(
    State(state): State<AppState>,
    PathName(name): PathName,
) -> Result<Json<Taken>, AppError> {
    if mutation::active() == Some(Mutation::RacyBucket) {
        // MUTATION racy-bucket: check and spend under two locks (`take_in_two`).
        return state.take_in_two(&name).await.map(Json);
    }
    let taken = state.take(&name);
    match &taken {
        Ok(Taken { remaining, .. }) => tracing::debug!(name, remaining, "allowed"),
        Err(error) => tracing::debug!(name, %error, "refused"),
    }
    if taken.is_ok() && mutation::active() == Some(Mutation::RacyCounter) {
        // MUTATION racy-counter: the take is counted after the buckets' lock is
        // released, as load, `.await`, store (`AppState::count_allowed`).
        state.count_allowed(&name).await;
    }
    taken.map(Json)
}

pub async fn delete(
    State(state): State<AppState>,
    PathName(name): PathName,
) -> Result<StatusCode, AppError> {
    state.delete(&name)?;
    tracing::info!(name, "client deleted");
    Ok(StatusCode::NO_CONTENT)
}

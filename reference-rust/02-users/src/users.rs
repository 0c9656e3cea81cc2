//! The `/users` handlers.
//!
//! Extractors run in argument order, which gives the contract's check order for free:
//! the id (`UserId`), then the body (`AppJson`, always last), then the handler's own
//! lookups.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;

use crate::error::AppError;
use crate::extract::{AppJson, UserId};
use crate::model::{Delivery, EmailPatch, NewUser, Notification, User, UserList};
use crate::store::AppState;

pub async fn list(State(state): State<AppState>) -> Json<UserList> {
    Json(UserList {
        users: state.read().list(),
    })
}

pub async fn create(
    State(state): State<AppState>,
    AppJson(new): AppJson<NewUser>,
) -> (StatusCode, Json<User>) {
    let user = state.write().create(new);
    tracing::info!(id = user.id, "user created");
    (StatusCode::CREATED, Json(user))
}

pub async fn show(
    State(state): State<AppState>,
    UserId(id): UserId,
) -> Result<Json<User>, AppError> {
    let user = state.read().get(id).cloned();
    user.map(Json).ok_or(AppError::UserNotFound(id))
}

pub async fn update_email(
    State(state): State<AppState>,
    UserId(id): UserId,
    AppJson(patch): AppJson<EmailPatch>,
) -> Result<Json<User>, AppError> {
    let mut store = state.write();
    let user = store.get_mut(id).ok_or(AppError::UserNotFound(id))?;
    // Absent: leave it. Present: `Some(address)` sets it, `None` (JSON null) clears it.
    if let Some(email) = patch.email {
        user.email = email;
    }
    Ok(Json(user.clone()))
}

pub async fn notify(
    State(state): State<AppState>,
    UserId(id): UserId,
    AppJson(notification): AppJson<Notification>,
) -> Result<Json<Delivery>, AppError> {
    // Clone out of the lock so it is released before anything else happens.
    let user = state.read().get(id).cloned();
    let user = user.ok_or(AppError::UserNotFound(id))?;

    // Go's `user.Account.Notify()` panics on a nil account; here the `Option` must be
    // opened, and `?` turns `None` into the 409.
    let account = user.account.ok_or(AppError::AccountMissing(id))?;
    let to = user.email.ok_or(AppError::EmailMissing(id))?;

    tracing::info!(id, %to, text = %notification.message, "notification delivered");
    Ok(Json(Delivery {
        delivered: true,
        to,
        plan: account.plan,
    }))
}

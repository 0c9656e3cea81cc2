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
use crate::mutation::{self, Mutation};
use crate::store::AppState;

pub async fn list(State(state): State<AppState>) -> Json<UserList> {
    let users = state.read().list();
    let users = match mutation::active() {
        // MUTATION list-null: Go's `var users []User` left nil when there are none,
        // which encoding/json writes as `null`.
        Some(Mutation::ListNull) if users.is_empty() => None,
        _ => Some(users),
    };
    Json(UserList { users })
}

/// The error for an id nobody has.
fn user_not_found(id: u64) -> AppError {
    match mutation::active() {
        // MUTATION notfound-500: every store error sent as a 500, as a Go port that
        // answers `if err != nil { http.Error(w, ..., 500) }` does.
        Some(Mutation::NotFound500) => AppError::Internal,
        _ => AppError::UserNotFound(id),
    }
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
    user.map(Json).ok_or_else(|| user_not_found(id))
}

pub async fn update_email(
    State(state): State<AppState>,
    UserId(id): UserId,
    AppJson(patch): AppJson<EmailPatch>,
) -> Result<Json<User>, AppError> {
    let mut store = state.write();
    let user = store.get_mut(id).ok_or_else(|| user_not_found(id))?;
    // Absent: leave it. Present: `Some(address)` sets it, `None` (JSON null) clears it.
    let email = match (patch.email, mutation::active()) {
        // MUTATION patch-absent-clears: a plain `Option<String>` field, where absent
        // and `null` are both `None`, so `{}` clears the email.
        (None, Some(Mutation::PatchAbsentClears)) => Some(None),
        (email, _) => email,
    };
    if let Some(email) = email {
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
    let user = user.ok_or_else(|| user_not_found(id))?;

    // Go's `user.Account.Notify()` panics on a nil account; here the `Option` must be
    // opened, and `?` turns `None` into the 409.
    let account = match mutation::active() {
        // MUTATION panic-nil-account: Go's `user.Account.Plan` on a nil pointer,
        // ported as `unwrap()`: the request's task panics, the connection drops.
        Some(Mutation::PanicNilAccount) => user.account.unwrap(),
        _ => user.account.ok_or(AppError::AccountMissing(id))?,
    };
    let to = match mutation::active() {
        // MUTATION no-email-check: the check was never ported; "to" is `null`.
        Some(Mutation::NoEmailCheck) => user.email,
        _ => Some(user.email.ok_or(AppError::EmailMissing(id))?),
    };

    tracing::info!(id, ?to, text = %notification.message, "notification delivered");
    Ok(Json(Delivery {
        delivered: true,
        to,
        plan: account.plan,
    }))
}

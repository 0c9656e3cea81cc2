//! The `/users` handlers: your work. Each one is a `todo!()` that panics when called
//! (the harness then sees the connection drop).
//!
//! The contract's check order is: the id, then the body, then the user, then the
//! account, then the email. axum runs extractors in argument order, and a body
//! extractor must be the last argument.
//!
//! Two extractors below answer errors their own way, as text, not the contract's
//! JSON: `Path` (a bad id) and `Json` (a bad body; a wrong shape is even a 422). When
//! the harness says so, replace them with extractors of your own whose `Rejection`
//! is `AppError` (lessons/02-users.md#parsing-ids, #json-rejections, #error-order).

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;

use crate::error::AppError;
use crate::model::{Delivery, EmailPatch, NewUser, Notification, User, UserList};
use crate::store::AppState;

/// `GET /users` → `200 {"users": [...]}` in id order.
pub async fn list(State(_state): State<AppState>) -> Json<UserList> {
    todo!("GET /users: every user, in id order; no users is [], never null")
}

/// `POST /users` → `201` with the created user.
pub async fn create(
    State(_state): State<AppState>,
    Json(_new): Json<NewUser>,
) -> (StatusCode, Json<User>) {
    todo!("POST /users: give the user the next id (1, 2, 3...), store it, answer 201")
}

/// `GET /users/{id}` → `200` with the user.
///
/// The id comes in as a `String` on purpose: `Path<u64>` would reject `abc` with
/// axum's own text answer, and accept `0`. Parse it yourself (`id.parse::<u64>()`),
/// best in an extractor, so that the id is checked before the body.
pub async fn show(
    State(_state): State<AppState>,
    Path(_id): Path<String>,
) -> Result<Json<User>, AppError> {
    todo!("GET /users/{{id}}: 400 invalid_id for a malformed id, 404 user_not_found, else 200")
}

/// `PATCH /users/{id}` with `{"email": ...}` → `200` with the updated user.
pub async fn update_email(
    State(_state): State<AppState>,
    Path(_id): Path<String>,
    Json(_patch): Json<EmailPatch>,
) -> Result<Json<User>, AppError> {
    todo!("PATCH /users/{{id}}: email absent → unchanged, null → cleared, a string → set")
}

/// `POST /users/{id}/notify` with `{"message": "..."}` →
/// `200 {"delivered": true, "to": ..., "plan": ...}`.
///
/// Go's `user.Account.Plan` panics when `Account` is nil. Here `user.account` is an
/// `Option<Account>` and the compiler makes you handle `None`: try
/// `.ok_or(AppError::...)?` (lessons/02-users.md#the-nil-account).
pub async fn notify(
    State(_state): State<AppState>,
    Path(_id): Path<String>,
    Json(_notification): Json<Notification>,
) -> Result<Json<Delivery>, AppError> {
    todo!("POST /users/{{id}}/notify: 404 unknown user, 409 account_missing, 409 email_missing, else 200")
}

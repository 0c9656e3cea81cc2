//! The JSON shapes of the service. The field types are the first draft a Go port
//! produces; the comments marked TODO say where the contract needs more than that.
//! (`#...` are sections of `lessons/02-users.md`.)

use serde::{Deserialize, Serialize};

/// A user as the API shows it:
/// `{"id": 1, "name": "Ada", "email": "ada@example.com", "account": {"plan": "pro"}}`.
///
/// Go has `Email *string` and `Account *Account`, and nil means "none". In Rust, say
/// "none" with `Option`. TODO: make sure `email` and `account` are always in the
/// JSON, as `null` when `None`: never left out, never `""` or `{}`
/// (#null-in-responses).
#[derive(Debug, Clone, Serialize)]
pub struct User {
    pub id: u64,
    pub name: String,
    pub email: Option<String>,
    pub account: Option<Account>,
}

/// TODO: `plan` must not be empty (#json-rejections).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Account {
    pub plan: String,
}

/// `GET /users` answers `{"users": [...]}`, `[]` when there are none
/// (#empty-lists-are-not-null).
#[derive(Debug, Serialize)]
pub struct UserList {
    pub users: Vec<User>,
}

/// The body of `POST /users`. `email` and `account` may be absent or `null`.
/// TODO: `name` is required and must not be empty; a `String` field accepts `""`
/// (#json-rejections).
#[derive(Debug, Deserialize)]
pub struct NewUser {
    pub name: String,
    pub email: Option<String>,
    pub account: Option<Account>,
}

/// The body of `PATCH /users/{id}`.
///
/// TODO, the trap of this exercise: with `Option<String>`, `{}` and `{"email": null}`
/// both deserialise to `None`, but the first must leave the email alone and the
/// second must clear it. Go's `*string` has the same problem. Change this type so
/// the three cases (absent, `null`, a string) are three different values
/// (#absent-vs-null).
#[derive(Debug, Deserialize)]
pub struct EmailPatch {
    pub email: Option<String>,
}

/// The body of `POST /users/{id}/notify`. TODO: `message` must not be empty.
#[derive(Debug, Deserialize)]
pub struct Notification {
    pub message: String,
}

/// The answer to a successful notify: `{"delivered": true, "to": ..., "plan": ...}`.
#[derive(Debug, Serialize)]
pub struct Delivery {
    pub delivered: bool,
    pub to: String,
    pub plan: String,
}

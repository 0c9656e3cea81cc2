//! The JSON shapes of the service.
//!
//! The contract is mostly about absence, and each kind of absence has its own type:
//!
//! | JSON                       | Rust                                            |
//! |----------------------------|-------------------------------------------------|
//! | `"email": null` in a reply | `Option<String>` = `None`, serialised as `null` |
//! | `"account": null`          | `Option<Account>` = `None` (never `{}`)         |
//! | PATCH without `email`      | `Option<Option<String>>` = `None`               |
//! | PATCH with `"email": null` | `Option<Option<String>>` = `Some(None)`         |
//! | `""` for a name or email   | refused while deserialising (`non_empty`)       |

use serde::de::{self, Unexpected};
use serde::{Deserialize, Deserializer, Serialize};

/// A user as the API shows it. `email` and `account` are always present in the JSON:
/// serde writes `None` as `null` (no `skip_serializing_if` here, on purpose).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct User {
    pub id: u64,
    pub name: String,
    pub email: Option<String>,
    pub account: Option<Account>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    #[serde(deserialize_with = "non_empty")]
    pub plan: String,
}

/// `{"users": [...]}`. A `Vec` serialises as `[]` when empty: there is no nil slice.
#[derive(Debug, Serialize)]
pub struct UserList {
    pub users: Vec<User>,
}

/// The body of `POST /users`. Unknown fields (an `id`, say) are ignored.
#[derive(Debug, Deserialize)]
pub struct NewUser {
    /// `deserialize_with` on a field without `default` keeps the field required:
    /// missing, `null`, a number and `""` are all serde errors, so all `invalid_body`.
    #[serde(deserialize_with = "non_empty")]
    pub name: String,
    /// Missing and `null` both mean "no email" on creation: two states are right
    /// here. `default` keeps a missing field `None` despite `deserialize_with`.
    #[serde(default, deserialize_with = "non_empty_or_null")]
    pub email: Option<String>,
    pub account: Option<Account>,
}

/// The body of `PATCH /users/{id}`.
#[derive(Debug, Deserialize)]
pub struct EmailPatch {
    /// The trap: with a plain `Option<String>`, `{}` and `{"email": null}` both give
    /// `None`, and "leave it alone" silently becomes "clear it" (Go's `*string` has the
    /// same problem). Here the outer `Option` says whether the field was there
    /// (`default` makes it `None` when it was not) and the inner one holds the value:
    /// `None` absent, `Some(None)` null, `Some(Some(address))` a value.
    #[serde(default, deserialize_with = "present")]
    pub email: Option<Option<String>>,
}

/// The body of `POST /users/{id}/notify`.
#[derive(Debug, Deserialize)]
pub struct Notification {
    #[serde(deserialize_with = "non_empty")]
    pub message: String,
}

/// The answer to a successful notify.
#[derive(Debug, Serialize)]
pub struct Delivery {
    pub delivered: bool,
    pub to: String,
    pub plan: String,
}

/// A string that must not be empty. Refusing `""` inside serde, rather than in the
/// handler, makes it the same kind of error as a missing field or a wrong type.
fn non_empty<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    refuse_empty(String::deserialize(deserializer)?)
}

/// `null` or a string that must not be empty.
fn non_empty_or_null<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<String>, D::Error> {
    Option::<String>::deserialize(deserializer)?
        .map(refuse_empty)
        .transpose()
}

/// serde calls this only for a field that is in the JSON, so wrapping the value in
/// `Some` marks it present; the inner `Option` is `None` for `null`.
fn present<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Option<String>>, D::Error> {
    non_empty_or_null(deserializer).map(Some)
}

fn refuse_empty<E: de::Error>(value: String) -> Result<String, E> {
    if value.is_empty() {
        return Err(E::invalid_value(Unexpected::Str(""), &"a non-empty string"));
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use serde_json::{from_value, json, to_value};

    use super::*;

    #[test]
    fn none_fields_serialise_as_null() {
        let user = User {
            id: 1,
            name: "Ada".into(),
            email: None,
            account: None,
        };
        assert_eq!(
            to_value(&user).ok(),
            Some(json!({"id": 1, "name": "Ada", "email": null, "account": null}))
        );
    }

    #[test]
    fn patch_tells_absent_from_null() {
        let patch = |body| from_value::<EmailPatch>(body).map(|patch| patch.email).ok();
        assert_eq!(patch(json!({})), Some(None));
        assert_eq!(patch(json!({"email": null})), Some(Some(None)));
        assert_eq!(
            patch(json!({"email": "a@b.c"})),
            Some(Some(Some("a@b.c".into())))
        );
        assert_eq!(patch(json!({"email": 42})), None);
        assert_eq!(patch(json!({"email": ""})), None);
    }

    #[test]
    fn new_user_email_may_be_absent_or_null_but_not_empty() {
        let email = |body| from_value::<NewUser>(body).map(|new| new.email).ok();
        assert_eq!(email(json!({"name": "A"})), Some(None));
        assert_eq!(email(json!({"name": "A", "email": null})), Some(None));
        assert_eq!(
            email(json!({"name": "A", "email": "a@b.c"})),
            Some(Some("a@b.c".into()))
        );
        assert_eq!(email(json!({"name": "A", "email": ""})), None);
    }

    #[test]
    fn empty_strings_are_refused() {
        assert!(from_value::<NewUser>(json!({"name": ""})).is_err());
        assert!(from_value::<NewUser>(json!({"name": "A", "account": {"plan": ""}})).is_err());
        assert!(from_value::<Notification>(json!({"message": ""})).is_err());
    }
}

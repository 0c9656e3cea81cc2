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
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::mutation::{self, Mutation};

/// A user as the API shows it. In the reference, `email` and `account` are always
/// present, `None` as `null`; the attributes below exist only for the mutations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct User {
    pub id: u64,
    pub name: String,
    #[serde(skip_serializing_if = "omitted", serialize_with = "email_field")]
    pub email: Option<String>,
    #[serde(skip_serializing_if = "omitted", serialize_with = "account_field")]
    pub account: Option<Account>,
}

/// MUTATION omit-null-fields: Go's `json:",omitempty"`, ported as
/// `skip_serializing_if = "Option::is_none"`.
fn omitted<T>(field: &Option<T>) -> bool {
    field.is_none() && mutation::active() == Some(Mutation::OmitNullFields)
}

fn email_field<S: Serializer>(email: &Option<String>, serializer: S) -> Result<S::Ok, S::Error> {
    match (email, mutation::active()) {
        // MUTATION email-empty-string: Go's `Email string` (not `*string`), ported as
        // `unwrap_or_default()`: no email becomes "".
        (None, Some(Mutation::EmailEmptyString)) => serializer.serialize_str(""),
        _ => email.serialize(serializer),
    }
}

fn account_field<S: Serializer>(
    account: &Option<Account>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match (account, mutation::active()) {
        // MUTATION empty-object-account: Go's `Account Account` (not `*Account`): the
        // zero value, an empty object.
        (None, Some(Mutation::EmptyObjectAccount)) => serializer.serialize_map(Some(0))?.end(),
        _ => account.serialize(serializer),
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    #[serde(deserialize_with = "non_empty")]
    pub plan: String,
}

/// `{"users": [...]}`. `Option` only for `list-null`; the reference has a `Vec`.
#[derive(Debug, Serialize)]
pub struct UserList {
    pub users: Option<Vec<User>>,
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
    /// `Option` only for `no-email-check`; the reference has a `String`.
    pub to: Option<String>,
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

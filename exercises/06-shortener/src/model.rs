//! The JSON shapes of the service, and the row of the `links` table. The shapes are
//! done for you; the rules and the made-up codes are yours.

use serde::{Deserialize, Serialize};

use crate::error::ShortenerError;

/// The length of a made-up code: 7 ASCII letters or digits.
pub const CODE_LEN: usize = 7;

/// The longest URL, in characters.
pub const MAX_URL_CHARS: usize = 2048;

/// Paths the router already serves: as aliases, their redirect could never be reached.
pub const RESERVED_ALIASES: [&str; 2] = ["health", "links"];

/// A link as the API shows it and as the table stores it:
/// `{"code": "rust-book", "url": "https://doc.rust-lang.org/book/", "hits": 0}`.
///
/// `#[derive(sqlx::FromRow)]` fills it from the columns of the same name, for
/// `sqlx::query_as::<_, Link>(...)`. The memory store keeps it as it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct Link {
    pub code: String,
    pub url: String,
    /// SQLite's INTEGER is an `i64`.
    pub hits: i64,
}

/// The body of `POST /links`. Unknown fields are ignored.
#[derive(Debug, Deserialize)]
pub struct NewLink {
    /// Required: missing, `null` or not a string is `400 invalid_body` (serde's doing).
    pub url: String,
    /// Missing and `null` both mean "make a code up": here, for once, a plain `Option`
    /// is right.
    #[serde(default)]
    pub alias: Option<String>,
}

impl NewLink {
    /// The README's rules, in its order: the URL (`422 invalid_url`), then the alias
    /// if there is one (`422 invalid_alias`). Whether the alias is free is not checked
    /// here: the store finds out when it inserts.
    ///
    /// The URL: the scheme is `http` or `https`, then `://`, then a host that is not
    /// empty; at most `MAX_URL_CHARS` characters (`chars().count()`, not `len()`). The
    /// `url` crate is one way (it is in the dependency tree already, through sqlx), but
    /// it repairs what it parses, browser-style: `https:example.com` comes out as
    /// `https://example.com/`. A few lines of `split_once` are another.
    pub fn check(&self) -> Result<(), ShortenerError> {
        todo!("the url, then the alias: 422 invalid_url, 422 invalid_alias")
    }
}

/// A new code: `CODE_LEN` characters, each an ASCII letter or digit. `rand` is in
/// `Cargo.toml`: its `rand::distr::Alphanumeric` is exactly that alphabet, and
/// `rand::distr::SampleString` makes a `String` of it.
pub fn random_code() -> String {
    todo!("7 random ASCII letters and digits")
}

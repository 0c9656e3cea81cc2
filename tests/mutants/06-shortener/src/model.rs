//! The link, the body that creates one, the rules for aliases, and the codes the
//! service makes up. Mutations here: `accept-any-url`, `reserved-alias-allowed`.

use rand::distr::{Alphanumeric, SampleString};
use serde::{Deserialize, Serialize};

use crate::error::ShortenerError;
use crate::mutation::{self, Mutation};
use crate::url::check_url;

/// The length of a made-up code.
pub const CODE_LEN: usize = 7;

/// The shortest and the longest alias, in characters (all ASCII, so bytes too).
pub const MIN_ALIAS: usize = 3;
pub const MAX_ALIAS: usize = 32;

/// Paths the router already serves, `GET /health` and `POST /links`: as aliases, their
/// redirect could never be reached.
pub const RESERVED_ALIASES: [&str; 2] = ["health", "links"];

/// A link as the API shows it and as the table stores it:
/// `{"code": "rust-book", "url": "https://doc.rust-lang.org/book/", "hits": 0}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct Link {
    pub code: String,
    pub url: String,
    /// SQLite's INTEGER is an `i64`; so is the count, in both stores.
    pub hits: i64,
}

/// The body of `POST /links`. Unknown fields are ignored.
#[derive(Debug, Deserialize)]
pub struct NewLink {
    /// Required: missing, `null` or not a string is `400 invalid_body` (serde's doing,
    /// since this is no `Option`).
    pub url: String,
    /// Missing and `null` both mean "make a code up": the one place where absent and
    /// `null` are the same thing, and a plain `Option` is right. (`default` is what
    /// makes a missing one `None`; serde already reads `null` as `None`.)
    #[serde(default)]
    pub alias: Option<String>,
}

impl NewLink {
    /// The README's order: the URL, then the alias. (Whether the alias is free is the
    /// store's to say, when it inserts.)
    pub fn check(&self) -> Result<(), ShortenerError> {
        // MUTATION accept-any-url: the Go port's `if req.URL == ""` and nothing more:
        // whatever string comes in is stored, and redirected to.
        if mutation::active() != Some(Mutation::AcceptAnyUrl) {
            check_url(&self.url).map_err(ShortenerError::InvalidUrl)?;
        }
        self.alias.as_deref().map_or(Ok(()), check_alias)
    }
}

/// 3 to 32 ASCII letters, digits, `-` and `_`, and not a reserved word. Compared
/// exactly, as the routes are: `Links` is a fine alias.
pub fn check_alias(alias: &str) -> Result<(), ShortenerError> {
    let invalid = |why: &str| Err(ShortenerError::InvalidAlias(format!("{alias:?} {why}")));
    if !alias
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return invalid("may only hold ASCII letters, digits, '-' and '_'");
    }
    if !(MIN_ALIAS..=MAX_ALIAS).contains(&alias.len()) {
        return invalid("is not 3 to 32 characters long");
    }
    // MUTATION reserved-alias-allowed: the rule of characters and length is ported,
    // the reserved words are forgotten.
    if RESERVED_ALIASES.contains(&alias)
        && mutation::active() != Some(Mutation::ReservedAliasAllowed)
    {
        return invalid("is a path the service already answers");
    }
    Ok(())
}

/// A new code: `CODE_LEN` characters, each drawn uniformly from the 62 ASCII letters
/// and digits (`Alphanumeric`), from the thread's CSPRNG. 62⁷ ≈ 3.5 × 10¹² codes:
/// a collision is rare, not impossible, and the caller tries another when it happens.
pub fn random_code() -> String {
    Alphanumeric.sample_string(&mut rand::rng(), CODE_LEN)
}

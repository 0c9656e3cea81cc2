//! The gateway's configuration, read once from the environment at start-up. Done for
//! you.
//!
//! Every value is checked here, before anything listens: a gateway that started with
//! a typo in `UPSTREAM_URL` would answer `502` to every forwarded request and look
//! like an outage of the service behind it. So a missing or malformed value stops the
//! process with a sentence saying which one, and why.

use std::time::Duration;

use reqwest::Url;

pub const DEFAULT_PORT: u16 = 8080;
pub const DEFAULT_UPSTREAM_TIMEOUT: Duration = Duration::from_millis(1000);
/// `DATABASE_URL` when it is unset: the Go service's default file.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://todos.db";

/// What the gateway needs to start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// `PORT`: where the gateway listens, on 127.0.0.1.
    pub port: u16,
    /// `UPSTREAM_URL`: where the Go todos service listens: `http://`, a host and a
    /// port. (`Url` always has a path; here it is `/`.)
    pub upstream: Url,
    /// `UPSTREAM_TIMEOUT_MS`: how long a forwarded request may wait for its answer.
    pub upstream_timeout: Duration,
    /// `DATABASE_URL`: the Go service's SQLite file, which the gateway only reads.
    pub database_url: String,
}

/// A configuration the gateway cannot start with. Each message names the variable.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    #[error(
        "UPSTREAM_URL is not set: it is where the todos service listens, such as http://127.0.0.1:9000"
    )]
    MissingUpstream,

    #[error("UPSTREAM_URL={value:?} is not usable: {reason}")]
    InvalidUpstream { value: String, reason: String },

    #[error("PORT={0:?} is not a port number")]
    InvalidPort(String),

    #[error("UPSTREAM_TIMEOUT_MS={0:?} is not a positive number of milliseconds")]
    InvalidTimeout(String),
}

impl Config {
    /// Reads the process's environment.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_vars(|name| std::env::var(name).ok())
    }

    /// Reads the variables through `var`, so that the tests need not touch the
    /// process's environment (shared by every test thread). An empty variable counts
    /// as unset, as Go's `os.Getenv(name) == ""` does.
    pub fn from_vars(var: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let var = |name: &str| var(name).filter(|value| !value.is_empty());
        let port = match var("PORT") {
            Some(raw) => raw.parse().map_err(|_| ConfigError::InvalidPort(raw))?,
            None => DEFAULT_PORT,
        };
        let upstream = parse_upstream(&var("UPSTREAM_URL").ok_or(ConfigError::MissingUpstream)?)?;
        let upstream_timeout = match var("UPSTREAM_TIMEOUT_MS") {
            Some(raw) => match raw.parse::<u64>() {
                Ok(ms) if ms > 0 => Duration::from_millis(ms),
                _ => return Err(ConfigError::InvalidTimeout(raw)),
            },
            None => DEFAULT_UPSTREAM_TIMEOUT,
        };
        let database_url = var("DATABASE_URL").unwrap_or_else(|| DEFAULT_DATABASE_URL.into());
        Ok(Self {
            port,
            upstream,
            upstream_timeout,
            database_url,
        })
    }
}

/// `http://`, a host and a port, and nothing else but an optional trailing `/`, such as
/// `http://127.0.0.1:9000`.
///
/// A path is refused rather than put in front of every forwarded path: the contract
/// forwards paths unchanged, and the todos service answers at its root. So are a query,
/// a fragment and a user name, which have no meaning here.
fn parse_upstream(value: &str) -> Result<Url, ConfigError> {
    let invalid = |reason: &str| ConfigError::InvalidUpstream {
        value: value.to_owned(),
        reason: reason.to_owned(),
    };
    let url = Url::parse(value).map_err(|err| invalid(&err.to_string()))?;
    if url.scheme() != "http" {
        // The client is built without TLS: the upstream is a service next door.
        return Err(invalid("the gateway speaks plain http:// to the upstream"));
    }
    if url.host().is_none() {
        return Err(invalid("no host"));
    }
    if url.path() != "/" || url.query().is_some() || url.fragment().is_some() {
        return Err(invalid(
            "only a scheme, a host and a port, such as http://127.0.0.1:9000",
        ));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(invalid("no user name or password"));
    }
    Ok(url)
}

//! The service's settings: flags, with environment variables as their fallbacks.
//!
//! `PORT` and `DATABASE_URL` are done: each is a flag (`--port`) whose fallback is the
//! variable (`env = "PORT"`), then a default. Yours: `--max-items`
//! (`ORDERS_MAX_ITEMS`, 1 to 1000, default 10) and `--ship-delay-ms`
//! (`ORDERS_SHIP_DELAY_MS`, 0 to 60000, default 500), declared the same way with a
//! `value_parser` for the range, and `limits()` returning them.

use std::time::Duration;

use clap::Parser;

/// `DATABASE_URL` when it is unset: a file in the working directory.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://orders.db";

/// The orders service. Every flag can also be given by its environment variable.
#[derive(Debug, Clone, Parser)]
#[command(version, about)]
pub struct Config {
    /// The port to listen on, on 127.0.0.1.
    #[arg(long, env = "PORT", default_value_t = 8080)]
    pub port: u16,

    /// The SQLite file: `sqlite://` followed by its path.
    #[arg(long, env = "DATABASE_URL", default_value = DEFAULT_DATABASE_URL)]
    pub database_url: String,
    // TODO: max_items and ship_delay_ms.
}

/// What the handlers need of the configuration.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub max_items: usize,
    pub ship_delay: Duration,
}

impl Config {
    pub fn limits(&self) -> Limits {
        // TODO: the configured values. These are only the defaults, hard-coded, which is
        // the bug the lesson warns about.
        Limits {
            max_items: 10,
            ship_delay: Duration::from_millis(500),
        }
    }
}

//! The service's settings: flags, with environment variables as their fallbacks.
//!
//! Go reads each with the `flag` package, giving a flag the variable's value as its
//! default by hand (`envInt`). clap's derive does the same from one declaration per
//! setting: `env = "..."` is the fallback, `default_value_t` the default, and
//! `value_parser` the range. Precedence is the same as Go's: the flag, then the
//! variable, then the default. A value that does not parse or is out of range stops the
//! service at start-up with clap's message (exit code 2), never a silent default.

use std::time::Duration;

use clap::Parser;

/// `DATABASE_URL` when it is unset: a file in the working directory.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://orders.db";

/// The documented defaults: the contract starts the service without the flags or their
/// variables, and relies on these.
pub const DEFAULT_MAX_ITEMS: u16 = 10;
pub const DEFAULT_SHIP_DELAY_MS: u64 = 500;

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

    /// The most lines one order may have.
    #[arg(
        long,
        env = "ORDERS_MAX_ITEMS",
        default_value_t = DEFAULT_MAX_ITEMS,
        value_parser = clap::value_parser!(u16).range(1..=1000)
    )]
    pub max_items: u16,

    /// How long booking the carrier takes when an order ships, in milliseconds.
    #[arg(
        long,
        env = "ORDERS_SHIP_DELAY_MS",
        default_value_t = DEFAULT_SHIP_DELAY_MS,
        value_parser = clap::value_parser!(u64).range(0..=60_000)
    )]
    pub ship_delay_ms: u64,
}

/// What the handlers need of the configuration.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub max_items: usize,
    pub ship_delay: Duration,
}

impl Config {
    pub fn limits(&self) -> Limits {
        Limits {
            max_items: usize::from(self.max_items),
            ship_delay: Duration::from_millis(self.ship_delay_ms),
        }
    }
}

impl Default for Limits {
    /// The documented defaults, as `Config` has them with no flag and no variable.
    fn default() -> Self {
        Self {
            max_items: usize::from(DEFAULT_MAX_ITEMS),
            ship_delay: Duration::from_millis(DEFAULT_SHIP_DELAY_MS),
        }
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;

    #[test]
    fn the_declaration_is_consistent() {
        Config::command().debug_assert();
    }

    #[test]
    fn flags_take_their_values() {
        let config = Config::try_parse_from(["orders", "--max-items", "3", "--ship-delay-ms", "0"])
            .expect("valid flags");
        assert_eq!(config.max_items, 3);
        assert_eq!(config.limits().ship_delay, Duration::ZERO);
    }

    #[test]
    fn values_out_of_range_are_refused() {
        for args in [
            ["orders", "--max-items", "0"],
            ["orders", "--max-items", "1001"],
            ["orders", "--max-items", "ten"],
            ["orders", "--ship-delay-ms", "-1"],
        ] {
            assert!(Config::try_parse_from(args).is_err(), "{args:?}");
        }
    }
}

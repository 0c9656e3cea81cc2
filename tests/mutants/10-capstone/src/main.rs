//! capstone-mutant: `reference-rust/10-capstone` with one deliberate bug, chosen at
//! start-up by `FERRY_MUTANT` (see `mutation.rs`); unset, it is the reference.
//! Mutation here: `shutdown-drops-in-flight`. The modules without a mutation are the
//! reference's own files, pulled in with `#[path]`.
//!
//! This file is only wiring: the configuration, logging, the database, the listener
//! and the graceful shutdown.
//!
//! - `config.rs`: flags with environment fallbacks (clap's derive);
//! - `telemetry.rs`: the middleware: request id, span, log line, metrics;
//! - `request_id.rs`: `X-Request-Id`, kept or made;
//! - `metrics.rs`: the counters and Prometheus's text format;
//! - `routes.rs`: the router and the state;
//! - `orders.rs`: the handlers;
//! - `store.rs`: SQLite: the order's transaction, idempotency keys, transitions;
//! - `model.rs`: the JSON shapes, the rows, the rules of an order;
//! - `extract.rs`: id, key, body and page extractors whose rejections are `OrderError`s;
//! - `error.rs`: `OrderError`, and its statuses and codes.

#[path = "../../../../reference-rust/10-capstone/src/config.rs"]
mod config;
#[path = "../../../../reference-rust/10-capstone/src/error.rs"]
mod error;
mod extract;
#[path = "../../../../reference-rust/10-capstone/src/metrics.rs"]
mod metrics;
#[path = "../../../../reference-rust/10-capstone/src/model.rs"]
mod model;
// The Mutation machinery every mutant shares (one copy, tests/mutants/mutations.rs).
#[macro_use]
#[path = "../../mutations.rs"]
mod mutation_kit;
mod mutation;
mod orders;
#[path = "../../../../reference-rust/10-capstone/src/request_id.rs"]
mod request_id;
mod routes;
mod store;
mod telemetry;

// The reference's router tests, run against this crate with FERRY_MUTANT unset.
#[cfg(test)]
#[path = "../../../../reference-rust/10-capstone/src/tests/mod.rs"]
mod tests;

use std::error::Error;
use std::io::IsTerminal;
use std::net::Ipv4Addr;
use std::sync::Arc;

use clap::Parser;
use tokio::net::TcpListener;
use tokio::signal;
use tracing_subscriber::EnvFilter;

use crate::config::Config;
use crate::mutation::Mutation;
use crate::routes::AppState;
use crate::store::Store;

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    let chosen = std::env::var("FERRY_MUTANT").unwrap_or_default();
    let mutation = if chosen.is_empty() {
        None
    } else {
        let Ok(mutation) = chosen.parse::<Mutation>() else {
            eprintln!("unknown mutation '{chosen}'; known: {}", Mutation::known());
            std::process::exit(2);
        };
        mutation::activate(mutation);
        Some(mutation)
    };

    // Flags, then the environment, then the defaults; a wrong value exits with clap's
    // message and code 2 before anything starts.
    let config = Config::parse();

    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()))
        .init();

    let store = Store::open(store::connect_options(&config.database_url)?)
        .await
        .map_err(|err| format!("cannot open the database {}: {err}", config.database_url))?;
    tracing::info!(
        url = %config.database_url,
        max_items = config.max_items,
        ship_delay_ms = config.ship_delay_ms,
        "database open and migrated"
    );

    let state = AppState {
        store: store.clone(),
        metrics: Arc::default(),
        limits: config.limits(),
    };
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, config.port)).await?;
    tracing::info!(?mutation, "listening on {}", listener.local_addr()?);

    // `with_graceful_shutdown`: once `shutdown_signal` resolves, stop accepting and
    // wait for the requests in flight (a shipment booking its carrier) to finish.
    axum::serve(listener, routes::app(state))
        .with_graceful_shutdown(shutdown_signal())
        .await?;
    store.close().await;
    tracing::info!("stopped");
    Ok(())
}

/// Resolves on Ctrl-C or SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        signal::ctrl_c()
            .await
            .expect("failed to install the Ctrl-C handler");
    };
    let terminate = async {
        signal::unix::signal(signal::unix::SignalKind::terminate())
            .expect("failed to install the SIGTERM handler")
            .recv()
            .await;
    };
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    // MUTATION shutdown-drops-in-flight: Go's `<-sigCh; os.Exit(0)` without
    // `srv.Shutdown`: the exit code is right, but the requests in flight are cut off.
    if mutation::active() == Some(Mutation::ShutdownDropsInFlight) {
        tracing::info!("shutting down");
        std::process::exit(0);
    }
    tracing::info!("shutting down: finishing the requests in flight");
}

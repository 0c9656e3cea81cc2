//! 10-capstone — an orders service as it goes to production.
//!
//! Port the Go service in `reference-go/10-capstone/` to Rust, in this crate. Read
//! `lessons/10-capstone.md` first; the contract is in `exercises/10-capstone/README.md`.
//! Run `./ferry check 10-capstone` after every change, `./ferry hint 10-capstone` when
//! stuck.
//!
//! What already works: the configuration of `PORT` and `DATABASE_URL` (`config.rs`,
//! clap's derive), logging to stderr, the database and its migrations (`store.rs`), the
//! router with every route, `/health`, `/metrics`'s handler and the JSON 404/405
//! fallbacks (`routes.rs`), the errors (`error.rs`) and the extractors (`extract.rs`).
//! What is yours:
//!
//! - `config.rs`: the two flags of the service, `--max-items` and `--ship-delay-ms`;
//! - `telemetry.rs` and `request_id.rs`: the middleware: request id, span, log line,
//!   metrics;
//! - `metrics.rs`: the counters and the text format;
//! - `model.rs`: the rules of an order;
//! - `store.rs`: the queries, the order's transaction, the idempotency keys;
//! - `orders.rs`: the five handlers;
//! - here: a graceful shutdown on SIGTERM.

// The skeleton declares types before any code uses them. Delete this line once your
// work is done: the compiler then points at leftovers.
#![allow(dead_code)]

mod config;
mod error;
mod extract;
mod metrics;
mod model;
mod orders;
mod request_id;
mod routes;
mod store;
mod telemetry;

use std::error::Error;
use std::net::Ipv4Addr;
use std::sync::Arc;

use clap::Parser;
use tokio::net::TcpListener;
use tracing_subscriber::EnvFilter;

use crate::config::Config;
use crate::routes::AppState;
use crate::store::Store;

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    let config = Config::parse();

    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()))
        .init();

    let store = Store::open(store::connect_options(&config.database_url)?)
        .await
        .map_err(|err| format!("cannot open the database {}: {err}", config.database_url))?;
    tracing::info!(url = %config.database_url, "database open and migrated");

    let state = AppState {
        store: store.clone(),
        metrics: Arc::default(),
        limits: config.limits(),
    };
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, config.port)).await?;
    tracing::info!("listening on {}", listener.local_addr()?);

    // TODO: a graceful shutdown. As it is, SIGTERM kills the process where it stands:
    // a shipment being booked is cut off, and the pool is never closed. See
    // `with_graceful_shutdown` and `tokio::signal::unix`.
    axum::serve(listener, routes::app(state)).await?;
    store.close().await;
    Ok(())
}

//! 04-ratelimit — shared state across concurrent requests.
//!
//! Port the Go service in `reference-go/04-ratelimit/` to Rust, in this crate. Read
//! `lessons/04-ratelimit.md` first; the contract is in `exercises/04-ratelimit/README.md`.
//! Run `./ferry check 04-ratelimit` after every change, `./ferry hint 04-ratelimit` when
//! stuck.
//!
//! What already works (you built the same in 01–03): this `main`, the router with every
//! route (`routes.rs`), `GET /health`, the JSON 404/405 fallbacks, the JSON shapes
//! (`model.rs`), the extractors (`extract.rs`: `PathName` for the `{name}` segment,
//! `AppJson` for bodies), the error enum with its statuses and codes (`error.rs`), and
//! the shared state (`store.rs`): the map of buckets inside a `Mutex` inside an `Arc`.
//! What is yours:
//!
//! - `bucket.rs`: the token bucket and its counters, with the clock passed in, so that
//!   you can test it without sleeping (lessons/04-ratelimit.md#the-token-bucket);
//! - `error.rs`: one TODO, the `Retry-After` header on the `429`
//!   (lessons/04-ratelimit.md#over-the-limit-429-and-retry-after);
//! - `clients.rs`: the four handlers, each a `todo!()` that panics when called, and
//!   each one critical section (lessons/04-ratelimit.md#the-lost-update).

// The skeleton declares types and error variants before any code uses them. Delete
// this line once your handlers are written: the compiler then points at leftovers.
#![allow(dead_code)]

mod bucket;
mod clients;
mod error;
mod extract;
mod model;
mod routes;
mod store;

use std::error::Error;
use std::net::Ipv4Addr;

use tokio::net::TcpListener;
use tokio::signal;
use tracing_subscriber::EnvFilter;

use crate::store::AppState;

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()))
        .init();

    let port: u16 = match std::env::var("PORT") {
        Ok(port) => port
            .parse()
            .map_err(|err| format!("PORT={port:?} is not a port number: {err}"))?,
        Err(_) => 8080,
    };

    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, port)).await?;
    tracing::info!("listening on {}", listener.local_addr()?);
    axum::serve(listener, routes::app(AppState::default()))
        .with_graceful_shutdown(shutdown_signal())
        .await?;
    Ok(())
}

/// Resolves on Ctrl-C or SIGTERM; the server then finishes the requests in flight.
async fn shutdown_signal() {
    let ctrl_c = async {
        signal::ctrl_c()
            .await
            .expect("failed to install the Ctrl-C handler");
    };

    #[cfg(unix)]
    let terminate = async {
        signal::unix::signal(signal::unix::SignalKind::terminate())
            .expect("failed to install the SIGTERM handler")
            .recv()
            .await;
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();

    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}

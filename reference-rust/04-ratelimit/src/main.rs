//! ratelimit: the Rust port of `reference-go/04-ratelimit`.
//!
//! This file is only wiring: logging, the port, the listener and shutdown.
//!
//! - `routes.rs`: the router, `/health` and the 404/405 fallbacks;
//! - `clients.rs`: the handlers, thin: extract, call the store, answer;
//! - `store.rs`: the shared state, `Arc<Mutex<HashMap<String, Bucket>>>`, and each
//!   request's one critical section (create, get, take, delete), one `lock()` each;
//! - `bucket.rs`: the token bucket and its counters, arithmetic on a clock that is
//!   passed in;
//! - `model.rs`: the JSON shapes, and the rules on a new client's name and limits;
//! - `extract.rs`: the path-name and JSON-body extractors whose rejections are
//!   `AppError`s;
//! - `error.rs`: `AppError`, and the one place that maps it to statuses, codes and the
//!   `Retry-After` header.

mod bucket;
mod clients;
mod error;
mod extract;
mod model;
mod routes;
mod store;

#[cfg(test)]
mod tests;

use std::error::Error;
use std::io::IsTerminal;
use std::net::Ipv4Addr;

use tokio::net::TcpListener;
use tokio::signal;
use tracing_subscriber::EnvFilter;

use crate::store::AppState;

const DEFAULT_PORT: u16 = 8080;

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        // Colours only for a person at a terminal, not in the harness's captured logs.
        .with_ansi(std::io::stderr().is_terminal())
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()))
        .init();

    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, port_from_env()?)).await?;
    tracing::info!("listening on {}", listener.local_addr()?);

    axum::serve(listener, routes::app(AppState::default()))
        .with_graceful_shutdown(shutdown_signal())
        .await?;
    tracing::info!("stopped");
    Ok(())
}

/// `PORT` from the environment, 8080 when unset. A value that is set but is not a
/// port number is an error: silently falling back would hide a typo.
fn port_from_env() -> Result<u16, Box<dyn Error>> {
    match std::env::var("PORT") {
        Ok(port) => port
            .parse()
            .map_err(|err| format!("PORT={port:?} is not a port number: {err}").into()),
        Err(_) => Ok(DEFAULT_PORT),
    }
}

/// Resolves on Ctrl-C or SIGTERM; `with_graceful_shutdown` then stops accepting
/// connections and lets the requests in flight finish.
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
    tracing::info!("shutdown signal received");
}

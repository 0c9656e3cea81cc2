//! hotpath: the Rust port of `reference-go/09-hotpath`.
//!
//! This file is only wiring: logging, the port, the listener and shutdown.
//!
//! - `routes.rs`: the router, the body limit, `/health` and the 404/405 fallbacks;
//! - `handler.rs`: `POST /stats`, which moves the CPU work off the async workers;
//! - `events.rs`: reading the body into events that borrow from it, with the index of
//!   the first bad one;
//! - `stats.rs`: the statistics, with no HTTP and no JSON parsing in sight;
//! - `extract.rs`: the body extractor whose rejections are `StatsError`s;
//! - `error.rs`: `StatsError`, and the one place that maps it to statuses and codes.

mod error;
mod events;
mod extract;
mod handler;
mod routes;
mod stats;

#[cfg(test)]
mod tests;

use std::error::Error;
use std::io::IsTerminal;
use std::net::Ipv4Addr;
use std::num::NonZeroUsize;

use tokio::net::TcpListener;
use tokio::signal;
use tracing_subscriber::EnvFilter;

const DEFAULT_PORT: u16 = 8080;

fn main() -> Result<(), Box<dyn Error>> {
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        // Colours only for a person at a terminal, not in the harness's captured logs.
        .with_ansi(std::io::stderr().is_terminal())
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()))
        .init();

    runtime()?.block_on(serve())
}

/// What `#[tokio::main]` builds, with one change: the blocking pool, where `POST /stats`
/// does its CPU work, has no more threads than there are cores. Its default is 512: a
/// burst of requests would start a thread each — a stack and, with glibc, a malloc arena
/// each, kept for ten idle seconds — to compete for the same cores. With the cap, the
/// extra requests wait in the pool's queue instead. (`TOKIO_WORKER_THREADS` still sets
/// the async workers, as it does for `#[tokio::main]`.)
fn runtime() -> std::io::Result<tokio::runtime::Runtime> {
    let cores = std::thread::available_parallelism().map_or(1, NonZeroUsize::get);
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .max_blocking_threads(cores)
        .build()
}

async fn serve() -> Result<(), Box<dyn Error>> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, port_from_env()?)).await?;
    tracing::info!("listening on {}", listener.local_addr()?);

    axum::serve(listener, routes::app())
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

//! 09-hotpath — a CPU-bound endpoint worth migrating, and how to measure it.
//!
//! Port the Go service in `reference-go/09-hotpath/` to Rust, in this crate. Read
//! `lessons/09-hotpath.md` first; the contract is in `exercises/09-hotpath/README.md`.
//! Run `./ferry check 09-hotpath` after every change, `./ferry hint 09-hotpath` when
//! stuck, and `./ferry bench 09-hotpath` once it passes: the point of this port is speed.
//!
//! What already works: this `main`, the router (`routes.rs`) with `/health` and the JSON
//! 404/405 fallbacks, and the errors (`error.rs`), each mapped to its status and code.
//! What is yours:
//!
//! - `routes.rs`: one TODO, the body limit;
//! - `extract.rs`: the body extractor, `JsonBody`;
//! - `events.rs`: reading the body into events that borrow from it, with the index of
//!   the first bad one;
//! - `stats.rs`: the statistics;
//! - `handler.rs`: `POST /stats`, and where its CPU work runs.

// The skeleton declares types and error variants before any code uses them. Delete
// this line once your code is written: the compiler then points at leftovers.
#![allow(dead_code)]

mod error;
mod events;
mod extract;
mod handler;
mod routes;
mod stats;

use std::error::Error;
use std::net::Ipv4Addr;

use tokio::net::TcpListener;
use tokio::signal;
use tracing_subscriber::EnvFilter;

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
    axum::serve(listener, routes::app())
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

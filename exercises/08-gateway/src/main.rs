//! 08-gateway — the strangler fig: a gateway in front of the Go service.
//!
//! Port the Go gateway in `reference-go/08-gateway/` to Rust, in this crate. Read
//! `lessons/08-gateway.md` first; the contract is in `exercises/08-gateway/README.md`.
//! Run `./ferry check 08-gateway` after every change, `./ferry hint 08-gateway` when
//! stuck. `ferry` starts the Go todos service of 05 for you and sets `UPSTREAM_URL`.
//!
//! What already works: this `main`, which reads `PORT`, `UPSTREAM_URL`,
//! `UPSTREAM_TIMEOUT_MS` and `DATABASE_URL` (`config.rs`), opens the Go service's
//! SQLite file read-only (`store.rs`: `Store::find` reads one todo), builds the one
//! HTTP client (`proxy.rs`: `Upstream::new`), serves, and stops on SIGTERM; `/health`
//! and the router's skeleton (`routes.rs`); the `{id}` extractor (`todos.rs`);
//! `GatewayError`'s variants (`error.rs`). What is yours:
//!
//! - `proxy.rs`: forwarding, `forward`, a `todo!()` that panics when called; every
//!   request but `GET /health` reaches it, so for now they all fail;
//! - `routes.rs`: the migrated route, `GET /todos/{id}`, and what happens to the other
//!   methods on its path;
//! - `todos.rs`: its handler, `read_todo`, a `todo!()`;
//! - `request_id.rs`: the `X-Request-Id` middleware. As given, it passes every request
//!   through untouched, so that `/health` answers;
//! - `error.rs`: the status and the code of each `GatewayError`, `todo!()`s.

// The skeleton declares types, constants and error variants before any code uses them.
// Delete this line once your gateway is written: the compiler then points at leftovers.
#![allow(dead_code)]

mod config;
mod error;
mod proxy;
mod request_id;
mod routes;
mod store;
mod todos;

use std::error::Error;
use std::net::Ipv4Addr;
use std::process::ExitCode;

use tokio::net::TcpListener;
use tokio::signal;
use tracing_subscriber::EnvFilter;

use crate::config::Config;
use crate::proxy::Upstream;
use crate::routes::AppState;
use crate::store::Store;

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()))
        .init();

    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            // Without UPSTREAM_URL, or with a bad one, this is what you read.
            eprintln!("gateway: {err}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), Box<dyn Error>> {
    let config = Config::from_env()?;
    // The Go service creates the file and its table; the gateway only opens it, for
    // reading, before anything listens.
    let url = &config.database_url;
    let store = Store::open(store::connect_options(url)?)
        .await
        .map_err(|err| {
            format!(
                "cannot open the database {url} read-only (the todos service creates it): {err}"
            )
        })?;

    // One client for the whole process: it keeps the connections to the upstream open
    // between requests.
    let upstream = Upstream::new(&config.upstream, config.upstream_timeout)?;

    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, config.port)).await?;
    tracing::info!(upstream = %config.upstream, "listening on {}", listener.local_addr()?);
    let app = routes::app(AppState {
        store: store.clone(),
        upstream,
    });
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown_signal())
        .await?;
    store.close().await;
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

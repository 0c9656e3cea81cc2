//! gateway: the Rust port of `reference-go/08-gateway`, the strangler fig in front of
//! the Go todos service of 05.
//!
//! This file is wiring: logging, the configuration, the database, the HTTP client, the
//! listener and shutdown.
//!
//! - `routes.rs`: the router: `/health`, the migrated route, and the fallbacks that
//!   forward everything else;
//! - `proxy.rs`: forwarding: the upstream's client, the hop-by-hop headers, the timeout;
//! - `request_id.rs`: the `X-Request-Id` middleware and the request's log line;
//! - `todos.rs`: the migrated route, `GET /todos/{id}`, and its id extractor;
//! - `store.rs`: the Go service's SQLite file, opened read-only;
//! - `config.rs`: the environment, checked before anything starts;
//! - `error.rs`: `GatewayError`, and the one place that maps it to statuses and codes.

mod config;
mod error;
mod proxy;
mod request_id;
mod routes;
mod store;
mod todos;

#[cfg(test)]
mod tests;

use std::error::Error;
use std::io::IsTerminal;
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
        // Colours only for a person at a terminal, not in the harness's captured logs.
        .with_ansi(std::io::stderr().is_terminal())
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()))
        .init();

    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            // A sentence, not `main`'s `Error: Debug` rendering of a `Result`: this is
            // what someone who forgot UPSTREAM_URL reads.
            eprintln!("gateway: {err}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), Box<dyn Error>> {
    let config = Config::from_env()?;
    let url = &config.database_url;
    let store = Store::open(store::connect_options(url)?)
        .await
        .map_err(|err| {
            format!(
                "cannot open the database {url} read-only (the todos service creates it): {err}"
            )
        })?;
    tracing::info!(%url, "database open, read-only");

    let upstream = Upstream::new(&config.upstream, config.upstream_timeout)?;
    tracing::info!(
        upstream = %config.upstream,
        timeout_ms = config.upstream_timeout.as_millis(),
        "forwarding to the upstream"
    );

    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, config.port)).await?;
    tracing::info!("listening on {}", listener.local_addr()?);

    let app = routes::app(AppState {
        store: store.clone(),
        upstream,
    });
    // SIGTERM: stop accepting, let the requests in flight finish. A forwarded request
    // ends within UPSTREAM_TIMEOUT_MS, so the wait is bounded.
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown_signal())
        .await?;
    store.close().await;
    tracing::info!("stopped");
    Ok(())
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

//! gateway-mutant: `reference-rust/08-gateway` with one deliberate bug, chosen at
//! start-up by `FERRY_MUTANT` (see `mutation.rs`); unset, it is the reference. The
//! harness runs the contract against each mutation and expects it to fail: a contract
//! that passes a mutant has a hole. The mutations live in `routes.rs`, `proxy.rs`,
//! `request_id.rs` and `error.rs`.
//!
//! - `routes.rs`: the router: `/health`, the migrated route, and the fallbacks that
//!   forward everything else;
//! - `proxy.rs`: forwarding: the upstream's client, the hop-by-hop headers, the timeout;
//! - `request_id.rs`: the `X-Request-Id` middleware and the request's log line;
//! - `todos.rs`: the migrated route, `GET /todos/{id}`, and its id extractor;
//! - `store.rs`: the Go service's SQLite file, opened read-only;
//! - `config.rs`: the environment, checked before anything starts;
//! - `error.rs`: `GatewayError`, and the one place that maps it to statuses and codes.

// Modules without a mutation are the reference's own files (#[path]): one copy.
#[path = "../../../../reference-rust/08-gateway/src/config.rs"]
mod config;
mod error;
// The Mutation machinery every mutant shares (one copy, tests/mutants/mutations.rs).
#[macro_use]
#[path = "../../mutations.rs"]
mod mutation_kit;
mod mutation;
mod proxy;
mod request_id;
mod routes;
#[path = "../../../../reference-rust/08-gateway/src/store.rs"]
mod store;
#[path = "../../../../reference-rust/08-gateway/src/todos.rs"]
mod todos;

// The reference's router tests, run against this crate with FERRY_MUTANT unset:
// they show the mutant is the reference until a mutation is chosen. One copy,
// so the two cannot drift apart.
#[cfg(test)]
#[path = "../../../../reference-rust/08-gateway/src/tests/mod.rs"]
mod tests;

use std::error::Error;
use std::io::IsTerminal;
use std::net::Ipv4Addr;
use std::process::ExitCode;

use tokio::net::TcpListener;
use tokio::signal;
use tracing_subscriber::EnvFilter;

use crate::config::Config;
use crate::mutation::Mutation;
use crate::proxy::Upstream;
use crate::routes::AppState;
use crate::store::Store;

#[tokio::main]
async fn main() -> ExitCode {
    let chosen = std::env::var("FERRY_MUTANT").unwrap_or_default();
    if !chosen.is_empty() {
        let Ok(mutation) = chosen.parse::<Mutation>() else {
            eprintln!("unknown mutation '{chosen}'; known: {}", Mutation::known());
            return ExitCode::from(2);
        };
        mutation::activate(mutation);
    }

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
    tracing::info!(
        mutation = ?mutation::active(),
        "listening on {}",
        listener.local_addr()?
    );

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

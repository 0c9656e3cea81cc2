//! todos-mutant: `reference-rust/05-todos` with one deliberate bug, chosen at start-up
//! by `FERRY_MUTANT` (see `mutation.rs`); unset, it is the reference. The harness runs
//! the contract against each mutation and expects it to fail: a contract that passes a
//! mutant has a hole. Mutation here: `no-graceful-shutdown`.
//!
//! - `routes.rs`: the router, `/health` and the 404/405 fallbacks;
//! - `todos.rs`: the handlers, thin: extract, check, call the store, answer;
//! - `store.rs`: the SQLite pool, the migrations and every query: the NULL-safe row,
//!   the batch's transaction, the unique title;
//! - `model.rs`: the JSON shapes and the row, absent vs `null`, the title and batch rules;
//! - `extract.rs`: the id, JSON-body and pagination extractors whose rejections are
//!   `TodoError`s;
//! - `error.rs`: `TodoError`, and the one place that maps it to statuses and codes;
//! - `migrations/`: the schema, embedded in the binary by `sqlx::migrate!()`.

mod error;
mod extract;
mod model;
// The Mutation machinery every mutant shares (one copy, tests/mutants/mutations.rs).
#[macro_use]
#[path = "../../mutations.rs"]
mod mutation_kit;
mod mutation;
mod routes;
mod store;
mod todos;

// The reference's router tests, run against this crate with FERRY_MUTANT unset:
// they show the mutant is the reference until a mutation is chosen. One copy,
// so the two cannot drift apart.
#[cfg(test)]
#[path = "../../../../reference-rust/05-todos/src/tests/mod.rs"]
mod tests;

use std::error::Error;
use std::io::IsTerminal;
use std::net::Ipv4Addr;

use tokio::net::TcpListener;
use tokio::signal;
use tracing_subscriber::EnvFilter;

use crate::mutation::Mutation;
use crate::store::Store;

const DEFAULT_PORT: u16 = 8080;

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

    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        // Colours only for a person at a terminal, not in the harness's captured logs.
        .with_ansi(std::io::stderr().is_terminal())
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()))
        .init();

    let port = port_from_env()?;
    let url = std::env::var("DATABASE_URL").unwrap_or_else(|_| store::DEFAULT_DATABASE_URL.into());
    // Open and migrate before listening: until the tables exist, nothing answers, not
    // even `/health`, so whoever waits for it never sees a service that is not ready.
    let store = Store::open(store::connect_options(&url)?)
        .await
        .map_err(|err| format!("cannot open the database {url}: {err}"))?;
    tracing::info!(%url, "database open and migrated");

    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, port)).await?;
    tracing::info!(?mutation, "listening on {}", listener.local_addr()?);

    let server = axum::serve(listener, routes::app(store.clone()));
    match mutation {
        // MUTATION no-graceful-shutdown: `http.ListenAndServe` without the
        // `signal.Notify` and `srv.Shutdown` around it. No handler is installed, so
        // SIGTERM's default action kills the process where it stands: requests in
        // flight are cut off, the pool is never closed, and the exit is signal 15.
        Some(Mutation::NoGracefulShutdown) => server.await?,
        _ => server.with_graceful_shutdown(shutdown_signal()).await?,
    }
    // Every request has been answered and the router dropped: the connections are back
    // in the pool, and closing it writes everything to the file.
    store.close().await;
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

//! shortener-mutant: `reference-rust/06-shortener` with one deliberate bug, chosen at
//! start-up by `FERRY_MUTANT` (see `mutation.rs`); unset, it is the reference. The
//! harness runs the contract against each mutation and expects it to fail: a contract
//! that passes a mutant has a hole. Mutation here: `memory-store-always`.
//!
//! - `store/`: the `Store` trait, what the handlers know of storage, and its two
//!   implementations, `MemoryStore` and `SqliteStore`; why generics and not
//!   `dyn Store` is explained there;
//! - `routes.rs`: the router, generic over the store, `/health` and the 404/405
//!   fallbacks;
//! - `links.rs`: the handlers, thin: extract, check, call the store, answer;
//! - `model.rs`: the link, the create body, the alias rules and the made-up codes;
//! - `url.rs`: what counts as a URL worth redirecting to;
//! - `extract.rs`: the `{code}` and JSON-body extractors whose rejections are
//!   `ShortenerError`s;
//! - `error.rs`: `ShortenerError`, and the one place that maps it to statuses and codes;
//! - `migrations/`: the SQLite schema, embedded in the binary by `sqlx::migrate!()`.

// Modules without a mutation are the reference's own files (#[path]): one copy.
mod error;
#[path = "../../../../reference-rust/06-shortener/src/extract.rs"]
mod extract;
mod links;
mod model;
// The Mutation machinery every mutant shares (one copy, tests/mutants/mutations.rs).
#[macro_use]
#[path = "../../mutations.rs"]
mod mutation_kit;
mod mutation;
mod routes;
mod store;
#[path = "../../../../reference-rust/06-shortener/src/url.rs"]
mod url;

// The reference's router tests, run against this crate with FERRY_MUTANT unset:
// they show the mutant is the reference until a mutation is chosen. One copy,
// so the two cannot drift apart.
#[cfg(test)]
#[path = "../../../../reference-rust/06-shortener/src/tests/mod.rs"]
mod tests;

use std::env::VarError;
use std::error::Error;
use std::io::IsTerminal;
use std::net::Ipv4Addr;

use tokio::net::TcpListener;
use tokio::signal;
use tracing_subscriber::EnvFilter;

use crate::mutation::Mutation;
use crate::store::{MemoryStore, SqliteStore, Store};

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
    tracing::info!(?mutation, "mutant");
    // MUTATION memory-store-always: the tutorial's `store := NewMemoryStore()` kept
    // after the configuration came in: `DATABASE_URL` is never read, and every link is
    // gone when the process ends.
    let url = match mutation {
        Some(Mutation::MemoryStoreAlways) => None,
        _ => database_url()?,
    };
    // The one place that knows which store there is. Each arm calls the generic `serve`
    // with its own type, so each arm is compiled into its own copy of the service, with
    // no dynamic dispatch left at run time (see `store/mod.rs`).
    match url {
        Some(url) => {
            // Open and migrate before listening: until the table exists, nothing
            // answers, not even `/health`, so whoever waits for it never sees a service
            // that is not ready.
            let store = SqliteStore::open(store::connect_options(&url)?)
                .await
                .map_err(|err| format!("cannot open the database {url}: {err}"))?;
            tracing::info!(%url, "links in SQLite");
            serve(port, store).await
        }
        None => {
            tracing::info!("DATABASE_URL is unset: links in memory, gone at exit");
            serve(port, MemoryStore::default()).await
        }
    }
}

/// The rest of `main`, the same for every store: listen, serve until SIGTERM, then let
/// the store close (the SQLite pool writes everything to the file; the map has nothing
/// to do).
async fn serve<S: Store>(port: u16, store: S) -> Result<(), Box<dyn Error>> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, port)).await?;
    tracing::info!("listening on {}", listener.local_addr()?);

    axum::serve(listener, routes::app(store.clone()))
        .with_graceful_shutdown(shutdown_signal())
        .await?;
    // Every request has been answered and the router dropped, with its clones of the
    // store: closing now waits for nothing.
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

/// `DATABASE_URL`, or `None` for the memory store. Set but empty counts as unset, as
/// Go's `os.Getenv(...) != ""` has it; a value that is not UTF-8 is an error rather
/// than a silent switch to memory.
fn database_url() -> Result<Option<String>, Box<dyn Error>> {
    match std::env::var("DATABASE_URL") {
        Ok(url) if url.is_empty() => Ok(None),
        Ok(url) => Ok(Some(url)),
        Err(VarError::NotPresent) => Ok(None),
        Err(err @ VarError::NotUnicode(_)) => Err(format!("DATABASE_URL: {err}").into()),
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

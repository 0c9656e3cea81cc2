//! 06-shortener — interfaces become traits.
//!
//! Port the Go service in `reference-go/06-shortener/` to Rust, in this crate. Read
//! `lessons/06-shortener.md` first; the contract is in `exercises/06-shortener/README.md`.
//! Run `./ferry check 06-shortener` after every change, `./ferry hint 06-shortener` when
//! stuck.
//!
//! What already works: this `main`, which picks the store (SQLite when `DATABASE_URL`
//! is set, memory when not), serves, and on SIGTERM finishes the requests in flight and
//! closes the store; the router with every route (`routes.rs`), generic over the store,
//! `GET /health` and the JSON 404/405 fallbacks; the extractors (`extract.rs`):
//! `LinkCode` for the `{code}` segment and `AppJson` for bodies; the errors
//! (`error.rs`), mapped to their statuses and codes; the `Store` trait and the two
//! store structs (`store/`), with the SQLite pool opened and migrated.
//! What is yours:
//!
//! - `store/memory.rs` and `store/sqlite.rs`: the trait's methods for each store, each a
//!   `todo!()`; above all `hit`, one atomic step in both;
//! - `model.rs`: the URL and alias rules, and the made-up codes;
//! - `links.rs`: the four handlers, each a `todo!()` that panics when called, and
//!   what a `StoreError` means for each request.

// The skeleton declares types and error variants before any code uses them. Delete
// this line once your handlers are written: the compiler then points at leftovers.
#![allow(dead_code)]

mod error;
mod extract;
mod links;
mod model;
mod routes;
mod store;

use std::error::Error;
use std::net::Ipv4Addr;

use tokio::net::TcpListener;
use tokio::signal;
use tracing_subscriber::EnvFilter;

use crate::store::{MemoryStore, SqliteStore, Store};

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

    // The one place that knows which store there is. Each arm calls the generic `serve`
    // with its own type: the compiler makes one copy of the service per store, and the
    // handlers never know which one they are in (`store/mod.rs` says why generics).
    match std::env::var("DATABASE_URL")
        .ok()
        .filter(|url| !url.is_empty())
    {
        Some(url) => {
            // `sqlite:///tmp/links.db` is the file /tmp/links.db. The table exists
            // before anything listens.
            let store = SqliteStore::open(store::connect_options(&url)?)
                .await
                .map_err(|err| format!("cannot open the database {url}: {err}"))?;
            serve(port, store).await
        }
        None => serve(port, MemoryStore::default()).await,
    }
}

/// The rest of `main`, the same for every store.
async fn serve<S: Store>(port: u16, store: S) -> Result<(), Box<dyn Error>> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, port)).await?;
    tracing::info!("listening on {}", listener.local_addr()?);
    axum::serve(listener, routes::app(store.clone()))
        .with_graceful_shutdown(shutdown_signal())
        .await?;
    // The requests are finished; closing the SQLite pool writes everything to the file.
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

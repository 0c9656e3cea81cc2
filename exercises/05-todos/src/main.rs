//! 05-todos — a database, and NULL that stays null.
//!
//! Port the Go service in `reference-go/05-todos/` to Rust, in this crate. Read
//! `lessons/05-todos.md` first; the contract is in `exercises/05-todos/README.md`.
//! Run `./ferry check 05-todos` after every change, `./ferry hint 05-todos` when stuck.
//!
//! What already works: this `main`, which opens the SQLite file named by
//! `DATABASE_URL`, applies the migrations in `migrations/` (embedded in the binary by
//! `sqlx::migrate!()`), serves, and on SIGTERM finishes the requests in flight and
//! closes the database; the router with every route (`routes.rs`), `GET /health`, the
//! JSON 404/405 fallbacks; the two extractors of 02 and 03 (`extract.rs`): `TodoId`
//! for the `{id}` segment and `AppJson` for bodies; and the pool itself (`store.rs`).
//! What is yours:
//!
//! - `error.rs`: `TodoError` is declared; map each variant to its status and code,
//!   and tell a taken title apart from the other database errors;
//! - `model.rs`: the `notes` of a `Todo`, which may be NULL, and the PATCH body, where
//!   absent and `null` mean different things;
//! - `pagination.rs`: `?limit=&offset=`, parsed strictly;
//! - `store.rs`: the queries, and the batch's transaction;
//! - `todos.rs`: the six handlers, each a `todo!()` that panics when called.

// The skeleton declares types and error variants before any code uses them. Delete
// this line once your handlers are written: the compiler then points at leftovers.
#![allow(dead_code)]

mod error;
mod extract;
mod model;
mod pagination;
mod routes;
mod store;
mod todos;

use std::error::Error;
use std::net::Ipv4Addr;

use tokio::net::TcpListener;
use tokio::signal;
use tracing_subscriber::EnvFilter;

use crate::store::Store;

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

    // `sqlite:///tmp/todos.db` is the file /tmp/todos.db, `sqlite://todos.db` a file in
    // the working directory (the default). The tables exist before anything listens.
    let url = std::env::var("DATABASE_URL").unwrap_or_else(|_| "sqlite://todos.db".into());
    let store = Store::open(store::connect_options(&url)?)
        .await
        .map_err(|err| format!("cannot open the database {url}: {err}"))?;

    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, port)).await?;
    tracing::info!("listening on {}", listener.local_addr()?);
    axum::serve(listener, routes::app(store.clone()))
        .with_graceful_shutdown(shutdown_signal())
        .await?;
    // The requests are finished; closing the pool writes everything to the file.
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

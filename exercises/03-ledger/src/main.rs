//! 03-ledger — errors as values, and two borrows into one map.
//!
//! Port the Go service in `reference-go/03-ledger/` to Rust, in this crate. Read
//! `lessons/03-ledger.md` first; the contract is in `exercises/03-ledger/README.md`.
//! Run `./ferry check 03-ledger` after every change, `./ferry hint 03-ledger` when stuck.
//!
//! What already works (you built the same in 01 and 02): this `main`, the router with
//! every route (`routes.rs`), `GET /health`, the JSON 404/405 fallbacks, the shared
//! state (`store.rs`), and the two extractors of 02 (`extract.rs`): `AccountId` for
//! the `{id}` segment and `AppJson` for bodies, both rejecting with a `LedgerError`.
//! What is yours:
//!
//! - `error.rs`: `LedgerError` is declared; map each variant to its status and code;
//! - `ledger.rs`: the accounts and the rules of money: every check of the README,
//!   checked arithmetic, and the transfer that meets the borrow checker;
//! - `model.rs`: one TODO, the opening balance that may be left out;
//! - `accounts.rs`, `transfers.rs`: the four handlers, each a `todo!()` that panics
//!   when called.

// The skeleton declares types and error variants before any code uses them. Delete
// this line once your handlers are written: the compiler then points at leftovers.
#![allow(dead_code)]

mod accounts;
mod error;
mod extract;
mod ledger;
mod model;
mod routes;
mod store;
mod transfers;

use std::error::Error;
use std::net::Ipv4Addr;

use tokio::net::TcpListener;
use tokio::signal;
use tracing_subscriber::EnvFilter;

use crate::store::AppState;

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
    axum::serve(listener, routes::app(AppState::default()))
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

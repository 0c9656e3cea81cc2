//! 02-users — Option, match and the nil lesson.
//!
//! Port the Go service in `reference-go/02-users/` to Rust, in this crate. Read
//! `lessons/02-users.md` first; the contract is in `exercises/02-users/README.md`.
//! Run `./ferry check 02-users` after every change, `./ferry hint 02-users` when stuck.
//!
//! What already works (you built the same in 01-hello): this `main`, the router with
//! every route (`routes.rs`), `GET /health`, and the JSON 404/405 fallbacks.
//! What is yours:
//!
//! - `model.rs`: the JSON shapes; where `null`, absent and `""` must be told apart;
//! - `store.rs`: the users in memory, shared between requests;
//! - `error.rs`: `AppError` and its JSON body;
//! - `users.rs`: the five handlers, each a `todo!()` that panics when called.

// The skeleton declares types and error variants before any code uses them. Delete
// this line once your handlers are written: the compiler then points at leftovers.
#![allow(dead_code)]

mod error;
mod model;
mod routes;
mod store;
mod users;

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

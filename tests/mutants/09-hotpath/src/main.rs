//! hotpath-mutant: `reference-rust/09-hotpath` with one deliberate bug, chosen at
//! start-up by `FERRY_MUTANT` (see `mutation.rs`). The harness runs the contract against
//! each mutation and expects it to fail: a contract that passes a mutant has a hole.

mod error;
mod events;
// Modules without a mutation are the reference's own files (#[path]): one copy.
#[path = "../../../../reference-rust/09-hotpath/src/extract.rs"]
mod extract;
#[path = "../../../../reference-rust/09-hotpath/src/handler.rs"]
mod handler;
// The Mutation machinery every mutant shares (one copy, tests/mutants/mutations.rs).
#[macro_use]
#[path = "../../mutations.rs"]
mod mutation_kit;
mod mutation;
mod routes;
mod stats;

// The reference's router tests, run against the mutant: with no mutation chosen, it
// is the reference.
#[cfg(test)]
#[path = "../../../../reference-rust/09-hotpath/src/tests/mod.rs"]
mod tests;

use std::error::Error;
use std::io::IsTerminal;
use std::net::Ipv4Addr;

use tokio::net::TcpListener;
use tokio::signal;
use tracing_subscriber::EnvFilter;

use crate::mutation::Mutation;

const DEFAULT_PORT: u16 = 8080;

fn main() -> Result<(), Box<dyn Error>> {
    let chosen = std::env::var_os("FERRY_MUTANT").unwrap_or_default();
    let chosen = chosen.to_string_lossy();
    let Ok(mutation) = chosen.parse::<Mutation>() else {
        eprintln!("unknown mutation '{chosen}'; known: {}", Mutation::known());
        std::process::exit(2);
    };
    mutation::activate(mutation);

    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()))
        .init();

    runtime()?.block_on(serve(mutation))
}

/// The reference's runtime: the blocking pool no larger than the cores.
fn runtime() -> std::io::Result<tokio::runtime::Runtime> {
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .max_blocking_threads(cores)
        .build()
}

async fn serve(mutation: Mutation) -> Result<(), Box<dyn Error>> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, port_from_env()?)).await?;
    tracing::info!(%mutation, "listening on {}", listener.local_addr()?);

    axum::serve(listener, routes::app())
        .with_graceful_shutdown(shutdown_signal())
        .await?;
    tracing::info!("stopped");
    Ok(())
}

/// `PORT` from the environment, 8080 when unset.
fn port_from_env() -> Result<u16, Box<dyn Error>> {
    match std::env::var("PORT") {
        Ok(port) => port
            .parse()
            .map_err(|err| format!("PORT={port:?} is not a port number: {err}").into()),
        Err(_) => Ok(DEFAULT_PORT),
    }
}

/// Resolves on Ctrl-C or SIGTERM.
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

//! 07-jobs — a sidecar worker: queues, cancellation and a clean shutdown.
//!
//! Port the Go service in `reference-go/07-jobs/` to Rust, in this crate. Read
//! `lessons/07-jobs.md` first; the contract is in `exercises/07-jobs/README.md`.
//! Run `./ferry check 07-jobs` after every change, `./ferry hint 07-jobs` when stuck.
//!
//! What already works: this `main`, which reads `PORT`, `DATABASE_URL`, `WORKERS` and
//! `QUEUE_CAPACITY`, opens the SQLite file and applies the migrations, serves, and on
//! SIGTERM stops accepting, waits for `Workers::wait` and closes the database; the
//! router with both routes, `/health` and the JSON 404/405 fallbacks (`routes.rs`); the
//! extractors (`extract.rs`); `JobError` and its statuses and codes (`error.rs`); the
//! tasks, the request's rules and the JSON shapes (`model.rs`: `Task::run` is the work
//! itself); and every query (`store.rs`: insert, get, the unfinished jobs, take one,
//! finish one). What is yours:
//!
//! - `queue.rs`: the bounded queue, its admission, the workers, the jobs a crash left
//!   behind, and the order in which it all stops. As given, `start` starts nothing and
//!   `Workers::wait` waits for nothing, so the service starts and answers `/health`;
//! - `jobs.rs`: the two handlers, each a `todo!()` that panics when called.

// The skeleton declares types, queries and error variants before any code uses them.
// Delete this line once your queue and handlers are written: the compiler then points
// at leftovers.
#![allow(dead_code)]

mod error;
mod extract;
mod jobs;
mod model;
mod queue;
mod routes;
mod store;

use std::error::Error;
use std::net::Ipv4Addr;

use tokio::net::TcpListener;
use tokio::signal;
use tracing_subscriber::EnvFilter;

use crate::queue::Config;
use crate::routes::AppState;
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
    let config = Config {
        workers: count_from_env("WORKERS", 2)?,
        capacity: count_from_env("QUEUE_CAPACITY", 4)?,
    };

    // `sqlite:///tmp/jobs.db` is the file /tmp/jobs.db, `sqlite://jobs.db` a file in
    // the working directory (the default). The table exists before anything listens.
    let url = std::env::var("DATABASE_URL").unwrap_or_else(|_| store::DEFAULT_DATABASE_URL.into());
    let store = Store::open(store::connect_options(&url)?)
        .await
        .map_err(|err| format!("cannot open the database {url}: {err}"))?;

    // The queue and its workers start before the listener, so that the jobs a crash
    // left unfinished are read before anything new is accepted.
    let (queue, workers) = queue::start(&store, config).await?;

    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, port)).await?;
    tracing::info!("listening on {}", listener.local_addr()?);
    let app = routes::app(AppState {
        store: store.clone(),
        queue,
    });
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown_signal())
        .await?;
    // SIGTERM: the server stops accepting and finishes the requests in flight, then
    // returns, having dropped the router and every `AppState` in it. If your `Queue`
    // holds the channel's `Sender`, the handlers' `Sender`s are gone now. Every job
    // accepted, those a crash left behind included, must be finished and recorded
    // before the database closes.
    workers.wait().await;
    store.close().await;
    Ok(())
}

/// `WORKERS` or `QUEUE_CAPACITY`: `default` when unset or empty, else a positive
/// integer.
fn count_from_env(name: &str, default: usize) -> Result<usize, Box<dyn Error>> {
    match std::env::var(name) {
        Ok(raw) if raw.is_empty() => Ok(default),
        Ok(raw) => match raw.parse::<usize>() {
            Ok(count) if count > 0 => Ok(count),
            _ => Err(format!("{name}={raw:?} is not a positive integer").into()),
        },
        Err(_) => Ok(default),
    }
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

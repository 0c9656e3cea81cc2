//! jobs-mutant: `reference-rust/07-jobs` with one deliberate bug, chosen at start-up by
//! `FERRY_MUTANT` (see `mutation.rs`); unset, it is the reference. The harness runs the
//! contract against each mutation and expects it to fail: a contract that passes a
//! mutant has a hole. Mutations here: `no-wait`, and the signal of `no-drain`.
//!
//! - `queue.rs`: the bounded queue, its admission, the workers, and the feeder of the
//!   jobs a crash left behind;
//! - `jobs.rs`: the handlers, thin: extract, check, hand over to the queue, answer;
//! - `routes.rs`: the router, the state it shares, `/health` and the 404/405 fallbacks;
//! - `store.rs`: the SQLite pool, the migrations and every query;
//! - `model.rs`: the tasks and what they produce, the JSON shapes, the request's rules;
//! - `extract.rs`: the id and JSON-body extractors whose rejections are `JobError`s;
//! - `error.rs`: `JobError`, and the one place that maps it to statuses and codes;
//! - `migrations/`: the schema, embedded in the binary by `sqlx::migrate!()`.

// Modules without a mutation are the reference's own files (#[path]): one copy.
mod error;
#[path = "../../../../reference-rust/07-jobs/src/extract.rs"]
mod extract;
#[path = "../../../../reference-rust/07-jobs/src/jobs.rs"]
mod jobs;
mod model;
// The Mutation machinery every mutant shares (one copy, tests/mutants/mutations.rs).
#[macro_use]
#[path = "../../mutations.rs"]
mod mutation_kit;
mod mutation;
mod queue;
mod routes;
mod store;

// The reference's router tests, run against this crate with FERRY_MUTANT unset:
// they show the mutant is the reference until a mutation is chosen. One copy,
// so the two cannot drift apart.
#[cfg(test)]
#[path = "../../../../reference-rust/07-jobs/src/tests/mod.rs"]
mod tests;

use std::error::Error;
use std::io::IsTerminal;
use std::net::Ipv4Addr;

use tokio::net::TcpListener;
use tokio::signal;
use tracing_subscriber::EnvFilter;

use crate::mutation::Mutation;
use crate::queue::Config;
use crate::routes::AppState;
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
    let defaults = Config::default();
    let config = Config {
        workers: count_from_env("WORKERS", defaults.workers)?,
        capacity: count_from_env("QUEUE_CAPACITY", defaults.capacity)?,
    };
    let url = std::env::var("DATABASE_URL").unwrap_or_else(|_| store::DEFAULT_DATABASE_URL.into());
    let store = Store::open(store::connect_options(&url)?)
        .await
        .map_err(|err| format!("cannot open the database {url}: {err}"))?;
    tracing::info!(%url, "database open and migrated");

    // The queue and its workers before the listener: the jobs a previous run left
    // unfinished are read before anything new can be accepted.
    let (queue, workers) = queue::start(&store, config)
        .await
        .map_err(|err| format!("cannot read the unfinished jobs: {err}"))?;
    tracing::info!(
        workers = config.workers,
        capacity = config.capacity,
        "workers started"
    );

    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, port)).await?;
    tracing::info!(?mutation, "listening on {}", listener.local_addr()?);

    // The router takes the only `Queue`, and with it the queue's only `Sender`.
    let app = routes::app(AppState {
        store: store.clone(),
        queue,
    });
    // The shutdown sequence, in order:
    // 1. SIGTERM: `serve` stops accepting connections and finishes the requests in
    //    flight; nothing else needs to hear the signal;
    axum::serve(listener, app)
        .with_graceful_shutdown(async {
            shutdown_signal().await;
            // MUTATION no-drain: tell the workers, which the reference never needs to.
            queue::signal_shutdown();
        })
        .await?;
    // 2. `serve` has returned: it owned the router, and waited for every connection
    //    task, each holding a clone of it; so the `Queue`s are gone, and with them the
    //    queue's `Sender`s. (Or all but going: a connection task drops its clone as it
    //    ends, and an admission still storing its job holds its place until the id is
    //    in, and the feeder of a previous run's leftovers until it has queued them
    //    all.) Once the last `Sender` is dropped the queue is closed: the workers take
    //    what is still in it, then find it empty and stop;
    tracing::info!("server stopped; finishing the jobs already accepted");
    // 3. wait for them, as Go's `wg.Wait()`: every accepted job is now recorded;
    match mutation {
        // MUTATION no-wait: Go's `close(jobs)` without the `wg.Wait()` after it. The
        // handles are dropped, which detaches the tasks without stopping them; then
        // `main` returns, the runtime shuts down, and every task still in a job is
        // dropped at its next `.await`: a job in its delay stays `running`, one still
        // in the queue stays `queued`, and the exit code is 0 all the same.
        Some(Mutation::NoWait) => drop(workers),
        _ => workers.wait().await,
    }
    // 4. nothing uses the database any more: close it, which writes everything to
    //    the file; then return, exit code 0.
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

/// `WORKERS` or `QUEUE_CAPACITY`: `default` when unset or empty (as the Go service
/// reads it), else a positive integer. Zero is refused: no worker would run nothing,
/// ever, and a queue of no place refuses every job (and `mpsc::channel(0)` panics).
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

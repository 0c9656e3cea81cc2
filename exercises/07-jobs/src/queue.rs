//! The queue and its workers: your work.
//!
//! The Go service (`reference-go/07-jobs`), in outline:
//!
//! ```go
//! jobs := make(chan int64, capacity)           // the queue
//! select {                                     // admission, in the handler
//! case jobs <- id:
//! default: // 503 queue_full
//! }
//! for i := 0; i < workers; i++ {               // the workers, started once
//!     wg.Add(1)
//!     go func() { defer wg.Done(); for id := range jobs { run(id) } }()
//! }
//! <-ctx.Done(); srv.Shutdown(...); close(jobs); wg.Wait()   // SIGTERM
//! ```
//!
//! What the contract wants, and the tokio pieces for it:
//!
//! - **A bounded queue** of job ids: `tokio::sync::mpsc::channel(capacity)`. The
//!   `jobs` table holds everything else (`store.rs`); the queue only says what to run.
//! - **Admission without a lie**: `QUEUE_CAPACITY` jobs waiting is `503 queue_full`,
//!   and then nothing is stored; a job that is stored has its place. `Sender::try_send`
//!   needs the id, which only exists once the row is stored. `Sender::try_reserve`
//!   takes the place first and hands you a permit to `send` on afterwards
//!   (`try_reserve_owned` gives one you can move into a task).
//! - **`WORKERS` workers**, spawned once with `tokio::spawn`, never one task per job (no
//!   bound, and nothing to wait for). An `mpsc::Receiver` has one owner: the workers
//!   can share it behind an `Arc<tokio::sync::Mutex<_>>`, each taking the next id.
//! - **A job's life**: `store.start(id)` marks it `running` and gives its `Work`;
//!   `tokio::time::sleep(work.delay)`; `work.task.run()`; `store.finish(id, &outcome)`.
//!   A failed job is not a failed worker: the worker goes on to the next one.
//! - **SIGTERM loses nothing accepted**: Rust has no `close(jobs)`; a channel closes
//!   when its last `Sender` is dropped, and `recv()` then returns what is still queued
//!   before `None`. So do the workers need a shutdown signal (a `select!` on a
//!   `CancellationToken` or a `watch` channel) to stop at the right time? Work out what
//!   a worker that `select!`s between `recv()` and the signal does with the jobs still
//!   queued. Their `JoinHandle`s are your `WaitGroup`: `Workers::wait` awaits them.
//! - **A crash loses nothing either**: at start, the jobs the table still has `queued`
//!   or `running` (`store.unfinished()`, oldest first) are queued again, even more of
//!   them than `QUEUE_CAPACITY` (they were accepted): from a task of their own, with
//!   `send().await`, while new jobs are refused (`queue_full`) until they are all in.
//!   They are accepted jobs too: a SIGTERM meanwhile finishes them.
//!
//! A plan:
//!
//! ```text
//! pub async fn start(store: &Store, config: Config) -> Result<(Queue, Workers), sqlx::Error>
//! impl Queue { pub async fn submit(&self, store: &Store, job: NewJob) -> Result<i64, JobError> }
//! impl Workers { pub async fn wait(self) }
//! async fn work(/* one worker */)          // loop { the next id, or stop; run it }
//! async fn run(store: &Store, id: i64) -> Result<(), JobError>
//! async fn feed(/* the leftovers */)       // oldest first
//! ```

use crate::error::JobError;
use crate::model::NewJob;
use crate::store::Store;

/// How many workers, and how many jobs may wait for one. `main` fills it from
/// `WORKERS` and `QUEUE_CAPACITY` (both at least 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Config {
    pub workers: usize,
    pub capacity: usize,
}

/// The sending half of the queue: what the handlers hold, through `AppState`.
///
/// TODO: hold the channel's `Sender`. `AppState` must be `Clone`, and so must this.
#[derive(Debug, Clone)]
pub struct Queue {}

impl Queue {
    /// Admits a job and returns its id: a place in the queue, then the row
    /// (`store.insert`), then the id in its place. `JobError::QueueFull` when
    /// `capacity` jobs are already waiting, or leftovers still wait to be queued;
    /// nothing is stored then.
    pub async fn submit(&self, _store: &Store, _job: NewJob) -> Result<i64, JobError> {
        todo!("a place in the queue (503 queue_full if none), the row, then the id in its place")
    }
}

/// What `main` waits for before it closes the database.
///
/// TODO: hold the workers' `JoinHandle`s (and the feeder's).
#[derive(Debug)]
pub struct Workers {}

/// Creates the queue, spawns the workers, and queues again the jobs a previous run
/// left `queued` or `running`, oldest first.
///
/// TODO: all of it. As given, it starts nothing, so that the service starts and
/// answers `/health` before you have written anything.
pub async fn start(store: &Store, config: Config) -> Result<(Queue, Workers), sqlx::Error> {
    let _ = (store, config);
    Ok((Queue {}, Workers {}))
}

impl Workers {
    /// Returns once every worker has stopped: every job accepted has then been run and
    /// recorded. `main` calls it after the server has stopped.
    ///
    /// TODO: await every handle. As given, it waits for nothing.
    pub async fn wait(self) {}
}

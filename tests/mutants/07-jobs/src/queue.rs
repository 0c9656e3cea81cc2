//! The queue and its workers: what this exercise is about.
//!
//! The Go service, in outline:
//!
//! ```go
//! jobs := make(chan int64, capacity)           // the queue
//! select {                                     // admission, in the handler
//! case jobs <- id:
//! default: // 503 queue_full
//! }
//! for i := 0; i < workers; i++ {               // the workers
//!     wg.Add(1)
//!     go func() { defer wg.Done(); for id := range jobs { run(id) } }()
//! }
//! <-ctx.Done(); srv.Shutdown(...); close(jobs); wg.Wait()   // SIGTERM
//! ```
//!
//! Here, piece by piece:
//!
//! - **The queue** is `tokio::sync::mpsc::channel(capacity)`: bounded, so "full" exists.
//!   It carries job ids only; the `jobs` table holds everything else, and is what a
//!   restart reads.
//! - **Admission** is `try_reserve`, a `try_send` that takes the place before there is
//!   a value to put in it: the place, then the row, then the id in the place. A full
//!   queue stores nothing; a stored job always has its place. (A `select` with
//!   `default` can only try to send an id that exists, so the row comes first, and
//!   on "full" it must be deleted again.)
//! - **The workers** are `WORKERS` tasks spawned once, sharing the one `Receiver`
//!   behind an `Arc<tokio::sync::Mutex<_>>` (see `work`).
//! - **Closing the queue** is not a call: a channel closes when its last `Sender` is
//!   dropped. `recv()` then hands out what is still queued, and only then `None`, Go's
//!   `range` over a closed channel. The `Sender`s are the router's `Queue` (dropped
//!   when the server has stopped), the feeder's until it is done, and an admission's
//!   while it stores its job.
//! - **Waiting** for the workers is awaiting their `JoinHandle`s: `sync.WaitGroup`
//!   without the `Add`/`Done` bookkeeping (`Workers::wait`).
//! - **The leftovers** of a crash (jobs the table still has `queued` or `running`) are
//!   fed into the queue by a task of their own, oldest first (`feed`).
//!
//! No shutdown signal reaches this module, no `CancellationToken`, no `watch`: SIGTERM
//! means "accept nothing more, finish everything accepted", and the first half is
//! axum's graceful shutdown, the second what a closing channel does by itself. Neither
//! the workers nor the feeder have anything to stop early: every job they hold was
//! accepted (see `work` and `feed`). The one `select!` is `main`'s, between Ctrl-C and
//! SIGTERM.
//!
//! Mutations here: `no-drain` (with the signal the reference does without),
//! `spawn-per-job`, `no-requeue`.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, LazyLock};

use tokio::sync::mpsc::error::TrySendError;
use tokio::sync::{mpsc, watch, Mutex};
use tokio::task::JoinHandle;

use crate::error::JobError;
use crate::model::NewJob;
use crate::mutation::{self, Mutation};
use crate::store::{Store, Work};

// MUTATION no-drain: the `ctx.Done()` of the Go port, a flag `main` sets on SIGTERM
// and every worker watches. (A process-wide `watch` channel, so that the reference's
// signatures, and the tests that call them, stay as they are.)
static SHUTDOWN: LazyLock<watch::Sender<bool>> = LazyLock::new(|| watch::Sender::new(false));

/// MUTATION no-drain: what `main` calls on SIGTERM.
pub fn signal_shutdown() {
    SHUTDOWN.send_replace(true);
}

/// How many workers, and how many jobs may wait for one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Config {
    /// `WORKERS`: how many jobs run at once.
    pub workers: usize,
    /// `QUEUE_CAPACITY`: how many accepted jobs may wait for a worker. At least 1
    /// (`mpsc::channel(0)` panics; Go's unbuffered channel has no tokio twin).
    pub capacity: usize,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            workers: 2,
            capacity: 4,
        }
    }
}

/// The sending half of the queue, what the handlers hold (through `AppState`). Cloning
/// it clones the `Sender`; the queue closes when the last clone is dropped.
#[derive(Debug, Clone)]
pub struct Queue {
    sender: mpsc::Sender<i64>,
    /// How many leftovers of a previous run the feeder has still to queue. They are
    /// waiting too, so while there are any, the queue is full.
    backlog: Arc<AtomicUsize>,
}

impl Queue {
    /// Admits a job: a place in the queue, then the row, then the id in its place.
    /// `QueueFull` when `capacity` jobs are already waiting, or leftovers still wait to
    /// be queued; nothing is stored then.
    pub async fn submit(&self, store: &Store, job: NewJob) -> Result<i64, JobError> {
        // MUTATION spawn-per-job: the literal port of `go run(id)` in the handler: no
        // queue, so no 503 and no bound; `WORKERS` ignored, as many jobs at once as
        // there are requests; and no handle kept, so nothing waits for them at
        // shutdown: the process exits under the jobs still running.
        if mutation::active() == Some(Mutation::SpawnPerJob) {
            let id = store.insert(&job).await?;
            let store = store.clone();
            tokio::spawn(async move {
                if let Err(err) = run(&store, id).await {
                    tracing::error!(id, error = %err, "job left unfinished");
                }
            });
            return Ok(id);
        }
        // The backlog only shrinks: once it is seen empty, it stays so.
        if self.backlog.load(Ordering::Acquire) > 0 {
            return Err(JobError::QueueFull);
        }
        // `try_reserve` on an owned `Sender` (a clone): the permit then owns its place
        // instead of borrowing `self`, so it can move into the task below. It holds a
        // `Sender`, so the queue cannot close while an admission is half done.
        let permit = self
            .sender
            .clone()
            .try_reserve_owned()
            .map_err(|err| match err {
                TrySendError::Full(_) => JobError::QueueFull,
                TrySendError::Closed(_) => JobError::QueueClosed,
            })?;
        let store = store.clone();
        // The INSERT and the `send` run in a task of their own, not in the handler. A
        // client that hangs up makes axum drop the handler's future; had the INSERT
        // committed just before, dropping the permit there would leave a `queued` row
        // with no place in the queue, run by nobody until the next restart. A spawned
        // task runs to its end whatever happens to the request.
        let admission = tokio::spawn(async move {
            let id = store.insert(&job).await?;
            // Cannot fail and cannot wait: the place is ours.
            permit.send(id);
            Ok(id)
        });
        match admission.await {
            Ok(admitted) => admitted,
            // The task panicked: panic here too, as if the handler had done the work.
            Err(err) => std::panic::resume_unwind(err.into_panic()),
        }
    }
}

/// The running workers, and the feeder of leftover jobs if there is one: what `main`
/// waits for before it closes the database.
#[derive(Debug)]
pub struct Workers {
    tasks: Vec<JoinHandle<()>>,
    /// The receiving half stays open as long as this does, even with no worker (the
    /// tests use `workers: 0` to fill a queue that nothing empties).
    receiver: Arc<Mutex<mpsc::Receiver<i64>>>,
}

/// Creates the queue, spawns the workers, and queues again the jobs a previous run
/// left `queued` or `running`, oldest first.
///
/// Call it before the server accepts anything: the leftovers are read first, so a job
/// accepted by this run is never among them, and never queued twice.
pub async fn start(store: &Store, config: Config) -> Result<(Queue, Workers), sqlx::Error> {
    let leftovers = match mutation::active() {
        // MUTATION no-requeue: the queue starts empty, as Go's `make(chan int64, n)`
        // does; the jobs a crash left `queued` or `running` stay so forever.
        Some(Mutation::NoRequeue) => Vec::new(),
        _ => store.unfinished().await?,
    };
    let backlog = Arc::new(AtomicUsize::new(leftovers.len()));
    let (sender, receiver) = mpsc::channel(config.capacity);
    let receiver = Arc::new(Mutex::new(receiver));
    let mut tasks: Vec<_> = (1..=config.workers)
        .map(|n| tokio::spawn(work(n, store.clone(), Arc::clone(&receiver))))
        .collect();
    if !leftovers.is_empty() {
        tracing::info!(
            count = leftovers.len(),
            "queueing the jobs a previous run left unfinished"
        );
        tasks.push(tokio::spawn(feed(
            sender.clone(),
            leftovers,
            Arc::clone(&backlog),
        )));
    }
    Ok((Queue { sender, backlog }, Workers { tasks, receiver }))
}

impl Workers {
    /// Waits until every worker has stopped, which is once the queue is closed and
    /// empty: every job accepted has then been run and recorded, the leftovers of a
    /// previous run included (the feeder holds a `Sender` until it has queued them all).
    ///
    /// The queue closes when the last `Sender` is dropped, so call this after the last
    /// `Queue` is: the router's (the server has stopped) and any other. Called before,
    /// it waits with the workers for jobs that may still come.
    pub async fn wait(self) {
        let Self { tasks, receiver } = self;
        // The workers have their own clones. With no worker (a test), this was the
        // last receiver: dropping it closes the channel, and the feeder's next `send`
        // fails instead of waiting for a place forever.
        drop(receiver);
        for task in tasks {
            // A panic in a worker ends that worker alone; its job stays `running` in
            // the table and is run again at the next start.
            if let Err(err) = task.await {
                tracing::error!(error = %err, "a worker stopped abnormally");
            }
        }
    }

    /// `kill -9`, for the tests: every task stops at its next `.await`, whatever it
    /// was doing, and nothing is recorded.
    #[cfg(test)]
    pub async fn abort(self) {
        for task in &self.tasks {
            task.abort();
        }
        for task in self.tasks {
            let _ = task.await;
        }
    }
}

/// One worker: takes the next job, runs it, until the queue is closed and empty.
///
/// Sharing the receiver: an `mpsc::Receiver` is one consumer, so the workers take
/// turns with it behind a mutex. The idle worker holding the lock waits in `recv`; the
/// others wait for the lock; the guard is a temporary of the `let` statement, released
/// as soon as an id comes out, so the next idle worker waits while this one works. A
/// tokio `Mutex` because the guard is held across the `.await` of `recv`.
///
/// The alternative, one dispatcher task that receives and hands each job to a free
/// worker, holds a job in its hands while it waits for a free worker: one more job
/// waiting than `QUEUE_CAPACITY` says. Here a job leaves the queue only for a worker.
///
/// No `select!` on a shutdown signal, Go's `case <-ctx.Done(): return`: SIGTERM means
/// "accept nothing more", and the channel says that by itself once every `Sender` is
/// gone, after the jobs already in it. A worker that raced `recv` against the signal
/// would stop with jobs still queued: accepted, answered 202, and not run.
async fn work(n: usize, store: Store, receiver: Arc<Mutex<mpsc::Receiver<i64>>>) {
    // MUTATION no-drain: each worker watches the signal.
    let mut shutdown = SHUTDOWN.subscribe();
    loop {
        let next = match mutation::active() {
            // MUTATION no-drain: Go's `select { case <-ctx.Done(): return; case id :=
            // <-jobs: ... }`, ported as it reads. Once the signal is there, `biased`
            // makes it win over a queue that still holds jobs: the worker finishes the
            // job in hand and returns, and what was queued stays `queued`.
            Some(Mutation::NoDrain) => tokio::select! {
                biased;
                _ = shutdown.wait_for(|&stop| stop) => None,
                next = async { receiver.lock().await.recv().await } => next,
            },
            _ => receiver.lock().await.recv().await,
        };
        let Some(id) = next else {
            break;
        };
        if let Err(err) = run(&store, id).await {
            // The job stays `running` in the table: the next start runs it again.
            tracing::error!(worker = n, id, error = %err, "job left unfinished");
        }
    }
    tracing::debug!(worker = n, "queue closed and empty: worker done");
}

/// One job: `running`, the delay, the task, then `done` or `failed`.
async fn run(store: &Store, id: i64) -> Result<(), JobError> {
    let Some(Work { task, delay }) = store.start(id).await? else {
        return Ok(());
    };
    tracing::info!(id, task = task.name(), "job running");
    // The slow work. Not cut short by shutdown either: an accepted job is finished.
    tokio::time::sleep(delay).await;
    let outcome = task.run();
    store.finish(id, &outcome).await?;
    tracing::info!(id, ?outcome, "job finished");
    Ok(())
}

/// Puts the leftover jobs of a previous run into the queue, oldest first.
///
/// They were accepted then, so `QUEUE_CAPACITY` does not refuse them: `send().await`
/// waits for each place, as long as it takes, while `Queue::submit` refuses new jobs
/// until the backlog is empty.
///
/// No `select!` on a shutdown signal here either: these jobs are as accepted as the
/// ones in the queue, and SIGTERM finishes them all. Shutdown still ends, because the
/// workers keep taking jobs, so every `send` gets its place; once the last is sent,
/// the feeder returns and drops its `Sender`. (A `kill -9` meanwhile loses nothing:
/// the jobs not run are still `queued` in the table.)
async fn feed(sender: mpsc::Sender<i64>, ids: Vec<i64>, backlog: Arc<AtomicUsize>) {
    let total = ids.len();
    for id in ids {
        if sender.send(id).await.is_err() {
            // The receiver is gone: `Workers::wait` with no worker (a test).
            return;
        }
        backlog.fetch_sub(1, Ordering::Release);
    }
    tracing::info!(count = total, "every unfinished job is queued again");
}

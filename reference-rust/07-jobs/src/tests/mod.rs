//! The README's tables, row by row, against the router without a socket but with a real
//! SQLite file and real workers: one file per section of the README, the shared client
//! here.
//!
//! # Time
//!
//! The workers' `delay_ms` is `tokio::time::sleep`, and these tests run on tokio's
//! paused clock (`start_paused = true`): a delay ends only when a test moves the clock
//! past it, so "this job is still running" and "that one is still queued" are facts,
//! not races. The clock moves by `STEP`s, each followed by a round trip to the
//! database (`wait_for`, `Service::stop`), never by a sleep.
//!
//! A paused clock has one catch: when the runtime has nothing to do, tokio moves it on
//! by itself to the next timer. Waiting for SQLite is such a moment, because sqlx runs
//! each connection on a thread of its own that tokio cannot see; the clock would jump
//! to the end of a job's delay, or to the pool's 30-second acquire timeout. tokio does
//! not auto-advance while a blocking task runs (see `tokio::time::pause`, "Preventing
//! auto-advance"), so every `Service` keeps one running, `ClockHold`, from before the
//! database is opened to after it is closed.

mod bodies;
mod conventions;
mod create;
mod ids;
mod requeue;
mod shutdown;
mod workers;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use axum::body::Body;
use axum::http::{header, HeaderMap, HeaderValue, Method, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use serde_json::{json, Value};
use tower::ServiceExt;

use crate::queue::{start, Config, Workers};
use crate::routes::{app, AppState};
use crate::store::{connect_options, Store};

const JSON: &str = "application/json";

/// How far the paused clock moves between two looks at the jobs.
const STEP: Duration = Duration::from_millis(10);

/// How many steps a test waits before it gives up: 100 s of the paused clock.
const MAX_STEPS: usize = 10_000;

/// A directory of its own for one test's database, removed when the test ends.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> Self {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let name = format!(
            "{}-test-{}-{}",
            env!("CARGO_PKG_NAME"),
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        );
        let path = std::env::temp_dir().join(name);
        std::fs::create_dir_all(&path).expect("a temporary directory");
        Self(path)
    }

    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        // Best effort: a leftover in /tmp is not worth failing a test for.
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Keeps the paused clock from moving by itself while it lives: a blocking task that
/// waits for this to be dropped (see the module's documentation).
struct ClockHold {
    _release: std::sync::mpsc::Sender<()>,
}

impl ClockHold {
    fn new() -> Self {
        let (release, released) = std::sync::mpsc::channel::<()>();
        tokio::task::spawn_blocking(move || {
            // Returns when the sender is dropped.
            let _ = released.recv();
        });
        Self { _release: release }
    }
}

/// One service per test, on a database file of its own, with its workers running:
/// what `main` builds, without the socket.
struct Service {
    router: Router,
    store: Store,
    workers: Workers,
    dir: TempDir,
    _clock: ClockHold,
}

struct Reply {
    status: StatusCode,
    headers: HeaderMap,
    /// The body as JSON; `Value::Null` for an empty body.
    body: Value,
}

/// A configuration with `workers` workers and room for `capacity` waiting jobs.
fn config(workers: usize, capacity: usize) -> Config {
    Config { workers, capacity }
}

impl Service {
    /// The defaults: 2 workers, room for 4.
    async fn new() -> Self {
        Self::with(Config::default()).await
    }

    async fn with(config: Config) -> Self {
        Self::open(TempDir::new(), config).await
    }

    /// Opens (creating it the first time) the database in `dir` and starts the queue,
    /// as `main` does: the jobs left unfinished in the file are queued again.
    async fn open(dir: TempDir, config: Config) -> Self {
        let clock = ClockHold::new();
        let url = format!("sqlite://{}", dir.path().join("jobs.db").display());
        let store = Store::open(connect_options(&url).expect("a sqlite URL"))
            .await
            .expect("the database opens and migrates");
        let (queue, workers) = start(&store, config)
            .await
            .expect("the unfinished jobs are read");
        Self {
            router: app(AppState {
                store: store.clone(),
                queue,
            }),
            store,
            workers,
            dir,
            _clock: clock,
        }
    }

    /// `main`'s shutdown sequence once the server has stopped: the router dropped, the
    /// workers awaited, the database closed. The clock moves on while the workers
    /// finish, so the delays of the jobs they still have end.
    async fn stop(self) -> TempDir {
        let Self {
            router,
            store,
            workers,
            dir,
            _clock,
        } = self;
        drop(router);
        let waiting = tokio::spawn(workers.wait());
        for _ in 0..MAX_STEPS {
            if waiting.is_finished() {
                break;
            }
            tokio::time::advance(STEP).await;
            // A round trip to the database: the workers' queries go on meanwhile.
            store.unfinished().await.expect("the jobs can be read");
        }
        assert!(waiting.is_finished(), "the workers did not stop");
        waiting.await.expect("no worker panicked");
        store.close().await;
        dir
    }

    /// A clean restart: `stop`, then the same file opened again.
    async fn restart(self, config: Config) -> Self {
        let dir = self.stop().await;
        Self::open(dir, config).await
    }

    /// `kill -9`: every worker stops where it is, nothing is recorded, then the same
    /// file is opened again.
    async fn crash(self, config: Config) -> Self {
        let Self {
            router,
            store,
            workers,
            dir,
            ..
        } = self;
        workers.abort().await;
        drop(router);
        store.close().await;
        Self::open(dir, config).await
    }

    /// Sends `body` as-is, with `content_type` when given.
    async fn raw(
        &self,
        method: Method,
        uri: &str,
        content_type: Option<&str>,
        body: &str,
    ) -> Reply {
        let mut request = Request::builder().method(method).uri(uri);
        if let Some(content_type) = content_type {
            request = request.header(header::CONTENT_TYPE, content_type);
        }
        let request = request
            .body(Body::from(body.to_owned()))
            .expect("a valid request");
        let response = self
            .router
            .clone()
            .oneshot(request)
            .await
            .expect("the router is infallible");
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response
            .into_body()
            .collect()
            .await
            .expect("a readable body")
            .to_bytes();
        let text = String::from_utf8(bytes.to_vec()).expect("a UTF-8 body");
        let body = if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text)
                .unwrap_or_else(|err| panic!("body is not JSON ({err}): {text}"))
        };
        Reply {
            status,
            headers,
            body,
        }
    }

    async fn get(&self, uri: &str) -> Reply {
        self.raw(Method::GET, uri, None, "").await
    }

    async fn post(&self, uri: &str, body: Value) -> Reply {
        self.raw(Method::POST, uri, Some(JSON), &body.to_string())
            .await
    }

    /// Submits a job that the test needs accepted, and returns its id.
    async fn submit(&self, body: Value) -> i64 {
        let reply = self.post("/jobs", body).await;
        assert_eq!(reply.status, StatusCode::ACCEPTED, "body: {}", reply.body);
        reply.body["id"].as_i64().expect("an integer id")
    }

    /// A `sum` of 1, 2, 3 that takes `delay_ms`.
    async fn submit_sum(&self, delay_ms: u64) -> i64 {
        self.submit(json!({"task": "sum", "numbers": [1, 2, 3], "delay_ms": delay_ms}))
            .await
    }

    /// The job with this id, which must exist.
    async fn job(&self, id: i64) -> Value {
        let reply = self.get(&format!("/jobs/{id}")).await;
        assert_eq!(reply.status, StatusCode::OK, "body: {}", reply.body);
        reply.body
    }

    async fn status(&self, id: i64) -> String {
        let job = self.job(id).await;
        job["status"].as_str().expect("a status").to_owned()
    }

    /// Looks at the job, moving the clock on a `STEP` between two looks, until its
    /// status is `wanted`; returns the job, and every status it was seen in, in order.
    /// The status must only move forward.
    async fn wait_for(&self, id: i64, wanted: &str) -> (Value, Vec<String>) {
        let mut seen: Vec<String> = Vec::new();
        for _ in 0..MAX_STEPS {
            let job = self.job(id).await;
            let status = job["status"].as_str().expect("a status").to_owned();
            if let Some(last) = seen.last() {
                assert!(
                    rank(last) <= rank(&status),
                    "job {id} went from {last} to {status}"
                );
            }
            if seen.last() != Some(&status) {
                seen.push(status.clone());
            }
            if status == wanted {
                return (job, seen);
            }
            tokio::time::advance(STEP).await;
        }
        panic!("job {id} never became {wanted}: seen {seen:?}");
    }
}

/// The order of the statuses: a job's only moves up.
fn rank(status: &str) -> u8 {
    match status {
        "queued" => 0,
        "running" => 1,
        "done" | "failed" => 2,
        other => panic!("not a status: {other}"),
    }
}

fn assert_json(reply: &Reply, status: StatusCode, body: &Value) {
    assert_eq!(reply.status, status, "body: {}", reply.body);
    assert_eq!(
        reply.headers.get(header::CONTENT_TYPE),
        Some(&HeaderValue::from_static(JSON))
    );
    assert_eq!(&reply.body, body);
}

fn assert_error(reply: &Reply, status: StatusCode, code: &str) {
    assert_eq!(reply.status, status, "body: {}", reply.body);
    assert_eq!(
        reply.headers.get(header::CONTENT_TYPE),
        Some(&HeaderValue::from_static(JSON))
    );
    assert_eq!(reply.body["error"]["code"], code, "body: {}", reply.body);
    let message = reply.body["error"]["message"].as_str().unwrap_or_default();
    assert!(
        !message.is_empty(),
        "error without a message: {}",
        reply.body
    );
}

//! The README's tables, row by row, against the router without a socket of its own, but
//! with a real SQLite file and a real upstream: a small axum server on `127.0.0.1:0`
//! that records every request it gets and answers a few paths in particular ways (see
//! `FakeUpstream`). One file per section of the README; the shared pieces here.
//!
//! The database is made as the Go service makes it, from its own migration file
//! (`reference-go/05-todos/migrations`), through a connection of the test's: the
//! gateway only ever gets the read-only one.

mod conventions;
mod failures;
mod forward;
mod read;
mod request_ids;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Method, Request, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Router;
use http_body_util::BodyExt;
use reqwest::Url;
use serde_json::{json, Value};
use sqlx::sqlite::{SqliteConnectOptions, SqlitePool};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;
use tower::ServiceExt;

use crate::proxy::Upstream;
use crate::request_id::X_REQUEST_ID;
use crate::routes::{app, AppState};
use crate::store::{connect_options, Store};

const JSON: &str = "application/json";

/// The schema the Go service creates: its own migration, so that a change there is a
/// change here.
const SCHEMA: &str =
    include_str!("../../../../reference-go/05-todos/migrations/0001_create_todos.sql");

/// How long the `/slow` path of the fake upstream takes: far longer than any timeout
/// the tests give the gateway.
const SLOW: Duration = Duration::from_secs(10);

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

/// What the Go service would have written: a file with its table and three todos, one
/// with NULL notes and one with `""`. Returns the file's `DATABASE_URL`.
async fn seed(dir: &TempDir) -> String {
    let url = format!("sqlite://{}", dir.path().join("todos.db").display());
    let writer = writer(&url).await;
    sqlx::raw_sql(SCHEMA)
        .execute(&writer)
        .await
        .expect("the Go service's schema");
    sqlx::raw_sql(
        "INSERT INTO todos (title, notes, done) VALUES
             ('Buy milk', NULL, 0),
             ('Write tests', '', 1),
             ('Call mum', 'before 6', 0)",
    )
    .execute(&writer)
    .await
    .expect("three todos");
    writer.close().await;
    url
}

/// A connection that may write, standing for the Go service's.
async fn writer(url: &str) -> SqlitePool {
    let options = SqliteConnectOptions::new()
        .filename(url.trim_start_matches("sqlite://"))
        .create_if_missing(true);
    SqlitePool::connect_with(options)
        .await
        .expect("a writable connection")
}

/// A request the fake upstream received.
#[derive(Debug, Clone)]
struct Seen {
    method: Method,
    /// The request target as it arrived: path and query.
    uri: String,
    headers: HeaderMap,
    body: Bytes,
}

/// The upstream, standing for the Go todos service. It records every request, then:
///
/// | request              | answer                                                  |
/// |----------------------|---------------------------------------------------------|
/// | `/slow`              | after `SLOW`                                            |
/// | `POST /todos`        | `201`, `Location: /todos/42`, the body it got           |
/// | `PUT /todos/…`       | `405`, `Allow: GET, PATCH, DELETE`, a JSON error         |
/// | `DELETE …`           | `204`, no body                                          |
/// | `/hop`               | `200` with hop-by-hop headers and `X-Kept: yes`         |
/// | `/redirect`          | `302`, `Location: /elsewhere`                           |
/// | `/id`                | `200` with an `X-Request-Id` of its own                 |
/// | anything else        | `200 {"method": …, "uri": …}`, `X-Upstream: fake`       |
struct FakeUpstream {
    addr: SocketAddr,
    seen: Arc<Mutex<Vec<Seen>>>,
    server: JoinHandle<()>,
}

impl FakeUpstream {
    async fn start() -> Self {
        Self::serve(TcpListener::bind("127.0.0.1:0").await.expect("a free port"))
    }

    /// Listens on `addr` again, as a restarted upstream would.
    async fn start_on(addr: SocketAddr) -> Self {
        Self::serve(TcpListener::bind(addr).await.expect("the port is free"))
    }

    fn serve(listener: TcpListener) -> Self {
        let addr = listener.local_addr().expect("a bound socket");
        let seen = Arc::new(Mutex::new(Vec::new()));
        let router = Router::new()
            .fallback(Self::answer)
            .with_state(seen.clone());
        let server = tokio::spawn(async move {
            axum::serve(listener, router)
                .await
                .expect("the fake upstream serves");
        });
        Self { addr, seen, server }
    }

    fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Every request received so far, in order.
    fn seen(&self) -> Vec<Seen> {
        self.seen.lock().expect("not poisoned").clone()
    }

    /// The one request received so far.
    fn only(&self) -> Seen {
        let seen = self.seen();
        assert_eq!(seen.len(), 1, "the upstream got {seen:#?}");
        seen.into_iter().next().expect("one request")
    }

    async fn answer(
        State(seen): State<Arc<Mutex<Vec<Seen>>>>,
        method: Method,
        uri: Uri,
        headers: HeaderMap,
        body: Bytes,
    ) -> Response {
        seen.lock().expect("not poisoned").push(Seen {
            method: method.clone(),
            uri: uri.to_string(),
            headers,
            body: body.clone(),
        });
        let path = uri.path();
        match (&method, path) {
            (_, "/slow") => {
                tokio::time::sleep(SLOW).await;
                "too late".into_response()
            }
            (&Method::POST, "/todos") => (
                StatusCode::CREATED,
                [
                    (header::LOCATION, "/todos/42"),
                    (header::CONTENT_TYPE, JSON),
                ],
                body,
            )
                .into_response(),
            (&Method::PUT, _) if path.starts_with("/todos/") => (
                StatusCode::METHOD_NOT_ALLOWED,
                [
                    (header::ALLOW, "GET, PATCH, DELETE"),
                    (header::CONTENT_TYPE, JSON),
                ],
                r#"{"error":{"code":"method_not_allowed","message":"from the upstream"}}"#,
            )
                .into_response(),
            (&Method::DELETE, _) => StatusCode::NO_CONTENT.into_response(),
            (_, "/hop") => (
                [
                    ("connection", "x-hop"),
                    ("keep-alive", "timeout=5"),
                    ("proxy-authenticate", "Basic"),
                    ("x-hop", "1"),
                    ("x-kept", "yes"),
                ],
                "hop",
            )
                .into_response(),
            (_, "/redirect") => {
                (StatusCode::FOUND, [(header::LOCATION, "/elsewhere")]).into_response()
            }
            (_, "/id") => ([("x-request-id", "from-the-upstream")], "id").into_response(),
            _ => (
                [("x-upstream", "fake")],
                axum::Json(json!({"method": method.as_str(), "uri": uri.to_string()})),
            )
                .into_response(),
        }
    }
}

impl Drop for FakeUpstream {
    fn drop(&mut self) {
        self.server.abort();
    }
}

/// The address of an upstream that is down: a port that was free a moment ago, and on
/// which nothing listens. Connecting to it is refused.
async fn down() -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("a free port");
    listener.local_addr().expect("a bound socket")
}

/// The gateway under test, on a database of its own, forwarding to `upstream`.
struct Gateway {
    router: Router,
    /// The database's `DATABASE_URL`.
    database_url: String,
    _dir: TempDir,
}

struct Reply {
    status: StatusCode,
    headers: HeaderMap,
    bytes: Bytes,
}

impl Reply {
    /// The body as JSON, which it must be.
    fn json(&self) -> Value {
        serde_json::from_slice(&self.bytes).unwrap_or_else(|err| {
            panic!(
                "body is not JSON ({err}): {}",
                String::from_utf8_lossy(&self.bytes)
            )
        })
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .get(name)
            .map(|value| value.to_str().expect("a visible ASCII header"))
    }

    fn request_id(&self) -> &str {
        self.header(X_REQUEST_ID.as_str())
            .expect("every answer has an X-Request-Id")
    }
}

impl Gateway {
    /// With the default timeout, which no test reaches.
    async fn new(upstream: &str) -> Self {
        Self::with_timeout(upstream, Duration::from_secs(5)).await
    }

    async fn with_timeout(upstream: &str, timeout: Duration) -> Self {
        let dir = TempDir::new();
        let url = seed(&dir).await;
        let store = Store::open(connect_options(&url).expect("a sqlite URL"))
            .await
            .expect("the database opens read-only");
        let upstream =
            Upstream::new(&Url::parse(upstream).expect("a URL"), timeout).expect("an HTTP client");
        Self {
            router: app(AppState { store, upstream }),
            database_url: url,
            _dir: dir,
        }
    }

    async fn send(&self, request: Request<Body>) -> Reply {
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
        Reply {
            status,
            headers,
            bytes,
        }
    }

    /// `method uri` with `headers` and `body`.
    async fn request(
        &self,
        method: Method,
        uri: &str,
        headers: &[(&str, &[u8])],
        body: &str,
    ) -> Reply {
        let mut request = Request::builder().method(method).uri(uri);
        for &(name, value) in headers {
            request = request.header(
                HeaderName::try_from(name).expect("a header name"),
                HeaderValue::from_bytes(value).expect("a header value"),
            );
        }
        self.send(
            request
                .body(Body::from(body.to_owned()))
                .expect("a valid request"),
        )
        .await
    }

    async fn get(&self, uri: &str) -> Reply {
        self.request(Method::GET, uri, &[], "").await
    }

    /// `GET uri` with `X-Request-Id: id`.
    async fn get_with_id(&self, uri: &str, id: &[u8]) -> Reply {
        self.request(Method::GET, uri, &[("x-request-id", id)], "")
            .await
    }
}

fn assert_json(reply: &Reply, status: StatusCode, body: &Value) {
    assert_eq!(reply.status, status, "body: {:?}", reply.bytes);
    assert_eq!(reply.header("content-type"), Some(JSON));
    assert_eq!(&reply.json(), body);
}

fn assert_error(reply: &Reply, status: StatusCode, code: &str) {
    assert_eq!(reply.status, status, "body: {:?}", reply.bytes);
    assert_eq!(reply.header("content-type"), Some(JSON));
    let body = reply.json();
    assert_eq!(body["error"]["code"], code, "body: {body}");
    let message = body["error"]["message"].as_str().unwrap_or_default();
    assert!(!message.is_empty(), "error without a message: {body}");
}

/// 32 lowercase hexadecimal digits: an id the gateway made.
fn assert_fresh_id(id: &str) {
    assert_eq!(id.len(), 32, "{id:?}");
    assert!(
        id.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)),
        "{id:?}"
    );
}

/// The `X-Request-Id` a request arrived at the upstream with.
fn upstream_id(seen: &Seen) -> &str {
    seen.headers
        .get(&X_REQUEST_ID)
        .expect("the upstream got an X-Request-Id")
        .to_str()
        .expect("visible ASCII")
}

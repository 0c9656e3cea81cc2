//! The README, row by row, against the router without a socket, once per store: the
//! handlers are generic, so every test below runs twice, on `MemoryStore` and on
//! `SqliteStore` (a file of its own per test). `store.rs` holds the tests of the
//! `Store` trait itself, also run on both.
//!
//! A test of either kind is an `async fn` taking what it tests; `for_each_store!` (for
//! the router) and `for_each_store_impl!` (for the trait) write the `#[tokio::test]`s
//! that call it with each store, as `<file>::memory::<test>` and `<file>::sqlite::<test>`.

/// For each test `name(service: Service)` in the calling file, a `memory::name` and a
/// `sqlite::name`. After `multi_thread:`, the tests run on a multi-threaded runtime,
/// where requests really run at the same time.
macro_rules! for_each_store {
    (multi_thread: $($test:ident),+ $(,)?) => {
        for_each_store!(@ [tokio::test(flavor = "multi_thread", worker_threads = 4)] $($test),+);
    };
    ($($test:ident),+ $(,)?) => {
        for_each_store!(@ [tokio::test] $($test),+);
    };
    (@ [$runtime:meta] $($test:ident),+) => {
        mod memory {
            $(
                #[$runtime]
                async fn $test() {
                    super::$test(crate::tests::Service::memory()).await;
                }
            )+
        }
        mod sqlite {
            $(
                #[$runtime]
                async fn $test() {
                    super::$test(crate::tests::Service::sqlite().await).await;
                }
            )+
        }
    };
}

/// For each test `name<S: Store>(store: S)` in the calling file, a `memory::name` and
/// a `sqlite::name`, on a multi-threaded runtime.
macro_rules! for_each_store_impl {
    ($($test:ident),+ $(,)?) => {
        mod memory {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn $test() {
                    super::$test(crate::store::MemoryStore::default()).await;
                }
            )+
        }
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn $test() {
                    let dir = crate::tests::TempDir::new();
                    super::$test(crate::tests::open_sqlite(&dir).await).await;
                }
            )+
        }
    };
}

mod bodies;
mod concurrency;
mod conventions;
mod create;
mod links;
mod persistence;
mod redirect;
mod store;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use axum::body::Body;
use axum::http::{header, HeaderMap, HeaderValue, Method, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use serde_json::{json, Value};
use tower::ServiceExt;

use crate::routes::app;
use crate::store::{connect_options, MemoryStore, SqliteStore, Store};

const JSON: &str = "application/json";

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

/// Opens (creating it the first time) the database in `dir`, as `main` does.
async fn open_sqlite(dir: &TempDir) -> SqliteStore {
    let url = format!("sqlite://{}", dir.path().join("links.db").display());
    SqliteStore::open(connect_options(&url).expect("a sqlite URL"))
        .await
        .expect("the database opens and migrates")
}

/// Which store a `Service` runs on; the SQLite one keeps its file's directory alive.
enum Backend {
    Memory,
    Sqlite { store: SqliteStore, dir: TempDir },
}

/// One service per test, on a store of its own; requests share it.
struct Service {
    router: Router,
    backend: Backend,
}

struct Reply {
    status: StatusCode,
    headers: HeaderMap,
    /// The body as JSON; `Value::Null` for an empty body (see `text`).
    body: Value,
    text: String,
}

impl Service {
    fn memory() -> Self {
        Self {
            router: app(MemoryStore::default()),
            backend: Backend::Memory,
        }
    }

    async fn sqlite() -> Self {
        Self::open(TempDir::new()).await
    }

    async fn open(dir: TempDir) -> Self {
        let store = open_sqlite(&dir).await;
        Self {
            router: app(store.clone()),
            backend: Backend::Sqlite { store, dir },
        }
    }

    /// What a restart does to the SQLite service: close every connection, then open
    /// the same file again.
    async fn restart(self) -> Self {
        let Self { router, backend } = self;
        drop(router);
        let Backend::Sqlite { store, dir } = backend else {
            panic!("only the SQLite service keeps its links across a restart");
        };
        store.close().await;
        Self::open(dir).await
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
            text,
        }
    }

    async fn get(&self, uri: &str) -> Reply {
        self.raw(Method::GET, uri, None, "").await
    }

    async fn delete(&self, uri: &str) -> Reply {
        self.raw(Method::DELETE, uri, None, "").await
    }

    async fn post(&self, uri: &str, body: Value) -> Reply {
        self.raw(Method::POST, uri, Some(JSON), &body.to_string())
            .await
    }

    /// Creates a link that the test needs, and returns it.
    async fn create(&self, body: Value) -> Value {
        let reply = self.post("/links", body).await;
        assert_eq!(reply.status, StatusCode::CREATED, "body: {}", reply.body);
        reply.body
    }

    /// Creates the link `alias` → `url`.
    async fn create_alias(&self, alias: &str, url: &str) {
        self.create(json!({"url": url, "alias": alias})).await;
    }

    /// The link with this code, which must exist.
    async fn link(&self, code: &str) -> Value {
        let reply = self.get(&format!("/links/{code}")).await;
        assert_eq!(reply.status, StatusCode::OK, "body: {}", reply.body);
        reply.body
    }

    /// Whether a link has this code.
    async fn exists(&self, code: &str) -> bool {
        let reply = self.get(&format!("/links/{code}")).await;
        match reply.status {
            StatusCode::OK => true,
            StatusCode::NOT_FOUND => false,
            other => panic!("GET /links/{code}: {other} {}", reply.body),
        }
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

/// A redirect to `url`: 302, `Location`, `Cache-Control: no-store`, and nothing else.
fn assert_redirect(reply: &Reply, url: &str) {
    assert_eq!(reply.status, StatusCode::FOUND, "body: {}", reply.text);
    assert_eq!(
        reply
            .headers
            .get(header::LOCATION)
            .map(HeaderValue::as_bytes),
        Some(url.as_bytes())
    );
    assert_eq!(
        reply.headers.get(header::CACHE_CONTROL),
        Some(&HeaderValue::from_static("no-store"))
    );
    assert_eq!(reply.text, "", "a redirect has no body");
    assert_eq!(reply.headers.get(header::CONTENT_TYPE), None);
}

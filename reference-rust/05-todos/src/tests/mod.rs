//! The README's tables, row by row, against the router without a socket but with a real
//! SQLite file: one file per section of the README, the shared client here. Every
//! refusal is followed by reads of what it must not have changed.

mod batch;
mod bodies;
mod conventions;
mod create;
mod delete;
mod ids;
mod list;
mod patch;
mod persistence;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use axum::body::Body;
use axum::http::{header, HeaderMap, HeaderValue, Method, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use serde_json::{json, Value};
use tower::ServiceExt;

use crate::routes::app;
use crate::store::{connect_options, Store};

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

/// One service per test, on a database file of its own; requests share it.
struct Service {
    router: Router,
    store: Store,
    dir: TempDir,
}

struct Reply {
    status: StatusCode,
    headers: HeaderMap,
    /// The body as JSON; `Value::Null` for an empty body (see `text`).
    body: Value,
    text: String,
}

impl Service {
    async fn new() -> Self {
        Self::open(TempDir::new()).await
    }

    /// Opens (creating it the first time) the database in `dir`, as `main` does.
    async fn open(dir: TempDir) -> Self {
        let url = format!("sqlite://{}", dir.path().join("todos.db").display());
        let store = Store::open(connect_options(&url).expect("a sqlite URL"))
            .await
            .expect("the database opens and migrates");
        Self {
            router: app(store.clone()),
            store,
            dir,
        }
    }

    /// What a restart does: close every connection, then open the same file again.
    async fn restart(self) -> Self {
        let Self { router, store, dir } = self;
        drop(router);
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

    async fn patch(&self, uri: &str, body: Value) -> Reply {
        self.raw(Method::PATCH, uri, Some(JSON), &body.to_string())
            .await
    }

    /// Creates a todo that the test needs, and returns it.
    async fn create(&self, body: Value) -> Value {
        let reply = self.post("/todos", body).await;
        assert_eq!(reply.status, StatusCode::CREATED, "body: {}", reply.body);
        reply.body
    }

    /// Creates a todo with only a title, and returns its id.
    async fn create_titled(&self, title: &str) -> i64 {
        self.create(json!({"title": title})).await["id"]
            .as_i64()
            .expect("an integer id")
    }

    /// The todo with this id, which must exist.
    async fn todo(&self, id: i64) -> Value {
        let reply = self.get(&format!("/todos/{id}")).await;
        assert_eq!(reply.status, StatusCode::OK, "body: {}", reply.body);
        reply.body
    }

    /// The titles of every todo, in id order.
    async fn titles(&self) -> Vec<String> {
        let reply = self.get("/todos?limit=100").await;
        assert_eq!(reply.status, StatusCode::OK, "body: {}", reply.body);
        reply.body["items"]
            .as_array()
            .expect("a list of items")
            .iter()
            .map(|todo| todo["title"].as_str().expect("a title").to_owned())
            .collect()
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

//! The statement's tables against the router, without a socket but with a real SQLite
//! file: one module per section of the statement, the shared client here.

mod observability;
mod orders;

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::http::{header, HeaderMap, Method, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

use crate::config::Limits;
use crate::metrics::Metrics;
use crate::routes::{app, AppState};
use crate::store::{connect_options, Store};

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
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// One service per test, on a database file of its own.
struct Service {
    router: Router,
    store: Store,
    metrics: Arc<Metrics>,
    limits: Limits,
    dir: TempDir,
}

struct Reply {
    status: StatusCode,
    headers: HeaderMap,
    /// The body as JSON, `Value::Null` when it is not JSON (see `text`).
    body: Value,
    text: String,
}

impl Reply {
    fn code(&self) -> &str {
        self.body["error"]["code"].as_str().unwrap_or_default()
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|value| value.to_str().ok())
    }
}

impl Service {
    async fn new() -> Self {
        Self::with_limits(Limits {
            ship_delay: Duration::from_millis(1),
            ..Limits::default()
        })
        .await
    }

    async fn with_limits(limits: Limits) -> Self {
        Self::open(TempDir::new(), limits).await
    }

    async fn open(dir: TempDir, limits: Limits) -> Self {
        let url = format!("sqlite://{}", dir.0.join("orders.db").display());
        let store = Store::open(connect_options(&url).expect("a sqlite URL"))
            .await
            .expect("the database opens and migrates");
        let metrics = Arc::new(Metrics::default());
        let router = app(AppState {
            store: store.clone(),
            metrics: metrics.clone(),
            limits,
        });
        Self {
            router,
            store,
            metrics,
            limits,
            dir,
        }
    }

    /// What a restart does: close every connection, open the same file again, with
    /// new (zeroed) metrics.
    async fn restart(self) -> Self {
        let Self {
            router,
            store,
            limits,
            dir,
            ..
        } = self;
        drop(router);
        store.close().await;
        Self::open(dir, limits).await
    }

    async fn send(
        &self,
        method: Method,
        uri: &str,
        headers: &[(&str, &str)],
        body: Option<&str>,
    ) -> Reply {
        let mut request = Request::builder().method(method).uri(uri);
        if body.is_some() {
            request = request.header(header::CONTENT_TYPE, "application/json");
        }
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let request = request
            .body(Body::from(body.unwrap_or_default().to_owned()))
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
        let body = serde_json::from_str(&text).unwrap_or(Value::Null);
        Reply {
            status,
            headers,
            body,
            text,
        }
    }

    async fn get(&self, uri: &str) -> Reply {
        self.send(Method::GET, uri, &[], None).await
    }

    async fn post(&self, uri: &str, body: &str) -> Reply {
        self.send(Method::POST, uri, &[], Some(body)).await
    }

    /// Places an order the test needs and returns its id.
    async fn place(&self, body: &str) -> i64 {
        let reply = self.post("/orders", body).await;
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
        reply.body["id"].as_i64().expect("an integer id")
    }
}

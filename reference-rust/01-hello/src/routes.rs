//! The router and its handlers.

use axum::extract::rejection::QueryRejection;
use axum::extract::Query;
use axum::routing::get;
use axum::{Json, Router};
use serde::{Deserialize, Serialize};

use crate::error::AppError;

/// Longest accepted name, in Unicode characters (not bytes).
pub const MAX_NAME_CHARS: usize = 64;

/// The whole service, without a socket: `main` serves it, the tests call it directly.
pub fn app() -> Router {
    Router::new()
        .route("/health", get(health))
        .route("/hello", get(hello))
        // Unknown paths: axum's default is an empty 404.
        .fallback(not_found)
        // Known path, wrong method: axum's default is a 405 with an `Allow` header and
        // an empty body. This replaces only the body; axum still adds `Allow`.
        // It applies to the routes registered above it, so it stays last.
        .method_not_allowed_fallback(method_not_allowed)
}

#[derive(Serialize)]
struct Health {
    status: &'static str,
}

async fn health() -> Json<Health> {
    Json(Health { status: "ok" })
}

#[derive(Deserialize)]
pub struct HelloParams {
    /// `None` when `?name` is missing, `Some("")` for `?name=`. Go's
    /// `r.URL.Query().Get("name")` gives `""` for both; here they are two cases.
    name: Option<String>,
}

#[derive(Serialize)]
struct Greeting {
    message: String,
}

/// Taking `Result<Query<_>, _>` instead of `Query<_>` keeps axum from answering a bad
/// query string (e.g. `?name=a&name=b`) with its own text/plain 400: `?` turns the
/// rejection into our JSON error.
async fn hello(
    params: Result<Query<HelloParams>, QueryRejection>,
) -> Result<Json<Greeting>, AppError> {
    let Query(params) = params?;
    let name = params
        .name
        .filter(|name| !name.is_empty())
        .unwrap_or_else(|| "world".to_owned());

    if name.chars().count() > MAX_NAME_CHARS {
        return Err(AppError::NameTooLong {
            max: MAX_NAME_CHARS,
        });
    }
    Ok(Json(Greeting {
        message: format!("Hello, {name}!"),
    }))
}

async fn not_found() -> AppError {
    AppError::NotFound
}

async fn method_not_allowed() -> AppError {
    AppError::MethodNotAllowed
}

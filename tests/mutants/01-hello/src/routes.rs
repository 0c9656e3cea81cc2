//! The router and its handlers, with the mutations marked `MUTATION <name>`.

use axum::extract::rejection::QueryRejection;
use axum::extract::Query;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::mutation::{self, Mutation};

/// Longest accepted name, in Unicode characters (not bytes).
pub const MAX_NAME_CHARS: usize = 64;

/// The whole service, without a socket.
pub fn app() -> Router {
    let router = Router::new()
        .route("/health", get(health))
        .route("/hello", get(hello))
        .fallback(not_found);
    match mutation::active() {
        // MUTATION plain-405: the port forgot the 405 fallback, so axum answers with
        // its own empty body (and still the `Allow` header).
        Some(Mutation::Plain405) => router,
        _ => router.method_not_allowed_fallback(method_not_allowed),
    }
}

#[derive(Serialize)]
struct Health {
    status: &'static str,
}

async fn health() -> Response {
    match mutation::active() {
        // MUTATION health-text: Go's `fmt.Fprint(w, "ok")`, ported as a `&str` answer:
        // text/plain, not `{"status": "ok"}`.
        Some(Mutation::HealthText) => "ok".into_response(),
        _ => Json(Health { status: "ok" }).into_response(),
    }
}

#[derive(Deserialize)]
pub struct HelloParams {
    name: Option<String>,
}

#[derive(Serialize)]
struct Greeting {
    message: String,
}

async fn hello(params: Result<Query<HelloParams>, QueryRejection>) -> Response {
    let mut response = greet(params).into_response();
    // MUTATION wrong-content-type: the JSON text written by hand, the way Go's
    // `w.Write(body)` without `w.Header().Set("Content-Type", ...)` sends it.
    if mutation::active() == Some(Mutation::WrongContentType) {
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/plain; charset=utf-8"),
        );
    }
    response
}

fn greet(params: Result<Query<HelloParams>, QueryRejection>) -> Result<Json<Greeting>, AppError> {
    let Query(params) = params?;
    let name = match mutation::active() {
        // MUTATION no-default-name: Go's `Query().Get("name")` ported as
        // `unwrap_or_default()`: "" for a missing name, and no "world" anywhere.
        Some(Mutation::NoDefaultName) => params.name.unwrap_or_default(),
        // MUTATION empty-not-default: the default for `None` only; `?name=` is
        // `Some("")` and greets nobody.
        Some(Mutation::EmptyNotDefault) => params.name.unwrap_or_else(|| "world".to_owned()),
        _ => params
            .name
            .filter(|name| !name.is_empty())
            .unwrap_or_else(|| "world".to_owned()),
    };

    let too_long = match mutation::active() {
        // MUTATION bytes-length: Go's `len(name)`, ported as `name.len()`: bytes, so 64
        // two-byte characters are refused.
        Some(Mutation::BytesLength) => name.len() > MAX_NAME_CHARS,
        // MUTATION no-length-check: the check was never ported.
        Some(Mutation::NoLengthCheck) => false,
        _ => name.chars().count() > MAX_NAME_CHARS,
    };
    if too_long {
        return Err(AppError::NameTooLong {
            max: MAX_NAME_CHARS,
        });
    }
    Ok(Json(Greeting {
        message: format!("Hello, {name}!"),
    }))
}

async fn not_found() -> Response {
    match mutation::active() {
        // MUTATION text-404: Go's `http.NotFound(w, r)`, ported as a plain-text answer.
        Some(Mutation::Text404) => (StatusCode::NOT_FOUND, "not found").into_response(),
        _ => AppError::NotFound.into_response(),
    }
}

async fn method_not_allowed() -> AppError {
    AppError::MethodNotAllowed
}

//! 01-hello — your first axum service.
//!
//! Port the Go service in `reference-go/01-hello/` (start with its `main.go`) to Rust,
//! in this crate. Read `lessons/01-hello.md` first; the exact contract (status codes,
//! JSON bodies, error codes) is in `exercises/01-hello/README.md`. Run
//! `./ferry check 01-hello` after every change, `./ferry hint 01-hello` when stuck.
//!
//! `main` below is done: it reads `PORT` and serves whatever `app()` returns. Your
//! work starts in `app()`, which for now panics, so the untouched starter stops
//! at start-up with the message of its `todo!`.

use std::error::Error;
use std::net::Ipv4Addr;

use axum::Router;
use tokio::net::TcpListener;

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    // Logs go to stderr; `RUST_LOG=debug` shows more.
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .init();

    // Go: `port := os.Getenv("PORT")`. In Rust, `env::var` returns a `Result`: an unset
    // variable is an `Err`, not "". `?` hands a bad value back to the caller, here
    // `main`, which prints it and exits non-zero.
    let port: u16 = match std::env::var("PORT") {
        Ok(port) => port
            .parse()
            .map_err(|err| format!("PORT={port:?} is not a port number: {err}"))?,
        Err(_) => 8080,
    };

    // Build the router before taking the port, so a panic in `app()` shows first.
    let app = app();
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, port)).await?;
    tracing::info!("listening on {}", listener.local_addr()?);
    axum::serve(listener, app).await?;
    Ok(())
}

/// The whole service. Keep it a function of its own: tests can then call the router
/// without opening a socket.
///
/// What to write, in the order of `./ferry check`'s stages (the `#...` are sections
/// of `lessons/01-hello.md`):
///
/// 1. `GET /health` → `200 {"status": "ok"}` (#routes-and-handlers). A route is
///    `.route("/health", get(health))`; a handler is an `async fn` returning
///    `Json(...)`, which also sets `Content-Type: application/json`.
/// 2. `GET /hello` with `Query<...>` (#query-parameters-and-defaults): a
///    `#[derive(Deserialize)]` struct with a `name: Option<String>` field. Go's
///    `Query().Get` gives "" for both a missing and an empty name; here they are
///    `None` and `Some("")`, and both mean "world".
/// 3. More than 64 characters is a 422 `name_too_long` (#unicode-length): count
///    characters (`chars().count()`), not bytes (`len()`).
/// 4. Errors as JSON (#errors-as-json): an `AppError` enum (in `src/error.rs`, with
///    `mod error;` here) that implements `IntoResponse`, so a handler can return
///    `Result<Json<Greeting>, AppError>`.
/// 5. Fallbacks (#404-and-405-fallbacks): `.fallback(...)` for unknown paths (404
///    `not_found`) and `.method_not_allowed_fallback(...)` for a known path with
///    another method (405 `method_not_allowed`; axum keeps the `Allow` header).
fn app() -> Router {
    todo!(
        "build the Router: GET /health, GET /hello, a JSON 404 fallback and a JSON 405 \
         fallback (see the comment above `app` and lessons/01-hello.md)"
    )
}

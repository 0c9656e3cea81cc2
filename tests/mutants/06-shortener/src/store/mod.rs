//! Storage: the `Store` trait, which is all the handlers know of it, and its two
//! implementations, `MemoryStore` (a map under a mutex) and `SqliteStore` (a pool on a
//! SQLite file). `main` picks one at start-up from `DATABASE_URL`.
//!
//! Mutations here: `racy-hits` (`set_hits`, which the reference's trait does not
//! have), `alias-overwrites` (in both stores' `create`).
//!
//! # Generics, not a trait object
//!
//! Go's handlers hold a `Store` interface value: one copy of each handler, and every
//! call goes through the interface's method table. Rust offers that, `Arc<dyn Store>`,
//! and something Go does not: generics, `app<S: Store>(store: S)` and
//! `create<S: Store>(State(store): State<S>, ...)`, where the compiler writes one copy
//! of the router and the handlers per store, and every call is a direct one that can
//! be inlined. This service uses generics, for three reasons:
//!
//! - The set of stores is closed and known when the binary is built, and the choice is
//!   made once, in `main`: a `match` whose arms each call the generic `serve` with
//!   their own type. Nothing would ever hold two kinds of store at once, which is
//!   the one thing a trait object is needed for.
//! - `async fn` in a trait is not dyn-compatible. Each implementation's `async fn
//!   hit` returns its own anonymous future type, of its own size, and a `dyn Store`
//!   method table cannot hold a function whose return type it does not know. To be
//!   used as `dyn Store`, every method would have to return
//!   `Pin<Box<dyn Future<Output = ...> + Send + '_>>` (what the `async-trait` crate
//!   writes for you): a heap allocation per call, and every implementation wrapped in
//!   `Box::pin(async move { ... })`.
//! - What generics cost here is small: two copies of a small router in the binary, and
//!   a `<S: Store>` on each handler.
//!
//! A trait object would be the better choice for stores chosen at run time from an open
//! set (plugins, a registry of backends), for a struct that must hold stores of
//! different kinds in one collection, or when the copies made for many generic
//! parameters slow the build down.
//!
//! # `async fn` and `Send`
//!
//! The methods are declared as `fn hit(&self, code: &str) -> impl Future<Output = ...>
//! + Send`, the desugared form of `async fn hit(&self, code: &str) -> ...` with one
//! bound added. Generic code cannot see which future an implementation returns, only
//! what the trait promises of it, and a plain `async fn` in a trait promises nothing
//! about `Send`; axum, on a multi-threaded runtime that moves a request's future from
//! thread to thread, requires every handler's future to be `Send`, and a handler
//! that awaits `store.hit(..)` is `Send` only if that future is. Implementations still
//! write `async fn`, and the compiler checks that each of their futures is `Send`
//! (a `std::sync::MutexGuard` held across an `.await` would be refused there).
//!
//! # One atomic hit
//!
//! The trap of porting literally is `link := store.Get(code); link.Hits++;
//! store.Save(link)`: two calls, and between them another redirect reads the same count,
//! so two redirects write the same `hits + 1` and one is lost. Here the increment is one
//! method, `hit`, that each store makes atomic in its own way: the map increments under
//! its lock, SQLite in one `UPDATE ... SET hits = hits + 1 ... RETURNING`. The trait
//! has no way to set `hits` at all, so the racy version cannot be written against it.

mod memory;
mod sqlite;

use std::future::Future;

pub use memory::MemoryStore;
pub use sqlite::{connect_options, SqliteStore};

use crate::model::Link;

/// Where links are kept. Every method is one atomic operation on the store: the
/// handlers never read something in one call in order to write it back in another.
///
/// The supertraits are what axum asks of a router's state (`Clone`: each request gets
/// its own handle; `Send + Sync + 'static`: handles cross threads and outlive any one
/// request), written once here instead of on every handler.
pub trait Store: Clone + Send + Sync + 'static {
    /// Stores a new link, `hits: 0`, under `code`. `Err(StoreError::AliasTaken)` when
    /// the code is in use (whether someone chose it or the service made it up), and
    /// then the link that has it is left as it was. Checking and inserting are one
    /// step: two creates of one code at the same moment give one `Ok` and one
    /// `AliasTaken`.
    fn create(
        &self,
        code: &str,
        url: &str,
    ) -> impl Future<Output = Result<Link, StoreError>> + Send;

    /// The link with this code, or `Err(StoreError::NotFound)`. Not a hit.
    fn get(&self, code: &str) -> impl Future<Output = Result<Link, StoreError>> + Send;

    /// Counts one hit on the link and returns it with the new count: read, increment
    /// and write as one operation. `Err(StoreError::NotFound)` when there is no such
    /// link.
    fn hit(&self, code: &str) -> impl Future<Output = Result<Link, StoreError>> + Send;

    /// MUTATION racy-hits: what the Go port's `store.Save(link)` needs: writes `hits`
    /// as given. With it, a hit can be written as a `get` and a `set_hits(hits + 1)`,
    /// two calls with a gap between them; the reference's trait has no such method.
    fn set_hits(
        &self,
        code: &str,
        hits: i64,
    ) -> impl Future<Output = Result<Link, StoreError>> + Send;

    /// Removes the link, or `Err(StoreError::NotFound)` when there was none.
    fn delete(&self, code: &str) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// Called once by `main` after the server has stopped. Nothing to do by default;
    /// `SqliteStore` closes its pool, which writes everything to the file.
    fn close(&self) -> impl Future<Output = ()> + Send {
        async {}
    }
}

/// How a store operation fails. The first two are answers about the links, the same
/// from every store; the HTTP layer decides what they mean for a request
/// (`ShortenerError::from_store`). The last is a failure of the store itself.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("no link has this code")]
    NotFound,

    #[error("this code is already in use")]
    AliasTaken,

    /// Any failure of sqlx or SQLite (a full disk, a locked file). `#[from]` lets `?`
    /// convert a `sqlx::Error`; `SqliteStore` sorts out the unique violation,
    /// `AliasTaken`, before it does.
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
}

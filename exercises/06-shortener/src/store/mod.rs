//! Storage: the `Store` trait, all the handlers know of it, and its two implementations,
//! `MemoryStore` and `SqliteStore`. The trait is done for you; its methods for each
//! store are yours.
//!
//! Go's `Store` interface becomes this trait, and Go's handlers holding a `Store`
//! become generic handlers, `create<S: Store>(State(store): State<S>, ...)`: the
//! compiler makes a copy of each for each store, and every call on the store is a
//! direct one. The alternative is a trait object, `Arc<dyn Store>`: one copy, a call
//! through a table of methods, as in Go. It is not what this crate does, for a reason
//! the lesson works through: a trait with `async fn`s is not dyn-compatible, because
//! each implementation returns a future of its own type and size. (Read
//! `lessons/06-shortener.md#generics-or-a-trait-object` before you change that.)
//!
//! The methods are written `fn get(..) -> impl Future<Output = ...> + Send`, which is
//! `async fn get(..)` plus a promise that its future is `Send`, as axum needs from
//! every handler. In your `impl Store for ...` blocks, write them as plain `async fn`.

mod memory;
mod sqlite;

use std::future::Future;

pub use memory::MemoryStore;
pub use sqlite::{connect_options, SqliteStore};

use crate::model::Link;

/// Where links are kept. Every method is one operation on the store: a handler that
/// reads something in one call and writes it back in another has a race in it.
///
/// The supertraits are what axum asks of a router's state, written once here instead
/// of on every handler.
pub trait Store: Clone + Send + Sync + 'static {
    /// Stores a new link, `hits: 0`, under `code`; `Err(StoreError::AliasTaken)` when
    /// the code is in use, and then the link that has it is left as it was.
    fn create(
        &self,
        code: &str,
        url: &str,
    ) -> impl Future<Output = Result<Link, StoreError>> + Send;

    /// The link with this code, or `Err(StoreError::NotFound)`. Not a hit.
    fn get(&self, code: &str) -> impl Future<Output = Result<Link, StoreError>> + Send;

    /// Counts one hit and returns the link with its new count, as ONE operation: no
    /// `get` then a write of `hits + 1`, which loses hits when redirects arrive
    /// together. `Err(StoreError::NotFound)` when there is no such link.
    fn hit(&self, code: &str) -> impl Future<Output = Result<Link, StoreError>> + Send;

    /// Removes the link, or `Err(StoreError::NotFound)` when there was none.
    fn delete(&self, code: &str) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// Called once by `main` after the server has stopped. Nothing to do by default;
    /// `SqliteStore` closes its pool.
    fn close(&self) -> impl Future<Output = ()> + Send {
        async {}
    }
}

/// How a store operation fails, the same from both stores. What each means for a
/// request (a 404, a 409, a 500) is the handlers' business, not the store's.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("no link has this code")]
    NotFound,

    #[error("this code is already in use")]
    AliasTaken,

    /// Any other failure of sqlx or SQLite. `#[from]` lets `?` convert a `sqlx::Error`
    /// into this, so sort out the unique violation (`AliasTaken`) before the `?`: the
    /// `sqlx::Error::Database` variant holds a `DatabaseError`, and that trait has a
    /// method for it.
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
}

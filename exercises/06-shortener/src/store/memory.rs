//! `MemoryStore`: Go's `map[string]Link` under a `sync.Mutex`. Yours: the methods.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use super::{Store, StoreError};
use crate::model::Link;

/// The links of a service started without `DATABASE_URL`, gone when it stops.
///
/// Cloning it clones the `Arc`: every handle sees the same map. `std::sync::Mutex` is
/// the right lock here, as long as no `.await` happens while it is held (the compiler
/// will tell you if one does: its guard is not `Send`).
#[derive(Debug, Clone, Default)]
pub struct MemoryStore {
    links: Arc<Mutex<HashMap<String, Link>>>,
}

impl Store for MemoryStore {
    /// The check that the code is free and the insert, under one lock: look at
    /// `HashMap::entry`.
    async fn create(&self, _code: &str, _url: &str) -> Result<Link, StoreError> {
        todo!("insert under one lock; AliasTaken when the code is in use")
    }

    async fn get(&self, _code: &str) -> Result<Link, StoreError> {
        todo!("the link, or NotFound")
    }

    /// The read, the `+ 1` and the copy returned, all under one lock.
    async fn hit(&self, _code: &str) -> Result<Link, StoreError> {
        todo!("hits + 1 under one lock, and the link after it; NotFound")
    }

    async fn delete(&self, _code: &str) -> Result<(), StoreError> {
        todo!("remove, or NotFound")
    }
}

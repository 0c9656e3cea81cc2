//! `MemoryStore`: Go's `map[string]Link` under a `sync.Mutex`, as `Mutex<HashMap>`.

use std::collections::hash_map::Entry;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use super::{Store, StoreError};
use crate::model::Link;
use crate::mutation::{self, Mutation};

/// The links of a service started without `DATABASE_URL`, gone when it stops.
///
/// Cloning it clones the `Arc`: every handle sees the same map. The mutex is
/// `std::sync::Mutex`, not `tokio::sync::Mutex`: each method locks, does one map
/// operation, and unlocks without an `.await` in between, and for that a blocking lock
/// is both faster and the one tokio's documentation recommends. (Holding it across an
/// `.await` would not compile here anyway: the guard is not `Send`, and the trait wants
/// `Send` futures.)
#[derive(Debug, Clone, Default)]
pub struct MemoryStore {
    links: Arc<Mutex<HashMap<String, Link>>>,
}

impl MemoryStore {
    /// The map, locked. A panic while another request held the lock "poisons" it;
    /// every change below is a single map operation, which a panic cannot leave half
    /// done, so the map is still consistent and is used as it is.
    fn links(&self) -> MutexGuard<'_, HashMap<String, Link>> {
        self.links.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Store for MemoryStore {
    async fn create(&self, code: &str, url: &str) -> Result<Link, StoreError> {
        // MUTATION alias-overwrites: Go's `s.links[code] = link`, without the
        // `if _, ok := s.links[code]; ok` before it: a second link takes the code.
        if mutation::active() == Some(Mutation::AliasOverwrites) {
            let link = Link {
                code: code.to_owned(),
                url: url.to_owned(),
                hits: 0,
            };
            self.links().insert(code.to_owned(), link.clone());
            return Ok(link);
        }
        // `entry` looks the code up and claims its slot in one step, under the lock;
        // `contains_key` then `insert` would look twice, and read as a race even where
        // the lock makes it none.
        match self.links().entry(code.to_owned()) {
            Entry::Occupied(_) => Err(StoreError::AliasTaken),
            Entry::Vacant(slot) => Ok(slot
                .insert(Link {
                    code: code.to_owned(),
                    url: url.to_owned(),
                    hits: 0,
                })
                .clone()),
        }
    }

    async fn get(&self, code: &str) -> Result<Link, StoreError> {
        self.links().get(code).cloned().ok_or(StoreError::NotFound)
    }

    async fn hit(&self, code: &str) -> Result<Link, StoreError> {
        // One lock for the read, the increment and the copy returned: no other request
        // can come between them.
        let mut links = self.links();
        let link = links.get_mut(code).ok_or(StoreError::NotFound)?;
        link.hits += 1;
        Ok(link.clone())
    }

    // MUTATION racy-hits: the second half of the racy hit.
    async fn set_hits(&self, code: &str, hits: i64) -> Result<Link, StoreError> {
        let mut links = self.links();
        let link = links.get_mut(code).ok_or(StoreError::NotFound)?;
        link.hits = hits;
        Ok(link.clone())
    }

    async fn delete(&self, code: &str) -> Result<(), StoreError> {
        self.links()
            .remove(code)
            .map(drop)
            .ok_or(StoreError::NotFound)
    }
}

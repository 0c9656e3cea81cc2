//! The users, in memory, and the state the handlers share.

use std::collections::BTreeMap;
use std::sync::{Arc, PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};

use crate::model::{NewUser, User};

/// All users, by id. A `BTreeMap` iterates in key order, so the list is in id order
/// without sorting.
#[derive(Debug, Default)]
pub struct Store {
    users: BTreeMap<u64, User>,
    last_id: u64,
}

impl Store {
    pub fn list(&self) -> Vec<User> {
        self.users.values().cloned().collect()
    }

    pub fn get(&self, id: u64) -> Option<&User> {
        self.users.get(&id)
    }

    pub fn get_mut(&mut self, id: u64) -> Option<&mut User> {
        self.users.get_mut(&id)
    }

    /// Stores a new user under the next id (1, 2, 3, ...) and returns it.
    pub fn create(&mut self, new: NewUser) -> User {
        self.last_id += 1;
        let user = User {
            id: self.last_id,
            name: new.name,
            email: new.email,
            account: new.account,
        };
        self.users.insert(user.id, user.clone());
        user
    }
}

/// What every handler gets through `State`. Cloning it clones the `Arc`, not the users.
///
/// The lock is `std::sync::RwLock`, not `tokio::sync::RwLock`: it is held for a
/// map lookup or insert and never across an `.await`, which is the case tokio's own
/// docs say the std lock is for (cheaper, and no `.await` to take it).
#[derive(Debug, Clone, Default)]
pub struct AppState {
    users: Arc<RwLock<Store>>,
}

impl AppState {
    /// A lock is poisoned when a thread panicked while writing. Our writes are a single
    /// insert or field assignment, which cannot leave the map half-changed, so the data
    /// is still sound and we keep serving it rather than failing every later request.
    pub fn read(&self) -> RwLockReadGuard<'_, Store> {
        self.users.read().unwrap_or_else(PoisonError::into_inner)
    }

    pub fn write(&self) -> RwLockWriteGuard<'_, Store> {
        self.users.write().unwrap_or_else(PoisonError::into_inner)
    }
}

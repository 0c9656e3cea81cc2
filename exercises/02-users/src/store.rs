//! The users, in memory, and the state every handler gets through `State`.

use std::collections::BTreeMap;
use std::sync::{Arc, RwLock};

use crate::model::User;

/// All users by id. A `BTreeMap` iterates in key order, which is the order
/// `GET /users` wants. Ids are 1, 2, 3... in creation order.
#[derive(Debug, Default)]
pub struct Store {
    pub users: BTreeMap<u64, User>,
    pub last_id: u64,
}

/// Cloned for every request: the `Arc` is shared, the users are not copied.
///
/// A `std::sync::RwLock` is fine here as long as you never hold its guard across an
/// `.await` (lessons/02-users.md#sharing-state). TODO: methods that hide the locking
/// from the handlers, e.g. `fn read(&self)` and `fn write(&self)`.
#[derive(Debug, Clone, Default)]
pub struct AppState {
    pub users: Arc<RwLock<Store>>,
}

//! The state every handler gets through `State`: the map of buckets, inside a `Mutex`,
//! inside an `Arc` (lessons/04-ratelimit.md#shared-state-in-rust). Done for you; read
//! it before you write a handler.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use crate::bucket::Bucket;

/// Cloned for every request: the `Arc` is shared, the map is not copied. Every
/// request, on whichever of tokio's worker threads it runs, sees the same clients.
///
/// Go's limiter keeps its map beside a `sync.Mutex` and must remember to lock it; here
/// the map is *inside* the `Mutex`, and `lock()` is the only way to reach it. Share a
/// plain `HashMap` through the `Arc` instead and nothing can write to it (E0596); use
/// `Rc<RefCell<_>>` and axum refuses the state: not `Send`, not `Sync`.
///
/// What the compiler cannot check is how much a request does under one guard. Do all
/// of a request under **one** `state.lock()`: look up, refill, decide, count, write. A
/// read under one guard and a write under the next compiles, passes every test you
/// run by hand, and loses updates when the contract sends 200 requests at once
/// (lessons/04-ratelimit.md#the-lost-update).
///
/// `std::sync::Mutex`, not tokio's: never hold the guard across an `.await` (axum
/// refuses the handler if you do: the guard is not `Send`,
/// lessons/04-ratelimit.md#send-and-sync).
#[derive(Debug, Clone, Default)]
pub struct AppState {
    clients: Arc<Mutex<HashMap<String, Bucket>>>,
}

impl AppState {
    /// The only way to the map. The guard unlocks when it is dropped: at the end of the
    /// statement when you use it as a temporary (`state.lock().remove(&name)`), at the
    /// end of the block when you keep it in a `let`.
    pub fn lock(&self) -> MutexGuard<'_, HashMap<String, Bucket>> {
        self.clients.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

//! The state the handlers share: one lock around the ledger.

use std::sync::{Arc, PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};

use crate::ledger::Ledger;

/// What every handler gets through `State`. Cloning it clones the `Arc`, not the ledger.
///
/// A deposit or a transfer holds the write lock from its first check to its last
/// write, so no other request sees a transfer half done, and no two transfers decide
/// on the same balance. The lock is `std::sync::RwLock`, not `tokio::sync::RwLock`: it
/// is never held across an `.await`.
#[derive(Debug, Clone, Default)]
pub struct AppState {
    ledger: Arc<RwLock<Ledger>>,
}

impl AppState {
    /// A lock is poisoned when a thread panicked while writing. The ledger decides
    /// before it writes and nothing between its writes can panic, so it is never left
    /// half-changed: we keep serving it rather than failing every later request.
    pub fn read(&self) -> RwLockReadGuard<'_, Ledger> {
        self.ledger.read().unwrap_or_else(PoisonError::into_inner)
    }

    pub fn write(&self) -> RwLockWriteGuard<'_, Ledger> {
        self.ledger.write().unwrap_or_else(PoisonError::into_inner)
    }
}

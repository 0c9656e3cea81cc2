//! The state every handler gets through `State`: one lock around the ledger. Done for
//! you; it is 02's `AppState` with a `Ledger` inside instead of the users.

use std::sync::{Arc, PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};

use crate::ledger::Ledger;

/// Cloned for every request: the `Arc` is shared, the ledger is not copied.
///
/// Take `write()` once per deposit or transfer and do all of it under that one guard:
/// checks and writes. Two locks in a row would let another request slip in between
/// (lessons/03-ledger.md#nothing-changes-on-error). Never hold a guard across an
/// `.await`.
#[derive(Debug, Clone, Default)]
pub struct AppState {
    ledger: Arc<RwLock<Ledger>>,
}

impl AppState {
    pub fn read(&self) -> RwLockReadGuard<'_, Ledger> {
        self.ledger.read().unwrap_or_else(PoisonError::into_inner)
    }

    pub fn write(&self) -> RwLockWriteGuard<'_, Ledger> {
        self.ledger.write().unwrap_or_else(PoisonError::into_inner)
    }
}

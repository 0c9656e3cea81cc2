//! The ledger: the accounts and the rules of money. Yours to write.
//!
//! Keep HTTP out of this file: methods on `Ledger` that return
//! `Result<_, LedgerError>`, called by the handlers under the lock. Then the rules can
//! be tested without a server, and the handlers stay three lines long. A plan, in the
//! order of `reference-go/03-ledger/ledger.go`:
//!
//! ```text
//! impl Ledger {
//!     pub fn open(&mut self, new: NewAccount) -> Result<Account, LedgerError>
//!     pub fn account(&self, id: i64) -> Result<&Account, LedgerError>
//!     pub fn deposit(&mut self, id: i64, amount: i64) -> Result<Account, LedgerError>
//!     pub fn transfer(&mut self, transfer: Transfer) -> Result<Transferred, LedgerError>
//! }
//! ```
//!
//! Where the Go code says `if err != nil { return nil, err }`, write `?`
//! (lessons/03-ledger.md#errors-as-values). Where it says `acc, ok := l.accounts[id]`,
//! `get` gives you an `Option`, and `.ok_or(LedgerError::AccountNotFound(id))?` makes
//! it an error. Check in the order of the README's table: the harness sends requests
//! that fail two checks at once.
//!
//! Three traps, each a section of the lesson:
//!
//! - Go's `+` wraps around silently past the maximum; Rust's `+` panics in a debug
//!   build and wraps in a release build. `checked_add` returns an `Option`
//!   (lessons/03-ledger.md#checked-arithmetic).
//! - The transfer wants both accounts of the map as `&mut` at the same time, and the
//!   compiler says E0499 (lessons/03-ledger.md#two-mutable-borrows).
//! - A refused request changes nothing: not half a transfer, not a balance debited
//!   before the overflow check fails. Decide everything first, then write
//!   (lessons/03-ledger.md#nothing-changes-on-error).

use std::collections::HashMap;

use crate::model::Account;

/// All accounts, by id; ids are 1, 2, 3... in creation order.
#[derive(Debug, Default)]
pub struct Ledger {
    pub accounts: HashMap<i64, Account>,
    pub last_id: i64,
}

//! The `/transfers` handler: your work, and the borrow-checker lesson of the course.
//!
//! The Go service looks up both accounts as pointers and writes through them. The
//! literal Rust port asks the map for two `&mut` at once:
//!
//! ```text
//! let source = ledger.accounts.get_mut(&from).ok_or(...)?;
//! let target = ledger.accounts.get_mut(&to).ok_or(...)?;   // error[E0499]
//! source.balance -= amount;
//! ```
//!
//! and the compiler refuses: if `from` were `to`, those would be two `&mut` to one
//! account. Do not fight it with `clone()` of the whole map or `unsafe`. Read
//! lessons/03-ledger.md#two-mutable-borrows, then split the work in two phases: first
//! decide everything with shared borrows or copies (both accounts exist, the funds,
//! the overflow), then write the two balances one after the other. The second phase is
//! also what makes "a transfer moves the whole amount or nothing" true
//! (lessons/03-ledger.md#nothing-changes-on-error).

use axum::extract::State;
use axum::Json;

use crate::error::LedgerError;
use crate::extract::AppJson;
use crate::model::{Transfer, Transferred};
use crate::store::AppState;

/// `POST /transfers` with `{"from": 1, "to": 2, "amount": 30}` →
/// `200 {"from": <account>, "to": <account>}`, both after the transfer.
///
/// The checks, in the README's order:
///
/// 1. `amount` ≤ 0 → `422 invalid_amount`;
/// 2. `from` = `to` → `422 same_account` (before any lookup);
/// 3. `from` unknown, then `to` unknown → `404 account_not_found`;
/// 4. `amount` > the `from` balance → `409 insufficient_funds` (`checked_sub` will not
///    catch this: 10 - 11 is a valid `i64`);
/// 5. the `to` balance would pass `i64::MAX` → `422 balance_overflow`.
///
/// Take `state.write()` once, for all five checks and both writes.
pub async fn transfer(
    State(_state): State<AppState>,
    AppJson(_transfer): AppJson<Transfer>,
) -> Result<Json<Transferred>, LedgerError> {
    todo!("POST /transfers: check in the README's order, then move the whole amount or nothing")
}

//! The ledger: the accounts and the rules of money, with no HTTP in sight.
//! Mutations here: all but `axum-422` and `insufficient-422` (see `error.rs`).
//!
//! Every method checks in the README's order and returns `Result<_, LedgerError>`;
//! `?` hands each failure back to the caller, where Go writes
//! `if err != nil { return ..., err }`. And every method decides before it writes, so
//! a refused request changes nothing: the early return of `?` happens before the
//! first assignment.

use std::collections::HashMap;

use crate::error::LedgerError;
use crate::model::{Account, NewAccount, Transfer, Transferred};
use crate::mutation::{self, Mutation};

/// All accounts, by id. No endpoint lists them, so a `HashMap` (Go's `map`) will do.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Ledger {
    accounts: HashMap<i64, Account>,
    last_id: i64,
}

impl Ledger {
    /// Opens an account under the next id (1, 2, 3, ...).
    pub fn open(&mut self, new: NewAccount) -> Result<Account, LedgerError> {
        if new.owner.is_empty() {
            return Err(LedgerError::InvalidAccount(
                "the owner must not be empty".into(),
            ));
        }
        if new.balance < 0 {
            return Err(LedgerError::InvalidAccount(format!(
                "an opening balance cannot be negative, not {}",
                new.balance
            )));
        }
        // A plain `+=`: ids count requests, and 2^63 accounts do not fit in memory.
        self.last_id += 1;
        let account = Account {
            id: self.last_id,
            owner: new.owner,
            balance: new.balance,
        };
        self.accounts.insert(account.id, account.clone());
        Ok(account)
    }

    /// The account with this id. `get` says "absent" with `None`, where Go has the
    /// `ok` of `acc, ok := m[id]`; `ok_or` turns that into the error, for the `?`.
    pub fn account(&self, id: i64) -> Result<&Account, LedgerError> {
        self.accounts.get(&id).ok_or_else(|| account_not_found(id))
    }

    /// Adds `amount` to an account's balance and returns the account.
    pub fn deposit(&mut self, id: i64, amount: i64) -> Result<Account, LedgerError> {
        check_amount(amount)?;
        let account = self
            .accounts
            .get_mut(&id)
            .ok_or_else(|| account_not_found(id))?;
        // Go's `+` wraps around silently past the maximum, so the Go service guards
        // it by hand. Rust's `+` panics in a debug build and wraps in a release
        // build; `checked_add` says `None` instead, and the `?` returns before the
        // assignment: a refused deposit leaves the balance as it was.
        account.balance = match mutation::active() {
            // MUTATION overflow-wraps: Go's `balance + amount` ported without its guard,
            // as `wrapping_add` (what a release build's `+` does): i64::MAX + 1 is
            // i64::MIN, a negative balance, and no error.
            Some(Mutation::OverflowWraps) => account.balance.wrapping_add(amount),
            _ => account
                .balance
                .checked_add(amount)
                .ok_or(LedgerError::BalanceOverflow(id))?,
        };
        Ok(account.clone())
    }

    /// Moves `amount` from one account to another: all of it, or nothing.
    ///
    /// The Go port's first draft takes both accounts out of the map for writing:
    ///
    /// ```text
    /// let source = self.accounts.get_mut(&from).ok_or(...)?;
    /// let target = self.accounts.get_mut(&to).ok_or(...)?;
    ///              ^^^^^^^^^^^^^ error[E0499]: cannot borrow `self.accounts` as
    ///                            mutable more than once at a time
    /// source.balance -= amount;  // the first borrow is still in use here
    /// ```
    ///
    /// The compiler does not know that `from != to`, and if they were equal `source`
    /// and `target` would be two `&mut` to one account. Go lets the two pointers alias.
    /// So the transfer is done in two phases: decide on copies, then write.
    ///
    /// (The other way out: `HashMap::get_disjoint_mut([&from, &to])`, stable since
    /// Rust 1.86, hands out both `&mut` at once and panics if the keys are equal,
    /// which the `same_account` check rules out. The two phases below need no
    /// reasoning about panics, and they are what makes "nothing changes on error"
    /// obvious, so the reference prefers them.)
    pub fn transfer(&mut self, transfer: Transfer) -> Result<Transferred, LedgerError> {
        let Transfer { from, to, amount } = transfer;
        check_amount(amount)?;
        if from == to {
            match mutation::active() {
                // MUTATION same-account-allowed: the check was never ported. Go's
                // `from.Balance -= amount; to.Balance += amount` through two pointers
                // to one account nets to nothing: a 200, and the balance unchanged.
                Some(Mutation::SameAccountAllowed) => {
                    let account = self.account(from)?.clone();
                    return Ok(Transferred {
                        from: account.clone(),
                        to: account,
                    });
                }
                _ => return Err(LedgerError::SameAccount(from)),
            }
        }

        // Phase 1: decide. `account()` lends each account (`&Account`, a shared
        // borrow) just long enough to copy it; from here on we hold no borrow of the
        // map, and every check runs on the copies.
        let mut debited = self.account(from)?.clone();
        let mut credited = self.account(to)?.clone();
        let left = debited.balance.checked_sub(amount);
        let left = match mutation::active() {
            // MUTATION no-funds-check: `checked_sub` taken for the funds check. It
            // fails only below `i64::MIN`; 10 - 11 is a fine `i64`, -1: an overdraft.
            Some(Mutation::NoFundsCheck) => left,
            // The reference: a balance may not go below 0.
            _ => left.filter(|&left| left >= 0),
        };
        debited.balance = left.ok_or(LedgerError::InsufficientFunds {
            id: from,
            balance: debited.balance,
            amount,
        })?;
        // MUTATION partial-transfer: Go's `from.Balance -= amount` written through the
        // pointer before `to` is checked; the overflow check below then returns the
        // 422 with `from` already debited.
        if mutation::active() == Some(Mutation::PartialTransfer) {
            self.accounts.insert(from, debited.clone());
        }
        credited.balance = match mutation::active() {
            // MUTATION overflow-wraps: as in `deposit`.
            Some(Mutation::OverflowWraps) => credited.balance.wrapping_add(amount),
            _ => credited
                .balance
                .checked_add(amount)
                .ok_or(LedgerError::BalanceOverflow(to))?,
        };

        // Phase 2: write. Every check has passed and nothing below can fail. Each
        // `insert` borrows the map mutably for its own call only: two `&mut` one after
        // the other are fine, it is two at the same time that E0499 refuses.
        self.accounts.insert(from, debited.clone());
        self.accounts.insert(to, credited.clone());
        Ok(Transferred {
            from: debited,
            to: credited,
        })
    }
}

/// Amounts are positive. Checked first, before any lookup (the README's order).
fn check_amount(amount: i64) -> Result<(), LedgerError> {
    match (amount > 0, mutation::active()) {
        (true, _) => Ok(()),
        // MUTATION amount-not-checked: the Go handler's `if req.Amount <= 0` was not
        // ported; 0 is a no-op and a negative transfer moves money from `to` to `from`.
        (false, Some(Mutation::AmountNotChecked)) => Ok(()),
        (false, _) => Err(LedgerError::InvalidAmount(amount)),
    }
}

/// The error for an id nobody has.
fn account_not_found(id: i64) -> LedgerError {
    match mutation::active() {
        // MUTATION notfound-500: every store error sent as a 500, as a Go port that
        // answers `if err != nil { http.Error(w, ..., 500) }` does.
        Some(Mutation::NotFound500) => LedgerError::Internal,
        _ => LedgerError::AccountNotFound(id),
    }
}

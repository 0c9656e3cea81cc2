//! The ledger: the accounts and the rules of money, with no HTTP in sight.
//!
//! Every method checks in the README's order and returns `Result<_, LedgerError>`;
//! `?` hands each failure back to the caller, where Go writes
//! `if err != nil { return ..., err }`. And every method decides before it writes, so
//! a refused request changes nothing: the early return of `?` happens before the
//! first assignment.

use std::collections::HashMap;

use crate::error::LedgerError;
use crate::model::{Account, NewAccount, Transfer, Transferred};

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
        self.accounts
            .get(&id)
            .ok_or(LedgerError::AccountNotFound(id))
    }

    /// Adds `amount` to an account's balance and returns the account.
    pub fn deposit(&mut self, id: i64, amount: i64) -> Result<Account, LedgerError> {
        check_amount(amount)?;
        let account = self
            .accounts
            .get_mut(&id)
            .ok_or(LedgerError::AccountNotFound(id))?;
        // Go's `+` wraps around silently past the maximum, so the Go service guards
        // it by hand. Rust's `+` panics in a debug build and wraps in a release
        // build; `checked_add` says `None` instead, and the `?` returns before the
        // assignment: a refused deposit leaves the balance as it was.
        account.balance = account
            .balance
            .checked_add(amount)
            .ok_or(LedgerError::BalanceOverflow(id))?;
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
            return Err(LedgerError::SameAccount(from));
        }

        // Phase 1: decide. `account()` lends each account (`&Account`, a shared
        // borrow) just long enough to copy it; from here on we hold no borrow of the
        // map, and every check runs on the copies.
        let mut debited = self.account(from)?.clone();
        let mut credited = self.account(to)?.clone();
        debited.balance = debited
            .balance
            .checked_sub(amount)
            // `checked_sub` alone is not the funds check: it fails only below
            // `i64::MIN`, and 10 - 11 is a fine `i64`, -1. A balance may not go below 0.
            .filter(|&left| left >= 0)
            .ok_or(LedgerError::InsufficientFunds {
                id: from,
                balance: debited.balance,
                amount,
            })?;
        credited.balance = credited
            .balance
            .checked_add(amount)
            .ok_or(LedgerError::BalanceOverflow(to))?;

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
    if amount > 0 {
        Ok(())
    } else {
        Err(LedgerError::InvalidAmount(amount))
    }
}

#[cfg(test)]
mod tests {
    //! The README's table of checks against the ledger itself. Every refusal is
    //! checked twice: the error, and a ledger equal to the one before the call.

    use super::*;

    /// A ledger with `balances.len()` accounts, ids 1, 2, ...
    fn ledger_with(balances: &[i64]) -> Ledger {
        let mut ledger = Ledger::default();
        for (owner, &balance) in ["Ada", "Bo", "Cy"].iter().zip(balances) {
            let new = NewAccount {
                owner: (*owner).into(),
                balance,
            };
            ledger.open(new).expect("a valid account");
        }
        ledger
    }

    fn transfer(from: i64, to: i64, amount: i64) -> Transfer {
        Transfer { from, to, amount }
    }

    fn balance(ledger: &Ledger, id: i64) -> i64 {
        ledger.account(id).expect("an account").balance
    }

    /// Runs `change`, which must fail, and checks that the ledger did not move.
    fn refused<T: std::fmt::Debug>(
        ledger: &mut Ledger,
        change: impl FnOnce(&mut Ledger) -> Result<T, LedgerError>,
    ) -> LedgerError {
        let before = ledger.clone();
        let error = change(ledger).expect_err("a refusal");
        assert_eq!(*ledger, before, "a refused request changed the ledger");
        error
    }

    #[test]
    fn open_counts_ids_up() {
        let mut ledger = Ledger::default();
        let ada = ledger.open(NewAccount {
            owner: "Ada".into(),
            balance: 100,
        });
        let bo = ledger.open(NewAccount {
            owner: "Bo".into(),
            balance: 0,
        });
        let expected = |id, owner: &str, balance| Account {
            id,
            owner: owner.into(),
            balance,
        };
        assert_eq!(ada.ok(), Some(expected(1, "Ada", 100)));
        assert_eq!(bo.ok(), Some(expected(2, "Bo", 0)));
        assert_eq!(ledger.account(2).ok(), Some(&expected(2, "Bo", 0)));
    }

    #[test]
    fn open_takes_the_largest_balance() {
        let ledger = ledger_with(&[i64::MAX]);
        assert_eq!(balance(&ledger, 1), i64::MAX);
    }

    #[test]
    fn open_refuses_an_empty_owner_or_a_negative_balance() {
        let mut ledger = ledger_with(&[10]);
        for (owner, balance) in [("", 0), ("", 5), ("Dee", -1), ("Dee", i64::MIN)] {
            let new = NewAccount {
                owner: owner.into(),
                balance,
            };
            let error = refused(&mut ledger, |ledger| ledger.open(new));
            assert!(matches!(error, LedgerError::InvalidAccount(_)), "{error:?}");
        }
        // The refusals used no id.
        let next = ledger.open(NewAccount {
            owner: "Dee".into(),
            balance: 0,
        });
        assert_eq!(next.map(|account| account.id).ok(), Some(2));
    }

    #[test]
    fn unknown_accounts_are_not_found() {
        let ledger = ledger_with(&[10]);
        for id in [0, 2, -1, i64::MAX] {
            assert_eq!(ledger.account(id), Err(LedgerError::AccountNotFound(id)));
        }
    }

    #[test]
    fn deposit_adds_to_the_balance() {
        let mut ledger = ledger_with(&[100]);
        let account = ledger.deposit(1, 50).expect("a deposit");
        assert_eq!(account.balance, 150);
        assert_eq!(balance(&ledger, 1), 150);
    }

    #[test]
    fn deposit_refuses_amounts_of_zero_or_less() {
        let mut ledger = ledger_with(&[10]);
        for amount in [0, -5, i64::MIN] {
            let error = refused(&mut ledger, |ledger| ledger.deposit(1, amount));
            assert_eq!(error, LedgerError::InvalidAmount(amount));
        }
    }

    #[test]
    fn deposit_checks_the_amount_before_the_account() {
        let mut ledger = ledger_with(&[10]);
        let error = refused(&mut ledger, |ledger| ledger.deposit(9, 0));
        assert_eq!(error, LedgerError::InvalidAmount(0));
        let error = refused(&mut ledger, |ledger| ledger.deposit(9, 1));
        assert_eq!(error, LedgerError::AccountNotFound(9));
    }

    #[test]
    fn deposit_refuses_to_overflow_and_changes_nothing() {
        let mut ledger = ledger_with(&[i64::MAX, i64::MAX - 10]);
        for (id, amount) in [(1, 1), (1, i64::MAX), (2, 11), (2, i64::MAX)] {
            let error = refused(&mut ledger, |ledger| ledger.deposit(id, amount));
            assert_eq!(error, LedgerError::BalanceOverflow(id));
        }
        // Up to the maximum exactly is fine.
        let account = ledger.deposit(2, 10).expect("a deposit up to i64::MAX");
        assert_eq!(account.balance, i64::MAX);
    }

    #[test]
    fn transfer_moves_the_amount() {
        let mut ledger = ledger_with(&[100, 0]);
        let moved = ledger.transfer(transfer(1, 2, 30)).expect("a transfer");
        assert_eq!((moved.from.id, moved.from.balance), (1, 70));
        assert_eq!((moved.to.id, moved.to.balance), (2, 30));
        assert_eq!((balance(&ledger, 1), balance(&ledger, 2)), (70, 30));
    }

    #[test]
    fn transfer_may_empty_the_account() {
        let mut ledger = ledger_with(&[50, 0]);
        let moved = ledger.transfer(transfer(1, 2, 50)).expect("a transfer");
        assert_eq!((moved.from.balance, moved.to.balance), (0, 50));
    }

    #[test]
    fn transfer_may_fill_the_target_to_the_maximum() {
        let mut ledger = ledger_with(&[10, i64::MAX - 10]);
        let moved = ledger.transfer(transfer(1, 2, 10)).expect("a transfer");
        assert_eq!((moved.from.balance, moved.to.balance), (0, i64::MAX));
    }

    #[test]
    fn transfer_refuses_amounts_of_zero_or_less() {
        let mut ledger = ledger_with(&[10, 10]);
        for amount in [0, -5, i64::MIN] {
            let error = refused(&mut ledger, |ledger| {
                ledger.transfer(transfer(1, 2, amount))
            });
            assert_eq!(error, LedgerError::InvalidAmount(amount));
        }
    }

    #[test]
    fn transfer_refuses_the_same_account() {
        let mut ledger = ledger_with(&[10]);
        let error = refused(&mut ledger, |ledger| ledger.transfer(transfer(1, 1, 5)));
        assert_eq!(error, LedgerError::SameAccount(1));
    }

    #[test]
    fn transfer_refuses_unknown_accounts_from_first() {
        let mut ledger = ledger_with(&[5]);
        for (from, to, missing) in [(9, 1, 9), (1, 9, 9), (8, 9, 8), (-1, 1, -1)] {
            let error = refused(&mut ledger, |ledger| ledger.transfer(transfer(from, to, 1)));
            assert_eq!(error, LedgerError::AccountNotFound(missing), "{from}→{to}");
        }
    }

    #[test]
    fn transfer_refuses_more_than_the_balance() {
        let mut ledger = ledger_with(&[10, 0]);
        for amount in [11, i64::MAX] {
            let error = refused(&mut ledger, |ledger| {
                ledger.transfer(transfer(1, 2, amount))
            });
            let expected = LedgerError::InsufficientFunds {
                id: 1,
                balance: 10,
                amount,
            };
            assert_eq!(error, expected);
        }
    }

    #[test]
    fn transfer_refuses_to_overflow_the_target_and_moves_nothing() {
        for (to_balance, amount) in [(i64::MAX, 1), (i64::MAX - 5, 6), (1, i64::MAX)] {
            let mut ledger = ledger_with(&[i64::MAX, to_balance]);
            let error = refused(&mut ledger, |ledger| {
                ledger.transfer(transfer(1, 2, amount))
            });
            assert_eq!(error, LedgerError::BalanceOverflow(2));
        }
    }

    #[test]
    fn transfer_checks_in_the_readme_order() {
        // Each request fails more than one check; the first in the table must win.
        let mut ledger = ledger_with(&[10, i64::MAX]);
        for (request, expected) in [
            // amount ≤ 0 before same account, before unknown accounts.
            (transfer(9, 9, 0), LedgerError::InvalidAmount(0)),
            // same account before unknown accounts.
            (transfer(9, 9, 1), LedgerError::SameAccount(9)),
            // unknown `from` before unknown `to`; unknown before the funds.
            (transfer(8, 9, 100), LedgerError::AccountNotFound(8)),
            (transfer(1, 9, 100), LedgerError::AccountNotFound(9)),
            // the funds of `from` before the overflow of `to`.
            (
                transfer(1, 2, 100),
                LedgerError::InsufficientFunds {
                    id: 1,
                    balance: 10,
                    amount: 100,
                },
            ),
            (transfer(1, 2, 1), LedgerError::BalanceOverflow(2)),
        ] {
            let error = refused(&mut ledger, |ledger| ledger.transfer(request));
            assert_eq!(error, expected, "{request:?}");
        }
    }
}

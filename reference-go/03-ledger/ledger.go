package main

import (
	"errors"
	"fmt"
	"math"
	"sync"
)

// The ledger's sentinel errors: one value for each way a rule can refuse a request.
// Callers compare with errors.Is, never with ==, because the ledger wraps them with
// fmt.Errorf("...%w...") to say which account and which amount. The wrapped text
// becomes the JSON "message"; the sentinel underneath decides the "code" (errors.go).
//
// This file knows nothing about HTTP. In the Rust port each sentinel becomes one
// variant of a thiserror enum, and the data that fmt.Errorf puts into the text
// (the id, the amount) travels inside the variant instead.
var (
	ErrInvalidAccount    = errors.New("invalid account")
	ErrInvalidAmount     = errors.New("invalid amount")
	ErrSameAccount       = errors.New("same account")
	ErrAccountNotFound   = errors.New("account not found")
	ErrInsufficientFunds = errors.New("insufficient funds")
	ErrBalanceOverflow   = errors.New("balance overflow")
)

// Account is the account resource, exactly as it is sent to clients. Balance is in
// cents: an int64, never a float, and never negative.
type Account struct {
	ID      int64  `json:"id"`
	Owner   string `json:"owner"`
	Balance int64  `json:"balance"`
}

// Ledger keeps the accounts in memory. It is safe for concurrent use: net/http runs
// every request in its own goroutine, so every method takes the mutex, and a transfer
// holds it from its first check to its last write.
type Ledger struct {
	mu       sync.Mutex
	accounts map[int64]*Account
	lastID   int64
}

// NewLedger returns an empty ledger; the first account gets id 1.
func NewLedger() *Ledger {
	return &Ledger{accounts: make(map[int64]*Account)}
}

// Every method checks in the README's order and mutates nothing until every check has
// passed: a refused request returns before the first write, so it changes nothing.
// Methods return copies (Account, not *Account), so no caller holds a pointer into the
// map that another goroutine may be changing.

// Open creates an account under the next id.
func (l *Ledger) Open(owner string, balance int64) (Account, error) {
	if owner == "" {
		return Account{}, fmt.Errorf("%w: the owner must not be empty", ErrInvalidAccount)
	}
	if balance < 0 {
		return Account{}, fmt.Errorf("%w: an opening balance cannot be negative, not %d",
			ErrInvalidAccount, balance)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	// No overflow guard here: ids count accounts, and 2^63 of them do not fit in memory.
	l.lastID++
	acc := &Account{ID: l.lastID, Owner: owner, Balance: balance}
	l.accounts[acc.ID] = acc
	return *acc, nil
}

// Account returns the account with the given id.
func (l *Ledger) Account(id int64) (Account, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	acc, err := l.find(id)
	if err != nil {
		return Account{}, err
	}
	return *acc, nil
}

// Deposit adds amount to an account's balance and returns the account after it.
func (l *Ledger) Deposit(id, amount int64) (Account, error) {
	if err := checkAmount(amount); err != nil {
		return Account{}, err
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	acc, err := l.find(id)
	if err != nil {
		return Account{}, err
	}
	balance, err := add(acc.Balance, amount)
	if err != nil {
		return Account{}, fmt.Errorf("deposit to account %d: %w", id, err)
	}
	acc.Balance = balance // the only write, after the last check
	return *acc, nil
}

// Transfer moves amount from one account to another, all of it or nothing, and returns
// both accounts after the move.
func (l *Ledger) Transfer(fromID, toID, amount int64) (from, to Account, err error) {
	if err := checkAmount(amount); err != nil {
		return Account{}, Account{}, err
	}
	if fromID == toID {
		return Account{}, Account{}, fmt.Errorf("%w: account %d cannot transfer to itself",
			ErrSameAccount, fromID)
	}

	l.mu.Lock()
	defer l.mu.Unlock()

	// Phase 1: decide. Every check runs before anything is written.
	//
	// src and dst are two pointers into one map at the same time, and Go does not
	// mind; had we not refused fromID == toID above, they would even point to the same
	// account. The Rust port cannot write this: two get_mut calls on one HashMap are
	// two &mut borrows at once, error E0499. It copies both accounts, checks the
	// copies, then writes them back.
	src, err := l.find(fromID)
	if err != nil {
		return Account{}, Account{}, fmt.Errorf("from: %w", err) // which side was unknown
	}
	dst, err := l.find(toID)
	if err != nil {
		return Account{}, Account{}, fmt.Errorf("to: %w", err)
	}
	// Compare, do not subtract first: src.Balance-amount would be a fine negative int64,
	// and a balance may not go below 0.
	if amount > src.Balance {
		return Account{}, Account{}, fmt.Errorf("%w: account %d holds %d, less than the %d to transfer",
			ErrInsufficientFunds, fromID, src.Balance, amount)
	}
	credited, err := add(dst.Balance, amount)
	if err != nil {
		return Account{}, Account{}, fmt.Errorf("transfer to account %d: %w", toID, err)
	}

	// Phase 2: write. Every check has passed and nothing below can fail, so no
	// transfer ever stops halfway, with the money gone from src and not yet in dst.
	src.Balance -= amount // stays ≥ 0: amount ≤ src.Balance was checked
	dst.Balance = credited
	return *src, *dst, nil
}

// find returns the stored account with the given id. The caller holds l.mu.
func (l *Ledger) find(id int64) (*Account, error) {
	// A bare l.accounts[id] would return nil for an unknown id, and the first
	// acc.Balance would panic; the ok says whether the id was there.
	acc, ok := l.accounts[id]
	if !ok {
		return nil, fmt.Errorf("%w: no account has id %d", ErrAccountNotFound, id)
	}
	return acc, nil
}

// checkAmount refuses amounts of 0 or less. A negative deposit would be a withdrawal
// in disguise, and a negative transfer would move money backwards.
func checkAmount(amount int64) error {
	if amount <= 0 {
		return fmt.Errorf("%w: amounts are positive numbers of cents, not %d", ErrInvalidAmount, amount)
	}
	return nil
}

// add returns balance + amount, or ErrBalanceOverflow if the sum does not fit in an
// int64. It needs balance ≥ 0 and amount > 0, which the ledger guarantees.
func add(balance, amount int64) (int64, error) {
	// Go's + never fails on integers: past math.MaxInt64 it silently wraps around, so
	// math.MaxInt64 + 1 is math.MinInt64, a hugely negative balance, with no error and
	// no panic. So check before adding, with a subtraction that cannot itself overflow
	// (balance ≥ 0, so math.MaxInt64-balance is between 0 and the maximum).
	//
	// Rust's + panics on overflow in a debug build and wraps in a release build; the
	// port writes balance.checked_add(amount), which returns None instead.
	if amount > math.MaxInt64-balance {
		return 0, fmt.Errorf("%w: %d + %d would exceed the maximum balance of %d",
			ErrBalanceOverflow, balance, amount, int64(math.MaxInt64))
	}
	return balance + amount, nil
}

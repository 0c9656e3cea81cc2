package main

import (
	"errors"
	"fmt"
	"maps"
	"math"
	"net/http/httptest"
	"sync"
	"testing"
)

// newLedgerWith returns a ledger with one account per balance, ids 1, 2, ...
func newLedgerWith(t *testing.T, balances ...int64) *Ledger {
	t.Helper()
	l := NewLedger()
	for i, balance := range balances {
		if _, err := l.Open(fmt.Sprintf("owner %d", i+1), balance); err != nil {
			t.Fatalf("Open(%d): %v", balance, err)
		}
	}
	return l
}

// snapshot copies every account, so a test can tell whether a call changed any.
func snapshot(l *Ledger) map[int64]Account {
	l.mu.Lock()
	defer l.mu.Unlock()
	accounts := make(map[int64]Account, len(l.accounts))
	for id, acc := range l.accounts {
		accounts[id] = *acc
	}
	return accounts
}

// TestLedgerRefusals is the README's table of checks against the ledger itself. Each
// row fails, with the sentinel the table gives, and leaves every account as it was.
func TestLedgerRefusals(t *testing.T) {
	const max = math.MaxInt64
	tests := []struct {
		name     string
		balances []int64 // the accounts before the call, ids 1, 2, ...
		call     func(l *Ledger) error
		want     error
	}{
		{"open: empty owner", nil, open("", 0), ErrInvalidAccount},
		{"open: negative balance", nil, open("Dee", -1), ErrInvalidAccount},
		{"open: smallest balance", nil, open("Dee", math.MinInt64), ErrInvalidAccount},
		{"get: unknown", []int64{10}, get(2), ErrAccountNotFound},
		{"get: 0", []int64{10}, get(0), ErrAccountNotFound},

		{"deposit: 0", []int64{10}, deposit(1, 0), ErrInvalidAmount},
		{"deposit: negative", []int64{10}, deposit(1, -5), ErrInvalidAmount},
		{"deposit: smallest int64", []int64{10}, deposit(1, math.MinInt64), ErrInvalidAmount},
		{"deposit: unknown", []int64{10}, deposit(9, 1), ErrAccountNotFound},
		{"deposit: amount before account", []int64{10}, deposit(9, 0), ErrInvalidAmount},
		{"deposit: max + 1", []int64{max}, deposit(1, 1), ErrBalanceOverflow},
		{"deposit: max - 10 + 11", []int64{max - 10}, deposit(1, 11), ErrBalanceOverflow},
		{"deposit: 1 + max", []int64{1}, deposit(1, max), ErrBalanceOverflow},

		{"transfer: 0", []int64{10, 10}, transfer(1, 2, 0), ErrInvalidAmount},
		{"transfer: negative", []int64{10, 10}, transfer(1, 2, -5), ErrInvalidAmount},
		{"transfer: same account", []int64{10}, transfer(1, 1, 5), ErrSameAccount},
		{"transfer: unknown from", []int64{10}, transfer(9, 1, 1), ErrAccountNotFound},
		{"transfer: unknown to", []int64{10}, transfer(1, 9, 1), ErrAccountNotFound},
		{"transfer: more than the balance", []int64{10, 0}, transfer(1, 2, 11), ErrInsufficientFunds},
		{"transfer: max from 10", []int64{10, 0}, transfer(1, 2, max), ErrInsufficientFunds},
		{"transfer: to max", []int64{10, max}, transfer(1, 2, 1), ErrBalanceOverflow},
		{"transfer: to max - 5", []int64{max, max - 5}, transfer(1, 2, 6), ErrBalanceOverflow},
		{"transfer: max to 1", []int64{max, 1}, transfer(1, 2, max), ErrBalanceOverflow},

		// Two checks fail; the first in the README's table wins.
		{"order: amount, then same account", nil, transfer(9, 9, 0), ErrInvalidAmount},
		{"order: same account, then unknown", nil, transfer(9, 9, 1), ErrSameAccount},
		{"order: unknown, then funds", []int64{10}, transfer(1, 9, 100), ErrAccountNotFound},
		{"order: funds, then overflow", []int64{10, max}, transfer(1, 2, 100), ErrInsufficientFunds},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := newLedgerWith(t, tt.balances...)
			before := snapshot(l)
			err := tt.call(l)
			if !errors.Is(err, tt.want) {
				t.Errorf("error = %v, want one that errors.Is %v", err, tt.want)
			}
			if after := snapshot(l); !maps.Equal(after, before) {
				t.Errorf("a refused call changed the ledger: %v, was %v", after, before)
			}
			if l.lastID != int64(len(tt.balances)) {
				t.Errorf("a refused call used an id: lastID = %d", l.lastID)
			}
		})
	}
}

func open(owner string, balance int64) func(*Ledger) error {
	return func(l *Ledger) error { _, err := l.Open(owner, balance); return err }
}

func get(id int64) func(*Ledger) error {
	return func(l *Ledger) error { _, err := l.Account(id); return err }
}

func deposit(id, amount int64) func(*Ledger) error {
	return func(l *Ledger) error { _, err := l.Deposit(id, amount); return err }
}

func transfer(from, to, amount int64) func(*Ledger) error {
	return func(l *Ledger) error { _, _, err := l.Transfer(from, to, amount); return err }
}

func TestLedgerHappyPaths(t *testing.T) {
	l := newLedgerWith(t, 100, 0, math.MaxInt64-10)
	if acc, err := l.Deposit(1, 50); err != nil || acc != (Account{1, "owner 1", 150}) {
		t.Errorf("Deposit = %+v, %v", acc, err)
	}
	from, to, err := l.Transfer(1, 2, 150) // the whole balance
	if err != nil || from != (Account{1, "owner 1", 0}) || to != (Account{2, "owner 2", 150}) {
		t.Errorf("Transfer = %+v, %+v, %v", from, to, err)
	}
	_, to, err = l.Transfer(2, 3, 10) // up to the maximum exactly
	if err != nil || to.Balance != math.MaxInt64 {
		t.Errorf("Transfer to the maximum = %+v, %v", to, err)
	}
	want := map[int64]Account{1: {1, "owner 1", 0}, 2: {2, "owner 2", 140}, 3: {3, "owner 3", math.MaxInt64}}
	if got := snapshot(l); !maps.Equal(got, want) {
		t.Errorf("ledger = %v, want %v", got, want)
	}
}

// The sentinel is wrapped, so == fails where errors.Is succeeds: errors.Is follows the
// %w chain ("from: " → "account not found: no account has id 9" → the sentinel).
func TestSentinelsAreWrappedWithContext(t *testing.T) {
	l := newLedgerWith(t, 10)
	_, _, err := l.Transfer(9, 1, 5)
	if err == ErrAccountNotFound { // == on purpose: it is what errors.Is replaces
		t.Errorf("err == ErrAccountNotFound; expected it wrapped")
	}
	if !errors.Is(err, ErrAccountNotFound) {
		t.Fatalf("errors.Is(%v, ErrAccountNotFound) = false", err)
	}
	if got, want := err.Error(), "from: account not found: no account has id 9"; got != want {
		t.Errorf("message = %q, want %q", got, want)
	}
	_, _, err = l.Transfer(1, 9, 5)
	if got, want := err.Error(), "to: account not found: no account has id 9"; got != want {
		t.Errorf("message = %q, want %q", got, want)
	}
}

// Why add exists: Go's + wraps around silently. (In Rust, i64::MAX + 1 panics in a
// debug build; checked_add returns None.)
func TestInt64AdditionWrapsSilently(t *testing.T) {
	balance, amount := int64(math.MaxInt64), int64(1)
	if balance+amount != math.MinInt64 {
		t.Errorf("MaxInt64 + 1 = %d; Go's wrapping changed?", balance+amount)
	}
	if _, err := add(balance, amount); !errors.Is(err, ErrBalanceOverflow) {
		t.Errorf("add(MaxInt64, 1) error = %v, want ErrBalanceOverflow", err)
	}
	if sum, err := add(math.MaxInt64-1, 1); err != nil || sum != math.MaxInt64 {
		t.Errorf("add(MaxInt64-1, 1) = %d, %v, want MaxInt64", sum, err)
	}
}

// Every sentinel, wrapped once more, answers with the README's status and code.
func TestEverySentinelHasAStatusAndCode(t *testing.T) {
	tests := []struct {
		err        error
		wantStatus int
		wantCode   string
	}{
		{ErrInvalidAccount, 422, "invalid_account"},
		{ErrInvalidAmount, 422, "invalid_amount"},
		{ErrSameAccount, 422, "same_account"},
		{ErrAccountNotFound, 404, "account_not_found"},
		{ErrInsufficientFunds, 409, "insufficient_funds"},
		{ErrBalanceOverflow, 422, "balance_overflow"},
	}
	for _, tt := range tests {
		t.Run(tt.wantCode, func(t *testing.T) {
			rec := httptest.NewRecorder()
			err := fmt.Errorf("outer: %w", fmt.Errorf("%w: detail", tt.err))
			writeError(rec, httptest.NewRequest("POST", "/transfers", nil), err)
			check(t, rec, apiCase{wantStatus: tt.wantStatus, wantCode: tt.wantCode})
		})
	}
}

// Run with -race. Transfers back and forth at once: the total never changes, and no
// balance goes below 0 or is lost to a half-done transfer.
func TestConcurrentTransfersKeepTheTotal(t *testing.T) {
	l := newLedgerWith(t, 1000, 1000)
	var wg sync.WaitGroup
	for i := range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			from, to := int64(1+i%2), int64(2-i%2)
			for range 100 {
				// Some fail with ErrInsufficientFunds; that is fine, they change nothing.
				_, _, err := l.Transfer(from, to, 7)
				if err != nil && !errors.Is(err, ErrInsufficientFunds) {
					t.Errorf("Transfer: %v", err)
					return
				}
				if _, err := l.Deposit(from, 1); err != nil {
					t.Errorf("Deposit: %v", err)
					return
				}
			}
		}()
	}
	wg.Wait()
	a, b := snapshot(l)[1].Balance, snapshot(l)[2].Balance
	if a < 0 || b < 0 || a+b != 2000+50*100 {
		t.Errorf("balances %d + %d, want two non-negative balances totalling %d", a, b, 2000+50*100)
	}
}

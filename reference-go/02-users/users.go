package main

import (
	"cmp"
	"slices"
	"sync"
)

// User is the user resource, exactly as it is sent to clients.
//
// Email and Account are pointers because they may be absent, and nil is how Go says so.
// There is no omitempty on them: nil encodes as null, and the contract wants "email"
// and "account" always present. (A plain string Email would encode a missing email as
// "", which the contract forbids.) The Rust port uses Option<String> and
// Option<Account>, which serde also writes as null.
type User struct {
	ID      int64    `json:"id"`
	Name    string   `json:"name"`
	Email   *string  `json:"email"`
	Account *Account `json:"account"`
}

// Account is a user's plan. A user without one has a nil *Account.
type Account struct {
	Plan string `json:"plan"`
}

// Delivery says where a notification went.
type Delivery struct {
	Delivered bool   `json:"delivered"`
	To        string `json:"to"`
	Plan      string `json:"plan"`
}

// Notify checks that u can be notified and says where the message goes. (This reference
// delivers nothing; it only answers as if it had.)
func (u User) Notify() (Delivery, error) {
	// This is the nil lesson. u.Account is a pointer, and a user without an account has
	// a nil one. Without the check below,
	//
	//	plan := u.Account.Plan
	//
	// compiles fine and panics at run time: "invalid memory address or nil pointer
	// dereference". net/http recovers the panic, logs it and drops the connection, so
	// the client gets no answer at all, not even a 500. Nothing in Go makes you write
	// the check. In Rust, u.account is an Option<Account>, and the compiler will not let
	// you read the plan until you have said what None means.
	if u.Account == nil {
		return Delivery{}, Errorf(ECONFLICT, "account_missing", "user %d has no account", u.ID)
	}
	if u.Email == nil {
		return Delivery{}, Errorf(ECONFLICT, "email_missing", "user %d has no email", u.ID)
	}
	return Delivery{Delivered: true, To: *u.Email, Plan: u.Account.Plan}, nil
}

// Store keeps users in memory. It is safe for concurrent use: net/http runs every
// request in its own goroutine, so every method takes the mutex.
type Store struct {
	mu     sync.Mutex
	users  map[int64]*User
	nextID int64
}

// NewStore returns an empty store; the first user gets id 1.
func NewStore() *Store {
	// The map must be made: writing to a nil map panics (reading one does not).
	return &Store{users: make(map[int64]*User), nextID: 1}
}

// The store hands out copies (User, not *User), so a caller never holds a pointer into
// the map that another goroutine may be changing. The copies share Email and Account
// with the stored user; that is safe because the store replaces those pointers and never
// writes through them. A Rust port would clone instead.

// Create stores u under the next id and returns it. Any ID in u is ignored.
func (s *Store) Create(u User) User {
	s.mu.Lock()
	defer s.mu.Unlock()
	u.ID = s.nextID
	s.nextID++
	s.users[u.ID] = &u
	return u
}

// List returns every user in id order.
func (s *Store) List() []User {
	s.mu.Lock()
	defer s.mu.Unlock()
	// Not `var users []User`: a nil slice encodes as JSON null, and the contract wants
	// {"users": []} when there are none. An empty, non-nil slice encodes as [].
	// (Rust has no such trap: an empty Vec serializes as [].)
	users := make([]User, 0, len(s.users))
	for _, u := range s.users {
		users = append(users, *u)
	}
	// Map iteration order is random in Go; the contract wants id order.
	slices.SortFunc(users, func(a, b User) int { return cmp.Compare(a.ID, b.ID) })
	return users
}

// Get returns the user with the given id, or an ENOTFOUND error.
func (s *Store) Get(id int64) (User, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u, ok := s.users[id]
	if !ok {
		return User{}, errUserNotFound(id)
	}
	return *u, nil
}

// SetEmail replaces the user's email; nil clears it.
func (s *Store) SetEmail(id int64, email *string) (User, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u, ok := s.users[id]
	if !ok {
		return User{}, errUserNotFound(id)
	}
	u.Email = email
	return *u, nil
}

func errUserNotFound(id int64) error {
	return Errorf(ENOTFOUND, "user_not_found", "no user with id %d", id)
}

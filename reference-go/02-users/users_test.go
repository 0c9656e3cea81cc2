package main

import (
	"encoding/json"
	"errors"
	"sync"
	"testing"
)

func ptr[T any](v T) *T { return &v }

func TestNotifyChecksAccountThenEmail(t *testing.T) {
	tests := []struct {
		name     string
		user     User
		wantCode string // "" for success
	}{
		{"account and email", User{ID: 1, Email: ptr("a@example.com"), Account: &Account{Plan: "pro"}}, ""},
		{"nil account", User{ID: 1, Email: ptr("a@example.com")}, "account_missing"},
		{"nil email", User{ID: 1, Account: &Account{Plan: "pro"}}, "email_missing"},
		{"neither", User{ID: 1}, "account_missing"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// A nil dereference would panic here and fail the test.
			delivery, err := tt.user.Notify()
			if tt.wantCode == "" {
				if err != nil || delivery != (Delivery{Delivered: true, To: "a@example.com", Plan: "pro"}) {
					t.Errorf("Notify() = %+v, %v", delivery, err)
				}
				return
			}
			var appErr *Error
			if !errors.As(err, &appErr) || appErr.Code != tt.wantCode || appErr.Kind != ECONFLICT {
				t.Errorf("Notify() error = %v, want a conflict %q", err, tt.wantCode)
			}
		})
	}
}

func TestEmptyListEncodesAsEmptyArray(t *testing.T) {
	body, err := json.Marshal(listUsersResponse{Users: NewStore().List()})
	if err != nil {
		t.Fatal(err)
	}
	if string(body) != `{"users":[]}` {
		t.Errorf("got %s, want {\"users\":[]}", body)
	}
}

func TestStoreGetUnknownIsNotFound(t *testing.T) {
	s := NewStore()
	for _, err := range []error{getErr(s.Get(1)), getErr(s.SetEmail(1, nil))} {
		var appErr *Error
		if !errors.As(err, &appErr) || appErr.Kind != ENOTFOUND || appErr.Code != "user_not_found" {
			t.Errorf("error = %v, want user_not_found", err)
		}
	}
}

func getErr(_ User, err error) error { return err }

func TestStoreReturnsCopies(t *testing.T) {
	s := NewStore()
	u := s.Create(User{Name: "Ada"})
	u.Name = "changed by the caller"
	if got, _ := s.Get(u.ID); got.Name != "Ada" {
		t.Errorf("stored name = %q: the caller's copy reached into the store", got.Name)
	}
}

// TestStoreConcurrentCreates runs creates in parallel; `go test -race` also checks the
// mutex. Every id from 1 to n must be handed out exactly once.
func TestStoreConcurrentCreates(t *testing.T) {
	const n = 200
	s := NewStore()
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.Create(User{Name: "u"})
		}()
	}
	wg.Wait()
	users := s.List()
	if len(users) != n {
		t.Fatalf("%d users, want %d", len(users), n)
	}
	for i, u := range users {
		if u.ID != int64(i+1) {
			t.Fatalf("users[%d].ID = %d, want %d (ids in order, none lost or doubled)", i, u.ID, i+1)
		}
	}
}

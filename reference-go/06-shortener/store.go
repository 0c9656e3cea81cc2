package main

import (
	"context"
	"errors"
	"fmt"
)

// Link is the link resource, exactly as it is sent to clients.
type Link struct {
	Code string `json:"code"`
	URL  string `json:"url"`
	Hits int64  `json:"hits"`
}

// The store's sentinel errors, the same for every implementation: a handler learns
// that a code is unknown or taken in one way, whichever store is behind the interface.
// Callers compare with errors.Is, because the stores wrap them with %w to say which
// code; errors.go turns them into a status and a contract code. Nothing in the store
// files knows about HTTP.
var (
	// ErrNotFound: no link has this code.
	ErrNotFound = errors.New("link not found")
	// ErrAliasTaken: the code is in use, whether someone chose it as an alias or the
	// service made it up.
	ErrAliasTaken = errors.New("alias taken")
)

// Store is where links are kept: all the handlers know of storage. main picks the
// implementation (openStore): memoryStore, a map under a mutex, or sqliteStore, a
// SQLite file.
//
// A Go type satisfies an interface by having its methods; nothing says "implements".
// The two `var _ Store = ...` lines in the store files are there so that a method
// whose signature drifts is a compile error in that file, not a puzzling one in main.
//
// Every method is one atomic operation on the store. There is no way to set a link's
// hits, on purpose: the trap of porting literally is
//
//	link, _ := store.Get(ctx, code)
//	link.Hits++
//	store.Save(ctx, link)
//
// two calls, between which another redirect reads the same count, so that two
// redirects both write hits+1 and one of them is lost. Hit does the read, the increment
// and the write as one step, and returns the link as that step left it.
//
// ctx is the request's: the SQLite store passes it to every query, so a client who
// hangs up stops its query. The memory store never waits for anything long enough to
// need it, but the interface is the same for both.
type Store interface {
	// Create stores a new link with hits 0 under code, and returns it. When the code
	// is in use it returns an error wrapping ErrAliasTaken, and the link that has the
	// code is left as it was. Checking and inserting are one step: two Creates of one
	// code at the same moment give one link and one ErrAliasTaken.
	Create(ctx context.Context, code, url string) (Link, error)

	// Get returns the link with this code, or an error wrapping ErrNotFound. It is not
	// a hit.
	Get(ctx context.Context, code string) (Link, error)

	// Hit counts one hit on the link and returns the link with its new count, or an
	// error wrapping ErrNotFound.
	Hit(ctx context.Context, code string) (Link, error)

	// Delete removes the link, or returns an error wrapping ErrNotFound when there was
	// none.
	Delete(ctx context.Context, code string) error
}

func errNotFound(code string) error {
	return fmt.Errorf("%w: no link has the code %q", ErrNotFound, code)
}

func errAliasTaken(code string) error {
	return fmt.Errorf("%w: the code %q is already in use", ErrAliasTaken, code)
}

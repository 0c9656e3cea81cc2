package main

import (
	"context"
	"sync"
)

// memoryStore keeps the links in a map, under one mutex: the Store of a service started
// without DATABASE_URL, whose links are gone when it stops.
//
// Every method locks, does its whole read-modify-write on the map, and unlocks, so no
// other request can come between the check and the change (04-ratelimit's rule). The
// map holds Link values, not pointers: what a method returns is a copy, which the
// caller may keep or change without touching the map and without the lock.
type memoryStore struct {
	mu    sync.Mutex
	links map[string]Link // guarded by mu
}

// The compiler checks here that *memoryStore has every method of Store.
var _ Store = (*memoryStore)(nil)

func newMemoryStore() *memoryStore {
	return &memoryStore{links: make(map[string]Link)}
}

// Create claims code for url. The lookup and the insert are under one lock: two
// Creates of one code cannot both find it free.
func (s *memoryStore) Create(_ context.Context, code, url string) (Link, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, taken := s.links[code]; taken {
		return Link{}, errAliasTaken(code) // never overwrite: the first link stays
	}
	link := Link{Code: code, URL: url, Hits: 0}
	s.links[code] = link
	return link, nil
}

func (s *memoryStore) Get(_ context.Context, code string) (Link, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	link, ok := s.links[code]
	if !ok {
		return Link{}, errNotFound(code)
	}
	return link, nil
}

// Hit reads the link, adds one and writes it back, all under one lock: the count it
// returns is the one it wrote, and no other Hit can have read the old count meanwhile.
func (s *memoryStore) Hit(_ context.Context, code string) (Link, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	link, ok := s.links[code]
	if !ok {
		return Link{}, errNotFound(code)
	}
	// link is a copy of the map's value (Go cannot change a struct inside a map in
	// place: s.links[code].Hits++ does not compile), so the new value goes back in.
	link.Hits++
	s.links[code] = link
	return link, nil
}

func (s *memoryStore) Delete(_ context.Context, code string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.links[code]; !ok {
		return errNotFound(code)
	}
	delete(s.links, code)
	return nil
}

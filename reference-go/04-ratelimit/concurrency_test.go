package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"
)

// These tests are what the contract does: many requests at the same moment, then
// count. Run them with -race. The race detector finds a forgotten lock (a map or a
// counter touched without mu); it cannot find a read and a write made under two
// separate lock acquisitions, which is race-free and still wrong. The counts find
// that: a lost update shows up as one allowed take too many, or one count too few.

// concurrently sends n requests through srv at once, each from its own goroutine, as
// net/http would for n connections, and returns every response.
func concurrently(n int, srv *Server, method, path, body string) []*httptest.ResponseRecorder {
	recs := make([]*httptest.ResponseRecorder, n)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start // line every goroutine up, then release them together
			// Each goroutine writes only its own slot of recs: no lock needed.
			recs[i] = do(srv, method, path, "application/json", body)
		}()
	}
	close(start)
	wg.Wait()
	return recs
}

// countTakes checks every response to a take and returns how many were allowed and the
// remaining count each allowed one reported.
func countTakes(t *testing.T, recs []*httptest.ResponseRecorder) (allowed int, remainings map[int64]int) {
	t.Helper()
	remainings = make(map[int64]int)
	for _, rec := range recs {
		switch rec.Code {
		case http.StatusOK:
			var body takeResponse
			if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil || !body.Allowed {
				t.Fatalf("a 200 take with body %s", rec.Body)
			}
			allowed++
			remainings[body.Remaining]++
		case http.StatusTooManyRequests:
			check(t, rec, apiCase{wantStatus: 429, wantCode: "rate_limited", wantRetryAfter: "60"})
		default:
			t.Fatalf("status %d, body %s", rec.Code, rec.Body)
		}
	}
	return allowed, remainings
}

// assertEachRemainingOnce checks that the allowed takes reported the remaining counts
// from-1 down to to, each exactly once: each saw the bucket as the one before left it.
func assertEachRemainingOnce(t *testing.T, remainings map[int64]int, from, to int64) {
	t.Helper()
	if len(remainings) != int(from-to) {
		t.Errorf("%d distinct remaining counts, want %d", len(remainings), from-to)
	}
	for r := to; r < from; r++ {
		if remainings[r] != 1 {
			t.Errorf("remaining %d reported %d times, want once", r, remainings[r])
		}
	}
}

// The clock stands still in these tests (per_minute 1 would not refill a token in a
// millisecond anyway), so the only tokens are the burst.

func TestConcurrentTakesFewerThanTheBurst(t *testing.T) {
	srv, _ := newServer()
	mustCreate(t, srv, "alice", 1000, 1)
	recs := concurrently(200, srv, "POST", "/clients/alice/take", "")

	allowed, remainings := countTakes(t, recs)
	if allowed != 200 {
		t.Errorf("%d takes allowed, want all 200", allowed)
	}
	assertEachRemainingOnce(t, remainings, 1000, 800)
	assertClients(t, srv, map[string]string{"alice": `{"name": "alice", "burst": 1000, "per_minute": 1,
		"remaining": 800, "allowed": 200, "rejected": 0}`})
}

func TestConcurrentTakesMoreThanTheBurst(t *testing.T) {
	srv, _ := newServer()
	mustCreate(t, srv, "alice", 50, 1)
	recs := concurrently(200, srv, "POST", "/clients/alice/take", "")

	allowed, remainings := countTakes(t, recs)
	if allowed != 50 {
		t.Errorf("%d takes allowed, want exactly the 50 tokens", allowed)
	}
	assertEachRemainingOnce(t, remainings, 50, 0)
	assertClients(t, srv, map[string]string{"alice": `{"name": "alice", "burst": 50, "per_minute": 1,
		"remaining": 0, "allowed": 50, "rejected": 150}`})
}

func TestConcurrentCreatesOfOneName(t *testing.T) {
	srv, _ := newServer()
	recs := concurrently(200, srv, "POST", "/clients", createBody(`"alice"`, "5", "60"))

	statuses := make(map[int]int)
	for _, rec := range recs {
		statuses[rec.Code]++
		if rec.Code == http.StatusConflict {
			check(t, rec, apiCase{wantStatus: 409, wantCode: "client_exists"})
		}
	}
	if statuses[201] != 1 || statuses[409] != 199 || len(statuses) != 2 {
		t.Errorf("statuses %v, want exactly one 201 and 199 409s", statuses)
	}
	if n := clientCount(srv.limiter); n != 1 {
		t.Errorf("%d clients, want 1", n)
	}
	assertClients(t, srv, map[string]string{"alice": `{"name": "alice", "burst": 5, "per_minute": 60,
		"remaining": 5, "allowed": 0, "rejected": 0}`})
}

// Everything at once: takes from one bucket while the clock moves, reads of it, and
// other clients created and deleted. How many takes are allowed depends on the
// interleaving; that every one is counted exactly once, and that no more are allowed
// than there were tokens, does not.
func TestConcurrentMixedTraffic(t *testing.T) {
	srv, clock := newServer()
	mustCreate(t, srv, "alice", 10, 60000) // a token every millisecond

	const takes, ticks, reads, others = 200, 50, 50, 50
	start := make(chan struct{})
	var wg sync.WaitGroup
	run := func(n int, f func(i int)) {
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				f(i)
			}()
		}
	}
	takeCodes := make([]int, takes)
	run(takes, func(i int) { takeCodes[i] = do(srv, "POST", "/clients/alice/take", noContentType, "").Code })
	run(ticks, func(int) { clock.Advance(time.Millisecond) }) // one token each, at most
	run(reads, func(int) {
		if rec := do(srv, "GET", "/clients/alice", noContentType, ""); rec.Code != 200 {
			t.Errorf("GET: status %d", rec.Code)
		}
	})
	run(others, func(i int) {
		name := fmt.Sprintf("other-%d", i)
		// Not mustCreate: t.Fatal may only be called from the test's own goroutine.
		if rec := do(srv, "POST", "/clients", "application/json", createBody(`"`+name+`"`, "1", "1")); rec.Code != 201 {
			t.Errorf("POST %s: status %d", name, rec.Code)
		}
		if rec := do(srv, "DELETE", "/clients/"+name, noContentType, ""); rec.Code != 204 {
			t.Errorf("DELETE %s: status %d", name, rec.Code)
		}
	})
	close(start)
	wg.Wait()

	allowed, rejected := 0, 0
	for _, code := range takeCodes {
		switch code {
		case 200:
			allowed++
		case 429:
			rejected++
		default:
			t.Errorf("take: status %d", code)
		}
	}
	if allowed < 10 || allowed > 10+ticks {
		t.Errorf("%d takes allowed, want from 10 (the burst) to %d (the burst and a token a tick)",
			allowed, 10+ticks)
	}
	c, err := srv.limiter.Client("alice")
	if err != nil {
		t.Fatal(err)
	}
	if c.Allowed != int64(allowed) || c.Rejected != int64(rejected) || c.Allowed+c.Rejected != takes {
		t.Errorf("counted %d allowed and %d rejected; the responses say %d and %d, of %d",
			c.Allowed, c.Rejected, allowed, rejected, takes)
	}
	if n := clientCount(srv.limiter); n != 1 {
		t.Errorf("%d clients, want only alice", n)
	}
}

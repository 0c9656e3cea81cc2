package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"testing"
)

// The contract's stage 4, through the handlers, for both stores: requests that arrive
// together must each count, and each be decided, exactly once. Run with -race.

// TestConcurrentRedirects follows one redirect from 200 goroutines at once: every one
// gets its 302, and the link ends with exactly 200 hits. A handler that did
// Get, then hits+1, then a write would lose some of them.
func TestConcurrentRedirects(t *testing.T) {
	const n = 200
	for _, kind := range storeKinds {
		t.Run(kind.name, func(t *testing.T) {
			srv := newServer(t, kind.open)
			check(t, do(srv, "POST", "/links", "application/json", `{"url": "https://github.com/", "alias": "hot"}`),
				apiCase{wantStatus: 201, wantBody: `{"code": "hot", "url": "https://github.com/", "hits": 0}`})

			statuses := make([]int, n)
			runTogether(n, func(i int) {
				statuses[i] = do(srv, "GET", "/hot", noContentType, "").Code
			})
			for i, status := range statuses {
				if status != http.StatusFound {
					t.Errorf("redirect %d: status %d, want 302", i, status)
				}
			}
			check(t, do(srv, "GET", "/links/hot", noContentType, ""), apiCase{wantStatus: 200,
				wantBody: fmt.Sprintf(`{"code": "hot", "url": "https://github.com/", "hits": %d}`, n)})
		})
	}
}

// TestConcurrentCreatesOfOneAlias creates one alias from 200 goroutines at once, each
// with its own URL: one 201, 199 409s, and the link stored is the winner's.
func TestConcurrentCreatesOfOneAlias(t *testing.T) {
	const n = 200
	for _, kind := range storeKinds {
		t.Run(kind.name, func(t *testing.T) {
			srv := newServer(t, kind.open)
			statuses := make([]int, n)
			runTogether(n, func(i int) {
				body := fmt.Sprintf(`{"url": "https://example.org/%d", "alias": "race"}`, i)
				statuses[i] = do(srv, "POST", "/links", "application/json", body).Code
			})
			tally := map[int]int{}
			winner := -1
			for i, status := range statuses {
				tally[status]++
				if status == http.StatusCreated {
					winner = i
				}
			}
			if tally[http.StatusCreated] != 1 || tally[http.StatusConflict] != n-1 {
				t.Fatalf("statuses: %v, want one 201 and %d 409s", tally, n-1)
			}
			check(t, do(srv, "GET", "/links/race", noContentType, ""), apiCase{wantStatus: 200,
				wantBody: fmt.Sprintf(`{"code": "race", "url": "https://example.org/%d", "hits": 0}`, winner)})
		})
	}
}

// TestConcurrentMadeUpCodes creates 100 links without an alias at once: 100 links,
// under 100 different codes.
func TestConcurrentMadeUpCodes(t *testing.T) {
	const n = 100
	for _, kind := range storeKinds {
		t.Run(kind.name, func(t *testing.T) {
			srv := newServer(t, kind.open)
			links := make([]Link, n)
			runTogether(n, func(i int) {
				rec := do(srv, "POST", "/links", "application/json", fmt.Sprintf(`{"url": "https://example.org/%d"}`, i))
				if rec.Code != http.StatusCreated {
					t.Errorf("create %d: status %d, body %s", i, rec.Code, rec.Body)
					return
				}
				if err := json.Unmarshal(rec.Body.Bytes(), &links[i]); err != nil {
					t.Errorf("create %d: %v", i, err)
				}
			})
			stored := allLinks(t, srv.store)
			if len(stored) != n {
				t.Fatalf("%d links stored, want %d", len(stored), n)
			}
			byCode := map[string]Link{}
			for _, l := range stored {
				byCode[l.Code] = l
			}
			for i, l := range links {
				if byCode[l.Code] != l || l.URL != fmt.Sprintf("https://example.org/%d", i) {
					t.Errorf("create %d answered %+v, stored %+v", i, l, byCode[l.Code])
				}
			}
		})
	}
}

package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"
)

// noContentType, as a case's contentType, sends the request without the header.
const noContentType = "(none)"

// fakeClock is a clock that moves only when a test says so, so refills and Retry-After
// can be checked exactly without sleeping. Its Now is what the tests pass to
// NewLimiter. It has its own mutex because the concurrency tests read and advance it
// from many goroutines.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Date(2024, 1, 1, 12, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// apiCase is one row of a table test: a request and the answer the contract asks for.
type apiCase struct {
	name        string
	method      string
	path        string
	contentType string // defaults to application/json; noContentType leaves it out
	body        string
	wantStatus  int
	wantBody    string // the whole JSON body, compared as a value; empty for error and 204 rows
	wantCode    string // for error rows: only the code is contract, the message is free
	wantAllow   string // the Allow header, checked when not empty
	// The Retry-After header. Left empty, the response must not have one.
	wantRetryAfter string
	// The seed clients after the request, as GET /clients/{name} shows them; "" for a
	// client that must no longer exist. Left nil, they must be as seeded: on an error
	// row that is "a rejected request changes nothing".
	wantClients map[string]string
}

// Clients every seeded server holds, created through the API, with the clock frozen:
//
//	alice: burst 5, 60 a minute, full     bob: burst 1, 1 a minute, its one token taken
const (
	alice = `{"name": "alice", "burst": 5, "per_minute": 60, "remaining": 5, "allowed": 0, "rejected": 0}`
	bob   = `{"name": "bob", "burst": 1, "per_minute": 1, "remaining": 0, "allowed": 1, "rejected": 0}`
)

var seedClients = map[string]string{"alice": alice, "bob": bob}

// newServer returns a server with no clients over a fake clock.
func newServer() (*Server, *fakeClock) {
	clock := newFakeClock()
	return NewServer(NewLimiter(clock.Now)), clock
}

// newSeededServer returns a server holding the seed clients. Its clock does not move
// unless the test moves it.
func newSeededServer(t *testing.T) (*Server, *fakeClock) {
	t.Helper()
	srv, clock := newServer()
	mustCreate(t, srv, "alice", 5, 60)
	mustCreate(t, srv, "bob", 1, 1)
	if rec := do(srv, "POST", "/clients/bob/take", noContentType, ""); rec.Code != http.StatusOK {
		t.Fatalf("seeding bob's take: status %d, body %s", rec.Code, rec.Body)
	}
	return srv, clock
}

// mustCreate creates a client through the API.
func mustCreate(t *testing.T, srv *Server, name string, burst, perMinute int64) {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"name": name, "burst": burst, "per_minute": perMinute})
	if rec := do(srv, "POST", "/clients", "application/json", string(body)); rec.Code != http.StatusCreated {
		t.Fatalf("creating %s: status %d, body %s", body, rec.Code, rec.Body)
	}
}

// do sends one request through srv, without a socket.
func do(srv *Server, method, path, contentType, body string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	if contentType != noContentType {
		req.Header.Set("Content-Type", contentType)
	}
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, req)
	return rec
}

// runCases runs every row as a subtest, each against a fresh seeded server: it checks
// status, headers and body, then reads every seed client back.
func runCases(t *testing.T, cases []apiCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv, _ := newSeededServer(t)
			contentType := tc.contentType
			if contentType == "" {
				contentType = "application/json"
			}
			rec := do(srv, tc.method, tc.path, contentType, tc.body)
			check(t, rec, tc)

			want := tc.wantClients
			if want == nil {
				want = seedClients
			}
			assertClients(t, srv, want)
			if tc.wantCode != "" {
				// Nor does a rejected request create a client.
				if n := clientCount(srv.limiter); n != len(seedClients) {
					t.Errorf("%d clients after a rejected request, want %d", n, len(seedClients))
				}
			}
		})
	}
}

// assertClients reads each client in want through the API; "" means it must be gone.
func assertClients(t *testing.T, srv *Server, want map[string]string) {
	t.Helper()
	for name, body := range want {
		rec := do(srv, "GET", "/clients/"+name, noContentType, "")
		if body == "" {
			check(t, rec, apiCase{wantStatus: 404, wantCode: "client_not_found"})
		} else {
			check(t, rec, apiCase{wantStatus: 200, wantBody: body})
		}
	}
}

func clientCount(l *Limiter) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.clients)
}

func check(t *testing.T, rec *httptest.ResponseRecorder, tc apiCase) {
	t.Helper()
	if rec.Code != tc.wantStatus {
		t.Errorf("status = %d, want %d (body %s)", rec.Code, tc.wantStatus, rec.Body)
	}
	if tc.wantAllow != "" {
		if got := rec.Header().Get("Allow"); got != tc.wantAllow {
			t.Errorf("Allow = %q, want %q", got, tc.wantAllow)
		}
	}
	if got := rec.Header().Get("Retry-After"); got != tc.wantRetryAfter {
		t.Errorf("Retry-After = %q, want %q", got, tc.wantRetryAfter)
	}
	if tc.wantStatus == http.StatusNoContent {
		if rec.Body.Len() != 0 {
			t.Errorf("a 204 with a body: %s", rec.Body)
		}
		return
	}
	if ct := rec.Header().Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type = %q, want application/json", ct)
	}
	if tc.wantCode != "" {
		assertErrorBody(t, rec.Body.Bytes(), tc.wantCode)
	} else {
		assertJSONEqual(t, rec.Body.Bytes(), tc.wantBody)
	}
}

// assertJSONEqual compares two JSON documents as values, so key order and spacing do
// not matter. Numbers are compared exactly (UseNumber).
func assertJSONEqual(t *testing.T, got []byte, want string) {
	t.Helper()
	g, err := decodeExact(got)
	if err != nil {
		t.Fatalf("body is not JSON: %v: %s", err, got)
	}
	w, err := decodeExact([]byte(want))
	if err != nil {
		t.Fatalf("bad test: want is not JSON: %v", err)
	}
	if !reflect.DeepEqual(g, w) {
		t.Errorf("body = %s, want %s", got, want)
	}
}

func decodeExact(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	err := dec.Decode(&v)
	return v, err
}

// assertErrorBody checks the exact error shape {"error": {"code", "message"}}, with
// nothing else in it, and the code.
func assertErrorBody(t *testing.T, got []byte, wantCode string) {
	t.Helper()
	var body map[string]map[string]any
	if err := json.Unmarshal(got, &body); err != nil {
		t.Fatalf("error body is not {\"error\": {...}}: %v: %s", err, got)
	}
	detail, ok := body["error"]
	if !ok || len(body) != 1 || len(detail) != 2 {
		t.Fatalf("error body = %s, want exactly {\"error\": {\"code\", \"message\"}}", got)
	}
	if code, _ := detail["code"].(string); code != wantCode {
		t.Errorf("error code = %v, want %q", detail["code"], wantCode)
	}
	if msg, _ := detail["message"].(string); msg == "" {
		t.Errorf("error message = %v, want a non-empty string", detail["message"])
	}
}

func TestHealth(t *testing.T) {
	runCases(t, []apiCase{
		{name: "GET /health", method: "GET", path: "/health",
			wantStatus: 200, wantBody: `{"status": "ok"}`},
	})
}

func TestUnknownRoutesAndMethods(t *testing.T) {
	runCases(t, []apiCase{
		{name: "root", method: "GET", path: "/", wantStatus: 404, wantCode: "not_found"},
		{name: "unknown path", method: "GET", path: "/buckets", wantStatus: 404, wantCode: "not_found"},
		{name: "no name", method: "GET", path: "/clients/", wantStatus: 404, wantCode: "not_found"},
		{name: "no name to take from", method: "POST", path: "/clients//take",
			wantStatus: 404, wantCode: "not_found"},
		{name: "below a client", method: "GET", path: "/clients/alice/limits",
			wantStatus: 404, wantCode: "not_found"},
		{name: "below take", method: "POST", path: "/clients/alice/take/1",
			wantStatus: 404, wantCode: "not_found"},
		// The mux would redirect these to a cleaned path; the contract has no redirects.
		{name: "double slash", method: "POST", path: "//clients",
			body: `{"name": "carol", "burst": 1, "per_minute": 1}`, wantStatus: 404, wantCode: "not_found"},
		{name: "dot segments", method: "POST", path: "/clients/bob/../alice/take",
			wantStatus: 404, wantCode: "not_found"},

		{name: "GET /clients", method: "GET", path: "/clients",
			wantStatus: 405, wantCode: "method_not_allowed", wantAllow: "POST"},
		{name: "DELETE /clients", method: "DELETE", path: "/clients",
			wantStatus: 405, wantCode: "method_not_allowed", wantAllow: "POST"},
		{name: "PUT /clients/alice", method: "PUT", path: "/clients/alice",
			body:       `{"name": "alice", "burst": 1, "per_minute": 1}`,
			wantStatus: 405, wantCode: "method_not_allowed", wantAllow: "DELETE, GET, HEAD"},
		{name: "POST /clients/alice", method: "POST", path: "/clients/alice",
			wantStatus: 405, wantCode: "method_not_allowed", wantAllow: "DELETE, GET, HEAD"},
		// The method is checked by the router, before any handler looks at the name.
		{name: "PATCH an unknown client", method: "PATCH", path: "/clients/nobody",
			wantStatus: 405, wantCode: "method_not_allowed", wantAllow: "DELETE, GET, HEAD"},
		{name: "GET take", method: "GET", path: "/clients/alice/take",
			wantStatus: 405, wantCode: "method_not_allowed", wantAllow: "POST"},
		{name: "DELETE take", method: "DELETE", path: "/clients/bob/take",
			wantStatus: 405, wantCode: "method_not_allowed", wantAllow: "POST"},
		{name: "POST /health", method: "POST", path: "/health", body: "{}",
			wantStatus: 405, wantCode: "method_not_allowed", wantAllow: "GET, HEAD"},
	})
}

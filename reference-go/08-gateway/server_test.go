package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"
)

// schema is 05's migration (reference-go/05-todos/migrations/0001_create_todos.sql):
// the table the todos service creates, and the gateway only reads.
const schema = `
CREATE TABLE todos (
    id    INTEGER PRIMARY KEY AUTOINCREMENT,
    title TEXT    NOT NULL UNIQUE,
    notes TEXT,
    done  INTEGER NOT NULL DEFAULT 0 CHECK (done IN (0, 1))
);
PRAGMA user_version = 1;
INSERT INTO todos (title, notes, done) VALUES
    ('Buy milk', '2 litres', 0),
    ('Call Ada', NULL, 0),
    ('Water plants', '', 1);
`

// The seeded todos as 05 answers them. The three kinds of notes: a string, null and "".
const (
	milk   = `{"id": 1, "title": "Buy milk", "notes": "2 litres", "done": false}`
	ada    = `{"id": 2, "title": "Call Ada", "notes": null, "done": false}`
	plants = `{"id": 3, "title": "Water plants", "notes": "", "done": true}`
)

// newTestDB creates a SQLite file in a temporary directory the way the todos service
// would, with the seeded todos, and returns its path and a read-write connection to
// it, which plays the todos service writing while the gateway reads.
func newTestDB(t *testing.T) (string, *sql.DB) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "todos.db")
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Exec(schema); err != nil {
		t.Fatalf("creating the test database: %v", err)
	}
	return path, db
}

// openTestStore opens the gateway's read-only store on a new seeded database.
func openTestStore(t *testing.T) (*Store, *sql.DB) {
	t.Helper()
	path, writer := newTestDB(t)
	store, err := OpenStore(context.Background(), path)
	if err != nil {
		t.Fatalf("OpenStore(%s): %v", path, err)
	}
	t.Cleanup(func() {
		if err := store.Close(); err != nil {
			t.Errorf("closing the store: %v", err)
		}
	})
	return store, writer
}

// newGateway returns the gateway's handler over a new seeded database, forwarding to
// upstream (a URL) with the given timeout.
func newGateway(t *testing.T, upstream string, timeout time.Duration) http.Handler {
	t.Helper()
	store, _ := openTestStore(t)
	u, err := upstreamURL(upstream)
	if err != nil {
		t.Fatal(err)
	}
	return NewServer(store, NewProxy(u, timeout))
}

// seenRequest is a request as it reached the fake upstream.
type seenRequest struct {
	Method string
	URI    string // the request target as sent: path and query
	Host   string
	Header http.Header
	Body   string
}

// fakeUpstream is an HTTP server in place of the todos service. It records every
// request it receives, then lets answer write the response.
type fakeUpstream struct {
	*httptest.Server
	mu   sync.Mutex
	seen []seenRequest
}

// newUpstream starts a fake upstream, closed when the test ends. answer nil answers
// every request 200 {"upstream": true}.
func newUpstream(t *testing.T, answer http.HandlerFunc) *fakeUpstream {
	t.Helper()
	if answer == nil {
		answer = func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			io.WriteString(w, `{"upstream": true}`)
		}
	}
	u := &fakeUpstream{}
	u.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		u.mu.Lock()
		u.seen = append(u.seen, seenRequest{Method: r.Method, URI: r.RequestURI, Host: r.Host,
			Header: r.Header.Clone(), Body: string(body)})
		u.mu.Unlock()
		answer(w, r)
	}))
	t.Cleanup(u.Close)
	return u
}

// requests returns what the upstream has received so far.
func (u *fakeUpstream) requests() []seenRequest {
	u.mu.Lock()
	defer u.mu.Unlock()
	return append([]seenRequest(nil), u.seen...)
}

// only returns the one request the upstream received, failing the test if it received
// none or several (a retry, say).
func (u *fakeUpstream) only(t *testing.T) seenRequest {
	t.Helper()
	seen := u.requests()
	if len(seen) != 1 {
		t.Fatalf("the upstream received %d requests, want 1: %+v", len(seen), seen)
	}
	return seen[0]
}

// do sends one request through h, without a socket, and returns the response as the
// client would get it: Result snapshots the headers when the status was written.
func do(h http.Handler, req *http.Request) *http.Response {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Result()
}

// newRequest is httptest.NewRequest with a string body, and a Content-Type when there
// is a body.
func newRequest(method, target, body string) *http.Request {
	req := httptest.NewRequest(method, target, strings.NewReader(body))
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	return req
}

func readBody(t *testing.T, resp *http.Response) []byte {
	t.Helper()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return body
}

// checkJSON checks a response the gateway wrote itself: the status, Content-Type and
// the JSON body, compared as a value.
func checkJSON(t *testing.T, resp *http.Response, wantStatus int, wantBody string) {
	t.Helper()
	body := readBody(t, resp)
	if resp.StatusCode != wantStatus {
		t.Errorf("status = %d, want %d (body %s)", resp.StatusCode, wantStatus, body)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type = %q, want application/json", ct)
	}
	assertJSONEqual(t, body, wantBody)
}

// checkError checks one of the gateway's own JSON errors.
func checkError(t *testing.T, resp *http.Response, wantStatus int, wantCode string) {
	t.Helper()
	body := readBody(t, resp)
	if resp.StatusCode != wantStatus {
		t.Errorf("status = %d, want %d (body %s)", resp.StatusCode, wantStatus, body)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type = %q, want application/json", ct)
	}
	assertErrorBody(t, body, wantCode)
}

// assertJSONEqual compares two JSON documents as values, so key order and spacing do
// not matter, but null, "" and an absent key all do.
func assertJSONEqual(t *testing.T, got []byte, want string) {
	t.Helper()
	g, err := decodeExact(got)
	if err != nil {
		t.Fatalf("body is not JSON: %v: %s", err, got)
	}
	w, err := decodeExact([]byte(want))
	if err != nil {
		t.Fatalf("bad test: want is not JSON: %v: %s", err, want)
	}
	if !reflect.DeepEqual(g, w) {
		t.Errorf("body = %s, want %s", bytes.TrimSpace(got), want)
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
		t.Errorf("error code = %v, want %q (message %v)", detail["code"], wantCode, detail["message"])
	}
	if msg, _ := detail["message"].(string); msg == "" {
		t.Errorf("error message = %v, want a non-empty string", detail["message"])
	}
}

func TestHealth(t *testing.T) {
	upstream := newUpstream(t, nil)
	gw := newGateway(t, upstream.URL, time.Second)

	checkJSON(t, do(gw, newRequest("GET", "/health", "")), 200, `{"status": "ok"}`)
	if resp := do(gw, newRequest("HEAD", "/health", "")); resp.StatusCode != 200 {
		t.Errorf("HEAD /health: status %d, want 200", resp.StatusCode)
	}
	if seen := upstream.requests(); len(seen) != 0 {
		t.Errorf("GET /health asked the upstream: %+v", seen)
	}

	// With the upstream gone, the gateway is still healthy: health is the gateway's.
	upstream.Close()
	checkJSON(t, do(gw, newRequest("GET", "/health", "")), 200, `{"status": "ok"}`)
}

// TestOtherMethodsOnTodoAreForwarded: the gateway answers GET (and HEAD) on
// /todos/{id}; every other method on the same path is the upstream's, 405 included.
// With Go 1.22's ServeMux that is what "GET /todos/{id}" next to "/" gives: the mux
// finds no GET pattern for a PATCH, and "/" matches any method.
func TestOtherMethodsOnTodoAreForwarded(t *testing.T) {
	// The upstream answers like 05 would.
	upstream := newUpstream(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.Method {
		case "PATCH":
			w.Header().Set("Content-Type", "application/json")
			io.WriteString(w, `{"id": 1, "title": "Buy milk", "notes": null, "done": true}`)
		case "DELETE":
			w.WriteHeader(http.StatusNoContent)
		default:
			w.Header().Set("Allow", "DELETE, GET, HEAD, PATCH")
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusMethodNotAllowed)
			io.WriteString(w, `{"error": {"code": "method_not_allowed", "message": "no"}}`)
		}
	})
	gw := newGateway(t, upstream.URL, time.Second)

	tests := []struct {
		method, path, body string
		wantStatus         int
		wantAllow          string
	}{
		{method: "PATCH", path: "/todos/1", body: `{"done": true}`, wantStatus: 200},
		{method: "DELETE", path: "/todos/1", wantStatus: 204},
		{method: "PUT", path: "/todos/1", body: `{"title": "a"}`, wantStatus: 405, wantAllow: "DELETE, GET, HEAD, PATCH"},
		{method: "POST", path: "/todos/1", body: `{"title": "a"}`, wantStatus: 405, wantAllow: "DELETE, GET, HEAD, PATCH"},
		// An id the gateway would refuse with 400 is not its to judge for other methods.
		{method: "PATCH", path: "/todos/abc", body: `{"done": true}`, wantStatus: 200},
		{method: "OPTIONS", path: "/todos/1", wantStatus: 405, wantAllow: "DELETE, GET, HEAD, PATCH"},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			before := len(upstream.requests())
			resp := do(gw, newRequest(tt.method, tt.path, tt.body))
			readBody(t, resp)
			if resp.StatusCode != tt.wantStatus {
				t.Errorf("status = %d, want %d", resp.StatusCode, tt.wantStatus)
			}
			if got := resp.Header.Get("Allow"); got != tt.wantAllow {
				t.Errorf("Allow = %q, want %q", got, tt.wantAllow)
			}
			seen := upstream.requests()
			if len(seen) != before+1 {
				t.Fatalf("the upstream received %d requests, want 1", len(seen)-before)
			}
			if got := seen[before]; got.Method != tt.method || got.URI != tt.path || got.Body != tt.body {
				t.Errorf("the upstream received %s %s %q, want %s %s %q",
					got.Method, got.URI, got.Body, tt.method, tt.path, tt.body)
			}
		})
	}
}

// TestPathsTheGatewayDoesNotServeAreForwarded: paths that look like the migrated route
// but are not it in 05 go to the upstream, unchanged.
func TestPathsTheGatewayDoesNotServeAreForwarded(t *testing.T) {
	upstream := newUpstream(t, nil)
	gw := newGateway(t, upstream.URL, time.Second)

	tests := []struct{ method, path string }{
		// 05's batch route, not a todo with id "batch": 05 answers its GET 405.
		{"GET", "/todos/batch"},
		{"HEAD", "/todos/batch"},
		// ServeMux would redirect these to a cleaned path; 05 answers them 404.
		{"GET", "//todos/1"},
		{"GET", "/todos/2/../1"},
		{"GET", "/todos/./1"},
		// Other paths: another segment, a trailing slash, the collection.
		{"GET", "/todos/1/"},
		{"GET", "/todos/1/notes"},
		{"GET", "/todos?limit=1"},
		{"GET", "/todos"},
		{"POST", "/health"},
		{"GET", "/nowhere"},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			before := len(upstream.requests())
			resp := do(gw, newRequest(tt.method, tt.path, ""))
			readBody(t, resp)
			if resp.StatusCode != 200 {
				t.Errorf("status = %d, want the upstream's 200", resp.StatusCode)
			}
			seen := upstream.requests()
			if len(seen) != before+1 {
				t.Fatalf("the upstream received %d requests, want 1", len(seen)-before)
			}
			if got := seen[before]; got.Method != tt.method || got.URI != tt.path {
				t.Errorf("the upstream received %s %s, want %s %s", got.Method, got.URI, tt.method, tt.path)
			}
		})
	}
}

func TestIsCanonical(t *testing.T) {
	tests := []struct {
		path string
		want bool
	}{
		{"/", true},
		{"/todos", true},
		{"/todos/1", true},
		{"/todos/", true},
		{"//todos", false},
		{"/todos//1", false},
		{"/todos/./1", false},
		{"/todos/2/../1", false},
		{"/todos/1/..", false},
	}
	for _, tt := range tests {
		if got := isCanonical(tt.path); got != tt.want {
			t.Errorf("isCanonical(%q) = %v, want %v", tt.path, got, tt.want)
		}
	}
}

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"
)

// noContentType, as a case's contentType, sends the request without the header.
const noContentType = "(none)"

// apiCase is one row of a table test: a request and the answer the contract asks for.
type apiCase struct {
	name         string
	method       string
	path         string
	contentType  string // defaults to application/json; noContentType leaves it out
	body         string
	wantStatus   int
	wantBody     string // the whole JSON body, compared as a value; empty for error rows
	wantCode     string // for error rows: only the code is contract, the message is free
	wantAllow    string // the Allow header, checked when not empty
	wantLocation string // the Location header, checked when not empty
	// wantJob is GET /jobs/1 once the queue has been drained, for rows that create a
	// job: how the job ended.
	wantJob string
}

// noSleep is a job's delay that takes no time at all, for the tests that do not care
// about timing.
func noSleep(time.Duration) {}

// gate stands in for time.Sleep in the workers: a job's delay lasts until the test lets
// it go, so tests decide what is running, and what is waiting, without a clock.
type gate struct {
	started chan time.Duration // a worker has recorded its job running, and waits
	release chan struct{}      // one receive lets one waiting worker go on
	done    chan struct{}      // closed by open: every wait is over, now and later
	once    sync.Once
}

func newGate() *gate {
	return &gate{started: make(chan time.Duration), release: make(chan struct{}), done: make(chan struct{})}
}

func (g *gate) sleep(d time.Duration) {
	select {
	case g.started <- d:
	case <-g.done:
		return
	}
	select {
	case <-g.release:
	case <-g.done:
	}
}

// next waits until a worker has started a job (its status is running) and returns the
// job's delay. The timeout only turns a hang into a failure; nothing waits on it.
func (g *gate) next(t *testing.T) time.Duration {
	t.Helper()
	select {
	case d := <-g.started:
		return d
	case <-time.After(10 * time.Second):
		t.Fatal("no worker started a job")
		return 0
	}
}

// finish lets one started job end. A worker must be waiting in the gate: one that next
// has returned for and finish has not yet let go.
func (g *gate) finish() { g.release <- struct{}{} }

// open lets every job through, those waiting now and those to come, without a word to
// next. Calling it again does nothing.
func (g *gate) open() { g.once.Do(func() { close(g.done) }) }

// env is one service under test: a store on a new file, a queue and a server.
type env struct {
	store *Store
	queue *Queue
	srv   *Server
	path  string
}

// newEnv opens a store on a new file in a temporary directory and starts a queue of
// workers workers and capacity places on it, whose jobs wait with sleep. Everything is
// closed when the test ends: the queue drained first, then the store.
func newEnv(t *testing.T, workers, capacity int, sleep func(time.Duration)) *env {
	t.Helper()
	store, path := openTestStore(t)
	q := newQueue(store, workers, capacity, sleep)
	t.Cleanup(q.Close) // runs before the store's cleanup: last in, first out
	return &env{store: store, queue: q, srv: NewServer(store, q), path: path}
}

// newGatedEnv is newEnv with a gate for the delays. The gate is opened for good when
// the test ends, before the queue is drained, so a test that fails half-way does not
// hang.
func newGatedEnv(t *testing.T, workers, capacity int) (*env, *gate) {
	t.Helper()
	g := newGate()
	e := newEnv(t, workers, capacity, g.sleep)
	t.Cleanup(g.open) // registered last, so run first
	return e, g
}

// openTestStore opens a store on a new file in a temporary directory, closed when the
// test ends.
func openTestStore(t *testing.T) (*Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "jobs.db")
	store, err := OpenStore(context.Background(), path)
	if err != nil {
		t.Fatalf("OpenStore(%s): %v", path, err)
	}
	t.Cleanup(func() {
		if err := store.Close(); err != nil {
			t.Errorf("closing the store: %v", err)
		}
	})
	return store, path
}

// do sends one request through srv, without a socket.
func do(srv http.Handler, method, path, contentType, body string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	if contentType != noContentType {
		req.Header.Set("Content-Type", contentType)
	}
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, req)
	return rec
}

// post sends POST /jobs with a JSON body.
func post(srv http.Handler, body string) *httptest.ResponseRecorder {
	return do(srv, "POST", "/jobs", "application/json", body)
}

// get sends GET path.
func get(srv http.Handler, path string) *httptest.ResponseRecorder {
	return do(srv, "GET", path, noContentType, "")
}

// accepted checks a 202 for job id.
func accepted(t *testing.T, rec *httptest.ResponseRecorder, id string) {
	t.Helper()
	check(t, rec, apiCase{wantStatus: 202, wantBody: `{"id": ` + id + `, "status": "queued"}`,
		wantLocation: "/jobs/" + id})
}

// queueFull checks a 503 queue_full with its Retry-After.
func queueFull(t *testing.T, rec *httptest.ResponseRecorder) {
	t.Helper()
	check(t, rec, apiCase{wantStatus: 503, wantCode: "queue_full"})
	if got := rec.Header().Get("Retry-After"); got != "1" {
		t.Errorf("Retry-After = %q, want \"1\"", got)
	}
}

// assertJob compares GET /jobs/{id} with want.
func assertJob(t *testing.T, srv http.Handler, id, want string) {
	t.Helper()
	check(t, get(srv, "/jobs/"+id), apiCase{wantStatus: 200, wantBody: want})
}

// assertJobCount counts the rows of the jobs table, whatever their status.
func assertJobCount(t *testing.T, store *Store, want int) {
	t.Helper()
	var n int
	if err := store.db.QueryRow(`SELECT COUNT(*) FROM jobs`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != want {
		t.Errorf("%d jobs stored, want %d", n, want)
	}
}

// runCases runs every row as a subtest, each against a fresh service (a database file
// of its own, two workers, four places) whose delays take no time. It checks status,
// headers and body; then, for a row that creates a job, drains the queue and checks how
// the job ended; for an error row, that nothing was stored and no id used up.
func runCases(t *testing.T, cases []apiCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, 2, 4, noSleep)
			contentType := tc.contentType
			if contentType == "" {
				contentType = "application/json"
			}
			rec := do(e.srv, tc.method, tc.path, contentType, tc.body)
			check(t, rec, tc)

			if tc.wantCode != "" {
				assertJobCount(t, e.store, 0)
				// Nor did a rejected request use up an id: the next job gets 1.
				accepted(t, post(e.srv, `{"task": "sum", "numbers": []}`), "1")
			}
			if tc.wantJob != "" {
				e.queue.Close() // every job accepted has run once Close returns
				assertJob(t, e.srv, "1", tc.wantJob)
			}
		})
	}
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
	if tc.wantLocation != "" {
		if got := rec.Header().Get("Location"); got != tc.wantLocation {
			t.Errorf("Location = %q, want %q", got, tc.wantLocation)
		}
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
// not matter, but null, "" and an absent key all do. Numbers are compared exactly
// (UseNumber).
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
	runCases(t, []apiCase{
		{name: "GET /health", method: "GET", path: "/health",
			wantStatus: 200, wantBody: `{"status": "ok"}`},
	})
}

func TestUnknownRoutesAndMethods(t *testing.T) {
	runCases(t, []apiCase{
		{name: "unknown path", method: "GET", path: "/tasks",
			wantStatus: 404, wantCode: "not_found"},
		{name: "trailing slash is another path", method: "GET", path: "/jobs/",
			wantStatus: 404, wantCode: "not_found"},
		{name: "below a job", method: "GET", path: "/jobs/1/result",
			wantStatus: 404, wantCode: "not_found"},
		{name: "POST below /jobs", method: "POST", path: "/jobs/1/run",
			body: `{"task": "sum", "numbers": []}`, wantStatus: 404, wantCode: "not_found"},
		// The mux would redirect these to a cleaned path; the contract has no redirects.
		{name: "double slash", method: "POST", path: "//jobs",
			body: `{"task": "sum", "numbers": []}`, wantStatus: 404, wantCode: "not_found"},
		{name: "dot segments", method: "GET", path: "/jobs/2/../1",
			wantStatus: 404, wantCode: "not_found"},

		{name: "GET /jobs", method: "GET", path: "/jobs",
			wantStatus: 405, wantCode: "method_not_allowed", wantAllow: "POST"},
		{name: "DELETE /jobs", method: "DELETE", path: "/jobs",
			wantStatus: 405, wantCode: "method_not_allowed", wantAllow: "POST"},
		{name: "PUT /jobs", method: "PUT", path: "/jobs", body: `{"task": "sum", "numbers": []}`,
			wantStatus: 405, wantCode: "method_not_allowed", wantAllow: "POST"},
		{name: "POST /jobs/1", method: "POST", path: "/jobs/1", body: `{"task": "sum", "numbers": []}`,
			wantStatus: 405, wantCode: "method_not_allowed", wantAllow: "GET, HEAD"},
		{name: "DELETE /jobs/1", method: "DELETE", path: "/jobs/1",
			wantStatus: 405, wantCode: "method_not_allowed", wantAllow: "GET, HEAD"},
		// The method is checked by the router, before any handler looks at the id.
		{name: "DELETE /jobs/abc", method: "DELETE", path: "/jobs/abc",
			wantStatus: 405, wantCode: "method_not_allowed", wantAllow: "GET, HEAD"},
		{name: "POST /health", method: "POST", path: "/health", body: "{}",
			wantStatus: 405, wantCode: "method_not_allowed", wantAllow: "GET, HEAD"},
	})
}

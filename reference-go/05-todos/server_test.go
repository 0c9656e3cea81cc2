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
	"testing"
)

// noContentType, as a case's contentType, sends the request without the header.
const noContentType = "(none)"

// apiCase is one row of a table test: a request and the answer the contract asks for.
type apiCase struct {
	name        string
	method      string
	path        string
	contentType string // defaults to application/json; noContentType leaves it out
	body        string
	wantStatus  int
	wantBody    string // the whole JSON body, compared as a value; empty for error rows and 204
	wantCode    string // for error rows: only the code is contract, the message is free
	wantAllow   string // the Allow header, checked when not empty
	// wantList is the body of GET /todos?limit=100 after the request, when not empty.
	// Error rows leave it empty and get seedList: a rejected request changes nothing.
	wantList string
}

// The todos every seeded server holds, created through the API in this order. The
// three kinds of notes: a string, null (left out on create) and "".
const (
	milk   = `{"id": 1, "title": "Buy milk", "notes": "2 litres", "done": false}`
	ada    = `{"id": 2, "title": "Call Ada", "notes": null, "done": false}`
	plants = `{"id": 3, "title": "Water plants", "notes": "", "done": true}`
)

var seedBodies = []string{
	`{"title": "Buy milk", "notes": "2 litres", "done": false}`,
	`{"title": "Call Ada"}`,
	`{"title": "Water plants", "notes": "", "done": true}`,
}

// seedList is GET /todos?limit=100 on the seeded server.
const seedList = `{"items": [` + milk + `, ` + ada + `, ` + plants + `], "total": 3, "limit": 100, "offset": 0}`

// openTestStore opens a store on a new file in a temporary directory, closed when the
// test ends.
func openTestStore(t *testing.T) (*Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "todos.db")
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

// newServer returns a server over a new, empty database.
func newServer(t *testing.T) *Server {
	t.Helper()
	store, _ := openTestStore(t)
	return NewServer(store)
}

// newSeededServer returns a server holding the three seed todos.
func newSeededServer(t *testing.T) *Server {
	t.Helper()
	srv := newServer(t)
	seed(t, srv)
	return srv
}

func seed(t *testing.T, srv *Server) {
	t.Helper()
	for _, body := range seedBodies {
		if rec := do(srv, "POST", "/todos", "application/json", body); rec.Code != http.StatusCreated {
			t.Fatalf("seeding %s: status %d, body %s", body, rec.Code, rec.Body)
		}
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

// runCases runs every row as a subtest, each against a fresh seeded server (a database
// file of its own), checks status, headers and body, then reads every todo back.
func runCases(t *testing.T, cases []apiCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := newSeededServer(t)
			contentType := tc.contentType
			if contentType == "" {
				contentType = "application/json"
			}
			rec := do(srv, tc.method, tc.path, contentType, tc.body)
			check(t, rec, tc)

			wantList := tc.wantList
			if wantList == "" && tc.wantCode != "" {
				wantList = seedList
			}
			if wantList != "" {
				assertList(t, srv, wantList)
			}
			if tc.wantCode != "" {
				// Nor did a rejected request use up an id: the next todo gets 4.
				rec := do(srv, "POST", "/todos", "application/json", `{"title": "Next"}`)
				check(t, rec, apiCase{wantStatus: 201,
					wantBody: `{"id": 4, "title": "Next", "notes": null, "done": false}`})
			}
		})
	}
}

// assertList compares GET /todos?limit=100 with want.
func assertList(t *testing.T, srv *Server, want string) {
	t.Helper()
	rec := do(srv, "GET", "/todos?limit=100", noContentType, "")
	if rec.Code != http.StatusOK {
		t.Fatalf("GET /todos?limit=100: status %d, body %s", rec.Code, rec.Body)
	}
	assertJSONEqual(t, rec.Body.Bytes(), want)
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
	if tc.wantStatus == http.StatusNoContent {
		if rec.Body.Len() != 0 {
			t.Errorf("a 204 has a body: %q", rec.Body)
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
		{name: "trailing slash is another path", method: "GET", path: "/todos/",
			wantStatus: 404, wantCode: "not_found"},
		{name: "below a todo", method: "GET", path: "/todos/1/notes",
			wantStatus: 404, wantCode: "not_found"},
		{name: "below the batch", method: "POST", path: "/todos/batch/1",
			body: `{"todos": [{"title": "a"}]}`, wantStatus: 404, wantCode: "not_found"},
		// The mux would redirect these to a cleaned path; the contract has no redirects.
		{name: "double slash", method: "POST", path: "//todos",
			body: `{"title": "a"}`, wantStatus: 404, wantCode: "not_found"},
		{name: "dot segments", method: "DELETE", path: "/todos/2/../1",
			wantStatus: 404, wantCode: "not_found"},

		{name: "DELETE /todos", method: "DELETE", path: "/todos",
			wantStatus: 405, wantCode: "method_not_allowed", wantAllow: "GET, HEAD, POST"},
		{name: "PATCH /todos", method: "PATCH", path: "/todos", body: `{"done": true}`,
			wantStatus: 405, wantCode: "method_not_allowed", wantAllow: "GET, HEAD, POST"},
		{name: "POST /todos/1", method: "POST", path: "/todos/1", body: `{"title": "a"}`,
			wantStatus: 405, wantCode: "method_not_allowed", wantAllow: "DELETE, GET, HEAD, PATCH"},
		{name: "PUT /todos/1", method: "PUT", path: "/todos/1", body: `{"title": "a"}`,
			wantStatus: 405, wantCode: "method_not_allowed", wantAllow: "DELETE, GET, HEAD, PATCH"},
		// The method is checked by the router, before any handler looks at the id.
		{name: "PUT /todos/abc", method: "PUT", path: "/todos/abc",
			wantStatus: 405, wantCode: "method_not_allowed", wantAllow: "DELETE, GET, HEAD, PATCH"},
		{name: "POST /health", method: "POST", path: "/health", body: "{}",
			wantStatus: 405, wantCode: "method_not_allowed", wantAllow: "GET, HEAD"},

		// /todos/batch is its own route, POST only: not /todos/{id} with a bad id.
		{name: "GET /todos/batch", method: "GET", path: "/todos/batch",
			wantStatus: 405, wantCode: "method_not_allowed", wantAllow: "POST"},
		{name: "HEAD /todos/batch", method: "HEAD", path: "/todos/batch",
			wantStatus: 405, wantCode: "method_not_allowed", wantAllow: "POST"},
		{name: "PATCH /todos/batch", method: "PATCH", path: "/todos/batch", body: `{"done": true}`,
			wantStatus: 405, wantCode: "method_not_allowed", wantAllow: "POST"},
		{name: "DELETE /todos/batch", method: "DELETE", path: "/todos/batch",
			wantStatus: 405, wantCode: "method_not_allowed", wantAllow: "POST"},
		{name: "PUT /todos/batch", method: "PUT", path: "/todos/batch", body: `{"todos": []}`,
			wantStatus: 405, wantCode: "method_not_allowed", wantAllow: "POST"},
		// Only the exact word is the batch route; anything else is an id, and not a valid one.
		{name: "GET /todos/Batch", method: "GET", path: "/todos/Batch",
			wantStatus: 400, wantCode: "invalid_id"},
		{name: "GET /todos/batches", method: "GET", path: "/todos/batches",
			wantStatus: 400, wantCode: "invalid_id"},
	})
}

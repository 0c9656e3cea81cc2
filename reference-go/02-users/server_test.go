package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
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
	wantBody    string // the whole JSON body, compared as a value; empty for error rows
	wantCode    string // for error rows: only the code is contract, the message is free
	wantAllow   string // the Allow header, checked when not empty
}

// Users every seeded server holds: one for each combination of email and account.
//
//	1 Ada: email and account    2 Bob: email, no account
//	3 Cy:  account, no email    4 Dee: neither
var seedBodies = []string{
	`{"name": "Ada", "email": "ada@example.com", "account": {"plan": "pro"}}`,
	`{"name": "Bob", "email": "bob@example.com", "account": null}`,
	`{"name": "Cy", "email": null, "account": {"plan": "basic"}}`,
	`{"name": "Dee"}`,
}

const (
	ada = `{"id": 1, "name": "Ada", "email": "ada@example.com", "account": {"plan": "pro"}}`
	bob = `{"id": 2, "name": "Bob", "email": "bob@example.com", "account": null}`
	cy  = `{"id": 3, "name": "Cy", "email": null, "account": {"plan": "basic"}}`
	dee = `{"id": 4, "name": "Dee", "email": null, "account": null}`
)

// newSeededServer returns a server holding the four seed users, created through the API.
func newSeededServer(t *testing.T) *Server {
	t.Helper()
	srv := NewServer(NewStore())
	for _, body := range seedBodies {
		if rec := do(srv, "POST", "/users", "application/json", body); rec.Code != http.StatusCreated {
			t.Fatalf("seeding %s: status %d, body %s", body, rec.Code, rec.Body)
		}
	}
	return srv
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

// runCases runs every row as a subtest, each against a fresh server (seeded or empty),
// and checks status, Content-Type, body and Allow.
func runCases(t *testing.T, seeded bool, cases []apiCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := NewServer(NewStore())
			if seeded {
				srv = newSeededServer(t)
			}
			contentType := tc.contentType
			if contentType == "" {
				contentType = "application/json"
			}
			rec := do(srv, tc.method, tc.path, contentType, tc.body)
			check(t, rec, tc)
		})
	}
}

func check(t *testing.T, rec *httptest.ResponseRecorder, tc apiCase) {
	t.Helper()
	if rec.Code != tc.wantStatus {
		t.Errorf("status = %d, want %d (body %s)", rec.Code, tc.wantStatus, rec.Body)
	}
	if ct := rec.Header().Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type = %q, want application/json", ct)
	}
	if tc.wantAllow != "" {
		if got := rec.Header().Get("Allow"); got != tc.wantAllow {
			t.Errorf("Allow = %q, want %q", got, tc.wantAllow)
		}
	}
	if tc.wantCode != "" {
		assertErrorBody(t, rec.Body.Bytes(), tc.wantCode)
	} else {
		assertJSONEqual(t, rec.Body.Bytes(), tc.wantBody)
	}
}

// assertJSONEqual compares two JSON documents as values, so key order and spacing do
// not matter, but null, absent and [] all do.
func assertJSONEqual(t *testing.T, got []byte, want string) {
	t.Helper()
	var g, w any
	if err := json.Unmarshal(got, &g); err != nil {
		t.Fatalf("body is not JSON: %v: %s", err, got)
	}
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatalf("bad test: want is not JSON: %v", err)
	}
	if !reflect.DeepEqual(g, w) {
		t.Errorf("body = %s, want %s", got, want)
	}
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
	runCases(t, false, []apiCase{
		{name: "GET /health", method: "GET", path: "/health",
			wantStatus: 200, wantBody: `{"status": "ok"}`},
	})
}

func TestUnknownRoutesAndMethods(t *testing.T) {
	runCases(t, true, []apiCase{
		{name: "unknown path", method: "GET", path: "/nope",
			wantStatus: 404, wantCode: "not_found"},
		{name: "trailing slash is another path", method: "GET", path: "/users/",
			wantStatus: 404, wantCode: "not_found"},
		{name: "below a user", method: "GET", path: "/users/1/account",
			wantStatus: 404, wantCode: "not_found"},
		// The mux would redirect these to a cleaned path; the contract has no redirects.
		{name: "double slash", method: "GET", path: "//users",
			wantStatus: 404, wantCode: "not_found"},
		{name: "dot segments", method: "GET", path: "/users/2/../1",
			wantStatus: 404, wantCode: "not_found"},
		{name: "DELETE /users", method: "DELETE", path: "/users",
			wantStatus: 405, wantCode: "method_not_allowed", wantAllow: "GET, HEAD, POST"},
		{name: "DELETE /users/1", method: "DELETE", path: "/users/1",
			wantStatus: 405, wantCode: "method_not_allowed", wantAllow: "GET, HEAD, PATCH"},
		// The method is checked by the router, before any handler looks at the id.
		{name: "PUT /users/abc", method: "PUT", path: "/users/abc",
			wantStatus: 405, wantCode: "method_not_allowed", wantAllow: "GET, HEAD, PATCH"},
		{name: "GET /users/1/notify", method: "GET", path: "/users/1/notify",
			wantStatus: 405, wantCode: "method_not_allowed", wantAllow: "POST"},
		{name: "POST /health", method: "POST", path: "/health", body: "{}",
			wantStatus: 405, wantCode: "method_not_allowed", wantAllow: "GET, HEAD"},
	})
}

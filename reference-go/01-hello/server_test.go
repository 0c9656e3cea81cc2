package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"reflect"
	"testing"
)

// routeCase is one row of a table test: a request and the answer the contract asks for.
type routeCase struct {
	name       string
	method     string
	target     string
	wantStatus int
	wantBody   string // the whole JSON body, compared as a value; empty for error rows
	wantCode   string // for error rows: only the code is contract, the message is free
	wantAllow  string // the Allow header, checked when not empty
}

// serve sends one request through a fresh Server, without a socket.
func serve(t *testing.T, method, target string) *httptest.ResponseRecorder {
	t.Helper()
	rec := httptest.NewRecorder()
	NewServer().ServeHTTP(rec, httptest.NewRequest(method, target, nil))
	return rec
}

// runCases runs every row as a subtest and checks status, Content-Type, body and Allow.
func runCases(t *testing.T, cases []routeCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rec := serve(t, tc.method, tc.target)
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
		})
	}
}

// assertJSONEqual compares two JSON documents as values, so key order and spacing do
// not matter.
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

func TestUnknownRoutesAndMethods(t *testing.T) {
	runCases(t, []routeCase{
		{name: "unknown path", method: "GET", target: "/nope",
			wantStatus: 404, wantCode: "not_found"},
		{name: "root", method: "GET", target: "/",
			wantStatus: 404, wantCode: "not_found"},
		{name: "trailing slash is another path", method: "GET", target: "/hello/",
			wantStatus: 404, wantCode: "not_found"},
		{name: "below a known path", method: "GET", target: "/hello/ada",
			wantStatus: 404, wantCode: "not_found"},
		// The mux would redirect these to /health; the contract has no redirects.
		{name: "double slash", method: "GET", target: "//health",
			wantStatus: 404, wantCode: "not_found"},
		{name: "dot segments", method: "GET", target: "/hello/../health",
			wantStatus: 404, wantCode: "not_found"},
		{name: "unknown path, unknown method", method: "DELETE", target: "/nope",
			wantStatus: 404, wantCode: "not_found"},
		{name: "POST /hello", method: "POST", target: "/hello",
			wantStatus: 405, wantCode: "method_not_allowed", wantAllow: "GET, HEAD"},
		{name: "DELETE /hello", method: "DELETE", target: "/hello?name=Ada",
			wantStatus: 405, wantCode: "method_not_allowed", wantAllow: "GET, HEAD"},
		{name: "PUT /health", method: "PUT", target: "/health",
			wantStatus: 405, wantCode: "method_not_allowed", wantAllow: "GET, HEAD"},
	})
}

func TestHeadIsServedLikeGet(t *testing.T) {
	rec := serve(t, "HEAD", "/hello")
	if rec.Code != http.StatusOK {
		t.Errorf("status = %d, want 200", rec.Code)
	}
	if ct := rec.Header().Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type = %q, want application/json", ct)
	}
}

func TestHeaderRecorder(t *testing.T) {
	rec := &headerRecorder{header: make(http.Header)}
	rec.Header().Set("Allow", "GET")
	if _, err := rec.Write([]byte("ignored")); err != nil {
		t.Fatal(err)
	}
	rec.WriteHeader(http.StatusTeapot) // too late: the first status wins, as in net/http
	if rec.status != http.StatusOK || rec.header.Get("Allow") != "GET" {
		t.Errorf("recorded status %d, Allow %q; want 200, GET", rec.status, rec.header.Get("Allow"))
	}
}

package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
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
	// The balances of the seed accounts after the request. Left nil, they must be the
	// seed balances: on an error row that is "a rejected request changes nothing".
	wantBalances map[int64]int64
}

// Accounts every seeded server holds, opened through the API:
//
//	1 Ada: 100    2 Bo: 0    3 Cy: math.MaxInt64, the largest balance there is
var seedBalances = map[int64]int64{1: 100, 2: 0, 3: math.MaxInt64}

const (
	ada = `{"id": 1, "owner": "Ada", "balance": 100}`
	bo  = `{"id": 2, "owner": "Bo", "balance": 0}`
	cy  = `{"id": 3, "owner": "Cy", "balance": 9223372036854775807}`
)

// newSeededServer returns a server holding the three seed accounts.
func newSeededServer(t *testing.T) *Server {
	t.Helper()
	srv := NewServer(NewLedger())
	for _, body := range []string{
		`{"owner": "Ada", "balance": 100}`,
		`{"owner": "Bo"}`,
		`{"owner": "Cy", "balance": 9223372036854775807}`,
	} {
		if rec := do(srv, "POST", "/accounts", "application/json", body); rec.Code != http.StatusCreated {
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

// runCases runs every row as a subtest, each against a fresh seeded server, checks
// status, Content-Type, body and Allow, then reads every seed account back.
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

			want := tc.wantBalances
			if want == nil {
				want = seedBalances
			}
			assertBalances(t, srv, want)
			if tc.wantCode != "" {
				// Nor does a rejected request open an account.
				rec := do(srv, "GET", "/accounts/4", noContentType, "")
				check(t, rec, apiCase{wantStatus: 404, wantCode: "account_not_found"})
			}
		})
	}
}

// assertBalances reads each account in want through the API and compares its balance.
func assertBalances(t *testing.T, srv *Server, want map[int64]int64) {
	t.Helper()
	for id, balance := range want {
		rec := do(srv, "GET", fmt.Sprintf("/accounts/%d", id), noContentType, "")
		var acc Account
		if err := json.Unmarshal(rec.Body.Bytes(), &acc); rec.Code != 200 || err != nil {
			t.Fatalf("GET /accounts/%d: status %d, body %s", id, rec.Code, rec.Body)
		}
		if acc.Balance != balance {
			t.Errorf("account %d: balance = %d, want %d", id, acc.Balance, balance)
		}
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
// not matter. Numbers are compared exactly (UseNumber): as float64, 9223372036854775807
// and 9223372036854775806 would be equal.
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
		{name: "unknown path", method: "GET", path: "/balances",
			wantStatus: 404, wantCode: "not_found"},
		{name: "no id", method: "GET", path: "/accounts/",
			wantStatus: 404, wantCode: "not_found"},
		{name: "below an account", method: "GET", path: "/accounts/1/owner",
			wantStatus: 404, wantCode: "not_found"},
		{name: "a transfer by id", method: "GET", path: "/transfers/1",
			wantStatus: 404, wantCode: "not_found"},
		// The mux would redirect these to a cleaned path; the contract has no redirects.
		{name: "double slash", method: "POST", path: "//transfers",
			body: `{"from": 1, "to": 2, "amount": 1}`, wantStatus: 404, wantCode: "not_found"},
		{name: "dot segments", method: "POST", path: "/accounts/2/../1/deposit",
			body: `{"amount": 1}`, wantStatus: 404, wantCode: "not_found"},

		{name: "GET /transfers", method: "GET", path: "/transfers",
			wantStatus: 405, wantCode: "method_not_allowed", wantAllow: "POST"},
		{name: "GET /accounts", method: "GET", path: "/accounts",
			wantStatus: 405, wantCode: "method_not_allowed", wantAllow: "POST"},
		{name: "DELETE /accounts/1", method: "DELETE", path: "/accounts/1",
			wantStatus: 405, wantCode: "method_not_allowed", wantAllow: "GET, HEAD"},
		// The method is checked by the router, before any handler looks at the id.
		{name: "PUT /accounts/abc", method: "PUT", path: "/accounts/abc",
			wantStatus: 405, wantCode: "method_not_allowed", wantAllow: "GET, HEAD"},
		{name: "GET /accounts/1/deposit", method: "GET", path: "/accounts/1/deposit",
			wantStatus: 405, wantCode: "method_not_allowed", wantAllow: "POST"},
		{name: "POST /health", method: "POST", path: "/health", body: "{}",
			wantStatus: 405, wantCode: "method_not_allowed", wantAllow: "GET, HEAD"},
	})
}

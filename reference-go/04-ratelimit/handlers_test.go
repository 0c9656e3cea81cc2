package main

import (
	"errors"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// bodyErrorCases are the rows every endpoint with a body shares: 415, malformed_json and
// the shapes that are invalid_body whatever the endpoint.
func bodyErrorCases(path string) []apiCase {
	const valid = `{"name": "carol", "burst": 5, "per_minute": 60}`
	var cases []apiCase
	for _, ct := range []string{noContentType, "text/plain", "application/x-www-form-urlencoded", "application/jsonx"} {
		cases = append(cases, apiCase{name: "Content-Type " + ct, path: path, contentType: ct,
			body: valid, wantStatus: 415, wantCode: "unsupported_media_type"})
	}
	cases = append(cases, apiCase{name: "Content-Type before syntax", path: path,
		contentType: "text/plain", body: `{"name":`, wantStatus: 415, wantCode: "unsupported_media_type"})
	for _, body := range []string{`{"name": "carol",`, ``, "  \n", `{]`, valid + ` x`,
		`{"name": "carol", "burst": 05, "per_minute": 60}`, `{"name": "carol", "burst": +5, "per_minute": 60}`,
		valid + " " + valid, `{name: "carol"}`, `{'name': 'carol'}`} {
		cases = append(cases, apiCase{name: "malformed " + body, path: path, body: body,
			wantStatus: 400, wantCode: "malformed_json"})
	}
	for _, body := range []string{`null`, `[]`, `["carol", 5, 60]`, `30`, `"carol"`, `true`} {
		cases = append(cases, apiCase{name: "not an object " + body, path: path, body: body,
			wantStatus: 400, wantCode: "invalid_body"})
	}
	for i := range cases {
		cases[i].method = "POST"
	}
	return cases
}

// badNumbers are JSON values that are not an int64: each is invalid_body where burst
// or per_minute goes. encoding/json refuses them all with a *json.UnmarshalTypeError.
var badNumbers = []string{
	`null`, `"5"`, `1.5`, `5.0`, `0.5`, `1e3`, `-9.3e18`, `true`, `{}`, `[]`, `[5]`,
	`9223372036854775808`, `-9223372036854775809`, `18446744073709551615`, `99999999999999999999`,
}

// createBody is a POST /clients body with the three fields given as raw JSON.
func createBody(name, burst, perMinute string) string {
	return fmt.Sprintf(`{"name": %s, "burst": %s, "per_minute": %s}`, name, burst, perMinute)
}

// withCarol is the seed clients plus carol as she is right after creation.
func withCarol(carol string) map[string]string {
	return map[string]string{"alice": alice, "bob": bob, "carol": carol}
}

func TestCreateClient(t *testing.T) {
	name64 := strings.Repeat("a", 64)
	created := func(name string, burst, perMinute int64) string {
		return fmt.Sprintf(`{"name": %q, "burst": %d, "per_minute": %d, "remaining": %d, "allowed": 0, "rejected": 0}`,
			name, burst, perMinute, burst)
	}
	carol := created("carol", 3, 30)
	cases := []apiCase{
		{name: "a client", body: createBody(`"carol"`, "3", "30"),
			wantStatus: 201, wantBody: carol, wantClients: withCarol(carol)},
		{name: "unknown fields ignored", body: `{"name": "carol", "burst": 3, "per_minute": 30,
			"remaining": 0, "allowed": 9, "rejected": 9, "tier": "gold"}`,
			wantStatus: 201, wantBody: carol, wantClients: withCarol(carol)},
		{name: "whitespace and a charset", contentType: "application/json; charset=utf-8",
			body: "\n " + createBody(`"carol"`, "3", "30") + " \n", wantStatus: 201, wantBody: carol},
		{name: "the smallest limits", body: createBody(`"carol"`, "1", "1"),
			wantStatus: 201, wantBody: created("carol", 1, 1)},
		{name: "the largest limits", body: createBody(`"carol"`, "1000000", "60000"),
			wantStatus: 201, wantBody: created("carol", 1000000, 60000),
			wantClients: withCarol(created("carol", 1000000, 60000))},
		{name: "every kind of character", body: createBody(`"Az09-_"`, "2", "2"),
			wantStatus: 201, wantBody: created("Az09-_", 2, 2)},
		{name: "one character", body: createBody(`"-"`, "2", "2"),
			wantStatus: 201, wantBody: created("-", 2, 2)},
		{name: "64 characters", body: createBody(`"`+name64+`"`, "2", "2"),
			wantStatus: 201, wantBody: created(name64, 2, 2)},
		// Names are case-sensitive: Alice is not alice.
		{name: "another case", body: createBody(`"Alice"`, "2", "2"),
			wantStatus: 201, wantBody: created("Alice", 2, 2)},

		{name: "name exists", body: createBody(`"alice"`, "5", "60"), wantStatus: 409, wantCode: "client_exists"},
		// The existing client keeps its limits and its counters (wantClients nil).
		{name: "name exists, other limits", body: createBody(`"bob"`, "100", "100"),
			wantStatus: 409, wantCode: "client_exists"},

		{name: "burst 0", body: createBody(`"carol"`, "0", "60"), wantStatus: 422, wantCode: "invalid_limit"},
		{name: "burst negative", body: createBody(`"carol"`, "-1", "60"), wantStatus: 422, wantCode: "invalid_limit"},
		{name: "burst 1000001", body: createBody(`"carol"`, "1000001", "60"), wantStatus: 422, wantCode: "invalid_limit"},
		{name: "burst the largest int64", body: createBody(`"carol"`, "9223372036854775807", "60"),
			wantStatus: 422, wantCode: "invalid_limit"},
		{name: "burst the smallest int64", body: createBody(`"carol"`, "-9223372036854775808", "60"),
			wantStatus: 422, wantCode: "invalid_limit"},
		{name: "per_minute 0", body: createBody(`"carol"`, "5", "0"), wantStatus: 422, wantCode: "invalid_limit"},
		{name: "per_minute negative", body: createBody(`"carol"`, "5", "-60"), wantStatus: 422, wantCode: "invalid_limit"},
		{name: "per_minute 60001", body: createBody(`"carol"`, "5", "60001"), wantStatus: 422, wantCode: "invalid_limit"},

		{name: "name empty", body: createBody(`""`, "5", "60"), wantStatus: 422, wantCode: "invalid_name"},
		{name: "name 65 characters", body: createBody(`"`+name64+`b"`, "5", "60"), wantStatus: 422, wantCode: "invalid_name"},
	}
	for _, name := range []string{`"a b"`, `" alice"`, `"alice\n"`, `"a.b"`, `"a/b"`, `"a%20b"`,
		`"a+b"`, `"a:b"`, `"ali\u0000ce"`, `"é"`, `"\u00e9t\u00e9"`, `"🚀"`, `"ａｂｃ"`} {
		cases = append(cases, apiCase{name: "name " + name, body: createBody(name, "5", "60"),
			wantStatus: 422, wantCode: "invalid_name"})
	}
	cases = append(cases,
		// Rows that fail two checks: the first in the README's table wins.
		apiCase{name: "name before limit", body: createBody(`"a b"`, "0", "0"), wantStatus: 422, wantCode: "invalid_name"},
		apiCase{name: "limit before exists", body: createBody(`"alice"`, "0", "60"), wantStatus: 422, wantCode: "invalid_limit"},
		apiCase{name: "shape before name", body: createBody(`""`, "5", "60.5"), wantStatus: 400, wantCode: "invalid_body"},
		apiCase{name: "shape before exists", body: createBody(`"alice"`, "null", "60"), wantStatus: 400, wantCode: "invalid_body"},

		apiCase{name: "empty object", body: `{}`, wantStatus: 400, wantCode: "invalid_body"},
		apiCase{name: "name missing", body: `{"burst": 5, "per_minute": 60}`, wantStatus: 400, wantCode: "invalid_body"},
		apiCase{name: "burst missing", body: `{"name": "carol", "per_minute": 60}`, wantStatus: 400, wantCode: "invalid_body"},
		apiCase{name: "per_minute missing", body: `{"name": "carol", "burst": 5}`, wantStatus: 400, wantCode: "invalid_body"},
		apiCase{name: "perMinute is not per_minute", body: `{"name": "carol", "burst": 5, "perMinute": 60}`,
			wantStatus: 400, wantCode: "invalid_body"},
	)
	for _, bad := range []string{`null`, `5`, `true`, `["carol"]`, `{"name": "carol"}`} {
		cases = append(cases, apiCase{name: "name " + bad, body: createBody(bad, "5", "60"),
			wantStatus: 400, wantCode: "invalid_body"})
	}
	for _, n := range badNumbers {
		cases = append(cases,
			apiCase{name: "burst " + n, body: createBody(`"carol"`, n, "60"), wantStatus: 400, wantCode: "invalid_body"},
			apiCase{name: "per_minute " + n, body: createBody(`"carol"`, "5", n), wantStatus: 400, wantCode: "invalid_body"},
		)
	}
	for i := range cases {
		cases[i].method, cases[i].path = "POST", "/clients"
	}
	runCases(t, append(cases, bodyErrorCases("/clients")...))
}

func TestGetClient(t *testing.T) {
	cases := []apiCase{
		{name: "alice", path: "/clients/alice", wantStatus: 200, wantBody: alice},
		{name: "bob", path: "/clients/bob", wantStatus: 200, wantBody: bob},
		// The path is percent-decoded before the lookup, as axum's Path does.
		{name: "percent-encoded", path: "/clients/al%69ce", wantStatus: 200, wantBody: alice},
		{name: "a query is not part of the name", path: "/clients/alice?verbose=1", wantStatus: 200, wantBody: alice},

		{name: "unknown", path: "/clients/carol", wantStatus: 404, wantCode: "client_not_found"},
		{name: "another case", path: "/clients/Alice", wantStatus: 404, wantCode: "client_not_found"},
		// A name that breaks the naming rules cannot exist: 404, like any unknown name.
		{name: "an invalid name", path: "/clients/a.b", wantStatus: 404, wantCode: "client_not_found"},
		{name: "a name too long", path: "/clients/" + strings.Repeat("a", 65), wantStatus: 404, wantCode: "client_not_found"},
		{name: "an encoded slash", path: "/clients/a%2Fb", wantStatus: 404, wantCode: "client_not_found"},
	}
	for i := range cases {
		cases[i].method = "GET"
	}
	runCases(t, cases)
}

func TestTake(t *testing.T) {
	aliceAfterOne := `{"name": "alice", "burst": 5, "per_minute": 60, "remaining": 4, "allowed": 1, "rejected": 0}`
	bobRejected := `{"name": "bob", "burst": 1, "per_minute": 1, "remaining": 0, "allowed": 1, "rejected": 1}`
	cases := []apiCase{
		{name: "a token", path: "/clients/alice/take", wantStatus: 200,
			wantBody:    `{"allowed": true, "remaining": 4}`,
			wantClients: map[string]string{"alice": aliceAfterOne, "bob": bob}},
		// The body is ignored, whatever it is and whatever its Content-Type says.
		{name: "a JSON body", path: "/clients/alice/take", body: `{"count": 3}`, wantStatus: 200,
			wantBody: `{"allowed": true, "remaining": 4}`, wantClients: map[string]string{"alice": aliceAfterOne}},
		{name: "malformed JSON", path: "/clients/alice/take", body: `{"count":`, wantStatus: 200,
			wantBody: `{"allowed": true, "remaining": 4}`, wantClients: map[string]string{"alice": aliceAfterOne}},
		{name: "text/plain", path: "/clients/alice/take", contentType: "text/plain", body: "take", wantStatus: 200,
			wantBody: `{"allowed": true, "remaining": 4}`, wantClients: map[string]string{"alice": aliceAfterOne}},
		{name: "no Content-Type", path: "/clients/alice/take", contentType: noContentType, wantStatus: 200,
			wantBody: `{"allowed": true, "remaining": 4}`, wantClients: map[string]string{"alice": aliceAfterOne}},

		{name: "an empty bucket", path: "/clients/bob/take", wantStatus: 429, wantCode: "rate_limited",
			wantRetryAfter: "60", wantClients: map[string]string{"alice": alice, "bob": bobRejected}},
		{name: "an empty bucket and a body", path: "/clients/bob/take", contentType: "text/plain", body: "{",
			wantStatus: 429, wantCode: "rate_limited", wantRetryAfter: "60",
			wantClients: map[string]string{"bob": bobRejected}},

		{name: "unknown", path: "/clients/carol/take", wantStatus: 404, wantCode: "client_not_found"},
		{name: "unknown, with a malformed body", path: "/clients/carol/take", contentType: "text/plain",
			body: "{", wantStatus: 404, wantCode: "client_not_found"},
		{name: "an invalid name", path: "/clients/a.b/take", wantStatus: 404, wantCode: "client_not_found"},
	}
	for i := range cases {
		cases[i].method = "POST"
	}
	runCases(t, cases)
}

func TestDeleteClient(t *testing.T) {
	cases := []apiCase{
		{name: "alice", path: "/clients/alice", wantStatus: 204,
			wantClients: map[string]string{"alice": "", "bob": bob}},
		{name: "bob", path: "/clients/bob", wantStatus: 204,
			wantClients: map[string]string{"alice": alice, "bob": ""}},
		{name: "a body is ignored", path: "/clients/alice", contentType: "text/plain", body: "{",
			wantStatus: 204, wantClients: map[string]string{"alice": ""}},
		{name: "unknown", path: "/clients/carol", wantStatus: 404, wantCode: "client_not_found"},
		{name: "an invalid name", path: "/clients/a.b", wantStatus: 404, wantCode: "client_not_found"},
	}
	for i := range cases {
		cases[i].method = "DELETE"
	}
	runCases(t, cases)
}

// A deleted client is gone for every endpoint, and a new client of the same name starts
// afresh: a full bucket, new limits, counters at 0.
func TestDeleteThenCreateAgain(t *testing.T) {
	srv, _ := newSeededServer(t)
	steps := []struct {
		method, path, body string
		want               apiCase
	}{
		{"POST", "/clients/alice/take", "", apiCase{wantStatus: 200, wantBody: `{"allowed": true, "remaining": 4}`}},
		{"DELETE", "/clients/alice", "", apiCase{wantStatus: 204}},
		{"GET", "/clients/alice", "", apiCase{wantStatus: 404, wantCode: "client_not_found"}},
		{"POST", "/clients/alice/take", "", apiCase{wantStatus: 404, wantCode: "client_not_found"}},
		{"DELETE", "/clients/alice", "", apiCase{wantStatus: 404, wantCode: "client_not_found"}},
		{"POST", "/clients", createBody(`"alice"`, "2", "120"), apiCase{wantStatus: 201,
			wantBody: `{"name": "alice", "burst": 2, "per_minute": 120, "remaining": 2, "allowed": 0, "rejected": 0}`}},
		{"POST", "/clients/alice/take", "", apiCase{wantStatus: 200, wantBody: `{"allowed": true, "remaining": 1}`}},
	}
	for i, step := range steps {
		rec := do(srv, step.method, step.path, "application/json", step.body)
		t.Logf("step %d: %s %s", i+1, step.method, step.path)
		check(t, rec, step.want)
	}
	assertClients(t, srv, map[string]string{"bob": bob})
}

// takeAndCheck makes one take and checks the answer: a remaining count when wantRemaining
// is ≥ 0, or a 429 with the given Retry-After.
func takeAndCheck(t *testing.T, srv *Server, name string, wantRemaining int, wantRetryAfter string) {
	t.Helper()
	rec := do(srv, "POST", "/clients/"+name+"/take", noContentType, "")
	if wantRemaining >= 0 {
		check(t, rec, apiCase{wantStatus: 200, wantBody: fmt.Sprintf(`{"allowed": true, "remaining": %d}`, wantRemaining)})
	} else {
		check(t, rec, apiCase{wantStatus: 429, wantCode: "rate_limited", wantRetryAfter: wantRetryAfter})
	}
}

const refused = -1 // as takeAndCheck's wantRemaining

// With an empty bucket, Retry-After is 60/per_minute seconds, rounded up: the time one
// whole token takes to flow back.
func TestRetryAfterOfAnEmptyBucket(t *testing.T) {
	tests := []struct {
		perMinute int64
		want      string
	}{
		{60, "1"}, // one token a second
		{1, "60"}, // the slowest: one a minute
		{2, "30"},
		{7, "9"},     // 8.57 s, rounded up
		{45, "2"},    // 1.33 s
		{59, "2"},    // 1.02 s: just over a second is 2
		{61, "1"},    // 0.98 s
		{120, "1"},   // half a second is still 1: never 0
		{60000, "1"}, // a thousandth of a second
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.perMinute), func(t *testing.T) {
			srv, _ := newServer()
			mustCreate(t, srv, "carol", 1, tt.perMinute)
			takeAndCheck(t, srv, "carol", 0, "")
			takeAndCheck(t, srv, "carol", refused, tt.want)
			takeAndCheck(t, srv, "carol", refused, tt.want) // the clock has not moved
		})
	}
}

// Tokens flow back continuously, fractions included: Retry-After shrinks as the clock
// moves, and the take succeeds once a whole token is back.
func TestRetryAfterShrinksAsTokensFlowBack(t *testing.T) {
	srv, clock := newServer()
	mustCreate(t, srv, "carol", 1, 1) // one token a minute
	takeAndCheck(t, srv, "carol", 0, "")
	steps := []struct {
		advance time.Duration
		want    string
	}{
		{0, "60"},
		{1 * time.Second, "59"},
		{500 * time.Millisecond, "59"}, // 58.5 s to go, rounded up
		{13500 * time.Millisecond, "45"},
		{44 * time.Second, "1"},
		{999 * time.Millisecond, "1"}, // a millisecond to go
	}
	for _, step := range steps {
		clock.Advance(step.advance)
		takeAndCheck(t, srv, "carol", refused, step.want)
	}
	clock.Advance(time.Millisecond) // exactly 60 s after the take
	takeAndCheck(t, srv, "carol", 0, "")
	takeAndCheck(t, srv, "carol", refused, "60")

	// Refused takes took nothing: they did not delay the refill.
	assertClients(t, srv, map[string]string{"carol": `{"name": "carol", "burst": 1, "per_minute": 1,
		"remaining": 0, "allowed": 2, "rejected": 7}`})
}

func TestRefill(t *testing.T) {
	srv, clock := newServer()
	mustCreate(t, srv, "carol", 5, 60) // one token a second
	carol := func(remaining, allowed, rejected int) map[string]string {
		return map[string]string{"carol": fmt.Sprintf(`{"name": "carol", "burst": 5, "per_minute": 60,
			"remaining": %d, "allowed": %d, "rejected": %d}`, remaining, allowed, rejected)}
	}

	for want := 4; want >= 0; want-- {
		takeAndCheck(t, srv, "carol", want, "")
	}
	takeAndCheck(t, srv, "carol", refused, "1")
	assertClients(t, srv, carol(0, 5, 1))

	clock.Advance(500 * time.Millisecond) // half a token: remaining drops the fraction
	assertClients(t, srv, carol(0, 5, 1))
	takeAndCheck(t, srv, "carol", refused, "1")

	clock.Advance(500 * time.Millisecond) // a whole token
	assertClients(t, srv, carol(1, 5, 2))
	takeAndCheck(t, srv, "carol", 0, "")

	clock.Advance(2500 * time.Millisecond) // two and a half tokens
	assertClients(t, srv, carol(2, 6, 2))
	takeAndCheck(t, srv, "carol", 1, "")
	takeAndCheck(t, srv, "carol", 0, "")
	// Half a token is left over from the 2.5, so the next whole one is half a second
	// away, which rounds up to 1.
	takeAndCheck(t, srv, "carol", refused, "1")
	clock.Advance(500 * time.Millisecond)
	takeAndCheck(t, srv, "carol", 0, "")

	// However long the bucket waits, it holds no more than burst.
	clock.Advance(time.Hour)
	assertClients(t, srv, carol(5, 9, 3))
	for want := 4; want >= 0; want-- {
		takeAndCheck(t, srv, "carol", want, "")
	}
	takeAndCheck(t, srv, "carol", refused, "1")
	assertClients(t, srv, carol(0, 14, 4))
}

// A GET shows the refill so far and changes nothing: reading in between does not
// change when the next token arrives.
func TestGetChangesNothing(t *testing.T) {
	srv, clock := newServer()
	mustCreate(t, srv, "carol", 1, 30) // a token every two seconds
	takeAndCheck(t, srv, "carol", 0, "")
	for range 3 {
		clock.Advance(500 * time.Millisecond)
		assertClients(t, srv, map[string]string{"carol": `{"name": "carol", "burst": 1, "per_minute": 30,
			"remaining": 0, "allowed": 1, "rejected": 0}`})
	}
	takeAndCheck(t, srv, "carol", refused, "1") // 0.5 s to go
	clock.Advance(500 * time.Millisecond)
	takeAndCheck(t, srv, "carol", 0, "")
}

func TestUnknownErrorsBecomeBare500s(t *testing.T) {
	rec := httptest.NewRecorder()
	writeError(rec, httptest.NewRequest("GET", "/clients/alice", nil), errors.New("secret detail"))
	check(t, rec, apiCase{wantStatus: 500, wantCode: "internal"})
	if strings.Contains(rec.Body.String(), "secret") {
		t.Errorf("body leaks the error: %s", rec.Body)
	}
}

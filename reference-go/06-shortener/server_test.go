package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// storeKinds are the two implementations of Store. The handler tests, the store tests
// and the concurrency tests all run once against each: the handlers must not be able
// to tell them apart.
var storeKinds = []struct {
	name string
	open func(t *testing.T) Store
}{
	{"memory", func(*testing.T) Store { return newMemoryStore() }},
	{"sqlite", func(t *testing.T) Store { return openTestSQLiteStore(t) }},
}

// openTestSQLiteStore opens a store on a new file in a temporary directory, closed when
// the test ends.
func openTestSQLiteStore(t *testing.T) *sqliteStore {
	t.Helper()
	path := filepath.Join(t.TempDir(), "links.db")
	store, err := openSQLiteStore(context.Background(), path)
	if err != nil {
		t.Fatalf("openSQLiteStore(%s): %v", path, err)
	}
	t.Cleanup(func() {
		if err := store.Close(); err != nil {
			t.Errorf("closing the store: %v", err)
		}
	})
	return store
}

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
	wantBody    string // the whole JSON body, compared as a value; empty for error rows, 204 and 302
	wantCode    string // for error rows: only the code is contract, the message is free
	wantAllow   string // the Allow header, checked when not empty
	// wantLocation is the Location header of a 302 row.
	wantLocation string
	// wantLinks is every stored link after the request, as a JSON array ordered by code
	// (see linksJSON). Left empty, it is seedLinks: nothing changed. Every error row
	// leaves it empty: a rejected request changes nothing.
	wantLinks string
}

// The links every seeded server holds, created through the API; go-dev's redirect is
// then followed twice.
const (
	book  = `{"code": "rust-book", "url": "https://doc.rust-lang.org/book/", "hits": 0}`
	godev = `{"code": "go-dev", "url": "https://go.dev/", "hits": 2}`
)

var seedBodies = []string{
	`{"url": "https://doc.rust-lang.org/book/", "alias": "rust-book"}`,
	`{"url": "https://go.dev/", "alias": "go-dev"}`,
}

// seedLinks is the seeded store, in code order.
var seedLinks = linksJSON(godev, book)

// linksJSON is a JSON array of the given links, which must be in code order.
func linksJSON(links ...string) string {
	return "[" + strings.Join(links, ", ") + "]"
}

// newServer returns a server over a new, empty store of the given kind.
func newServer(t *testing.T, open func(*testing.T) Store) *Server {
	t.Helper()
	return NewServer(open(t))
}

// newSeededServer returns a server holding the two seed links.
func newSeededServer(t *testing.T, open func(*testing.T) Store) *Server {
	t.Helper()
	srv := newServer(t, open)
	for _, body := range seedBodies {
		if rec := do(srv, "POST", "/links", "application/json", body); rec.Code != http.StatusCreated {
			t.Fatalf("seeding %s: status %d, body %s", body, rec.Code, rec.Body)
		}
	}
	for range 2 {
		if rec := do(srv, "GET", "/go-dev", noContentType, ""); rec.Code != http.StatusFound {
			t.Fatalf("seeding hits: status %d, body %s", rec.Code, rec.Body)
		}
	}
	return srv
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

// runCases runs every row as a subtest against each kind of store, each row on a fresh
// seeded store, checks status, headers and body, then compares every stored link. The
// rows share nothing, so they run in parallel: most of their time is SQLite creating
// and syncing its files.
func runCases(t *testing.T, cases []apiCase) {
	t.Helper()
	for _, kind := range storeKinds {
		for _, tc := range cases {
			t.Run(kind.name+"/"+tc.name, func(t *testing.T) {
				t.Parallel()
				srv := newSeededServer(t, kind.open)
				contentType := tc.contentType
				if contentType == "" {
					contentType = "application/json"
				}
				rec := do(srv, tc.method, tc.path, contentType, tc.body)
				check(t, rec, tc)

				wantLinks := tc.wantLinks
				if wantLinks == "" {
					wantLinks = seedLinks
				}
				assertLinks(t, srv.store, wantLinks)
			})
		}
	}
}

// allLinks reads every link straight from the store, in code order. Store has no way to
// list links (the service does not need one), so this looks behind the interface, with
// a type switch: the one place in the package that does.
func allLinks(t *testing.T, s Store) []Link {
	t.Helper()
	var links []Link
	switch s := s.(type) {
	case *memoryStore:
		s.mu.Lock()
		for _, l := range s.links {
			links = append(links, l)
		}
		s.mu.Unlock()
	case *sqliteStore:
		rows, err := s.db.Query(`SELECT ` + linkColumns + ` FROM links`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var l Link
			if err := rows.Scan(&l.Code, &l.URL, &l.Hits); err != nil {
				t.Fatal(err)
			}
			links = append(links, l)
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
	default:
		t.Fatalf("allLinks: unknown store %T", s)
	}
	// Sorted here rather than by ORDER BY, so that both stores sort the same way: by
	// bytes, which is also how SQLite's BINARY collation compares.
	slices.SortFunc(links, func(a, b Link) int { return strings.Compare(a.Code, b.Code) })
	return links
}

// assertLinks compares every stored link with want, a JSON array in code order.
func assertLinks(t *testing.T, s Store, want string) {
	t.Helper()
	got, err := json.Marshal(allLinks(t, s))
	if err != nil {
		t.Fatal(err)
	}
	if string(got) == "null" {
		got = []byte("[]")
	}
	assertJSONEqual(t, got, want)
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
	switch tc.wantStatus {
	case http.StatusNoContent, http.StatusFound:
		// No body, so no Content-Type either.
		if rec.Body.Len() != 0 {
			t.Errorf("a %d has a body: %q", tc.wantStatus, rec.Body)
		}
		if ct := rec.Header().Get("Content-Type"); ct != "" {
			t.Errorf("a %d has Content-Type %q", tc.wantStatus, ct)
		}
		if tc.wantStatus == http.StatusFound {
			if got := rec.Header().Get("Location"); got != tc.wantLocation {
				t.Errorf("Location = %q, want %q", got, tc.wantLocation)
			}
			if got := rec.Header().Get("Cache-Control"); got != "no-store" {
				t.Errorf("Cache-Control = %q, want no-store", got)
			}
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
		{name: "the root", method: "GET", path: "/", wantStatus: 404, wantCode: "not_found"},
		{name: "more segments than any route", method: "GET", path: "/a/b/c",
			wantStatus: 404, wantCode: "not_found"},
		{name: "below a link", method: "GET", path: "/links/rust-book/hits",
			wantStatus: 404, wantCode: "not_found"},
		{name: "below a redirect", method: "GET", path: "/rust-book/x",
			wantStatus: 404, wantCode: "not_found"},
		// A trailing slash is another path, with an empty last segment, which no {code}
		// matches.
		{name: "trailing slash on /links", method: "GET", path: "/links/",
			wantStatus: 404, wantCode: "not_found"},
		{name: "trailing slash on a redirect", method: "GET", path: "/rust-book/",
			wantStatus: 404, wantCode: "not_found"},
		{name: "trailing slash on /health", method: "GET", path: "/health/",
			wantStatus: 404, wantCode: "not_found"},
		// The mux would redirect these to a cleaned path; the contract has no such
		// redirects, and they count no hit.
		{name: "double slash", method: "GET", path: "//go-dev", wantStatus: 404, wantCode: "not_found"},
		{name: "dot segments", method: "DELETE", path: "/links/x/../go-dev",
			wantStatus: 404, wantCode: "not_found"},

		// /{code} is GET only; the method is checked by the router, before any lookup,
		// so these change nothing even for a code that exists.
		{name: "POST /{code}", method: "POST", path: "/abc", body: `{"url": "https://go.dev/"}`,
			wantStatus: 405, wantCode: "method_not_allowed", wantAllow: "GET, HEAD"},
		{name: "DELETE /{code} of a link", method: "DELETE", path: "/go-dev",
			wantStatus: 405, wantCode: "method_not_allowed", wantAllow: "GET, HEAD"},
		{name: "PUT /{code}", method: "PUT", path: "/go-dev",
			wantStatus: 405, wantCode: "method_not_allowed", wantAllow: "GET, HEAD"},
		{name: "POST /health", method: "POST", path: "/health", body: "{}",
			wantStatus: 405, wantCode: "method_not_allowed", wantAllow: "GET, HEAD"},
		{name: "PUT /links/{code}", method: "PUT", path: "/links/abc", body: `{"url": "https://example.com/"}`,
			wantStatus: 405, wantCode: "method_not_allowed", wantAllow: "DELETE, GET, HEAD"},
		{name: "POST /links/{code}", method: "POST", path: "/links/rust-book", body: `{"url": "https://example.com/"}`,
			wantStatus: 405, wantCode: "method_not_allowed", wantAllow: "DELETE, GET, HEAD"},
		{name: "PATCH /links/{code}", method: "PATCH", path: "/links/rust-book", body: `{"url": "https://example.com/"}`,
			wantStatus: 405, wantCode: "method_not_allowed", wantAllow: "DELETE, GET, HEAD"},

		// /links is its own route, POST only: not /{code} with the code "links".
		{name: "GET /links", method: "GET", path: "/links",
			wantStatus: 405, wantCode: "method_not_allowed", wantAllow: "POST"},
		{name: "HEAD /links", method: "HEAD", path: "/links",
			wantStatus: 405, wantCode: "method_not_allowed", wantAllow: "POST"},
		{name: "PUT /links", method: "PUT", path: "/links", body: `{"url": "https://example.com/"}`,
			wantStatus: 405, wantCode: "method_not_allowed", wantAllow: "POST"},
		{name: "DELETE /links", method: "DELETE", path: "/links",
			wantStatus: 405, wantCode: "method_not_allowed", wantAllow: "POST"},
		// Only the exact word is the route; anything else is a code, and an unknown one.
		{name: "GET /Links", method: "GET", path: "/Links", wantStatus: 404, wantCode: "link_not_found"},
		{name: "GET /linksx", method: "GET", path: "/linksx", wantStatus: 404, wantCode: "link_not_found"},
		{name: "GET /Health", method: "GET", path: "/Health", wantStatus: 404, wantCode: "link_not_found"},
	})
}

// TestRoutesWinOverLinks stores links named health and links behind the API's back
// (the API refuses both aliases): the routes still answer, and the links are never
// followed.
func TestRoutesWinOverLinks(t *testing.T) {
	for _, kind := range storeKinds {
		t.Run(kind.name, func(t *testing.T) {
			store := kind.open(t)
			for _, code := range []string{"health", "links"} {
				if _, err := store.Create(context.Background(), code, "https://example.com/"+code); err != nil {
					t.Fatal(err)
				}
			}
			srv := NewServer(store)
			check(t, do(srv, "GET", "/health", noContentType, ""),
				apiCase{wantStatus: 200, wantBody: `{"status": "ok"}`})
			check(t, do(srv, "GET", "/links", noContentType, ""),
				apiCase{wantStatus: 405, wantCode: "method_not_allowed", wantAllow: "POST"})
			assertLinks(t, store, linksJSON(
				`{"code": "health", "url": "https://example.com/health", "hits": 0}`,
				`{"code": "links", "url": "https://example.com/links", "hits": 0}`))
		})
	}
}

// TestRedirectOnTheWire sends the redirect through a real net/http server and client:
// the recorder in the other tests shows what the handler wrote, this shows what the
// client gets, after net/http has added what it adds. No body, no Content-Type.
func TestRedirectOnTheWire(t *testing.T) {
	srv := newSeededServer(t, storeKinds[0].open)
	ts := httptest.NewServer(srv)
	defer ts.Close()
	// The default client follows redirects (to go.dev, which a test must not reach).
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}
	for _, method := range []string{"GET", "HEAD"} {
		req, err := http.NewRequest(method, ts.URL+"/go-dev", nil)
		if err != nil {
			t.Fatal(err)
		}
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		if resp.StatusCode != http.StatusFound || len(body) != 0 {
			t.Errorf("%s: status %d, body %q; want 302 and no body", method, resp.StatusCode, body)
		}
		for header, want := range map[string]string{
			"Location":      "https://go.dev/",
			"Cache-Control": "no-store",
			"Content-Type":  "",
		} {
			if got := resp.Header.Get(header); got != want {
				t.Errorf("%s: %s = %q, want %q", method, header, got, want)
			}
		}
	}
	// The seed's two hits, then GET and HEAD: one each.
	assertLinks(t, srv.store, linksJSON(
		`{"code": "go-dev", "url": "https://go.dev/", "hits": 4}`, book))
}

func TestDatabasePath(t *testing.T) {
	tests := []struct {
		url, want string
		wantErr   bool
	}{
		{url: "sqlite:///tmp/links.db", want: "/tmp/links.db"},
		{url: "sqlite://links.db", want: "links.db"},
		{url: "sqlite://data/links.db", want: "data/links.db"},
		{url: "sqlite://", wantErr: true},
		{url: "links.db", wantErr: true},
		{url: "/tmp/links.db", wantErr: true},
		{url: "sqlite:links.db", wantErr: true},
		{url: "postgres://localhost/links", wantErr: true},
		{url: "sqlite://links.db?mode=rwc", wantErr: true},
	}
	for _, tt := range tests {
		got, err := databasePath(tt.url)
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("databasePath(%q) = %q, %v; want %q, error %v", tt.url, got, err, tt.want, tt.wantErr)
		}
	}
}

// TestOpenStore is main's choice: DATABASE_URL unset (empty) is the memory store,
// sqlite://PATH the SQLite store on that file, anything else an error.
func TestOpenStore(t *testing.T) {
	ctx := context.Background()

	store, err := openStore(ctx, "")
	if _, ok := store.(*memoryStore); !ok || err != nil {
		t.Errorf(`openStore(""): %T, %v; want a *memoryStore`, store, err)
	}
	if err := closeStore(store); err != nil {
		t.Errorf("closing the memory store: %v", err)
	}

	path := filepath.Join(t.TempDir(), "links.db")
	store, err = openStore(ctx, "sqlite://"+path)
	if _, ok := store.(*sqliteStore); !ok || err != nil {
		t.Fatalf("openStore(sqlite://%s): %T, %v; want a *sqliteStore", path, store, err)
	}
	if _, err := os.Stat(path); err != nil {
		t.Errorf("the database file: %v", err)
	}
	if err := closeStore(store); err != nil {
		t.Errorf("closing the SQLite store: %v", err)
	}

	for _, url := range []string{"postgres://localhost/links", "sqlite://",
		"sqlite://" + filepath.Join(t.TempDir(), "no-such-dir", "links.db")} {
		if store, err := openStore(ctx, url); err == nil {
			closeStore(store)
			t.Errorf("openStore(%q): no error", url)
		}
	}
}

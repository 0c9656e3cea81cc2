package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// bodyErrorCases are the same rows as for every endpoint with a body in 02–05: 415,
// malformed_json and the shapes that are invalid_body whatever the fields.
func bodyErrorCases(method, path string) []apiCase {
	const good = `{"url": "https://example.com/", "alias": "new-link"}`
	var cases []apiCase
	for _, ct := range []string{noContentType, "text/plain", "application/x-www-form-urlencoded"} {
		cases = append(cases, apiCase{name: "Content-Type " + ct, contentType: ct,
			body: good, wantStatus: 415, wantCode: "unsupported_media_type"})
	}
	cases = append(cases, apiCase{name: "Content-Type before syntax",
		contentType: "text/plain", body: `{"url":`, wantStatus: 415, wantCode: "unsupported_media_type"})
	for _, body := range []string{`{"url": `, ``, "  \n", `{]`, good + ` x`, good + ` ` + good,
		`{'url': 'https://example.com/'}`, `{"url": https://example.com/}`} {
		cases = append(cases, apiCase{name: "malformed " + body, body: body,
			wantStatus: 400, wantCode: "malformed_json"})
	}
	for _, body := range []string{`null`, `[]`, `[` + good + `]`, `42`, `"https://example.com/"`, `true`} {
		cases = append(cases, apiCase{name: "not an object " + body, body: body,
			wantStatus: 400, wantCode: "invalid_body"})
	}
	for i := range cases {
		cases[i].method, cases[i].path = method, path
	}
	return cases
}

// urlOf returns an http URL of exactly n characters, its path made of c.
func urlOf(n int, c string) string {
	const prefix = "https://example.com/"
	return prefix + strings.Repeat(c, n-len(prefix))
}

func TestCreateLinkWithAlias(t *testing.T) {
	// created returns the row's wantBody and wantLinks for a new link with hits 0.
	created := func(code, url string) (string, string) {
		b, err := json.Marshal(Link{Code: code, URL: url})
		if err != nil {
			t.Fatal(err)
		}
		link := string(b)
		// The seeds are go-dev and rust-book; put the new link in code order.
		links := []string{godev, book}
		switch {
		case code < "go-dev":
			links = []string{link, godev, book}
		case code < "rust-book":
			links = []string{godev, link, book}
		default:
			links = append(links, link)
		}
		return link, linksJSON(links...)
	}
	row := func(name, body, code, url string) apiCase {
		wantBody, wantLinks := created(code, url)
		return apiCase{name: name, body: body, wantStatus: 201, wantBody: wantBody, wantLinks: wantLinks}
	}
	long, longUnicode := urlOf(2048, "a"), urlOf(2048, "é") // 2048 characters; the second, 4076 bytes
	cases := []apiCase{
		row("an alias", `{"url": "https://crates.io/", "alias": "crates"}`, "crates", "https://crates.io/"),
		row("unknown fields, code and hits included, ignored",
			`{"url": "https://crates.io/", "alias": "crates", "code": "other", "hits": 99, "tags": []}`,
			"crates", "https://crates.io/"),
		{name: "whitespace and a charset", contentType: "application/json; charset=utf-8",
			body: "\n {\"url\": \"https://crates.io/\", \"alias\": \"crates\"} \n", wantStatus: 201,
			wantBody:  `{"code": "crates", "url": "https://crates.io/", "hits": 0}`,
			wantLinks: linksJSON(`{"code": "crates", "url": "https://crates.io/", "hits": 0}`, godev, book)},

		// The URL is stored exactly as given: no lower-cased host, no re-encoding.
		row("the url kept exactly", `{"url": "https://Example.com/a/b?q=1&r=%20x#part", "alias": "exact-url"}`,
			"exact-url", "https://Example.com/a/b?q=1&r=%20x#part"),
		row("http", `{"url": "http://example.com", "alias": "plain"}`, "plain", "http://example.com"),
		row("an upper-case scheme", `{"url": "HTTPS://EXAMPLE.COM/", "alias": "upper"}`, "upper", "HTTPS://EXAMPLE.COM/"),
		row("a port, user info and an IPv6 host", `{"url": "http://u:p@[::1]:8080/x", "alias": "ipv6"}`,
			"ipv6", "http://u:p@[::1]:8080/x"),
		row("a URL of 2048 characters", `{"url": "`+long+`", "alias": "long"}`, "long", long),
		row("2048 characters, more bytes", `{"url": "`+longUnicode+`", "alias": "long"}`, "long", longUnicode),

		row("an alias of 3", `{"url": "https://go.dev/", "alias": "abc"}`, "abc", "https://go.dev/"),
		row("an alias of 32", `{"url": "https://go.dev/", "alias": "`+strings.Repeat("x", 32)+`"}`,
			strings.Repeat("x", 32), "https://go.dev/"),
		row("every kind of alias character", `{"url": "https://go.dev/", "alias": "aZ0-_9"}`, "aZ0-_9", "https://go.dev/"),
		row("digits only", `{"url": "https://go.dev/", "alias": "123"}`, "123", "https://go.dev/"),
		row("a made-up code's shape", `{"url": "https://go.dev/", "alias": "Ab3dE7g"}`, "Ab3dE7g", "https://go.dev/"),
		// The reserved words are exact, as the router is.
		row("Health is not health", `{"url": "https://go.dev/", "alias": "Health"}`, "Health", "https://go.dev/"),
		row("healthz", `{"url": "https://go.dev/", "alias": "healthz"}`, "healthz", "https://go.dev/"),
		row("links-2", `{"url": "https://go.dev/", "alias": "links-2"}`, "links-2", "https://go.dev/"),
		// Codes are case-sensitive: rust-book is taken, Rust-Book is not.
		row("another case is another code", `{"url": "https://go.dev/", "alias": "Rust-Book"}`,
			"Rust-Book", "https://go.dev/"),
		// Two links may share a URL.
		row("a URL already stored", `{"url": "https://go.dev/", "alias": "golang"}`, "golang", "https://go.dev/"),
	}
	for i := range cases {
		cases[i].method, cases[i].path = "POST", "/links"
	}
	runCases(t, cases)
}

func TestCreateLinkErrors(t *testing.T) {
	var cases []apiCase
	for _, url := range []string{
		"not a url", "ftp://example.com/file", "https://", "/relative/path", "", "javascript:alert(1)",
		"mailto:someone@example.com", "https:example.com", "https:///path", "https://:443/",
		"//example.com/", "example.com", "https://exa mple.com/", "http://example.com:port/",
		"https://example.com/\nSet-Cookie: x=1", "https://example.com/\x7f", " https://example.com/",
		urlOf(2049, "a"), urlOf(2049, "é"),
	} {
		body, err := json.Marshal(map[string]string{"url": url, "alias": "new-link"})
		if err != nil {
			t.Fatal(err)
		}
		cases = append(cases, apiCase{name: "url " + url[:min(len(url), 40)], body: string(body),
			wantStatus: 422, wantCode: "invalid_url"})
	}
	for _, alias := range []string{"", "ab", strings.Repeat("x", 33), "has space", "links", "health",
		"ünï", "a/b", "a.b", "abc?", "%41bc", "tab\tx", "rust-book "} {
		body, err := json.Marshal(map[string]string{"url": "https://example.com/", "alias": alias})
		if err != nil {
			t.Fatal(err)
		}
		cases = append(cases, apiCase{name: "alias " + alias, body: string(body),
			wantStatus: 422, wantCode: "invalid_alias"})
	}
	cases = append(cases, []apiCase{
		{name: "alias taken", body: `{"url": "https://doc.rust-lang.org/book/", "alias": "rust-book"}`,
			wantStatus: 409, wantCode: "alias_taken"},
		{name: "alias taken, another url: the first link stays",
			body: `{"url": "https://example.com/", "alias": "go-dev"}`, wantStatus: 409, wantCode: "alias_taken"},

		{name: "empty object", body: `{}`, wantStatus: 400, wantCode: "invalid_body"},
		{name: "url missing", body: `{"alias": "no-url"}`, wantStatus: 400, wantCode: "invalid_body"},
		{name: "url null", body: `{"url": null}`, wantStatus: 400, wantCode: "invalid_body"},
		{name: "url a number", body: `{"url": 42}`, wantStatus: 400, wantCode: "invalid_body"},
		{name: "url an array", body: `{"url": ["https://example.com/"]}`, wantStatus: 400, wantCode: "invalid_body"},
		{name: "url an object", body: `{"url": {"href": "https://example.com/"}}`, wantStatus: 400, wantCode: "invalid_body"},
		{name: "alias a number", body: `{"url": "https://example.com/", "alias": 123}`,
			wantStatus: 400, wantCode: "invalid_body"},
		{name: "alias true", body: `{"url": "https://example.com/", "alias": true}`,
			wantStatus: 400, wantCode: "invalid_body"},
		{name: "alias an array", body: `{"url": "https://example.com/", "alias": ["abc"]}`,
			wantStatus: 400, wantCode: "invalid_body"},

		// The order: the body's shape, then the url, then the alias, then the store.
		{name: "bad url and bad alias", body: `{"url": "ftp://x", "alias": "a"}`,
			wantStatus: 422, wantCode: "invalid_url"},
		{name: "bad url and taken alias", body: `{"url": "ftp://x", "alias": "rust-book"}`,
			wantStatus: 422, wantCode: "invalid_url"},
		{name: "bad url and no alias", body: `{"url": "ftp://x"}`, wantStatus: 422, wantCode: "invalid_url"},
		{name: "reserved alias, also a link's code", body: `{"url": "https://example.com/", "alias": "links"}`,
			wantStatus: 422, wantCode: "invalid_alias"},
		{name: "url null and bad alias", body: `{"url": null, "alias": "a"}`,
			wantStatus: 400, wantCode: "invalid_body"},
		{name: "bad url and alias a number", body: `{"url": "ftp://x", "alias": 1}`,
			wantStatus: 400, wantCode: "invalid_body"},
		{name: "taken alias and url a number", body: `{"url": 1, "alias": "rust-book"}`,
			wantStatus: 400, wantCode: "invalid_body"},
	}...)
	for i := range cases {
		cases[i].method, cases[i].path = "POST", "/links"
	}
	runCases(t, append(cases, bodyErrorCases("POST", "/links")...))
}

var codePattern = regexp.MustCompile(`^[A-Za-z0-9]{7}$`)

// TestCreateLinkMadeUpCode: without an alias, or with alias null, the service makes up
// a 7-character code, and the link is stored under it.
func TestCreateLinkMadeUpCode(t *testing.T) {
	for _, kind := range storeKinds {
		for _, body := range []string{`{"url": "https://go.dev/blog/"}`, `{"url": "https://go.dev/blog/", "alias": null}`} {
			t.Run(kind.name+"/"+body, func(t *testing.T) {
				srv := newSeededServer(t, kind.open)
				rec := do(srv, "POST", "/links", "application/json", body)
				if rec.Code != http.StatusCreated {
					t.Fatalf("status = %d, want 201 (body %s)", rec.Code, rec.Body)
				}
				var link Link
				if err := json.Unmarshal(rec.Body.Bytes(), &link); err != nil {
					t.Fatal(err)
				}
				if !codePattern.MatchString(link.Code) || link.URL != "https://go.dev/blog/" || link.Hits != 0 {
					t.Fatalf("created %+v, want a 7-character code, the url, no hits", link)
				}
				check(t, do(srv, "GET", "/links/"+link.Code, noContentType, ""),
					apiCase{wantStatus: 200, wantBody: rec.Body.String()})
				check(t, do(srv, "GET", "/"+link.Code, noContentType, ""),
					apiCase{wantStatus: 302, wantLocation: "https://go.dev/blog/"})
			})
		}
	}
}

// sequence returns a code generator that gives codes in order, then fails.
func sequence(codes ...string) func() (string, error) {
	return func() (string, error) {
		if len(codes) == 0 {
			return "", errors.New("no more codes")
		}
		code := codes[0]
		codes = codes[1:]
		return code, nil
	}
}

// TestCreateLinkCodeCollision replaces the random generator to force collisions: a
// made-up code already in use is skipped for the next one, never overwritten and never
// a 409; a generator that only ever collides, or that fails, is a 500 that stores
// nothing.
func TestCreateLinkCodeCollision(t *testing.T) {
	const body = `{"url": "https://example.com/"}`
	for _, kind := range storeKinds {
		t.Run(kind.name+"/retried", func(t *testing.T) {
			srv := newSeededServer(t, kind.open)
			srv.newCode = sequence("go-dev", "rust-book", "Fresh42")
			check(t, do(srv, "POST", "/links", "application/json", body), apiCase{wantStatus: 201,
				wantBody: `{"code": "Fresh42", "url": "https://example.com/", "hits": 0}`})
			assertLinks(t, srv.store, linksJSON(
				`{"code": "Fresh42", "url": "https://example.com/", "hits": 0}`, godev, book))
		})
		t.Run(kind.name+"/never free", func(t *testing.T) {
			srv := newSeededServer(t, kind.open)
			codes := make([]string, maxCodeAttempts+1)
			for i := range codes {
				codes[i] = "go-dev"
			}
			codes[maxCodeAttempts] = "Fresh42" // one attempt too many: never asked for
			srv.newCode = sequence(codes...)
			check(t, do(srv, "POST", "/links", "application/json", body),
				apiCase{wantStatus: 500, wantCode: "internal"})
			assertLinks(t, srv.store, seedLinks)
		})
		t.Run(kind.name+"/generator fails", func(t *testing.T) {
			srv := newSeededServer(t, kind.open)
			srv.newCode = sequence()
			check(t, do(srv, "POST", "/links", "application/json", body),
				apiCase{wantStatus: 500, wantCode: "internal"})
			assertLinks(t, srv.store, seedLinks)
		})
		// An alias is never retried: taken is a 409, and the generator is not asked.
		t.Run(kind.name+"/alias not retried", func(t *testing.T) {
			srv := newSeededServer(t, kind.open)
			srv.newCode = sequence("Fresh42")
			check(t, do(srv, "POST", "/links", "application/json", `{"url": "https://example.com/", "alias": "go-dev"}`),
				apiCase{wantStatus: 409, wantCode: "alias_taken"})
			assertLinks(t, srv.store, seedLinks)
		})
	}
}

func TestGetLink(t *testing.T) {
	cases := []apiCase{
		{name: "a link", path: "/links/rust-book", wantStatus: 200, wantBody: book},
		// Reading is not a hit: wantLinks is the seed, go-dev still at 2.
		{name: "a link with hits", path: "/links/go-dev", wantStatus: 200, wantBody: godev},
		{name: "percent-encoded", path: "/links/rust%2Dbook", wantStatus: 200, wantBody: book},
		{name: "HEAD", method: "HEAD", path: "/links/go-dev", wantStatus: 200, wantBody: godev},

		{name: "unknown code", path: "/links/no-such-link", wantStatus: 404, wantCode: "link_not_found"},
		{name: "another case", path: "/links/Rust-Book", wantStatus: 404, wantCode: "link_not_found"},
		{name: "a code no alias could be", path: "/links/a", wantStatus: 404, wantCode: "link_not_found"},
		{name: "a slash in the code", path: "/links/rust%2Fbook", wantStatus: 404, wantCode: "link_not_found"},
		{name: "a reserved word", path: "/links/health", wantStatus: 404, wantCode: "link_not_found"},
	}
	for i := range cases {
		if cases[i].method == "" {
			cases[i].method = "GET"
		}
	}
	runCases(t, cases)
}

func TestDeleteLink(t *testing.T) {
	runCases(t, []apiCase{
		{name: "a link", method: "DELETE", path: "/links/rust-book", wantStatus: 204, wantLinks: linksJSON(godev)},
		{name: "a link with hits", method: "DELETE", path: "/links/go-dev", wantStatus: 204, wantLinks: linksJSON(book)},
		{name: "a body is ignored", method: "DELETE", path: "/links/go-dev", contentType: "text/plain",
			body: "x", wantStatus: 204, wantLinks: linksJSON(book)},
		{name: "unknown code", method: "DELETE", path: "/links/no-such-link", wantStatus: 404, wantCode: "link_not_found"},
		{name: "another case", method: "DELETE", path: "/links/GO-DEV", wantStatus: 404, wantCode: "link_not_found"},
	})
}

// TestDeleteThenEverything: after a delete the code is unknown everywhere, and free: a
// new link under it starts again from 0 hits.
func TestDeleteThenEverything(t *testing.T) {
	for _, kind := range storeKinds {
		t.Run(kind.name, func(t *testing.T) {
			srv := newSeededServer(t, kind.open)
			check(t, do(srv, "DELETE", "/links/go-dev", noContentType, ""), apiCase{wantStatus: 204})
			for _, req := range [][2]string{{"GET", "/links/go-dev"}, {"GET", "/go-dev"}, {"DELETE", "/links/go-dev"}} {
				check(t, do(srv, req[0], req[1], noContentType, ""),
					apiCase{wantStatus: 404, wantCode: "link_not_found"})
			}
			check(t, do(srv, "POST", "/links", "application/json", `{"url": "https://go.dev/doc/", "alias": "go-dev"}`),
				apiCase{wantStatus: 201, wantBody: `{"code": "go-dev", "url": "https://go.dev/doc/", "hits": 0}`})
			check(t, do(srv, "GET", "/go-dev", noContentType, ""),
				apiCase{wantStatus: 302, wantLocation: "https://go.dev/doc/"})
			check(t, do(srv, "GET", "/links/go-dev", noContentType, ""),
				apiCase{wantStatus: 200, wantBody: `{"code": "go-dev", "url": "https://go.dev/doc/", "hits": 1}`})
		})
	}
}

func TestRedirect(t *testing.T) {
	// hit is the link with its hits replaced.
	hit := func(link string, from, to int) string {
		return strings.Replace(link, fmt.Sprintf(`"hits": %d`, from), fmt.Sprintf(`"hits": %d`, to), 1)
	}
	runCases(t, []apiCase{
		{name: "a link", method: "GET", path: "/rust-book", wantStatus: 302,
			wantLocation: "https://doc.rust-lang.org/book/", wantLinks: linksJSON(godev, hit(book, 0, 1))},
		{name: "a link with hits", method: "GET", path: "/go-dev", wantStatus: 302,
			wantLocation: "https://go.dev/", wantLinks: linksJSON(hit(godev, 2, 3), book)},
		{name: "percent-encoded", method: "GET", path: "/rust%2Dbook", wantStatus: 302,
			wantLocation: "https://doc.rust-lang.org/book/", wantLinks: linksJSON(godev, hit(book, 0, 1))},
		// A HEAD is a GET without the body: the same 302, and a hit (see handleRedirect).
		{name: "HEAD", method: "HEAD", path: "/rust-book", wantStatus: 302,
			wantLocation: "https://doc.rust-lang.org/book/", wantLinks: linksJSON(godev, hit(book, 0, 1))},
		// The body of a GET is ignored, whatever it is.
		{name: "a body is ignored", method: "GET", path: "/rust-book", contentType: "text/plain", body: "{",
			wantStatus: 302, wantLocation: "https://doc.rust-lang.org/book/", wantLinks: linksJSON(godev, hit(book, 0, 1))},
		// A query string is not part of the code, and is not passed on.
		{name: "a query string", method: "GET", path: "/rust-book?utm_source=x", wantStatus: 302,
			wantLocation: "https://doc.rust-lang.org/book/", wantLinks: linksJSON(godev, hit(book, 0, 1))},

		{name: "unknown code", method: "GET", path: "/no-such-code", wantStatus: 404, wantCode: "link_not_found"},
		{name: "another case", method: "GET", path: "/RUST-BOOK", wantStatus: 404, wantCode: "link_not_found"},
		{name: "HEAD of an unknown code", method: "HEAD", path: "/no-such-code", wantStatus: 404, wantCode: "link_not_found"},
	})
}

// TestRedirectKeepsURLExactly is the contract's row: the URL comes back exactly as it
// was given, in the link and in Location.
func TestRedirectKeepsURLExactly(t *testing.T) {
	const url = "https://Example.com/a/b?q=1&r=%20x#part"
	for _, kind := range storeKinds {
		t.Run(kind.name, func(t *testing.T) {
			srv := newServer(t, kind.open)
			check(t, do(srv, "POST", "/links", "application/json", `{"url": "`+url+`", "alias": "exact-url"}`),
				apiCase{wantStatus: 201, wantBody: `{"code": "exact-url", "url": "` + url + `", "hits": 0}`})
			check(t, do(srv, "GET", "/exact-url", noContentType, ""), apiCase{wantStatus: 302, wantLocation: url})
		})
	}
}

// TestHitsCount: each redirect counts one hit, and reading the link counts none.
func TestHitsCount(t *testing.T) {
	for _, kind := range storeKinds {
		t.Run(kind.name, func(t *testing.T) {
			srv := newServer(t, kind.open)
			check(t, do(srv, "POST", "/links", "application/json", `{"url": "https://docs.rs/", "alias": "docs"}`),
				apiCase{wantStatus: 201, wantBody: `{"code": "docs", "url": "https://docs.rs/", "hits": 0}`})
			for i := range 3 {
				check(t, do(srv, "GET", "/docs", noContentType, ""), apiCase{wantStatus: 302, wantLocation: "https://docs.rs/"})
				for range 2 {
					check(t, do(srv, "GET", "/links/docs", noContentType, ""), apiCase{wantStatus: 200,
						wantBody: fmt.Sprintf(`{"code": "docs", "url": "https://docs.rs/", "hits": %d}`, i+1)})
				}
			}
		})
	}
}

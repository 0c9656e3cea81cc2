package main

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"path"
	"strings"
)

// Server is the service's HTTP handler: the routes, plus JSON answers for requests that
// match no route.
type Server struct {
	mux *http.ServeMux
	// store is an interface value: a pointer to a memoryStore or to a sqliteStore,
	// and a table of its methods. Nothing in the handlers can tell which.
	store Store
	// newCode makes up a code for a link created without an alias: randomCode in the
	// service; tests replace it to force collisions.
	newCode func() (string, error)
}

// NewServer returns a Server over store with every route registered.
func NewServer(store Store) *Server {
	s := &Server{mux: http.NewServeMux(), store: store, newCode: randomCode}
	// Go 1.22 patterns: a method, a path, and {code} wildcards read with r.PathValue.
	// A GET pattern also matches HEAD.
	//
	// "GET /{code}" matches every one-segment path, /health and /links included, and
	// may still be registered beside them. When two patterns match a request, the more
	// specific one wins: /health is more specific than /{code} (it matches a subset of
	// its paths), so GET /health is the health check and never a lookup of a link
	// called "health". /links/{code} has two segments and /{code} one, so those two
	// never meet at all. The one collision left is GET /links, in ServeHTTP.
	//
	// Any other method on a known path gets a 405 whose Allow header the mux computes:
	// "GET, HEAD" for /health and for /{code}, "DELETE, GET, HEAD" for /links/{code}.
	s.mux.HandleFunc("GET /health", s.handleHealth)
	s.mux.HandleFunc("POST /links", s.handleCreateLink)
	s.mux.HandleFunc("GET /links/{code}", s.handleGetLink)
	s.mux.HandleFunc("DELETE /links/{code}", s.handleDeleteLink)
	s.mux.HandleFunc("GET /{code}", s.handleRedirect)
	return s
}

// linksPath is the one path that is both a route of its own and a match for a wildcard
// route, /{code}.
const linksPath = "/links"

// ServeHTTP routes r. The work it adds to the mux is for requests that match no route:
// ServeMux answers those itself, in plain text ("404 page not found"), and the contract
// wants the JSON error body there too.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	// /links is a resource of its own that only takes POST. ServeMux sees it
	// differently: "POST /links" and "GET /{code}" do not conflict, their methods
	// differ, so for GET it falls back to /{code} with code "links", a lookup of a link
	// that can never exist (the alias is reserved) and a 404 link_not_found; for PUT its
	// Allow header would list the methods of both routes, "GET, HEAD, POST". axum's
	// router, which the Rust port uses, settles on the static route first and answers
	// 405 with "Allow: POST". This does the same.
	if r.URL.Path == linksPath && r.Method != http.MethodPost {
		methodNotAllowed(w, r, http.MethodPost)
		return
	}

	// Handler only looks the route up; it runs nothing. An empty pattern means no route
	// matched, and h is then the mux's own plain-text 404 or 405 handler. (For a
	// non-canonical path, see isCanonical, h is a redirect whatever the pattern.)
	h, pattern := s.mux.Handler(r)
	if pattern != "" && isCanonical(r.URL.EscapedPath()) {
		// Let the mux serve the match rather than calling h: the mux is what fills in
		// r.PathValue.
		s.mux.ServeHTTP(w, r)
		return
	}

	// Run the fallback into a recorder to learn whether it is a 404 or a 405, and which
	// methods the mux put in Allow, then write our JSON error instead of its text.
	rec := &headerRecorder{header: make(http.Header)}
	h.ServeHTTP(rec, r)
	if rec.status == http.StatusMethodNotAllowed {
		methodNotAllowed(w, r, rec.header.Get("Allow")) // e.g. "GET, HEAD"
		return
	}
	// A 404, or the mux's redirect for a non-canonical path. The only redirects this
	// service sends are its links', and axum's router, which the Rust port uses, answers
	// such paths 404.
	writeError(w, r, Errorf(ENOTFOUND, "not_found", "no route for %s", r.URL.Path))
}

// methodNotAllowed answers 405 with the methods the path does take in Allow.
func methodNotAllowed(w http.ResponseWriter, r *http.Request, allow string) {
	w.Header().Set("Allow", allow)
	writeError(w, r, Errorf(ENOTALLOWED, "method_not_allowed",
		"method %s is not allowed on %s", r.Method, r.URL.Path))
}

// isCanonical reports whether the mux would serve p as it is. For a path such as
// //links or /a/../links it would answer a 307 redirect (with an HTML body) to the
// cleaned-up path instead, although Handler reports the pattern that path matches.
func isCanonical(p string) bool {
	clean := path.Clean(p)
	if strings.HasSuffix(p, "/") && clean != "/" {
		clean += "/" // the mux keeps a trailing slash; path.Clean drops it
	}
	return clean == p
}

// headerRecorder is a ResponseWriter that keeps the headers and status a handler sets and
// throws the body away. (httptest.ResponseRecorder does the same, but httptest is for
// tests, not for production code.)
type headerRecorder struct {
	header http.Header
	status int
}

func (rec *headerRecorder) Header() http.Header { return rec.header }

func (rec *headerRecorder) WriteHeader(status int) {
	if rec.status == 0 {
		rec.status = status
	}
}

func (rec *headerRecorder) Write(b []byte) (int, error) {
	rec.WriteHeader(http.StatusOK) // as net/http does: a write without a status means 200
	return len(b), nil
}

// writeJSON writes v as the JSON response body with the given status. Every response of
// the service with a body, errors included, goes through here, so every one has the
// same Content-Type. (The redirect has no body, and does not come through here.)
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	// Our values always encode; an error here means the client went away mid-write.
	if err := json.NewEncoder(w).Encode(v); err != nil {
		slog.Warn("writing response", "err", err)
	}
}

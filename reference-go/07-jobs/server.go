package main

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"path"
	"strings"
)

// Server is the service's HTTP handler: the routes, plus JSON answers for requests that
// match no route. It reads jobs from store and submits them to queue.
type Server struct {
	mux   *http.ServeMux
	store *Store
	queue *Queue
}

// NewServer returns a Server over store and queue with every route registered.
func NewServer(store *Store, queue *Queue) *Server {
	s := &Server{mux: http.NewServeMux(), store: store, queue: queue}
	// Go 1.22 patterns: a method, a path, and {id} wildcards read with r.PathValue. A
	// GET pattern also matches HEAD. Any other method on a known path gets a 405 whose
	// Allow header the mux computes: "POST" for /jobs, "GET, HEAD" for /jobs/{id}.
	s.mux.HandleFunc("GET /health", s.handleHealth)
	s.mux.HandleFunc("POST /jobs", s.handleCreateJob)
	s.mux.HandleFunc("GET /jobs/{id}", s.handleGetJob)
	return s
}

// ServeHTTP routes r. The work it adds to the mux is for requests that match no route:
// ServeMux answers those itself, in plain text ("404 page not found"), and the contract
// wants the JSON error body there too.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
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
	// A 404, or the mux's redirect for a non-canonical path. The contract has no
	// redirects, and axum's router, which the Rust port uses, answers such paths 404.
	writeError(w, r, Errorf(ENOTFOUND, "not_found", "no route for %s", r.URL.Path))
}

// methodNotAllowed answers 405 with the methods the path does take in Allow.
func methodNotAllowed(w http.ResponseWriter, r *http.Request, allow string) {
	w.Header().Set("Allow", allow)
	writeError(w, r, Errorf(ENOTALLOWED, "method_not_allowed",
		"method %s is not allowed on %s", r.Method, r.URL.Path))
}

// isCanonical reports whether the mux would serve p as it is. For a path such as
// //jobs or /a/../jobs it would answer a 307 redirect (with an HTML body) to the
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
// same Content-Type.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	// Our values always encode; an error here means the client went away mid-write.
	if err := json.NewEncoder(w).Encode(v); err != nil {
		slog.Warn("writing response", "err", err)
	}
}

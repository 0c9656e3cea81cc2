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
	mux   *http.ServeMux
	store *Store
}

// NewServer returns a Server over store with every route registered.
func NewServer(store *Store) *Server {
	s := &Server{mux: http.NewServeMux(), store: store}
	// Go 1.22 patterns: a method, a path, and {id} wildcards read with r.PathValue. A
	// GET pattern also matches HEAD. Any other method on a known path gets a 405 whose
	// Allow header the mux computes: "GET, HEAD, POST" for /todos and
	// "DELETE, GET, HEAD, PATCH" for /todos/{id}.
	//
	// "POST /todos/batch" and the /todos/{id} patterns may be registered together: their
	// methods differ, so no request matches two of them. What that means for
	// GET /todos/batch is in ServeHTTP.
	s.mux.HandleFunc("GET /health", s.handleHealth)
	s.mux.HandleFunc("GET /todos", s.handleListTodos)
	s.mux.HandleFunc("POST /todos", s.handleCreateTodo)
	s.mux.HandleFunc("POST /todos/batch", s.handleCreateBatch)
	s.mux.HandleFunc("GET /todos/{id}", s.handleGetTodo)
	s.mux.HandleFunc("PATCH /todos/{id}", s.handlePatchTodo)
	s.mux.HandleFunc("DELETE /todos/{id}", s.handleDeleteTodo)
	return s
}

// batchPath is the one path that is both a route of its own and a match for a
// wildcard route, /todos/{id}.
const batchPath = "/todos/batch"

// ServeHTTP routes r. The work it adds to the mux is for requests that match no route:
// ServeMux answers those itself, in plain text ("404 page not found"), and the contract
// wants the JSON error body there too.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	// /todos/batch is a resource of its own that only takes POST. ServeMux sees it
	// differently: for GET, PATCH or DELETE it finds no /todos/batch pattern with that
	// method and falls back to /todos/{id} with id "batch", a 400 invalid_id; and for
	// PUT its Allow header would list the methods of both routes. axum's router, which
	// the Rust port uses, settles on the static route first and then answers 405 with
	// "Allow: POST". This does the same.
	if r.URL.Path == batchPath && r.Method != http.MethodPost {
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
		methodNotAllowed(w, r, rec.header.Get("Allow")) // e.g. "GET, HEAD, POST"
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
// //todos or /a/../todos it would answer a 307 redirect (with an HTML body) to the
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

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
}

// NewServer returns a Server with every route registered. The service keeps no state:
// each POST /stats is answered from its own body alone.
func NewServer() *Server {
	s := &Server{mux: http.NewServeMux()}
	s.mux.HandleFunc("GET /health", s.handleHealth)
	s.mux.HandleFunc("POST /stats", s.handleStats)
	return s
}

// ServeHTTP routes r. ServeMux answers requests that match no route itself, in plain
// text; the contract wants the JSON error body there too.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h, pattern := s.mux.Handler(r)
	if pattern != "" && isCanonical(r.URL.EscapedPath()) {
		s.mux.ServeHTTP(w, r) // the mux, not h, so that r.PathValue would be filled in
		return
	}

	// Run the mux's own fallback into a recorder to learn whether it is a 404 or a 405,
	// and which methods it put in Allow, then answer with our JSON error instead.
	rec := &headerRecorder{header: make(http.Header)}
	h.ServeHTTP(rec, r)
	if rec.status == http.StatusMethodNotAllowed {
		w.Header().Set("Allow", rec.header.Get("Allow")) // "POST" for /stats
		writeError(w, r, Errorf(ENOTALLOWED, "method_not_allowed",
			"method %s is not allowed on %s", r.Method, r.URL.Path))
		return
	}
	writeError(w, r, Errorf(ENOTFOUND, "not_found", "no route for %s", r.URL.Path))
}

// isCanonical reports whether the mux would serve p as it is, rather than redirect to
// its cleaned-up form (//stats, /a/../stats).
func isCanonical(p string) bool {
	clean := path.Clean(p)
	if strings.HasSuffix(p, "/") && clean != "/" {
		clean += "/" // the mux keeps a trailing slash; path.Clean drops it
	}
	return clean == p
}

// headerRecorder keeps the headers and status a handler sets and throws the body away.
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
	rec.WriteHeader(http.StatusOK)
	return len(b), nil
}

// writeJSON writes v as the JSON response body with the given status. Every response of
// the service, errors included, goes through here.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	if err := json.NewEncoder(w).Encode(v); err != nil {
		slog.Warn("writing response", "err", err) // the client went away mid-write
	}
}

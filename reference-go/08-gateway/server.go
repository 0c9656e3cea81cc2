package main

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"path"
	"strings"
)

// Server routes the gateway's requests: the few it answers itself, and everything else
// to forward, the handler that passes a request on to the todos service (proxy.go).
type Server struct {
	mux     *http.ServeMux
	store   *Store
	forward http.Handler
}

// NewServer returns the gateway's handler: the request-id middleware (requestid.go)
// around the routes. store is where the migrated route reads; forward takes every
// other request to the upstream.
func NewServer(store *Store, forward http.Handler) http.Handler {
	s := &Server{mux: http.NewServeMux(), store: store, forward: forward}

	// The strangler fig in four lines. Go 1.22 patterns: a method, a path, and {id}
	// wildcards read with r.PathValue; a GET pattern also matches HEAD.
	//
	// "/" matches every path and every method, so the mux never answers 404 or 405
	// itself: a request that no other pattern takes is forwarded. That is what makes
	// PATCH, DELETE and PUT on /todos/{id} the upstream's to answer, although the path
	// matches "GET /todos/{id}": the mux only answers 405 when no pattern at all
	// matches the method, and "/" matches them all. (Registering the migrated route
	// without a method, or with its own 405 for the other methods, is the trap the
	// README warns about: the upstream's PATCH and DELETE would stop working.)
	s.mux.HandleFunc("GET /health", s.handleHealth)
	s.mux.HandleFunc("GET /todos/{id}", s.handleGetTodo)
	// /todos/batch is not a todo. In 05 it is a route of its own, POST only, and 05
	// answers its GET with 405. Without this line, "GET /todos/{id}" would take it, with
	// id "batch", and answer 400 invalid_id. A pattern without a wildcard is more
	// specific than one with, so this one wins, and the request goes to the upstream.
	s.mux.Handle("GET /todos/batch", forward)
	s.mux.Handle("/", forward)

	return withRequestID(s)
}

// ServeHTTP routes r. The work it adds to the mux is for paths the mux would not
// serve as they are: for //todos or /todos/2/../1, ServeMux answers a redirect to the
// cleaned-up path (307, with an HTML body) without calling any handler. Those belong
// to the upstream like everything else the gateway does not answer (05 answers them
// 404), so they are forwarded unchanged, before the mux sees them.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !isCanonical(r.URL.EscapedPath()) {
		s.forward.ServeHTTP(w, r)
		return
	}
	s.mux.ServeHTTP(w, r)
}

// isCanonical reports whether the mux would serve p as it is, rather than redirect to
// the cleaned-up path.
func isCanonical(p string) bool {
	clean := path.Clean(p)
	if strings.HasSuffix(p, "/") && clean != "/" {
		clean += "/" // the mux keeps a trailing slash; path.Clean drops it
	}
	return clean == p
}

// writeJSON writes v as the JSON response body with the given status. Every response
// the gateway writes itself, errors included, goes through here, so every one has the
// same Content-Type. (Forwarded answers keep the upstream's headers instead.)
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	// Our values always encode; an error here means the client went away mid-write.
	if err := json.NewEncoder(w).Encode(v); err != nil {
		slog.Warn("writing response", "err", err)
	}
}

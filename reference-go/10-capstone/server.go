package main

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"path"
	"strings"
	"time"
)

// Server is the service's HTTP handler: the routes, and around every request the
// request id, the access log line and the metrics.
type Server struct {
	mux     *http.ServeMux
	store   *Store
	cfg     Config
	metrics *Metrics
}

// NewServer returns a Server over store with every route registered.
func NewServer(store *Store, cfg Config, metrics *Metrics) *Server {
	s := &Server{mux: http.NewServeMux(), store: store, cfg: cfg, metrics: metrics}
	s.mux.HandleFunc("GET /health", s.handleHealth)
	s.mux.HandleFunc("GET /metrics", s.handleMetrics)
	s.mux.HandleFunc("GET /orders", s.handleListOrders)
	s.mux.HandleFunc("POST /orders", s.handleCreateOrder)
	s.mux.HandleFunc("GET /orders/{id}", s.handleGetOrder)
	s.mux.HandleFunc("POST /orders/{id}/cancel", s.handleCancelOrder)
	s.mux.HandleFunc("POST /orders/{id}/ship", s.handleShipOrder)
	return s
}

// statusClientClosedRequest is the status logged and counted for a request whose client
// went away before it was answered.
const statusClientClosedRequest = 499

// statusRecorder remembers the status a handler wrote, for the log line and the
// metrics.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (rec *statusRecorder) WriteHeader(status int) {
	if rec.status == 0 {
		rec.status = status
	}
	rec.ResponseWriter.WriteHeader(status)
}

func (rec *statusRecorder) Write(b []byte) (int, error) {
	if rec.status == 0 {
		rec.status = http.StatusOK
	}
	return rec.ResponseWriter.Write(b)
}

// ServeHTTP wraps every request: it settles the request id (the client's when valid,
// else a new one), puts it in the context and on the response, routes, then logs one
// line and counts the request under its route pattern.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	id := r.Header.Get(requestIDHeader)
	if !validRequestID(id) {
		id = newRequestID()
	}
	r = r.WithContext(withRequestID(r.Context(), id))
	w.Header().Set(requestIDHeader, id) // before anything is written, for every answer
	s.metrics.inFlight.Add(1)
	defer s.metrics.inFlight.Add(-1)

	rec := &statusRecorder{ResponseWriter: w}
	route := s.route(rec, r)
	switch {
	case rec.status != 0:
	case r.Context().Err() != nil:
		// The handler gave up because the client went away (a shipment whose caller
		// hung up): nothing was answered, and logging a 200 would be a lie. 499 is
		// nginx's "client closed request". (The Rust port's middleware is dropped with
		// the request in that case, and logs and counts nothing.)
		rec.status = statusClientClosedRequest
	default:
		rec.status = http.StatusOK // a handler that wrote nothing: net/http sends 200
	}
	s.metrics.observe(r.Method, route, rec.status)
	slog.InfoContext(r.Context(), "request",
		"method", r.Method, "route", route, "status", rec.status,
		"duration_ms", time.Since(start).Milliseconds())
}

// route serves r and returns the route label: the pattern that matched without its
// method ("/orders/{id}"), or unmatchedRoute. Requests that match no route get the
// JSON 404 and 405 the contract wants instead of ServeMux's plain text.
func (s *Server) route(w http.ResponseWriter, r *http.Request) string {
	// Handler only looks the route up; it runs nothing. An empty pattern means no route
	// matched, and h is the mux's own 404 or 405 handler.
	h, pattern := s.mux.Handler(r)
	if pattern != "" && isCanonical(r.URL.EscapedPath()) {
		s.mux.ServeHTTP(w, r) // the mux, not h: the mux is what fills in r.PathValue
		_, route, _ := strings.Cut(pattern, " ")
		return route
	}
	rec := &headerRecorder{header: make(http.Header)}
	h.ServeHTTP(rec, r)
	if rec.status == http.StatusMethodNotAllowed {
		w.Header().Set("Allow", rec.header.Get("Allow"))
		writeError(w, r, Errorf(ENOTALLOWED, "method_not_allowed",
			"method %s is not allowed on %s", r.Method, r.URL.Path))
	} else {
		writeError(w, r, Errorf(ENOTFOUND, "not_found", "no route for %s", r.URL.Path))
	}
	return unmatchedRoute
}

// isCanonical reports whether the mux would serve p as it is, rather than redirect to
// a cleaned-up path (//orders, /a/../orders).
func isCanonical(p string) bool {
	clean := path.Clean(p)
	if strings.HasSuffix(p, "/") && clean != "/" {
		clean += "/"
	}
	return clean == p
}

// headerRecorder is a ResponseWriter that keeps the headers and status of the mux's
// fallback and throws its text body away.
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

// writeJSON writes v as the JSON response body with the given status.
func writeJSON(w http.ResponseWriter, r *http.Request, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	if err := json.NewEncoder(w).Encode(v); err != nil {
		slog.WarnContext(r.Context(), "writing response", "err", err)
	}
}

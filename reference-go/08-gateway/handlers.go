package main

import (
	"net/http"
	"strconv"
)

type healthResponse struct {
	Status string `json:"status"`
}

// handleHealth answers GET /health. It does not ask the upstream: it says that the
// gateway is ready (run opens the database before the server starts listening), not
// that the todos service is. A gateway whose health follows its upstream's would be
// taken out of service exactly when it still has something to give: the migrated
// route, which works with the upstream down.
func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, healthResponse{Status: "ok"})
}

// handleGetTodo answers GET /todos/{id}, the migrated route: from the database, without
// asking the upstream, and exactly as 05 answers it: the same id check in the same
// order, the same codes, the same JSON.
//
// The request's context goes to the query: when the client hangs up, the query is
// interrupted.
func (s *Server) handleGetTodo(w http.ResponseWriter, r *http.Request) {
	id, err := parseID(r)
	if err != nil {
		writeError(w, r, err)
		return
	}
	todo, err := s.store.Get(r.Context(), id)
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, todo)
}

// parseID reads the {id} path segment: a positive decimal integer that fits in an int64.
// This is 05's parseID, unchanged: the migrated route must refuse what 05 refuses.
func parseID(r *http.Request) (int64, error) {
	s := r.PathValue("id")
	// ParseInt rejects "abc", "1.5" and out-of-range values such as
	// 99999999999999999999; "0" and "-3" parse, so check the sign too. Like Rust's
	// s.parse::<i64>(), it accepts a leading "+" and leading zeros: "+7" and "007" are 7.
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		return 0, Errorf(EINVALID, "invalid_id", "id must be a positive integer, got %q", s)
	}
	return id, nil
}

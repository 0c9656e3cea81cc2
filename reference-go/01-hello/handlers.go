package main

import (
	"net/http"
	"unicode/utf8"
)

const (
	defaultName   = "world"
	maxNameLength = 64 // in characters (runes), not bytes
)

type healthResponse struct {
	Status string `json:"status"`
}

type helloResponse struct {
	Message string `json:"message"`
}

// handleHealth answers GET /health. Once it answers, the service is ready.
func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, healthResponse{Status: "ok"})
}

// handleHello answers GET /hello?name=NAME with a greeting.
func (s *Server) handleHello(w http.ResponseWriter, r *http.Request) {
	// Query().Get returns "" both when name is missing and when it is empty (?name=).
	// Go's zero value folds the two cases into one, and the contract wants the default
	// for both. In Rust the missing case is an Option (None) and the empty case is
	// Some(""): the port has to handle them both explicitly.
	name := r.URL.Query().Get("name")
	if name == "" {
		name = defaultName
	}

	// len(name) would count bytes: "é" is 2, "🦀" is 4. The limit is in characters,
	// so count runes (the same as len([]rune(name)), without the allocation).
	if n := utf8.RuneCountInString(name); n > maxNameLength {
		writeError(w, r, Errorf(EUNPROCESSABLE, "name_too_long",
			"name is %d characters long; the limit is %d", n, maxNameLength))
		return
	}

	writeJSON(w, http.StatusOK, helloResponse{Message: "Hello, " + name + "!"})
}

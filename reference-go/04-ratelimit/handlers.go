package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
)

// createClientRequest is the body of POST /clients. Unknown fields are ignored.
//
// Every field is a pointer because every field is required. Into a plain string or
// int64, encoding/json decodes a missing key and a null alike as "leave it alone", that
// is "" or 0, and then {"name": "alice"} would reach the limiter with a burst of 0
// (422 invalid_limit) instead of being a 400 invalid_body. A pointer stays nil for both,
// and the contract treats both alike. In Rust, plain `burst: i64` and `name: String`
// fields make missing and null errors by themselves.
//
// The numbers are int64s, as in 03-ledger: encoding/json then refuses 1.5, 1.0, 1e3,
// "5" and anything outside int64 with a *json.UnmarshalTypeError, which decodeJSON
// turns into 400 invalid_body. A number that is a fine int64 but outside the
// contract's range (0, -1, 1000001) is the limiter's to refuse: 422 invalid_limit.
type createClientRequest struct {
	Name      *string `json:"name"`
	Burst     *int64  `json:"burst"`
	PerMinute *int64  `json:"per_minute"`
}

// takeResponse is the answer to an allowed take.
type takeResponse struct {
	Allowed   bool  `json:"allowed"` // always true: a refused take is a 429 error
	Remaining int64 `json:"remaining"`
}

type healthResponse struct {
	Status string `json:"status"`
}

// The handlers hold no state and take no lock: all of that is the limiter's. Each
// handler makes exactly one call into it, so each request is one critical section,
// whatever else runs at the same time.

// handleHealth answers GET /health. Once it answers, the service is ready.
func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, healthResponse{Status: "ok"})
}

// handleCreateClient answers POST /clients with the new client and 201. The checks run
// in the contract's order: the body's shape here, then name, limits and existence in
// Create.
func (s *Server) handleCreateClient(w http.ResponseWriter, r *http.Request) {
	var req createClientRequest
	if err := decodeJSON(r, &req); err != nil {
		writeError(w, r, err)
		return
	}
	switch {
	case req.Name == nil:
		writeError(w, r, errRequired("name"))
		return
	case req.Burst == nil:
		writeError(w, r, errRequired("burst"))
		return
	case req.PerMinute == nil:
		writeError(w, r, errRequired("per_minute"))
		return
	}
	// "" and a burst of 0 are well-formed: the limiter refuses them (422).
	c, err := s.limiter.Create(*req.Name, *req.Burst, *req.PerMinute)
	if err != nil {
		writeError(w, r, err) // a sentinel from limiter.go; writeError sorts it with errors.Is
		return
	}
	writeJSON(w, http.StatusCreated, c)
}

// handleGetClient answers GET /clients/{name}.
//
// The name in the path is not checked against the naming rules: a name that breaks
// them was never created, so it is simply not found (404), like any unknown name.
func (s *Server) handleGetClient(w http.ResponseWriter, r *http.Request) {
	c, err := s.limiter.Client(r.PathValue("name"))
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, c)
}

// handleTake answers POST /clients/{name}/take: 200 when a token was taken, 429 with
// Retry-After when the bucket holds less than one. It ignores the body, whatever its
// Content-Type.
func (s *Server) handleTake(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	d, err := s.limiter.Take(name)
	if err != nil {
		writeError(w, r, err)
		return
	}
	if !d.Allowed {
		// Headers must be set before writeError writes the status line.
		w.Header().Set("Retry-After", strconv.FormatInt(d.RetryAfter, 10))
		writeError(w, r, Errorf(ERATELIMITED, "rate_limited",
			"client %q has no token left; retry in %d s", name, d.RetryAfter))
		return
	}
	writeJSON(w, http.StatusOK, takeResponse{Allowed: true, Remaining: d.Remaining})
}

// handleDeleteClient answers DELETE /clients/{name} with 204 and no body.
func (s *Server) handleDeleteClient(w http.ResponseWriter, r *http.Request) {
	if err := s.limiter.Delete(r.PathValue("name")); err != nil {
		writeError(w, r, err)
		return
	}
	// No body, so no Content-Type either.
	w.WriteHeader(http.StatusNoContent)
}

// decodeJSON reads the request body into dst, which must point to a struct. It sorts
// failures the way the contract does:
//
//   - Content-Type is not application/json → 415 unsupported_media_type;
//   - the body is not JSON (a syntax error, an empty or truncated body, data after the
//     value) → 400 malformed_json;
//   - it is JSON of the wrong shape (not an object, a field of the wrong type, a
//     fraction or a number outside int64 where an int64 goes) → 400 invalid_body.
//
// Unknown fields are ignored. Missing and null fields are the caller's to refuse, and
// so are values that fit but break a rule (an empty name, a burst of 0).
//
// One difference from the Rust port that no contract row tests: encoding/json matches
// keys to fields case-insensitively, so {"BURST": 5} sets the burst here, while serde
// sees an unknown field and a missing burst.
func decodeJSON(r *http.Request, dst any) error {
	mediaType, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mediaType != "application/json" { // parameters such as charset are fine
		return Errorf(EUNSUPPORTED, "unsupported_media_type", "Content-Type must be application/json")
	}

	// Step 1: is it JSON at all? Decoding into a json.RawMessage checks the syntax of
	// the whole value without giving it a Go type yet, so the two kinds of 400 come
	// from two separate steps.
	dec := json.NewDecoder(r.Body)
	var raw json.RawMessage
	if err := dec.Decode(&raw); err != nil {
		var syntaxErr *json.SyntaxError
		switch {
		case errors.Is(err, io.EOF): // nothing but whitespace
			return errMalformed("the body is empty")
		case errors.Is(err, io.ErrUnexpectedEOF): // the body stops mid-value
			return errMalformed("the body ends in the middle of a JSON value")
		case errors.As(err, &syntaxErr):
			return errMalformed(syntaxErr.Error())
		default:
			return err // reading the body failed: not the client's JSON, so a 500
		}
	}
	// Decode stops after one value, and `{"burst": 5} x` is not a JSON document.
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return errMalformed("unexpected data after the JSON value")
	}

	// Step 2: is it the right shape? A JSON null or an array is valid JSON but not a
	// request, so insist on an object first.
	if raw[0] != '{' {
		return errInvalidBody("the body must be a JSON object")
	}
	if err := json.Unmarshal(raw, dst); err != nil {
		var typeErr *json.UnmarshalTypeError
		if errors.As(err, &typeErr) {
			return errInvalidBody("field " + strconv.Quote(typeErr.Field) +
				" cannot be a JSON " + typeErr.Value)
		}
		return err // the syntax was checked in step 1, so this is a bug: a 500
	}
	return nil
}

func errMalformed(message string) error {
	return Errorf(EINVALID, "malformed_json", "malformed JSON: %s", message)
}

func errInvalidBody(message string) error {
	return Errorf(EINVALID, "invalid_body", "invalid body: %s", message)
}

// errRequired is the answer for a required field that is missing or null: its pointer
// is nil either way.
func errRequired(field string) error {
	return errInvalidBody(fmt.Sprintf("field %q is required and cannot be null", field))
}

package main

import (
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"strconv"
)

// createUserRequest is the body of POST /users. Unknown fields, "id" included, are
// ignored.
type createUserRequest struct {
	// A plain string, not a *string: encoding/json leaves it "" when "name" is missing
	// and also when it is null (null into a non-pointer is a no-op), so the one "empty"
	// check in validate rejects missing, null and "" together. In Rust a String field
	// makes missing and null deserialization errors, and "" needs its own check.
	Name string `json:"name"`
	// Missing and null both leave Email nil, and on create both mean "no email", so a
	// *string is exactly right here. (PATCH is different; see patchUserRequest.)
	Email *string `json:"email"`
	// Missing and null leave Account nil: no account. {} is not "no account": it
	// decodes to an Account with an empty Plan, which validate rejects.
	Account *Account `json:"account"`
}

func (req createUserRequest) validate() error {
	if req.Name == "" {
		return errInvalidBody("name must be a non-empty string")
	}
	if req.Email != nil && *req.Email == "" {
		return errInvalidBody(`email must be a non-empty string or null, never ""`)
	}
	if req.Account != nil && req.Account.Plan == "" {
		return errInvalidBody("account.plan must be a non-empty string")
	}
	return nil
}

// patchUserRequest is the body of PATCH /users/{id}. A *string could not tell {} (leave
// the email alone) from {"email": null} (clear it): both leave it nil. Optional can.
type patchUserRequest struct {
	Email Optional[string] `json:"email"`
}

func (req patchUserRequest) validate() error {
	if req.Email.Value != nil && *req.Email.Value == "" {
		return errInvalidBody(`email must be a non-empty string or null, never ""`)
	}
	return nil
}

// notifyRequest is the body of POST /users/{id}/notify. As with Name, missing, null and
// "" all arrive as "", so one check rejects all three.
type notifyRequest struct {
	Message string `json:"message"`
}

type listUsersResponse struct {
	Users []User `json:"users"`
}

type healthResponse struct {
	Status string `json:"status"`
}

// handleHealth answers GET /health. Once it answers, the service is ready.
func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, healthResponse{Status: "ok"})
}

// handleListUsers answers GET /users with every user, in id order.
func (s *Server) handleListUsers(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, listUsersResponse{Users: s.store.List()})
}

// handleCreateUser answers POST /users with the new user and 201.
func (s *Server) handleCreateUser(w http.ResponseWriter, r *http.Request) {
	var req createUserRequest
	if err := decodeJSON(r, &req); err != nil {
		writeError(w, r, err)
		return
	}
	if err := req.validate(); err != nil {
		writeError(w, r, err)
		return
	}
	u := s.store.Create(User{Name: req.Name, Email: req.Email, Account: req.Account})
	writeJSON(w, http.StatusCreated, u)
}

// handleGetUser answers GET /users/{id}.
func (s *Server) handleGetUser(w http.ResponseWriter, r *http.Request) {
	id, err := parseID(r)
	if err != nil {
		writeError(w, r, err)
		return
	}
	u, err := s.store.Get(id)
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, u)
}

// handlePatchUser answers PATCH /users/{id}: set, clear or keep the email. The checks
// run in the contract's order: id, body, user.
func (s *Server) handlePatchUser(w http.ResponseWriter, r *http.Request) {
	id, err := parseID(r)
	if err != nil {
		writeError(w, r, err)
		return
	}
	var req patchUserRequest
	if err := decodeJSON(r, &req); err != nil {
		writeError(w, r, err)
		return
	}
	if err := req.validate(); err != nil {
		writeError(w, r, err)
		return
	}

	var u User
	if req.Email.Set {
		u, err = s.store.SetEmail(id, req.Email.Value) // a nil Value clears the email
	} else {
		u, err = s.store.Get(id) // {} changes nothing, but an unknown id is still a 404
	}
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, u)
}

// handleNotifyUser answers POST /users/{id}/notify. The checks run in the contract's
// order: id, body, user, then account and email (in User.Notify).
func (s *Server) handleNotifyUser(w http.ResponseWriter, r *http.Request) {
	id, err := parseID(r)
	if err != nil {
		writeError(w, r, err)
		return
	}
	var req notifyRequest
	if err := decodeJSON(r, &req); err != nil {
		writeError(w, r, err)
		return
	}
	if req.Message == "" {
		writeError(w, r, errInvalidBody("message must be a non-empty string"))
		return
	}
	u, err := s.store.Get(id)
	if err != nil {
		writeError(w, r, err)
		return
	}
	delivery, err := u.Notify()
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, delivery)
}

// parseID reads the {id} path segment: a positive decimal integer that fits in an int64.
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

// decodeJSON reads the request body into dst, which must point to a struct. It sorts
// failures the way the contract does:
//
//   - Content-Type is not application/json → 415 unsupported_media_type;
//   - the body is not JSON (a syntax error, an empty or truncated body, data after the
//     value) → 400 malformed_json;
//   - it is JSON of the wrong shape (not an object, a field of the wrong type)
//     → 400 invalid_body.
//
// Unknown fields are ignored. Checking values (an empty name) is the caller's job.
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
	// Decode stops after one value, and `{"name": "Ada"} x` is not a JSON document.
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return errMalformed("unexpected data after the JSON value")
	}

	// Step 2: is it the right shape? A JSON null decodes into a struct without error,
	// leaving every field at its zero value (for PATCH, that would read as "change
	// nothing"), so insist on an object first.
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

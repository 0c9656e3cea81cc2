package main

import (
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"unicode/utf8"
)

// The limits of the contract.
const (
	maxTitleChars = 200 // characters, that is Unicode code points, not bytes
	maxBatch      = 100 // todos in one POST /todos/batch
	defaultLimit  = 20
	maxLimit      = 100
)

// createTodoRequest is the body of POST /todos, and one item of a batch. Unknown
// fields, "id" included, are ignored.
type createTodoRequest struct {
	// Required: a pointer stays nil when "title" is missing and when it is null, and
	// both are invalid_body. (A plain string would arrive as "" for both, and then the
	// title check would answer 422 invalid_title instead of 400.)
	Title *string `json:"title"`
	// On create, missing and null mean the same thing, no notes, so a *string is
	// exactly right here. A non-nil "" is a value like any other.
	Notes *string `json:"notes"`
	// Missing means false, but null is invalid_body: three states, so Optional.
	Done Optional[bool] `json:"done"`
}

// patchTodoRequest is the body of PATCH /todos/{id}. Every member may be left out, which
// leaves the column as it is, so every one is an Optional; what null means differs:
// for notes it clears them, for title and done it is invalid_body.
type patchTodoRequest struct {
	Title Optional[string] `json:"title"`
	Notes Optional[string] `json:"notes"`
	Done  Optional[bool]   `json:"done"`
}

// batchRequest is the body of POST /todos/batch. A pointer, so that a missing or null
// "todos" (nil, invalid_body) is told apart from "todos": [] (an empty batch, 422).
type batchRequest struct {
	Todos *[]createTodoRequest `json:"todos"`
}

type listResponse struct {
	Items  []Todo `json:"items"`
	Total  int64  `json:"total"`
	Limit  int64  `json:"limit"`
	Offset int64  `json:"offset"`
}

type batchResponse struct {
	Items []Todo `json:"items"`
}

type healthResponse struct {
	Status string `json:"status"`
}

// handleHealth answers GET /health. run opens and migrates the database before the
// server starts listening, so once this answers at all, the service is ready.
func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, healthResponse{Status: "ok"})
}

// The handlers check in the contract's order: the id in the path, the body's shape
// (415, 400), the rules on its values (422), and only then the database, which answers
// 404 and 409. A request refused before the database changes nothing; one refused by
// the database changes nothing either, because each write is one statement or one
// transaction.
//
// Every query gets r.Context(): when the client hangs up, the query is interrupted.

// handleCreateTodo answers POST /todos with the new todo and 201.
func (s *Server) handleCreateTodo(w http.ResponseWriter, r *http.Request) {
	var req createTodoRequest
	if err := decodeJSON(r, &req); err != nil {
		writeError(w, r, err)
		return
	}
	t, err := req.newTodo("")
	if err != nil {
		writeError(w, r, err)
		return
	}
	if err := checkTitle("title", t.Title); err != nil {
		writeError(w, r, err)
		return
	}
	todo, err := s.store.Create(r.Context(), t)
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, todo)
}

// handleCreateBatch answers POST /todos/batch with every new todo, in the order given,
// and 201; or with the first error, having stored none of them.
func (s *Server) handleCreateBatch(w http.ResponseWriter, r *http.Request) {
	var req batchRequest
	if err := decodeJSON(r, &req); err != nil {
		writeError(w, r, err)
		return
	}
	if req.Todos == nil {
		writeError(w, r, errRequired("todos"))
		return
	}
	items := *req.Todos
	// The shape of every item first: a 400 anywhere in the body wins over any 422.
	todos := make([]NewTodo, 0, len(items))
	for i, item := range items {
		t, err := item.newTodo(fmt.Sprintf("todos[%d].", i))
		if err != nil {
			writeError(w, r, err)
			return
		}
		todos = append(todos, t)
	}
	// Then the rules: the size of the batch, then each title, in the order given.
	if len(todos) == 0 || len(todos) > maxBatch {
		writeError(w, r, Errorf(EUNPROCESSABLE, "invalid_batch",
			"a batch holds 1 to %d todos, not %d", maxBatch, len(todos)))
		return
	}
	for i, t := range todos {
		if err := checkTitle(fmt.Sprintf("todos[%d].title", i), t.Title); err != nil {
			writeError(w, r, err)
			return
		}
	}
	// Then the database, in one transaction: a title already taken, or one that comes
	// twice in the batch, fails its insert, and the inserts before it are rolled back.
	created, err := s.store.CreateBatch(r.Context(), todos)
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, batchResponse{Items: created})
}

// handleGetTodo answers GET /todos/{id}.
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

// handlePatchTodo answers PATCH /todos/{id} with the todo after the change.
func (s *Server) handlePatchTodo(w http.ResponseWriter, r *http.Request) {
	id, err := parseID(r)
	if err != nil {
		writeError(w, r, err)
		return
	}
	var req patchTodoRequest
	if err := decodeJSON(r, &req); err != nil {
		writeError(w, r, err)
		return
	}
	p, err := req.patch()
	if err != nil {
		writeError(w, r, err)
		return
	}
	if p.Title != nil {
		if err := checkTitle("title", *p.Title); err != nil {
			writeError(w, r, err)
			return
		}
	}
	todo, err := s.store.Update(r.Context(), id, p)
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, todo)
}

// handleDeleteTodo answers DELETE /todos/{id} with 204 and no body.
func (s *Server) handleDeleteTodo(w http.ResponseWriter, r *http.Request) {
	id, err := parseID(r)
	if err != nil {
		writeError(w, r, err)
		return
	}
	if err := s.store.Delete(r.Context(), id); err != nil {
		writeError(w, r, err)
		return
	}
	// No body, so no Content-Type either: there is nothing for it to describe.
	w.WriteHeader(http.StatusNoContent)
}

// handleListTodos answers GET /todos?limit=&offset= with one page, in id order.
func (s *Server) handleListTodos(w http.ResponseWriter, r *http.Request) {
	limit, offset, err := parsePage(r.URL.Query())
	if err != nil {
		writeError(w, r, err)
		return
	}
	items, total, err := s.store.List(r.Context(), limit, offset)
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, listResponse{Items: items, Total: total, Limit: limit, Offset: offset})
}

// newTodo checks the request's shape (400) and turns it into a NewTodo. prefix names
// the item in a batch ("todos[2].") for the error message. The title's length is a
// rule, not a shape, and is checked apart (checkTitle).
func (req createTodoRequest) newTodo(prefix string) (NewTodo, error) {
	if req.Title == nil {
		return NewTodo{}, errRequired(prefix + "title")
	}
	t := NewTodo{Title: *req.Title}
	// sql.NullString is how database/sql writes a value that may be NULL: Valid false
	// is NULL, Valid true is String, "" included.
	if req.Notes != nil {
		t.Notes = sql.NullString{String: *req.Notes, Valid: true}
	}
	if req.Done.Set {
		if req.Done.Value == nil {
			return NewTodo{}, errNotNull(prefix + "done")
		}
		t.Done = *req.Done.Value
	}
	return t, nil
}

// patch checks the request's shape (400) and turns it into a TodoPatch.
func (req patchTodoRequest) patch() (TodoPatch, error) {
	var p TodoPatch
	if req.Title.Set {
		if req.Title.Value == nil {
			return TodoPatch{}, errNotNull("title")
		}
		p.Title = req.Title.Value
	}
	if req.Notes.Set {
		notes := sql.NullString{} // null: clear the notes
		if req.Notes.Value != nil {
			notes = sql.NullString{String: *req.Notes.Value, Valid: true}
		}
		p.Notes = &notes
	}
	if req.Done.Set {
		if req.Done.Value == nil {
			return TodoPatch{}, errNotNull("done")
		}
		p.Done = req.Done.Value
	}
	return p, nil
}

// checkTitle applies the contract's rule for titles: 1 to 200 characters. Characters,
// not bytes: len("é") is 2, utf8.RuneCountInString("é") is 1, like Rust's
// s.chars().count(). Uniqueness is the database's to check.
func checkTitle(field, title string) error {
	if n := utf8.RuneCountInString(title); n < 1 || n > maxTitleChars {
		return Errorf(EUNPROCESSABLE, "invalid_title",
			"%s must be 1 to %d characters long, not %d", field, maxTitleChars, n)
	}
	return nil
}

// parsePage reads limit and offset from the query string. A parameter left out takes
// its default; one that is present must be an integer in range, and that includes
// "limit=" with nothing after it, which is present and not an integer.
func parsePage(q url.Values) (limit, offset int64, err error) {
	limit, err = queryInt(q, "limit", defaultLimit, 1, maxLimit)
	if err != nil {
		return 0, 0, err
	}
	offset, err = queryInt(q, "offset", 0, 0, math.MaxInt64)
	if err != nil {
		return 0, 0, err
	}
	return limit, offset, nil
}

// queryInt reads the query parameter name as an integer from min to max, or returns def
// when it is absent. When the parameter is repeated, the first value counts.
func queryInt(q url.Values, name string, def, min, max int64) (int64, error) {
	if !q.Has(name) { // q.Get cannot tell "limit=" from no limit at all: both are ""
		return def, nil
	}
	s := q.Get(name)
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < min || n > max {
		if max == math.MaxInt64 {
			return 0, Errorf(EINVALID, "invalid_pagination",
				"%s must be an integer from %d, got %q", name, min, s)
		}
		return 0, Errorf(EINVALID, "invalid_pagination",
			"%s must be an integer from %d to %d, got %q", name, min, max, s)
	}
	return n, nil
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
//   - it is JSON of the wrong shape (not an object, a field of the wrong type) → 400
//     invalid_body.
//
// Unknown fields are ignored. Missing and null fields are the caller's to refuse, and
// so are values that fit but break a rule (an empty title).
//
// One difference from the Rust port that no contract row tests: encoding/json matches
// keys to fields case-insensitively, so {"TITLE": "a"} is a todo titled "a" here, while
// serde sees an unknown field and a missing title.
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
	// Decode stops after one value, and `{"title": "a"} x` is not a JSON document.
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

// errNotNull is the answer for a field that may be left out but is null.
func errNotNull(field string) error {
	return errInvalidBody(fmt.Sprintf("field %q may be left out, but it cannot be null", field))
}

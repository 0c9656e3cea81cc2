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

// maxDelayMS is the longest delay a job may ask for: a minute.
const maxDelayMS = 60000

// createJobRequest is the body of POST /jobs. Unknown fields, "id" and "status"
// included, are ignored.
//
// Which members a job needs depends on its task, so the shape is checked in two
// steps: every member that is present must have its type (a wrong type anywhere is
// invalid_body, whatever the task), and then the task's own members must be there.
type createJobRequest struct {
	// Required: a pointer stays nil when "task" is missing and when it is null, and
	// both are invalid_body.
	Task *string `json:"task"`
	// For "sum". Optional, to tell null (invalid_body, never a list) from missing
	// (invalid_body for a sum, fine for a fail). The items are pointers because
	// encoding/json decodes a null into an int64 by leaving it alone: [1, null] would
	// arrive as [1, 0], a list of integers, where it must be invalid_body.
	Numbers Optional[[]*int64] `json:"numbers"`
	// For "fail". Optional for the same reason: null is never a message.
	Message Optional[string] `json:"message"`
	// Missing means 0, but null is invalid_body: three states, so Optional. An int64,
	// so that -1 and 60001 arrive as numbers and break the rule (422 invalid_delay),
	// while 1.5, "100" and 1e3 are not integers at all (400 invalid_body). A number
	// past the int64 range is invalid_body too, as an id past it is invalid_id.
	DelayMS Optional[int64] `json:"delay_ms"`
}

// createJobResponse is the body of the 202: the job's id and its first status.
type createJobResponse struct {
	ID     int64  `json:"id"`
	Status string `json:"status"`
}

type healthResponse struct {
	Status string `json:"status"`
}

// handleHealth answers GET /health. run opens and migrates the database and starts the
// workers before the server starts serving, so once this answers at all, the service
// is ready.
func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, healthResponse{Status: "ok"})
}

// The handlers check in the contract's order: the id in the path, the body's shape
// (415, 400), the rules on its values (422), then the queue (503) and the database
// (404). A request refused anywhere on the way stores nothing.

// handleCreateJob answers POST /jobs: 202 with the new job's id and a Location, once the
// job is stored and queued. Accepted is not done: the client polls GET /jobs/{id}.
func (s *Server) handleCreateJob(w http.ResponseWriter, r *http.Request) {
	var req createJobRequest
	if err := decodeJSON(r, &req); err != nil {
		writeError(w, r, err)
		return
	}
	job, err := req.newJob()
	if err != nil {
		writeError(w, r, err)
		return
	}
	if err := checkJob(job); err != nil {
		writeError(w, r, err)
		return
	}
	// The request's context bounds the insert only: once Submit returns, the job is
	// the queue's, and neither the client hanging up nor a SIGTERM cancels it.
	id, err := s.queue.Submit(r.Context(), job)
	if err != nil {
		writeError(w, r, err) // queue_full is a 503 with Retry-After: see writeError
		return
	}
	w.Header().Set("Location", fmt.Sprintf("/jobs/%d", id))
	writeJSON(w, http.StatusAccepted, createJobResponse{ID: id, Status: StatusQueued})
}

// handleGetJob answers GET /jobs/{id} with the job as it is now.
func (s *Server) handleGetJob(w http.ResponseWriter, r *http.Request) {
	id, err := parseID(r)
	if err != nil {
		writeError(w, r, err)
		return
	}
	job, err := s.store.Get(r.Context(), id)
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, job)
}

// newJob checks the request's shape (400) and turns it into a NewJob. Whether the task
// is one that exists, and the delay's range, are rules, checked apart (checkJob); a
// task that does not exist needs no members beyond "task".
func (req createJobRequest) newJob() (NewJob, error) {
	// Every member present has its type: decodeJSON checked that. Now null, which
	// none of them may be, whatever the task.
	if req.Numbers.Set {
		if req.Numbers.Value == nil {
			return NewJob{}, errNotNull("numbers")
		}
		for i, n := range *req.Numbers.Value {
			if n == nil {
				return NewJob{}, errInvalidBody(fmt.Sprintf("numbers[%d] must be an integer, not null", i))
			}
		}
	}
	if req.Message.Set && req.Message.Value == nil {
		return NewJob{}, errNotNull("message")
	}
	if req.DelayMS.Set && req.DelayMS.Value == nil {
		return NewJob{}, errNotNull("delay_ms")
	}
	if req.Task == nil {
		return NewJob{}, errRequired("task")
	}

	// Then the members the task needs.
	job := NewJob{Task: *req.Task}
	if req.DelayMS.Set {
		job.DelayMS = *req.DelayMS.Value
	}
	switch job.Task {
	case TaskSum:
		if !req.Numbers.Set {
			return NewJob{}, errRequired("numbers")
		}
		job.Numbers = make([]int64, 0, len(*req.Numbers.Value)) // [] is a list: its sum is 0
		for _, n := range *req.Numbers.Value {
			job.Numbers = append(job.Numbers, *n)
		}
	case TaskFail:
		if !req.Message.Set {
			return NewJob{}, errRequired("message")
		}
		job.Message = *req.Message.Value // "" included: a job may fail with an empty error
	}
	return job, nil
}

// checkJob applies the contract's rules (422), in its order: the task, then the delay.
func checkJob(job NewJob) error {
	if job.Task != TaskSum && job.Task != TaskFail {
		return Errorf(EUNPROCESSABLE, "unknown_task",
			"task must be %q or %q, not %q", TaskSum, TaskFail, job.Task)
	}
	if job.DelayMS < 0 || job.DelayMS > maxDelayMS {
		return Errorf(EUNPROCESSABLE, "invalid_delay",
			"delay_ms must be from 0 to %d, not %d", maxDelayMS, job.DelayMS)
	}
	return nil
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
// so are values that fit but break a rule (a delay of -1).
//
// One difference from the Rust port that no contract row tests: encoding/json matches
// keys to fields case-insensitively, so {"TASK": "sum"} is a sum here, while serde sees
// an unknown field and a missing task.
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
	// Decode stops after one value, and `{"task": "sum"} x` is not a JSON document.
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

// errRequired is the answer for a required field that is missing or null.
func errRequired(field string) error {
	return errInvalidBody(fmt.Sprintf("field %q is required and cannot be null", field))
}

// errNotNull is the answer for a field that is null: no member of a job may be.
func errNotNull(field string) error {
	return errInvalidBody(fmt.Sprintf("field %q cannot be null", field))
}

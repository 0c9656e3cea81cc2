package main

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
)

// Kind classifies an application error, in the style of benbjohnson/wtf. Handlers say
// what went wrong (a Kind); only statusOf below decides which HTTP status that is.
//
// Each service keeps its own copy of this file, with only the kinds it uses, so that it
// can be read (and ported) on its own.
type Kind string

const (
	EINVALID       Kind = "invalid"            // the request is wrong: bad id, bad body
	EUNPROCESSABLE Kind = "unprocessable"      // well-formed, but a rule refuses it: unknown task, bad delay
	ENOTFOUND      Kind = "not found"          // no such route, no such job
	ENOTALLOWED    Kind = "method not allowed" // the path exists, the method does not
	EUNSUPPORTED   Kind = "unsupported"        // a body that is not JSON
	EUNAVAILABLE   Kind = "unavailable"        // the request is fine, but not now: the queue is full
	EINTERNAL      Kind = "internal"           // a bug or an outage: never the client's fault
)

// statusOf is the one table from error kind to HTTP status.
var statusOf = map[Kind]int{
	EINVALID:       http.StatusBadRequest,
	EUNPROCESSABLE: http.StatusUnprocessableEntity,
	ENOTFOUND:      http.StatusNotFound,
	ENOTALLOWED:    http.StatusMethodNotAllowed,
	EUNSUPPORTED:   http.StatusUnsupportedMediaType,
	EUNAVAILABLE:   http.StatusServiceUnavailable,
	EINTERNAL:      http.StatusInternalServerError,
}

// retryAfter is the Retry-After of every 503, in seconds: a worker takes the next job
// about as fast as a job runs, so a second is a fair guess at when a slot is free.
const retryAfter = "1"

// Error is an error the client is meant to see.
type Error struct {
	Kind    Kind   // decides the HTTP status
	Code    string // machine-readable, goes into the JSON body: "job_not_found"
	Message string // human-readable, goes into the JSON body
}

func (e *Error) Error() string {
	return fmt.Sprintf("%s: %s", e.Code, e.Message)
}

// Errorf builds an *Error with a formatted message.
func Errorf(kind Kind, code, format string, args ...any) *Error {
	return &Error{Kind: kind, Code: code, Message: fmt.Sprintf(format, args...)}
}

// sentinelError sorts the sentinel errors of the store (store.go) and of the queue
// (queue.go) into a Kind and a contract code, or returns nil for an error that is none
// of them: a database error the client did not cause, which becomes a 500.
//
// errors.Is, not ==: the store wraps its sentinels with %w to say which job, and
// errors.Is follows the chain of wrappers down to the sentinel.
func sentinelError(err error) *Error {
	var kind Kind
	var code string
	switch {
	case errors.Is(err, ErrJobNotFound):
		kind, code = ENOTFOUND, "job_not_found"
	case errors.Is(err, ErrQueueFull):
		kind, code = EUNAVAILABLE, "queue_full"
	case errors.Is(err, ErrShuttingDown):
		// Only a request still running after srv.Shutdown gave up waiting sees this:
		// see main.go. No contract row can reach it.
		kind, code = EUNAVAILABLE, "shutting_down"
	default:
		return nil
	}
	return &Error{Kind: kind, Code: code, Message: err.Error()}
}

// errorBody is the JSON shape of every error: {"error": {"code": ..., "message": ...}}.
type errorBody struct {
	Error errorDetail `json:"error"`
}

type errorDetail struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// writeError is the one place that turns an error into an HTTP response.
//
// An *Error (possibly wrapped) is shown to the client as it is, and so is one of the
// sentinels, through sentinelError. Anything else is a bug or an outage (a full disk, a
// corrupt file): it is logged in full and the client gets a bare 500 "internal", so no
// SQL and no file path leaks out.
func writeError(w http.ResponseWriter, r *http.Request, err error) {
	var appErr *Error
	if !errors.As(err, &appErr) {
		appErr = sentinelError(err)
	}
	if appErr == nil {
		slog.Error("internal error", "method", r.Method, "path", r.URL.Path, "err", err)
		appErr = &Error{Kind: EINTERNAL, Code: "internal", Message: "internal server error"}
	}
	status, ok := statusOf[appErr.Kind]
	if !ok {
		status = http.StatusInternalServerError // a Kind someone forgot to add to the table
	}
	// A 503 says the request may work later; Retry-After says when to try again.
	if status == http.StatusServiceUnavailable {
		w.Header().Set("Retry-After", retryAfter)
	}
	writeJSON(w, status, errorBody{Error: errorDetail{Code: appErr.Code, Message: appErr.Message}})
}

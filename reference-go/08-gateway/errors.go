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
// can be read (and ported) on its own. The gateway has two kinds of its own, for the
// two ways forwarding fails.
type Kind string

const (
	EINVALID     Kind = "invalid"     // the request is wrong: a bad id
	ENOTFOUND    Kind = "not found"   // no such todo
	EUNAVAILABLE Kind = "unavailable" // the upstream cannot be reached
	ETIMEOUT     Kind = "timeout"     // the upstream did not answer in time
	EINTERNAL    Kind = "internal"    // a bug or an outage: never the client's fault
)

// statusOf is the one table from error kind to HTTP status.
//
// 502 Bad Gateway and 504 Gateway Timeout are the two statuses HTTP has for a gateway
// whose upstream failed it: 502 when no usable answer came back at all, 504 when the
// gateway stopped waiting for one.
var statusOf = map[Kind]int{
	EINVALID:     http.StatusBadRequest,
	ENOTFOUND:    http.StatusNotFound,
	EUNAVAILABLE: http.StatusBadGateway,
	ETIMEOUT:     http.StatusGatewayTimeout,
	EINTERNAL:    http.StatusInternalServerError,
}

// Error is an error the client is meant to see.
type Error struct {
	Kind    Kind   // decides the HTTP status
	Code    string // machine-readable, goes into the JSON body: "todo_not_found"
	Message string // human-readable, goes into the JSON body
}

func (e *Error) Error() string {
	return fmt.Sprintf("%s: %s", e.Code, e.Message)
}

// Errorf builds an *Error with a formatted message.
func Errorf(kind Kind, code, format string, args ...any) *Error {
	return &Error{Kind: kind, Code: code, Message: fmt.Sprintf(format, args...)}
}

// storeError sorts the store's sentinel error (store.go) into a Kind and a contract
// code, or returns nil for an error that is not it: a database error the client did
// not cause, which becomes a 500.
//
// errors.Is, not ==: the store wraps its sentinel with %w to say which todo, and
// errors.Is follows the chain of wrappers down to the sentinel.
func storeError(err error) *Error {
	if errors.Is(err, ErrTodoNotFound) {
		return &Error{Kind: ENOTFOUND, Code: "todo_not_found", Message: err.Error()}
	}
	return nil
}

// errorBody is the JSON shape of every error: {"error": {"code": ..., "message": ...}}.
type errorBody struct {
	Error errorDetail `json:"error"`
}

type errorDetail struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// writeError is the one place that turns an error into an HTTP response: the
// gateway's own errors, that is. An error the upstream answers is passed back as the
// upstream wrote it and never comes through here.
//
// An *Error (possibly wrapped) is shown to the client as it is, and so is the store's
// sentinel, through storeError. Anything else is a bug or an outage (a locked or
// corrupt database file): it is logged in full and the client gets a bare 500
// "internal", so no SQL and no file path leaks out.
func writeError(w http.ResponseWriter, r *http.Request, err error) {
	var appErr *Error
	if !errors.As(err, &appErr) {
		appErr = storeError(err)
	}
	if appErr == nil {
		slog.Error("internal error", "request_id", r.Header.Get(requestIDHeader),
			"method", r.Method, "path", r.URL.Path, "err", err)
		appErr = &Error{Kind: EINTERNAL, Code: "internal", Message: "internal server error"}
	}
	status, ok := statusOf[appErr.Kind]
	if !ok {
		status = http.StatusInternalServerError // a Kind someone forgot to add to the table
	}
	writeJSON(w, status, errorBody{Error: errorDetail{Code: appErr.Code, Message: appErr.Message}})
}

package main

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
)

// Kind classifies an application error, in the style of benbjohnson/wtf: handlers say
// what went wrong, and only statusOf decides which HTTP status that is. (Each service
// keeps its own copy of this file, with only the kinds it uses.)
type Kind string

const (
	EINVALID     Kind = "invalid"            // the body is not JSON, not an array, or holds a bad event
	ETOOLARGE    Kind = "too large"          // the body is over maxBodyBytes
	ENOTFOUND    Kind = "not found"          // no such route
	ENOTALLOWED  Kind = "method not allowed" // the path exists, the method does not
	EUNSUPPORTED Kind = "unsupported"        // a body that is not JSON
	EINTERNAL    Kind = "internal"           // a bug or an outage: never the client's fault
)

// statusOf is the one table from error kind to HTTP status.
var statusOf = map[Kind]int{
	EINVALID:     http.StatusBadRequest,
	ETOOLARGE:    http.StatusRequestEntityTooLarge,
	ENOTFOUND:    http.StatusNotFound,
	ENOTALLOWED:  http.StatusMethodNotAllowed,
	EUNSUPPORTED: http.StatusUnsupportedMediaType,
	EINTERNAL:    http.StatusInternalServerError,
}

// Error is an error the client is meant to see.
type Error struct {
	Kind    Kind   // decides the HTTP status
	Code    string // machine-readable, goes into the JSON body: "invalid_event"
	Message string // human-readable, goes into the JSON body
}

func (e *Error) Error() string {
	return fmt.Sprintf("%s: %s", e.Code, e.Message)
}

// Errorf builds an *Error with a formatted message.
func Errorf(kind Kind, code, format string, args ...any) *Error {
	return &Error{Kind: kind, Code: code, Message: fmt.Sprintf(format, args...)}
}

// errorBody is the JSON shape of every error: {"error": {"code": ..., "message": ...}}.
type errorBody struct {
	Error errorDetail `json:"error"`
}

type errorDetail struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// writeError is the one place that turns an error into an HTTP response. An *Error is
// shown to the client as it is; anything else is a bug or an outage, logged in full and
// answered with a bare 500 "internal".
func writeError(w http.ResponseWriter, r *http.Request, err error) {
	var appErr *Error
	if !errors.As(err, &appErr) {
		slog.Error("internal error", "method", r.Method, "path", r.URL.Path, "err", err)
		appErr = &Error{Kind: EINTERNAL, Code: "internal", Message: "internal server error"}
	}
	status, ok := statusOf[appErr.Kind]
	if !ok {
		status = http.StatusInternalServerError // a Kind someone forgot to add to the table
	}
	writeJSON(w, status, errorBody{Error: errorDetail{Code: appErr.Code, Message: appErr.Message}})
}

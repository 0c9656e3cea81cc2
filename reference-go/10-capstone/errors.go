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
	EINVALID       Kind = "invalid"            // the request is wrong: bad id, bad body, bad page, bad key
	EUNPROCESSABLE Kind = "unprocessable"      // well-formed, but a rule refuses it: no items, unknown sku
	ENOTFOUND      Kind = "not found"          // no such route, no such order
	ENOTALLOWED    Kind = "method not allowed" // the path exists, the method does not
	ECONFLICT      Kind = "conflict"           // the request is fine, the stored orders forbid it
	EUNSUPPORTED   Kind = "unsupported"        // a body that is not JSON
	EINTERNAL      Kind = "internal"           // a bug or an outage: never the client's fault
)

// statusOf is the one table from error kind to HTTP status.
var statusOf = map[Kind]int{
	EINVALID:       http.StatusBadRequest,
	EUNPROCESSABLE: http.StatusUnprocessableEntity,
	ENOTFOUND:      http.StatusNotFound,
	ENOTALLOWED:    http.StatusMethodNotAllowed,
	ECONFLICT:      http.StatusConflict,
	EUNSUPPORTED:   http.StatusUnsupportedMediaType,
	EINTERNAL:      http.StatusInternalServerError,
}

// Error is an error the client is meant to see.
type Error struct {
	Kind    Kind   // decides the HTTP status
	Code    string // machine-readable, goes into the JSON body: "order_not_found"
	Message string // human-readable, goes into the JSON body
}

func (e *Error) Error() string {
	return fmt.Sprintf("%s: %s", e.Code, e.Message)
}

// Errorf builds an *Error with a formatted message.
func Errorf(kind Kind, code, format string, args ...any) *Error {
	return &Error{Kind: kind, Code: code, Message: fmt.Sprintf(format, args...)}
}

// storeError sorts the store's sentinel errors (store.go) into a Kind and a contract
// code, or returns nil for an error that is none of them: a database error the client
// did not cause, which becomes a 500.
//
// errors.Is, not ==: the store wraps its sentinels with %w to say which order or which
// sku, and errors.Is follows the chain of wrappers down to the sentinel.
func storeError(err error) *Error {
	var kind Kind
	var code string
	switch {
	case errors.Is(err, ErrOrderNotFound):
		kind, code = ENOTFOUND, "order_not_found"
	case errors.Is(err, ErrUnknownSKU):
		kind, code = EUNPROCESSABLE, "unknown_sku"
	case errors.Is(err, ErrInvalidTransition):
		kind, code = ECONFLICT, "invalid_transition"
	case errors.Is(err, ErrKeyReused):
		kind, code = ECONFLICT, "idempotency_key_reused"
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
// store's sentinels, through storeError. Anything else is a bug or an outage (a full
// disk, a corrupt file): it is logged in full and the client gets a bare 500
// "internal", so no SQL and no file path leaks out.
func writeError(w http.ResponseWriter, r *http.Request, err error) {
	var appErr *Error
	if !errors.As(err, &appErr) {
		appErr = storeError(err)
	}
	if appErr == nil {
		// With r's context, so the line carries the request id: an operator finds the
		// request the client complains about.
		slog.ErrorContext(r.Context(), "internal error", "err", err)
		appErr = &Error{Kind: EINTERNAL, Code: "internal", Message: "internal server error"}
	}
	status, ok := statusOf[appErr.Kind]
	if !ok {
		status = http.StatusInternalServerError // a Kind someone forgot to add to the table
	}
	writeJSON(w, r, status, errorBody{Error: errorDetail{Code: appErr.Code, Message: appErr.Message}})
}

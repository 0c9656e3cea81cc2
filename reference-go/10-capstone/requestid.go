package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
)

// requestIDHeader carries a request's id in both directions.
const requestIDHeader = "X-Request-Id"

// maxRequestIDLen is the longest client id kept.
const maxRequestIDLen = 128

// ctxKey is the type of this package's context keys: a type of its own, so no other
// package's key can collide with it.
type ctxKey struct{}

// withRequestID returns ctx carrying id.
func withRequestID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, ctxKey{}, id)
}

// requestIDFrom returns the request id in ctx, or "" outside a request.
func requestIDFrom(ctx context.Context) string {
	id, _ := ctx.Value(ctxKey{}).(string)
	return id
}

// validRequestID reports whether a client's id can be kept: 1 to 128 letters, digits,
// '-', '_', '.' or ':'. Anything else (spaces, quotes, control characters) could break
// a log line or a header downstream, and is replaced.
func validRequestID(id string) bool {
	if len(id) == 0 || len(id) > maxRequestIDLen {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
			c == '-' || c == '_' || c == '.' || c == ':'
		if !ok {
			return false
		}
	}
	return true
}

// newRequestID returns 128 random bits as 32 lowercase hexadecimal digits.
func newRequestID() string {
	var b [16]byte
	rand.Read(b[:]) // never fails (crypto/rand panics rather than return an error)
	return hex.EncodeToString(b[:])
}

// requestIDHandler is a slog.Handler that adds the request id in the context of each
// record as the attribute request_id. Every line logged with slog.InfoContext(ctx, …)
// during a request carries the id, without a logger being passed around; a line
// logged without the context (slog.Info) has none, which is the trap of this design.
//
// The Rust port gets the same from a tracing span entered for the whole request.
type requestIDHandler struct {
	slog.Handler
}

func (h requestIDHandler) Handle(ctx context.Context, r slog.Record) error {
	if id := requestIDFrom(ctx); id != "" {
		r.AddAttrs(slog.String("request_id", id))
	}
	return h.Handler.Handle(ctx, r)
}

// WithAttrs and WithGroup must wrap again, or a logger made with slog.With would lose
// the request id.
func (h requestIDHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return requestIDHandler{h.Handler.WithAttrs(attrs)}
}

func (h requestIDHandler) WithGroup(name string) slog.Handler {
	return requestIDHandler{h.Handler.WithGroup(name)}
}

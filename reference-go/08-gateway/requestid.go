package main

import (
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net/http"
	"time"
)

// requestIDHeader carries the id that ties together the log lines one request leaves
// in the gateway and in the upstream.
const requestIDHeader = "X-Request-Id"

// maxRequestIDLen is the longest id the gateway accepts from a client.
const maxRequestIDLen = 128

// withRequestID is the middleware around the whole gateway: every request gets an id,
// on its way in and on its way back, and one log line when it is done.
//
//   - A valid X-Request-Id from the client is kept, so a caller can follow its own id
//     through the gateway into the upstream's logs. Anything else is replaced with a
//     fresh id, everywhere: the header is Set, not Added, so an invalid value never
//     reaches the upstream next to the good one.
//   - The id goes on the request the routes see, so the proxy sends it upstream with the
//     other headers (see also the Rewrite in proxy.go), and the error handlers can log
//     it.
//   - It goes on every answer through responseWriter below: the gateway's own routes,
//     forwarded answers, and the proxy's 502 and 504.
func withRequestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		id := r.Header.Get(requestIDHeader) // of several X-Request-Id headers, the first counts
		if !validRequestID(id) {
			id = newRequestID()
		}
		// Change a copy: a handler is not supposed to modify the request it was given
		// (see http.Handler), and Clone copies the header map, so the Set below does
		// not write into the server's request.
		r = r.Clone(r.Context())
		r.Header.Set(requestIDHeader, id)
		rw := &responseWriter{ResponseWriter: w, requestID: id}

		// Deferred, so the line is written even when the handler panics: ReverseProxy
		// panics with http.ErrAbortHandler when the upstream's body breaks off midway,
		// which is how net/http is told to cut the connection.
		defer func() {
			slog.Info("request", "request_id", id, "method", r.Method, "path", r.URL.Path,
				"status", rw.status, "duration", time.Since(start))
		}()
		next.ServeHTTP(rw, r)
	})
}

// validRequestID reports whether id may be passed on as it is: 1 to 128 characters,
// each a letter, a digit, '-', '_', '.' or ':'. That keeps out whatever would corrupt a
// log line or a header: spaces, quotes, control characters such as a newline.
//
// It looks at bytes, not characters. Every allowed character is ASCII, one byte, so a
// byte of a multi-byte UTF-8 character is refused like any other, and for an id that
// passes, bytes and characters are the same count.
func validRequestID(id string) bool {
	if len(id) < 1 || len(id) > maxRequestIDLen {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case c == '-', c == '_', c == '.', c == ':':
		default:
			return false
		}
	}
	return true
}

// newRequestID makes up an id: 128 random bits as 32 lowercase hexadecimal digits.
// That is more random bits than a UUID v4 has (122): two requests never get the same
// id in practice, without any coordination between gateways.
//
// crypto/rand, not math/rand: the ids are not secrets, but crypto/rand is seeded by the
// operating system in every process, so two gateways started at the same moment
// cannot produce the same sequence.
func newRequestID() string {
	var b [16]byte
	// rand.Read only fails when the operating system has no randomness to give (since
	// Go 1.24 it does not even return then: it crashes the program). Without randomness
	// there is no id to give; there is no sensible answer but to stop.
	if _, err := rand.Read(b[:]); err != nil {
		panic("crypto/rand: " + err.Error())
	}
	return hex.EncodeToString(b[:])
}

// responseWriter wraps the server's http.ResponseWriter to put the request id on the
// answer and to remember the status for the log line.
//
// The id is set in WriteHeader, at the last moment before the status line and the
// headers go out, rather than once before the handler runs. Whatever a handler did to
// the header map in between cannot lose or double it, and ReverseProxy does two such
// things: it adds the upstream's headers to ours (Add, not Set: an upstream that sent
// its own X-Request-Id would make it a second value, and ours must win), and after
// passing on a 1xx answer, such as 103 Early Hints, it clears the header map.
type responseWriter struct {
	http.ResponseWriter
	requestID string
	status    int // the final status; 0 until one is written
}

func (rw *responseWriter) WriteHeader(status int) {
	rw.Header().Set(requestIDHeader, rw.requestID)
	// A 1xx is an interim answer; the final one follows, and that is the one to log.
	if rw.status == 0 && status >= 200 {
		rw.status = status
	}
	rw.ResponseWriter.WriteHeader(status)
}

// Write sends the header first when the handler has not, as net/http would with
// status 200, but through our WriteHeader, so that the id is on it.
func (rw *responseWriter) Write(b []byte) (int, error) {
	if rw.status == 0 {
		rw.WriteHeader(http.StatusOK)
	}
	return rw.ResponseWriter.Write(b)
}

// Unwrap gives http.ResponseController the server's own writer. ReverseProxy flushes
// streamed answers through a ResponseController, and without Unwrap it would find no
// Flush method on this wrapper.
func (rw *responseWriter) Unwrap() http.ResponseWriter {
	return rw.ResponseWriter
}

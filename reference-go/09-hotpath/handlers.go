package main

import (
	"errors"
	"io"
	"mime"
	"net/http"
)

// maxBodyBytes is the largest body POST /stats reads: 4 MiB.
const maxBodyBytes = 4 << 20

type healthResponse struct {
	Status string `json:"status"`
}

// handleHealth answers GET /health. Once it answers, the service is ready.
func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, healthResponse{Status: "ok"})
}

// handleStats answers POST /stats with the statistics of the events in the body.
func (s *Server) handleStats(w http.ResponseWriter, r *http.Request) {
	mediaType, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mediaType != "application/json" { // parameters such as charset are fine
		writeError(w, r, Errorf(EUNSUPPORTED, "unsupported_media_type", "Content-Type must be application/json"))
		return
	}

	// MaxBytesReader fails the read after maxBodyBytes with an *http.MaxBytesError, and
	// tells the server to close the connection once the answer is written, rather than
	// read the rest of a body nobody wants.
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBodyBytes))
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			writeError(w, r, Errorf(ETOOLARGE, "body_too_large", "the body is over the limit of %d bytes", tooLarge.Limit))
			return
		}
		writeError(w, r, err) // the connection broke mid-body: a 500
		return
	}

	events, err := decodeEvents(body)
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, Aggregate(events))
}

package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
)

// Event is one request a service answered, as POST /stats receives it.
type Event struct {
	TS        int64   // when, in milliseconds since the Unix epoch
	Service   string  // which service answered
	LatencyMS float64 // how long it took
	Status    int     // the HTTP status it answered
	Bytes     int64   // the size of its answer
}

// maxEventBytes bounds one event's bytes, so that a service's total cannot overflow an
// int64 (a 4 MiB body holds fewer than 10^5 events).
const maxEventBytes = 1_000_000_000_000

// eventJSON is the wire shape of an event. Every field is a pointer: encoding/json leaves
// a field alone both when the key is missing and when it is null, so with a plain int64
// a missing "bytes" would quietly be 0. A pointer stays nil, and validate refuses it.
// Unknown keys are ignored.
type eventJSON struct {
	TS        *int64   `json:"ts"`
	Service   *string  `json:"service"`
	LatencyMS *float64 `json:"latency_ms"`
	Status    *int     `json:"status"`
	Bytes     *int64   `json:"bytes"`
}

// validate turns the wire shape into an Event, or says which rule it breaks.
func (e eventJSON) validate() (Event, error) {
	switch {
	case e.TS == nil:
		return Event{}, errors.New(`"ts" is required and cannot be null`)
	case e.Service == nil:
		return Event{}, errors.New(`"service" is required and cannot be null`)
	case e.LatencyMS == nil:
		return Event{}, errors.New(`"latency_ms" is required and cannot be null`)
	case e.Status == nil:
		return Event{}, errors.New(`"status" is required and cannot be null`)
	case e.Bytes == nil:
		return Event{}, errors.New(`"bytes" is required and cannot be null`)
	case *e.TS < 0:
		return Event{}, fmt.Errorf(`"ts" must be 0 or more, not %d`, *e.TS)
	case *e.Service == "":
		return Event{}, errors.New(`"service" must not be empty`)
	case *e.LatencyMS < 0:
		return Event{}, fmt.Errorf(`"latency_ms" must be 0 or more, not %g`, *e.LatencyMS)
	case *e.Status < 100 || *e.Status > 599:
		return Event{}, fmt.Errorf(`"status" must be an HTTP status from 100 to 599, not %d`, *e.Status)
	case *e.Bytes < 0 || *e.Bytes > maxEventBytes:
		return Event{}, fmt.Errorf(`"bytes" must be from 0 to %d, not %d`, int64(maxEventBytes), *e.Bytes)
	}
	return Event{TS: *e.TS, Service: *e.Service, LatencyMS: *e.LatencyMS, Status: *e.Status, Bytes: *e.Bytes}, nil
}

// decodeEvents reads the body of POST /stats. The checks come in the statement's order:
// the whole body must be JSON (400 malformed_json), then an array (400 invalid_body),
// then each element a valid event, the first bad one by index deciding (400
// invalid_event, naming the index).
func decodeEvents(body []byte) ([]Event, error) {
	// Syntax first, over the whole body: without this, a type error in event 3 would be
	// reported before a syntax error in event 9, which the decoder below has not read yet.
	if !json.Valid(body) {
		return nil, errMalformed(body)
	}

	dec := json.NewDecoder(bytes.NewReader(body))
	if tok, _ := dec.Token(); tok != json.Delim('[') {
		return nil, Errorf(EINVALID, "invalid_body", "the body must be a JSON array of events")
	}
	// One event at a time: the index is known when an event is refused, and a bad event
	// stops the work at once.
	events := make([]Event, 0, len(body)/96) // about 96 bytes per event: fewer regrowths
	for i := 0; dec.More(); i++ {
		var raw eventJSON
		if err := dec.Decode(&raw); err != nil {
			var typeErr *json.UnmarshalTypeError
			if errors.As(err, &typeErr) {
				return nil, errInvalidEvent(i, fmt.Errorf("%q cannot be a JSON %s", typeErr.Field, typeErr.Value))
			}
			return nil, err // the syntax was checked above, so this is a bug: a 500
		}
		event, err := raw.validate()
		if err != nil {
			return nil, errInvalidEvent(i, err)
		}
		events = append(events, event)
	}
	return events, nil
}

// errMalformed says why body is not JSON. json.Valid only says whether; Unmarshal into
// an empty interface finds the error's position again, on this rare path only.
func errMalformed(body []byte) error {
	var v any
	err := json.Unmarshal(body, &v)
	if err == nil {
		err = errors.New("not a JSON value")
	}
	return Errorf(EINVALID, "malformed_json", "malformed JSON: %v", err)
}

func errInvalidEvent(index int, err error) error {
	return Errorf(EINVALID, "invalid_event", "event %d: %v", index, err)
}

package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// noContentType, as a case's contentType, sends the request without the header.
const noContentType = "(none)"

func do(srv http.Handler, method, path, contentType, body string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	if contentType != noContentType {
		req.Header.Set("Content-Type", contentType)
	}
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, req)
	return rec
}

const event = `{"ts": 1, "service": "api", "latency_ms": 1.5, "status": 200, "bytes": 10}`

func TestErrors(t *testing.T) {
	tests := []struct {
		name        string
		method      string
		path        string
		contentType string
		body        string
		wantStatus  int
		wantCode    string
		wantInMsg   string // a piece of the message, when it matters
	}{
		{"unknown path", "GET", "/nope", noContentType, "", 404, "not_found", ""},
		{"wrong method", "GET", "/stats", noContentType, "", 405, "method_not_allowed", ""},
		{"no content type", "POST", "/stats", noContentType, "[]", 415, "unsupported_media_type", ""},
		{"text/plain", "POST", "/stats", "text/plain", "[]", 415, "unsupported_media_type", ""},
		{"empty body", "POST", "/stats", "application/json", "", 400, "malformed_json", ""},
		{"truncated", "POST", "/stats", "application/json", "[" + event + ",", 400, "malformed_json", ""},
		{"syntax error after a bad event", "POST", "/stats", "application/json", `[{"ts": "x"}, {`, 400, "malformed_json", ""},
		{"an object", "POST", "/stats", "application/json", event, 400, "invalid_body", ""},
		{"null", "POST", "/stats", "application/json", "null", 400, "invalid_body", ""},
		{"a number in the array", "POST", "/stats", "application/json", "[" + event + ", 3]", 400, "invalid_event", "event 1"},
		{"missing field", "POST", "/stats", "application/json", `[{"ts": 1, "service": "a", "latency_ms": 1, "status": 200}]`, 400, "invalid_event", `"bytes"`},
		{"null field", "POST", "/stats", "application/json", `[{"ts": 1, "service": null, "latency_ms": 1, "status": 200, "bytes": 0}]`, 400, "invalid_event", `"service"`},
		{"string ts", "POST", "/stats", "application/json", `[{"ts": "1", "service": "a", "latency_ms": 1, "status": 200, "bytes": 0}]`, 400, "invalid_event", `"ts"`},
		{"fractional status", "POST", "/stats", "application/json", `[{"ts": 1, "service": "a", "latency_ms": 1, "status": 200.5, "bytes": 0}]`, 400, "invalid_event", `"status"`},
		{"negative latency", "POST", "/stats", "application/json", "[" + event + `, {"ts": 1, "service": "a", "latency_ms": -0.001, "status": 200, "bytes": 0}]`, 400, "invalid_event", "event 1"},
		{"status 600", "POST", "/stats", "application/json", `[{"ts": 1, "service": "a", "latency_ms": 1, "status": 600, "bytes": 0}]`, 400, "invalid_event", ""},
		{"empty service", "POST", "/stats", "application/json", `[{"ts": 1, "service": "", "latency_ms": 1, "status": 200, "bytes": 0}]`, 400, "invalid_event", ""},
		{"negative ts", "POST", "/stats", "application/json", `[{"ts": -1, "service": "a", "latency_ms": 1, "status": 200, "bytes": 0}]`, 400, "invalid_event", ""},
		{"too many bytes", "POST", "/stats", "application/json", `[{"ts": 1, "service": "a", "latency_ms": 1, "status": 200, "bytes": 1000000000001}]`, 400, "invalid_event", ""},
		{"over 4 MiB", "POST", "/stats", "application/json", "[" + strings.Repeat(event+",", 4<<20/len(event)) + event + "]", 413, "body_too_large", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := do(NewServer(), tt.method, tt.path, tt.contentType, tt.body)
			if rec.Code != tt.wantStatus {
				t.Fatalf("status = %d, want %d; body %s", rec.Code, tt.wantStatus, rec.Body)
			}
			if ct := rec.Header().Get("Content-Type"); ct != "application/json" {
				t.Errorf("Content-Type = %q", ct)
			}
			var got errorBody
			if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
				t.Fatalf("body is not an error: %v: %s", err, rec.Body)
			}
			if got.Error.Code != tt.wantCode || !strings.Contains(got.Error.Message, tt.wantInMsg) {
				t.Errorf("error = %+v, want code %s and %q in the message", got.Error, tt.wantCode, tt.wantInMsg)
			}
		})
	}
}

func TestStatsAnswers(t *testing.T) {
	tests := []struct {
		name string
		body string
		want string
	}{
		{"empty array", "[]", `{"events":0,"errors":0,"from_ts":null,"to_ts":null,"latency_ms":null,"services":[],"top":[]}`},
		{"one event, unknown keys ignored", `[{"ts": 5, "service": "caf\u00e9", "latency_ms": 2, "status": 503, "bytes": 7, "host": "x"}]`,
			`{"events":1,"errors":1,"from_ts":5,"to_ts":5,"latency_ms":{"min":2,"mean":2,"p50":2,"p95":2,"p99":2,"max":2},` +
				`"services":[{"service":"café","count":1,"errors":1,"bytes":7,"latency_ms":{"min":2,"mean":2,"p50":2,"p95":2,"p99":2,"max":2}}],` +
				`"top":[{"service":"café","count":1}]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := do(NewServer(), "POST", "/stats", "application/json; charset=utf-8", tt.body)
			if rec.Code != http.StatusOK {
				t.Fatalf("status = %d; body %s", rec.Code, rec.Body)
			}
			if got := strings.TrimSpace(rec.Body.String()); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestHealth(t *testing.T) {
	rec := do(NewServer(), "GET", "/health", noContentType, "")
	if rec.Code != http.StatusOK || strings.TrimSpace(rec.Body.String()) != `{"status":"ok"}` {
		t.Errorf("got %d %s", rec.Code, rec.Body)
	}
}

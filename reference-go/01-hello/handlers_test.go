package main

import (
	"errors"
	"fmt"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// hello builds the target for GET /hello?name=NAME, escaping the name.
func hello(name string) string {
	return "/hello?name=" + url.QueryEscape(name)
}

func TestHealth(t *testing.T) {
	runCases(t, []routeCase{
		{name: "GET /health", method: "GET", target: "/health",
			wantStatus: 200, wantBody: `{"status": "ok"}`},
	})
}

func TestHello(t *testing.T) {
	runCases(t, []routeCase{
		{name: "no name means the default", method: "GET", target: "/hello",
			wantStatus: 200, wantBody: `{"message": "Hello, world!"}`},
		{name: "a name", method: "GET", target: "/hello?name=Ada",
			wantStatus: 200, wantBody: `{"message": "Hello, Ada!"}`},
		{name: "an empty name means the default", method: "GET", target: "/hello?name=",
			wantStatus: 200, wantBody: `{"message": "Hello, world!"}`},
		{name: "a bare name key means the default", method: "GET", target: "/hello?name",
			wantStatus: 200, wantBody: `{"message": "Hello, world!"}`},
		{name: "an escaped name", method: "GET", target: hello("Ada Lovelace & co"),
			wantStatus: 200, wantBody: `{"message": "Hello, Ada Lovelace & co!"}`},
		{name: "the first of two names", method: "GET", target: "/hello?name=Ada&name=Bob",
			wantStatus: 200, wantBody: `{"message": "Hello, Ada!"}`},
		{name: "other parameters are ignored", method: "GET", target: "/hello?lang=fr",
			wantStatus: 200, wantBody: `{"message": "Hello, world!"}`},
		{name: "64 characters is the limit", method: "GET", target: hello(strings.Repeat("a", 64)),
			wantStatus: 200,
			wantBody:   fmt.Sprintf(`{"message": "Hello, %s!"}`, strings.Repeat("a", 64))},
		{name: "65 characters is too long", method: "GET", target: hello(strings.Repeat("a", 65)),
			wantStatus: 422, wantCode: "name_too_long"},
		// 64 "é" are 128 bytes: a byte count would wrongly reject them.
		{name: "64 two-byte characters", method: "GET", target: hello(strings.Repeat("é", 64)),
			wantStatus: 200,
			wantBody:   fmt.Sprintf(`{"message": "Hello, %s!"}`, strings.Repeat("é", 64))},
		{name: "65 four-byte characters", method: "GET", target: hello(strings.Repeat("🦀", 65)),
			wantStatus: 422, wantCode: "name_too_long"},
	})
}

func TestUnknownErrorsBecomeBare500s(t *testing.T) {
	rec := httptest.NewRecorder()
	writeError(rec, httptest.NewRequest("GET", "/hello", nil), errors.New("secret detail"))
	if rec.Code != 500 {
		t.Errorf("status = %d, want 500", rec.Code)
	}
	assertErrorBody(t, rec.Body.Bytes(), "internal")
	if strings.Contains(rec.Body.String(), "secret") {
		t.Errorf("body leaks the error: %s", rec.Body)
	}
}

func TestWrappedAppErrorsKeepTheirStatus(t *testing.T) {
	err := fmt.Errorf("greeting: %w", Errorf(EUNPROCESSABLE, "name_too_long", "too long"))
	rec := httptest.NewRecorder()
	writeError(rec, httptest.NewRequest("GET", "/hello", nil), err)
	if rec.Code != 422 {
		t.Errorf("status = %d, want 422", rec.Code)
	}
	assertErrorBody(t, rec.Body.Bytes(), "name_too_long")
}

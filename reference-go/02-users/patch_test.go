package main

import "testing"

// Tests for PATCH /users/{id}, whose lesson is that an absent field is not a null one.

func TestPatchUser(t *testing.T) {
	const (
		adaCleared = `{"id": 1, "name": "Ada", "email": null, "account": {"plan": "pro"}}`
		adaNew     = `{"id": 1, "name": "Ada", "email": "new@example.com", "account": {"plan": "pro"}}`
		cyNew      = `{"id": 3, "name": "Cy", "email": "cy@example.com", "account": {"plan": "basic"}}`
	)
	runCases(t, true, []apiCase{
		{name: "email absent leaves it unchanged", method: "PATCH", path: "/users/1",
			body: `{}`, wantStatus: 200, wantBody: ada},
		{name: "email null clears it", method: "PATCH", path: "/users/1",
			body: `{"email": null}`, wantStatus: 200, wantBody: adaCleared},
		{name: "email a string sets it", method: "PATCH", path: "/users/1",
			body: `{"email": "new@example.com"}`, wantStatus: 200, wantBody: adaNew},
		{name: "setting an email that was null", method: "PATCH", path: "/users/3",
			body: `{"email": "cy@example.com"}`, wantStatus: 200, wantBody: cyNew},
		{name: "clearing an email that was null", method: "PATCH", path: "/users/3",
			body: `{"email": null}`, wantStatus: 200, wantBody: cy},
		{name: "other fields are ignored", method: "PATCH", path: "/users/1",
			body: `{"name": "Eve", "account": null}`, wantStatus: 200, wantBody: ada},

		{name: "email not a string", method: "PATCH", path: "/users/1",
			body: `{"email": 42}`, wantStatus: 400, wantCode: "invalid_body"},
		{name: "email an object", method: "PATCH", path: "/users/1",
			body: `{"email": {"address": "a@example.com"}}`, wantStatus: 400, wantCode: "invalid_body"},
		{name: "email empty", method: "PATCH", path: "/users/1",
			body: `{"email": ""}`, wantStatus: 400, wantCode: "invalid_body"},
		// null decodes into a struct without error; it must not read as {}.
		{name: "body null", method: "PATCH", path: "/users/1",
			body: `null`, wantStatus: 400, wantCode: "invalid_body"},
		{name: "body an array", method: "PATCH", path: "/users/1",
			body: `[]`, wantStatus: 400, wantCode: "invalid_body"},
		{name: "malformed JSON", method: "PATCH", path: "/users/1",
			body: `{"email": }`, wantStatus: 400, wantCode: "malformed_json"},
		{name: "truncated JSON", method: "PATCH", path: "/users/1",
			body: `{"email": "new@exa`, wantStatus: 400, wantCode: "malformed_json"},
		{name: "an empty body", method: "PATCH", path: "/users/1",
			body: ``, wantStatus: 400, wantCode: "malformed_json"},
		{name: "no Content-Type", method: "PATCH", path: "/users/1", contentType: noContentType,
			body: `{}`, wantStatus: 415, wantCode: "unsupported_media_type"},

		{name: "unknown user, email absent", method: "PATCH", path: "/users/999",
			body: `{}`, wantStatus: 404, wantCode: "user_not_found"},
		{name: "unknown user, email set", method: "PATCH", path: "/users/999",
			body: `{"email": "new@example.com"}`, wantStatus: 404, wantCode: "user_not_found"},
		// Order: id, body, user. The body is checked before the user is looked up.
		{name: "unknown user and malformed JSON", method: "PATCH", path: "/users/999",
			body: `{`, wantStatus: 400, wantCode: "malformed_json"},
		{name: "unknown user and an invalid body", method: "PATCH", path: "/users/999",
			body: `{"email": 42}`, wantStatus: 400, wantCode: "invalid_body"},
		{name: "unknown user and no Content-Type", method: "PATCH", path: "/users/999",
			contentType: noContentType, body: `{}`, wantStatus: 415, wantCode: "unsupported_media_type"},
	})
}

// TestPatchIsStored follows one user through set, keep and clear, reading it back each
// time, so a PATCH that only changed its response would fail.
func TestPatchIsStored(t *testing.T) {
	srv := newSeededServer(t)
	steps := []struct {
		body      string
		wantEmail string // JSON
	}{
		{`{"email": "new@example.com"}`, `"new@example.com"`},
		{`{}`, `"new@example.com"`},
		{`{"email": null}`, `null`},
		{`{}`, `null`},
	}
	for _, step := range steps {
		want := `{"id": 1, "name": "Ada", "email": ` + step.wantEmail + `, "account": {"plan": "pro"}}`
		rec := do(srv, "PATCH", "/users/1", "application/json", step.body)
		check(t, rec, apiCase{wantStatus: 200, wantBody: want})
		rec = do(srv, "GET", "/users/1", noContentType, "")
		check(t, rec, apiCase{wantStatus: 200, wantBody: want})
	}
	// The other users are untouched.
	check(t, do(srv, "GET", "/users/2", noContentType, ""), apiCase{wantStatus: 200, wantBody: bob})
}

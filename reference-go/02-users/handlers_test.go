package main

import (
	"errors"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestListUsers(t *testing.T) {
	runCases(t, false, []apiCase{
		// A nil slice would encode as {"users": null}.
		{name: "no users is an empty list", method: "GET", path: "/users",
			wantStatus: 200, wantBody: `{"users": []}`},
	})
	runCases(t, true, []apiCase{
		{name: "every user in id order", method: "GET", path: "/users",
			wantStatus: 200, wantBody: `{"users": [` + ada + `,` + bob + `,` + cy + `,` + dee + `]}`},
	})
}

func TestCreateUser(t *testing.T) {
	const created = `{"id": 1, "name": "Ada", "email": null, "account": null}`
	runCases(t, false, []apiCase{
		{name: "every field", method: "POST", path: "/users",
			body:       `{"name": "Ada", "email": "ada@example.com", "account": {"plan": "pro"}}`,
			wantStatus: 201, wantBody: ada},
		{name: "email and account absent", method: "POST", path: "/users",
			body: `{"name": "Ada"}`, wantStatus: 201, wantBody: created},
		{name: "email and account null", method: "POST", path: "/users",
			body:       `{"name": "Ada", "email": null, "account": null}`,
			wantStatus: 201, wantBody: created},
		{name: "unknown fields and id are ignored", method: "POST", path: "/users",
			body:       `{"id": 99, "name": "Ada", "role": "admin", "account": {"plan": "pro", "seats": 3}}`,
			wantStatus: 201, wantBody: `{"id": 1, "name": "Ada", "email": null, "account": {"plan": "pro"}}`},
		{name: "whitespace around the body", method: "POST", path: "/users",
			body: "\n  {\"name\": \"Ada\"}  \n", wantStatus: 201, wantBody: created},
		{name: "a charset parameter", method: "POST", path: "/users",
			contentType: "application/json; charset=utf-8",
			body:        `{"name": "Ada"}`, wantStatus: 201, wantBody: created},

		{name: "no Content-Type", method: "POST", path: "/users", contentType: noContentType,
			body: `{"name": "Ada"}`, wantStatus: 415, wantCode: "unsupported_media_type"},
		{name: "text/plain", method: "POST", path: "/users", contentType: "text/plain",
			body: `{"name": "Ada"}`, wantStatus: 415, wantCode: "unsupported_media_type"},
		{name: "a form", method: "POST", path: "/users",
			contentType: "application/x-www-form-urlencoded",
			body:        "name=Ada", wantStatus: 415, wantCode: "unsupported_media_type"},
		{name: "Content-Type is checked before the syntax", method: "POST", path: "/users",
			contentType: "text/plain", body: `{"name":`,
			wantStatus: 415, wantCode: "unsupported_media_type"},

		{name: "a syntax error", method: "POST", path: "/users",
			body: `{"name": Ada}`, wantStatus: 400, wantCode: "malformed_json"},
		{name: "a truncated body", method: "POST", path: "/users",
			body: `{"name": "Ada"`, wantStatus: 400, wantCode: "malformed_json"},
		{name: "an empty body", method: "POST", path: "/users",
			body: ``, wantStatus: 400, wantCode: "malformed_json"},
		{name: "a blank body", method: "POST", path: "/users",
			body: "  \n", wantStatus: 400, wantCode: "malformed_json"},
		{name: "data after the value", method: "POST", path: "/users",
			body: `{"name": "Ada"} x`, wantStatus: 400, wantCode: "malformed_json"},
		{name: "two values", method: "POST", path: "/users",
			body: `{"name": "Ada"} {"name": "Bob"}`, wantStatus: 400, wantCode: "malformed_json"},

		{name: "name missing", method: "POST", path: "/users",
			body: `{"email": "ada@example.com"}`, wantStatus: 400, wantCode: "invalid_body"},
		{name: "name null", method: "POST", path: "/users",
			body: `{"name": null}`, wantStatus: 400, wantCode: "invalid_body"},
		{name: "name not a string", method: "POST", path: "/users",
			body: `{"name": 42}`, wantStatus: 400, wantCode: "invalid_body"},
		{name: "name empty", method: "POST", path: "/users",
			body: `{"name": ""}`, wantStatus: 400, wantCode: "invalid_body"},
		{name: "email not a string", method: "POST", path: "/users",
			body: `{"name": "Ada", "email": 42}`, wantStatus: 400, wantCode: "invalid_body"},
		{name: "email an object", method: "POST", path: "/users",
			body: `{"name": "Ada", "email": {}}`, wantStatus: 400, wantCode: "invalid_body"},
		{name: "email empty", method: "POST", path: "/users",
			body: `{"name": "Ada", "email": ""}`, wantStatus: 400, wantCode: "invalid_body"},
		{name: "account not an object", method: "POST", path: "/users",
			body: `{"name": "Ada", "account": "pro"}`, wantStatus: 400, wantCode: "invalid_body"},
		{name: "account an array", method: "POST", path: "/users",
			body: `{"name": "Ada", "account": []}`, wantStatus: 400, wantCode: "invalid_body"},
		{name: "account without a plan", method: "POST", path: "/users",
			body: `{"name": "Ada", "account": {}}`, wantStatus: 400, wantCode: "invalid_body"},
		{name: "plan null", method: "POST", path: "/users",
			body: `{"name": "Ada", "account": {"plan": null}}`, wantStatus: 400, wantCode: "invalid_body"},
		{name: "plan empty", method: "POST", path: "/users",
			body: `{"name": "Ada", "account": {"plan": ""}}`, wantStatus: 400, wantCode: "invalid_body"},
		{name: "plan not a string", method: "POST", path: "/users",
			body: `{"name": "Ada", "account": {"plan": 1}}`, wantStatus: 400, wantCode: "invalid_body"},
		{name: "body an array", method: "POST", path: "/users",
			body: `[{"name": "Ada"}]`, wantStatus: 400, wantCode: "invalid_body"},
		{name: "body a string", method: "POST", path: "/users",
			body: `"Ada"`, wantStatus: 400, wantCode: "invalid_body"},
		{name: "body null", method: "POST", path: "/users",
			body: `null`, wantStatus: 400, wantCode: "invalid_body"},
	})
}

func TestCreatedUsersGetIDsInOrderAndAreStored(t *testing.T) {
	srv := newSeededServer(t)
	rec := do(srv, "POST", "/users", "application/json", `{"name": "Eve"}`)
	check(t, rec, apiCase{wantStatus: 201,
		wantBody: `{"id": 5, "name": "Eve", "email": null, "account": null}`})
	rec = do(srv, "GET", "/users/5", noContentType, "")
	check(t, rec, apiCase{wantStatus: 200,
		wantBody: `{"id": 5, "name": "Eve", "email": null, "account": null}`})
	// A rejected create must not use up an id.
	do(srv, "POST", "/users", "application/json", `{"name": ""}`)
	rec = do(srv, "POST", "/users", "application/json", `{"name": "Fay"}`)
	check(t, rec, apiCase{wantStatus: 201,
		wantBody: `{"id": 6, "name": "Fay", "email": null, "account": null}`})
}

func TestGetUser(t *testing.T) {
	runCases(t, true, []apiCase{
		{name: "email and account", method: "GET", path: "/users/1", wantStatus: 200, wantBody: ada},
		{name: "no account is null", method: "GET", path: "/users/2", wantStatus: 200, wantBody: bob},
		{name: "no email is null", method: "GET", path: "/users/3", wantStatus: 200, wantBody: cy},
		{name: "neither", method: "GET", path: "/users/4", wantStatus: 200, wantBody: dee},
		{name: "unknown id", method: "GET", path: "/users/999",
			wantStatus: 404, wantCode: "user_not_found"},
		{name: "largest int64", method: "GET", path: "/users/9223372036854775807",
			wantStatus: 404, wantCode: "user_not_found"},
		{name: "leading zeros", method: "GET", path: "/users/001", wantStatus: 200, wantBody: ada},
	})
}

// invalidIDs are the malformed ids of the contract, plus a few more.
var invalidIDs = []string{
	"abc", "0", "-3", "1.5", "99999999999999999999", "9223372036854775808",
	"1e3", "0x1", "%20",
}

func TestMalformedIDs(t *testing.T) {
	var cases []apiCase
	for _, id := range invalidIDs {
		cases = append(cases,
			apiCase{name: "GET " + id, method: "GET", path: "/users/" + id,
				wantStatus: 400, wantCode: "invalid_id"},
			// The id is checked before the body, so a bad body does not change the answer.
			apiCase{name: "PATCH " + id, method: "PATCH", path: "/users/" + id, body: `{"email":`,
				wantStatus: 400, wantCode: "invalid_id"},
			apiCase{name: "notify " + id, method: "POST", path: "/users/" + id + "/notify",
				contentType: "text/plain", wantStatus: 400, wantCode: "invalid_id"},
		)
	}
	runCases(t, true, cases)
}

func TestUnknownErrorsBecomeBare500s(t *testing.T) {
	rec := httptest.NewRecorder()
	writeError(rec, httptest.NewRequest("GET", "/users", nil), errors.New("secret detail"))
	check(t, rec, apiCase{wantStatus: 500, wantCode: "internal"})
	if strings.Contains(rec.Body.String(), "secret") {
		t.Errorf("body leaks the error: %s", rec.Body)
	}
}

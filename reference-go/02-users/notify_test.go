package main

import "testing"

// Tests for POST /users/{id}/notify, whose lesson is the nil account.

func TestNotifyUser(t *testing.T) {
	const hi = `{"message": "hi"}`
	runCases(t, true, []apiCase{
		{name: "email and account", method: "POST", path: "/users/1/notify", body: hi,
			wantStatus: 200, wantBody: `{"delivered": true, "to": "ada@example.com", "plan": "pro"}`},
		{name: "unknown fields are ignored", method: "POST", path: "/users/1/notify",
			body:       `{"message": "hi", "urgent": true}`,
			wantStatus: 200, wantBody: `{"delivered": true, "to": "ada@example.com", "plan": "pro"}`},
		{name: "no account", method: "POST", path: "/users/2/notify", body: hi,
			wantStatus: 409, wantCode: "account_missing"},
		{name: "an account but no email", method: "POST", path: "/users/3/notify", body: hi,
			wantStatus: 409, wantCode: "email_missing"},
		// Order: the account is checked before the email.
		{name: "neither account nor email", method: "POST", path: "/users/4/notify", body: hi,
			wantStatus: 409, wantCode: "account_missing"},
		{name: "unknown user", method: "POST", path: "/users/999/notify", body: hi,
			wantStatus: 404, wantCode: "user_not_found"},

		{name: "message missing", method: "POST", path: "/users/1/notify",
			body: `{}`, wantStatus: 400, wantCode: "invalid_body"},
		{name: "message null", method: "POST", path: "/users/1/notify",
			body: `{"message": null}`, wantStatus: 400, wantCode: "invalid_body"},
		{name: "message empty", method: "POST", path: "/users/1/notify",
			body: `{"message": ""}`, wantStatus: 400, wantCode: "invalid_body"},
		{name: "message not a string", method: "POST", path: "/users/1/notify",
			body: `{"message": 42}`, wantStatus: 400, wantCode: "invalid_body"},
		{name: "message an array", method: "POST", path: "/users/1/notify",
			body: `{"message": ["hi"]}`, wantStatus: 400, wantCode: "invalid_body"},
		{name: "body null", method: "POST", path: "/users/1/notify",
			body: `null`, wantStatus: 400, wantCode: "invalid_body"},
		{name: "body a string", method: "POST", path: "/users/1/notify",
			body: `"hi"`, wantStatus: 400, wantCode: "invalid_body"},
		{name: "malformed JSON", method: "POST", path: "/users/1/notify",
			body: `{"message": "hi"`, wantStatus: 400, wantCode: "malformed_json"},
		{name: "an empty body", method: "POST", path: "/users/1/notify",
			body: ``, wantStatus: 400, wantCode: "malformed_json"},
		{name: "text/plain", method: "POST", path: "/users/1/notify", contentType: "text/plain",
			body: `hi`, wantStatus: 415, wantCode: "unsupported_media_type"},

		// Order: id, body, user, account, email. A bad body wins over everything
		// about the user.
		{name: "unknown user and an invalid body", method: "POST", path: "/users/999/notify",
			body: `{}`, wantStatus: 400, wantCode: "invalid_body"},
		{name: "unknown user and malformed JSON", method: "POST", path: "/users/999/notify",
			body: `{`, wantStatus: 400, wantCode: "malformed_json"},
		{name: "no account and an invalid body", method: "POST", path: "/users/2/notify",
			body: `{"message": ""}`, wantStatus: 400, wantCode: "invalid_body"},
		{name: "no email and no Content-Type", method: "POST", path: "/users/3/notify",
			contentType: noContentType, body: hi, wantStatus: 415, wantCode: "unsupported_media_type"},
	})
}

// TestNotifyFollowsPatches checks that notify reads the stored user, not a snapshot.
func TestNotifyFollowsPatches(t *testing.T) {
	srv := newSeededServer(t)
	steps := []struct {
		patch string
		want  apiCase
	}{
		{`{"email": null}`, apiCase{wantStatus: 409, wantCode: "email_missing"}},
		{`{"email": "ada@example.org"}`, apiCase{wantStatus: 200,
			wantBody: `{"delivered": true, "to": "ada@example.org", "plan": "pro"}`}},
	}
	for _, step := range steps {
		if rec := do(srv, "PATCH", "/users/1", "application/json", step.patch); rec.Code != 200 {
			t.Fatalf("PATCH %s: status %d, body %s", step.patch, rec.Code, rec.Body)
		}
		check(t, do(srv, "POST", "/users/1/notify", "application/json", `{"message": "hi"}`), step.want)
	}
}

package main

import (
	"encoding/json"
	"errors"
	"testing"
)

func TestOptionalTellsAbsentFromNull(t *testing.T) {
	tests := []struct {
		body      string
		wantSet   bool
		wantValue *string
	}{
		{`{}`, false, nil},
		{`{"email": null}`, true, nil},
		{`{"email": "a@example.com"}`, true, ptr("a@example.com")},
		{`{"other": 1}`, false, nil},
	}
	for _, tt := range tests {
		t.Run(tt.body, func(t *testing.T) {
			var req patchUserRequest
			if err := json.Unmarshal([]byte(tt.body), &req); err != nil {
				t.Fatal(err)
			}
			got := req.Email
			if got.Set != tt.wantSet || (got.Value == nil) != (tt.wantValue == nil) ||
				(got.Value != nil && *got.Value != *tt.wantValue) {
				t.Errorf("got {Set: %v, Value: %v}, want {Set: %v, Value: %v}",
					got.Set, got.Value, tt.wantSet, tt.wantValue)
			}
		})
	}
}

// A plain *string cannot do it: this is why Optional exists.
func TestPointerCannotTellAbsentFromNull(t *testing.T) {
	var absent, null struct {
		Email *string `json:"email"`
	}
	_ = json.Unmarshal([]byte(`{}`), &absent)
	_ = json.Unmarshal([]byte(`{"email": null}`), &null)
	if absent != null {
		t.Errorf("absent and null decoded differently; Optional may no longer be needed")
	}
}

func TestOptionalWrongTypeIsATypeError(t *testing.T) {
	var req patchUserRequest
	err := json.Unmarshal([]byte(`{"email": 42}`), &req)
	var typeErr *json.UnmarshalTypeError
	if !errors.As(err, &typeErr) {
		t.Fatalf("error = %v, want a *json.UnmarshalTypeError", err)
	}
	if typeErr.Field != "email" {
		t.Errorf("Field = %q, want email", typeErr.Field)
	}
}

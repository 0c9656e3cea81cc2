package main

import (
	"errors"
	"math"
	"net/http/httptest"
	"strings"
	"testing"
)

// bodyErrorCases are the same rows for every endpoint with a body: 415, malformed_json
// and the shapes that are invalid_body whatever the endpoint. Every one runs against
// the seeded server, which then checks that no balance moved.
func bodyErrorCases(path string) []apiCase {
	var cases []apiCase
	for _, ct := range []string{noContentType, "text/plain", "application/x-www-form-urlencoded"} {
		cases = append(cases, apiCase{name: "Content-Type " + ct, path: path, contentType: ct,
			body:       `{"from": 1, "to": 2, "amount": 1, "owner": "Ada"}`,
			wantStatus: 415, wantCode: "unsupported_media_type"})
	}
	cases = append(cases, apiCase{name: "Content-Type before syntax", path: path,
		contentType: "text/plain", body: `{"amount":`, wantStatus: 415, wantCode: "unsupported_media_type"})
	for _, body := range []string{`{"from": 1,`, ``, "  \n", `{]`, `{"amount": 5} x`,
		`{"amount": 05}`, `{"amount": +5}`, `{"amount": 5} {"amount": 5}`} {
		cases = append(cases, apiCase{name: "malformed " + body, path: path, body: body,
			wantStatus: 400, wantCode: "malformed_json"})
	}
	for _, body := range []string{`null`, `[]`, `[1, 2, 30]`, `30`, `"Ada"`, `true`} {
		cases = append(cases, apiCase{name: "not an object " + body, path: path, body: body,
			wantStatus: 400, wantCode: "invalid_body"})
	}
	for i := range cases {
		cases[i].method = "POST"
	}
	return cases
}

// badNumbers are JSON values that are not an int64: each is invalid_body where an
// int64 goes. encoding/json refuses them all with a *json.UnmarshalTypeError.
var badNumbers = []string{
	`null`, `"30"`, `1.5`, `1.0`, `0.5`, `1e3`, `-9.3e18`, `true`, `{}`, `[]`,
	`9223372036854775808`, `-9223372036854775809`, `18446744073709551615`, `99999999999999999999`,
}

func TestOpenAccount(t *testing.T) {
	const four = `{"id": 4, "owner": "Dee", "balance": 7}`
	cases := []apiCase{
		{name: "owner and balance", body: `{"owner": "Dee", "balance": 7}`, wantStatus: 201, wantBody: four},
		{name: "balance absent is 0", body: `{"owner": "Dee"}`,
			wantStatus: 201, wantBody: `{"id": 4, "owner": "Dee", "balance": 0}`},
		{name: "the largest balance", body: `{"owner": "Dee", "balance": 9223372036854775807}`,
			wantStatus: 201, wantBody: `{"id": 4, "owner": "Dee", "balance": 9223372036854775807}`},
		{name: "unknown fields and id ignored", body: `{"id": 99, "owner": "Dee", "balance": 7, "currency": "EUR"}`,
			wantStatus: 201, wantBody: four},
		{name: "whitespace and a charset", contentType: "application/json; charset=utf-8",
			body: "\n {\"owner\": \"Dee\", \"balance\": 7} \n", wantStatus: 201, wantBody: four},

		{name: "owner empty", body: `{"owner": ""}`, wantStatus: 422, wantCode: "invalid_account"},
		{name: "balance negative", body: `{"owner": "Dee", "balance": -1}`, wantStatus: 422, wantCode: "invalid_account"},
		{name: "balance the smallest int64", body: `{"owner": "Dee", "balance": -9223372036854775808}`,
			wantStatus: 422, wantCode: "invalid_account"},
		{name: "owner empty and balance negative", body: `{"owner": "", "balance": -1}`,
			wantStatus: 422, wantCode: "invalid_account"},

		{name: "empty object", body: `{}`, wantStatus: 400, wantCode: "invalid_body"},
		{name: "owner missing", body: `{"balance": 5}`, wantStatus: 400, wantCode: "invalid_body"},
		{name: "owner null", body: `{"owner": null}`, wantStatus: 400, wantCode: "invalid_body"},
		{name: "owner a number", body: `{"owner": 42}`, wantStatus: 400, wantCode: "invalid_body"},
		// The shape is checked before the rules: 400, not 422.
		{name: "owner empty, balance null", body: `{"owner": "", "balance": null}`,
			wantStatus: 400, wantCode: "invalid_body"},
	}
	for _, n := range badNumbers {
		cases = append(cases, apiCase{name: "balance " + n, body: `{"owner": "Dee", "balance": ` + n + `}`,
			wantStatus: 400, wantCode: "invalid_body"})
	}
	for i := range cases {
		cases[i].method, cases[i].path = "POST", "/accounts"
	}
	runCases(t, append(cases, bodyErrorCases("/accounts")...))
}

func TestRejectedOpenUsesNoID(t *testing.T) {
	srv := newSeededServer(t)
	do(srv, "POST", "/accounts", "application/json", `{"owner": ""}`)
	do(srv, "POST", "/accounts", "application/json", `{"owner": "Dee", "balance": -1}`)
	rec := do(srv, "POST", "/accounts", "application/json", `{"owner": "Dee"}`)
	check(t, rec, apiCase{wantStatus: 201, wantBody: `{"id": 4, "owner": "Dee", "balance": 0}`})
	rec = do(srv, "GET", "/accounts/4", noContentType, "")
	check(t, rec, apiCase{wantStatus: 200, wantBody: `{"id": 4, "owner": "Dee", "balance": 0}`})
}

// invalidIDs are the malformed ids of the contract, plus a few more.
var invalidIDs = []string{
	"abc", "0", "-0", "-3", "1.5", "1e3", "0x1", "%20", "%FF",
	"9223372036854775808", "99999999999999999999",
}

func TestGetAccount(t *testing.T) {
	cases := []apiCase{
		{name: "1", path: "/accounts/1", wantStatus: 200, wantBody: ada},
		{name: "2", path: "/accounts/2", wantStatus: 200, wantBody: bo},
		{name: "the largest balance", path: "/accounts/3", wantStatus: 200, wantBody: cy},
		{name: "leading zeros", path: "/accounts/001", wantStatus: 200, wantBody: ada},
		{name: "a plus sign", path: "/accounts/+1", wantStatus: 200, wantBody: ada},
		{name: "unknown", path: "/accounts/999999", wantStatus: 404, wantCode: "account_not_found"},
		{name: "largest int64", path: "/accounts/9223372036854775807",
			wantStatus: 404, wantCode: "account_not_found"},
	}
	for _, id := range invalidIDs {
		cases = append(cases, apiCase{name: "invalid " + id, path: "/accounts/" + id,
			wantStatus: 400, wantCode: "invalid_id"})
	}
	for i := range cases {
		cases[i].method = "GET"
	}
	runCases(t, cases)
}

func TestDeposit(t *testing.T) {
	cases := []apiCase{
		{name: "adds to the balance", path: "/accounts/1/deposit", body: `{"amount": 50}`,
			wantStatus: 200, wantBody: `{"id": 1, "owner": "Ada", "balance": 150}`,
			wantBalances: map[int64]int64{1: 150, 2: 0, 3: math.MaxInt64}},
		{name: "up to the maximum exactly", path: "/accounts/2/deposit",
			body: `{"amount": 9223372036854775807, "note": "ignored"}`, wantStatus: 200,
			wantBody:     `{"id": 2, "owner": "Bo", "balance": 9223372036854775807}`,
			wantBalances: map[int64]int64{1: 100, 2: math.MaxInt64, 3: math.MaxInt64}},

		{name: "amount 0", path: "/accounts/1/deposit", body: `{"amount": 0}`,
			wantStatus: 422, wantCode: "invalid_amount"},
		{name: "amount negative", path: "/accounts/1/deposit", body: `{"amount": -5}`,
			wantStatus: 422, wantCode: "invalid_amount"},
		{name: "amount the smallest int64", path: "/accounts/1/deposit",
			body: `{"amount": -9223372036854775808}`, wantStatus: 422, wantCode: "invalid_amount"},
		{name: "unknown account", path: "/accounts/999999/deposit", body: `{"amount": 1}`,
			wantStatus: 404, wantCode: "account_not_found"},
		{name: "the amount before the account", path: "/accounts/999999/deposit", body: `{"amount": 0}`,
			wantStatus: 422, wantCode: "invalid_amount"},
		{name: "past the maximum by 1", path: "/accounts/3/deposit", body: `{"amount": 1}`,
			wantStatus: 422, wantCode: "balance_overflow"},
		// 100 + MaxInt64 would wrap to -9223372036854775709 without the check.
		{name: "past the maximum by a lot", path: "/accounts/1/deposit",
			body: `{"amount": 9223372036854775807}`, wantStatus: 422, wantCode: "balance_overflow"},

		{name: "amount missing", path: "/accounts/1/deposit", body: `{}`,
			wantStatus: 400, wantCode: "invalid_body"},
		{name: "the body before the account", path: "/accounts/999999/deposit",
			body: `{"amount": 9223372036854775808}`, wantStatus: 400, wantCode: "invalid_body"},
	}
	for _, n := range badNumbers {
		cases = append(cases, apiCase{name: "amount " + n, path: "/accounts/1/deposit",
			body: `{"amount": ` + n + `}`, wantStatus: 400, wantCode: "invalid_body"})
	}
	for _, id := range invalidIDs {
		// The id is checked before the body, so a bad body does not change the answer.
		for _, body := range []string{`{"amount": 5}`, `{"amount": "x"}`, `{"amount":`} {
			cases = append(cases, apiCase{name: "invalid id " + id + " " + body,
				path: "/accounts/" + id + "/deposit", body: body, wantStatus: 400, wantCode: "invalid_id"})
		}
		cases = append(cases, apiCase{name: "invalid id " + id + " text/plain",
			path: "/accounts/" + id + "/deposit", contentType: "text/plain", body: `{"amount": 5}`,
			wantStatus: 400, wantCode: "invalid_id"})
	}
	for i := range cases {
		cases[i].method = "POST"
	}
	runCases(t, append(cases, bodyErrorCases("/accounts/1/deposit")...))
}

func TestTransfer(t *testing.T) {
	cases := []apiCase{
		{name: "moves the amount", body: `{"from": 1, "to": 2, "amount": 30}`, wantStatus: 200,
			wantBody: `{"from": {"id": 1, "owner": "Ada", "balance": 70},
			            "to": {"id": 2, "owner": "Bo", "balance": 30}}`,
			wantBalances: map[int64]int64{1: 70, 2: 30, 3: math.MaxInt64}},
		{name: "the whole balance", body: `{"from": 1, "to": 2, "amount": 100, "currency": "EUR"}`, wantStatus: 200,
			wantBody: `{"from": {"id": 1, "owner": "Ada", "balance": 0},
			            "to": {"id": 2, "owner": "Bo", "balance": 100}}`,
			wantBalances: map[int64]int64{1: 0, 2: 100, 3: math.MaxInt64}},
		{name: "from the largest balance", body: `{"from": 3, "to": 2, "amount": 9223372036854775807}`,
			wantStatus: 200, wantBody: `{"from": {"id": 3, "owner": "Cy", "balance": 0},
			            "to": {"id": 2, "owner": "Bo", "balance": 9223372036854775807}}`,
			wantBalances: map[int64]int64{1: 100, 2: math.MaxInt64, 3: 0}},

		{name: "amount 0", body: `{"from": 1, "to": 2, "amount": 0}`, wantStatus: 422, wantCode: "invalid_amount"},
		{name: "amount negative", body: `{"from": 1, "to": 2, "amount": -5}`, wantStatus: 422, wantCode: "invalid_amount"},
		{name: "amount the smallest int64", body: `{"from": 1, "to": 2, "amount": -9223372036854775808}`,
			wantStatus: 422, wantCode: "invalid_amount"},
		{name: "same account", body: `{"from": 1, "to": 1, "amount": 5}`, wantStatus: 422, wantCode: "same_account"},

		{name: "unknown from", body: `{"from": 999999, "to": 2, "amount": 1}`, wantStatus: 404, wantCode: "account_not_found"},
		{name: "unknown to", body: `{"from": 1, "to": 999999, "amount": 1}`, wantStatus: 404, wantCode: "account_not_found"},
		{name: "negative from", body: `{"from": -1, "to": 2, "amount": 1}`, wantStatus: 404, wantCode: "account_not_found"},
		{name: "to 0", body: `{"from": 1, "to": 0, "amount": 1}`, wantStatus: 404, wantCode: "account_not_found"},
		{name: "more than the balance", body: `{"from": 1, "to": 2, "amount": 101}`, wantStatus: 409, wantCode: "insufficient_funds"},
		{name: "from an empty account", body: `{"from": 2, "to": 1, "amount": 1}`, wantStatus: 409, wantCode: "insufficient_funds"},
		{name: "to the largest balance", body: `{"from": 1, "to": 3, "amount": 1}`, wantStatus: 422, wantCode: "balance_overflow"},

		// Requests that fail two checks: the first in the README's table wins.
		{name: "amount before same account", body: `{"from": 9, "to": 9, "amount": 0}`, wantStatus: 422, wantCode: "invalid_amount"},
		{name: "same account before unknown", body: `{"from": 9, "to": 9, "amount": 1}`, wantStatus: 422, wantCode: "same_account"},
		{name: "unknown before funds", body: `{"from": 1, "to": 9, "amount": 101}`, wantStatus: 404, wantCode: "account_not_found"},
		{name: "funds before overflow", body: `{"from": 1, "to": 3, "amount": 101}`, wantStatus: 409, wantCode: "insufficient_funds"},
		{name: "shape before rules", body: `{"from": 1, "to": 1, "amount": 0.5}`, wantStatus: 400, wantCode: "invalid_body"},

		{name: "amount missing", body: `{"from": 1, "to": 2}`, wantStatus: 400, wantCode: "invalid_body"},
		{name: "from missing", body: `{"to": 2, "amount": 1}`, wantStatus: 400, wantCode: "invalid_body"},
		{name: "to missing", body: `{"from": 1, "amount": 1}`, wantStatus: 400, wantCode: "invalid_body"},
		{name: "empty object", body: `{}`, wantStatus: 400, wantCode: "invalid_body"},
	}
	for _, n := range badNumbers {
		for _, body := range []string{
			`{"from": ` + n + `, "to": 2, "amount": 1}`,
			`{"from": 1, "to": ` + n + `, "amount": 1}`,
			`{"from": 1, "to": 2, "amount": ` + n + `}`,
		} {
			cases = append(cases, apiCase{name: body, body: body, wantStatus: 400, wantCode: "invalid_body"})
		}
	}
	for i := range cases {
		cases[i].method, cases[i].path = "POST", "/transfers"
	}
	runCases(t, append(cases, bodyErrorCases("/transfers")...))
}

func TestUnknownErrorsBecomeBare500s(t *testing.T) {
	rec := httptest.NewRecorder()
	writeError(rec, httptest.NewRequest("GET", "/accounts/1", nil), errors.New("secret detail"))
	check(t, rec, apiCase{wantStatus: 500, wantCode: "internal"})
	if strings.Contains(rec.Body.String(), "secret") {
		t.Errorf("body leaks the error: %s", rec.Body)
	}
}

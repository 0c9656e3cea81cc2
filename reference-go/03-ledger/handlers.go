package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
)

// The request bodies. Every number is an int64, as the contract says: encoding/json then
// refuses 1.5, 1e3, 1.0, "30" and anything outside int64 with a *json.UnmarshalTypeError,
// which decodeJSON turns into 400 invalid_body. Money is never a float64.
//
// Required fields are pointers. Into a plain int64 or string, encoding/json decodes a
// missing key and a null alike as "leave it alone", that is 0 or "", and then
// {"from": 1, "to": 2} would reach the ledger as a transfer of 0 (422 invalid_amount)
// instead of a 400 invalid_body. A pointer stays nil for both, and the contract treats
// both alike. In Rust, a plain `amount: i64` field makes missing and null errors by itself.

// openAccountRequest is the body of POST /accounts. Unknown fields, "id" included, are
// ignored.
type openAccountRequest struct {
	Owner   *string         `json:"owner"`
	Balance Optional[int64] `json:"balance"` // absent: 0; null: invalid_body
}

// depositRequest is the body of POST /accounts/{id}/deposit.
type depositRequest struct {
	Amount *int64 `json:"amount"`
}

// transferRequest is the body of POST /transfers. From and To are int64s like every
// number here: -1 is then an id no account has (404), not a bad body.
type transferRequest struct {
	From   *int64 `json:"from"`
	To     *int64 `json:"to"`
	Amount *int64 `json:"amount"`
}

// transferResponse is the answer to a transfer: both accounts, after it.
type transferResponse struct {
	From Account `json:"from"`
	To   Account `json:"to"`
}

type healthResponse struct {
	Status string `json:"status"`
}

// Each handler below is the Go shape of the lesson: call, `if err != nil`, write the
// error and return; call the next thing. The Rust port's handlers return
// Result<Json<T>, LedgerError> and write `?` after each call instead, and axum turns the
// error into the response, so the ladder disappears.

// handleHealth answers GET /health. Once it answers, the service is ready.
func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, healthResponse{Status: "ok"})
}

// handleOpenAccount answers POST /accounts with the new account and 201. The checks run
// in the contract's order: the body's shape here, then the ledger's rules in Open.
func (s *Server) handleOpenAccount(w http.ResponseWriter, r *http.Request) {
	var req openAccountRequest
	if err := decodeJSON(r, &req); err != nil {
		writeError(w, r, err)
		return
	}
	if req.Owner == nil {
		writeError(w, r, errRequired("owner"))
		return
	}
	var balance int64 // absent: 0
	if req.Balance.Set {
		if req.Balance.Value == nil {
			writeError(w, r, errInvalidBody(`field "balance" may be left out, but it cannot be null`))
			return
		}
		balance = *req.Balance.Value
	}
	// "" and a negative balance are well-formed: the ledger refuses them (422).
	acc, err := s.ledger.Open(*req.Owner, balance)
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, acc)
}

// handleGetAccount answers GET /accounts/{id}.
func (s *Server) handleGetAccount(w http.ResponseWriter, r *http.Request) {
	id, err := parseID(r)
	if err != nil {
		writeError(w, r, err)
		return
	}
	acc, err := s.ledger.Account(id)
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, acc)
}

// handleDeposit answers POST /accounts/{id}/deposit with the account after the deposit.
// The checks run in the contract's order: id, body, then amount, account and overflow
// (in Deposit). So an amount too big for int64 is a 400 even for an unknown account.
func (s *Server) handleDeposit(w http.ResponseWriter, r *http.Request) {
	id, err := parseID(r)
	if err != nil {
		writeError(w, r, err)
		return
	}
	var req depositRequest
	if err := decodeJSON(r, &req); err != nil {
		writeError(w, r, err)
		return
	}
	if req.Amount == nil {
		writeError(w, r, errRequired("amount"))
		return
	}
	acc, err := s.ledger.Deposit(id, *req.Amount)
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, acc)
}

// handleTransfer answers POST /transfers with both accounts after the transfer.
func (s *Server) handleTransfer(w http.ResponseWriter, r *http.Request) {
	var req transferRequest
	if err := decodeJSON(r, &req); err != nil {
		writeError(w, r, err)
		return
	}
	switch {
	case req.From == nil:
		writeError(w, r, errRequired("from"))
		return
	case req.To == nil:
		writeError(w, r, errRequired("to"))
		return
	case req.Amount == nil:
		writeError(w, r, errRequired("amount"))
		return
	}
	from, to, err := s.ledger.Transfer(*req.From, *req.To, *req.Amount)
	if err != nil {
		writeError(w, r, err) // a sentinel from ledger.go; writeError sorts it with errors.Is
		return
	}
	writeJSON(w, http.StatusOK, transferResponse{From: from, To: to})
}

// parseID reads the {id} path segment: a positive decimal integer that fits in an int64.
func parseID(r *http.Request) (int64, error) {
	s := r.PathValue("id")
	// ParseInt rejects "abc", "1.5" and out-of-range values such as
	// 99999999999999999999; "0" and "-3" parse, so check the sign too. Like Rust's
	// s.parse::<i64>(), it accepts a leading "+" and leading zeros: "+7" and "007" are 7.
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		return 0, Errorf(EINVALID, "invalid_id", "id must be a positive integer, got %q", s)
	}
	return id, nil
}

// decodeJSON reads the request body into dst, which must point to a struct. It sorts
// failures the way the contract does:
//
//   - Content-Type is not application/json → 415 unsupported_media_type;
//   - the body is not JSON (a syntax error, an empty or truncated body, data after the
//     value) → 400 malformed_json;
//   - it is JSON of the wrong shape (not an object, a field of the wrong type, a
//     fraction or a number outside int64 where an int64 goes) → 400 invalid_body.
//
// Unknown fields are ignored. Missing and null fields are the caller's to refuse, and
// so are values that fit but break a rule (an empty owner, an amount of 0).
//
// One difference from the Rust port that no contract row tests: encoding/json matches
// keys to fields case-insensitively, so {"AMOUNT": 5} is a deposit of 5 here, while
// serde sees an unknown field and a missing amount.
func decodeJSON(r *http.Request, dst any) error {
	mediaType, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mediaType != "application/json" { // parameters such as charset are fine
		return Errorf(EUNSUPPORTED, "unsupported_media_type", "Content-Type must be application/json")
	}

	// Step 1: is it JSON at all? Decoding into a json.RawMessage checks the syntax of
	// the whole value without giving it a Go type yet, so the two kinds of 400 come
	// from two separate steps.
	dec := json.NewDecoder(r.Body)
	var raw json.RawMessage
	if err := dec.Decode(&raw); err != nil {
		var syntaxErr *json.SyntaxError
		switch {
		case errors.Is(err, io.EOF): // nothing but whitespace
			return errMalformed("the body is empty")
		case errors.Is(err, io.ErrUnexpectedEOF): // the body stops mid-value
			return errMalformed("the body ends in the middle of a JSON value")
		case errors.As(err, &syntaxErr):
			return errMalformed(syntaxErr.Error())
		default:
			return err // reading the body failed: not the client's JSON, so a 500
		}
	}
	// Decode stops after one value, and `{"amount": 5} x` is not a JSON document.
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return errMalformed("unexpected data after the JSON value")
	}

	// Step 2: is it the right shape? A JSON null or an array is valid JSON but not a
	// request, so insist on an object first.
	if raw[0] != '{' {
		return errInvalidBody("the body must be a JSON object")
	}
	if err := json.Unmarshal(raw, dst); err != nil {
		var typeErr *json.UnmarshalTypeError
		if errors.As(err, &typeErr) {
			return errInvalidBody("field " + strconv.Quote(typeErr.Field) +
				" cannot be a JSON " + typeErr.Value)
		}
		return err // the syntax was checked in step 1, so this is a bug: a 500
	}
	return nil
}

func errMalformed(message string) error {
	return Errorf(EINVALID, "malformed_json", "malformed JSON: %s", message)
}

func errInvalidBody(message string) error {
	return Errorf(EINVALID, "invalid_body", "invalid body: %s", message)
}

// errRequired is the answer for a required field that is missing or null: its pointer
// is nil either way.
func errRequired(field string) error {
	return errInvalidBody(fmt.Sprintf("field %q is required and cannot be null", field))
}

package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
)

// maxCodeAttempts bounds the made-up codes tried for one link. Each attempt collides
// only with a code in use, about one chance in 3.5 × 10^12 per stored link; running out
// means something is wrong (a generator that is not random), and the answer is a 500.
const maxCodeAttempts = 10

// createLinkRequest is the body of POST /links. Unknown fields, "code" and "hits"
// included, are ignored.
type createLinkRequest struct {
	// Required: a pointer stays nil when "url" is missing and when it is null, and both
	// are invalid_body. (A plain string would arrive as "" for both, and the URL check
	// would then answer 422 invalid_url instead of 400.)
	URL *string `json:"url"`
	// Optional, and missing and null mean the same thing, no alias: two states, so a
	// *string is exactly right (02's Optional[T] is for three).
	Alias *string `json:"alias"`
}

type healthResponse struct {
	Status string `json:"status"`
}

// handleHealth answers GET /health. run opens the store (and migrates SQLite's) before
// the server starts listening, so once this answers at all, the service is ready.
func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, healthResponse{Status: "ok"})
}

// The handlers hold s.store, a Store, and call its methods; which store answers is
// main's business. They check in the contract's order: the body's shape (415, 400),
// the rules on its values (422: the url, then the alias), and only then the store,
// which answers 404 and 409. A request refused before the store changes nothing; one
// refused by the store changes nothing either, because each store operation is atomic.
//
// Every store call gets r.Context(): when the client hangs up, a query is interrupted.

// handleCreateLink answers POST /links with the new link and 201.
func (s *Server) handleCreateLink(w http.ResponseWriter, r *http.Request) {
	var req createLinkRequest
	if err := decodeJSON(r, &req); err != nil {
		writeError(w, r, err)
		return
	}
	if req.URL == nil {
		writeError(w, r, errRequired("url"))
		return
	}
	if err := checkURL(*req.URL); err != nil {
		writeError(w, r, err)
		return
	}
	var link Link
	var err error
	if req.Alias != nil {
		if err := checkAlias(*req.Alias); err != nil {
			writeError(w, r, err)
			return
		}
		// The store decides whether the alias is free, in the same step that claims it.
		// Asking first (Get, then Create if not found) would let two requests for one
		// alias both find it free.
		link, err = s.store.Create(r.Context(), *req.Alias, *req.URL)
	} else {
		link, err = s.createWithNewCode(r.Context(), *req.URL)
	}
	if err != nil {
		writeError(w, r, err) // ErrAliasTaken is a 409, through storeError
		return
	}
	writeJSON(w, http.StatusCreated, link)
}

// createWithNewCode stores url under a code it makes up, trying another code each time
// the store answers that the code is taken: by an alias someone chose, or by another
// made-up code. The retry lives here, above the interface, so that both stores get it
// and neither knows how codes are made.
func (s *Server) createWithNewCode(ctx context.Context, url string) (Link, error) {
	for range maxCodeAttempts {
		code, err := s.newCode()
		if err != nil {
			return Link{}, fmt.Errorf("making up a code: %w", err)
		}
		link, err := s.store.Create(ctx, code, url)
		if !errors.Is(err, ErrAliasTaken) {
			return link, err // created, or failed for another reason
		}
	}
	// %v, not %w: the client asked for no alias, so this must not come out as a 409
	// alias_taken. It is no sentinel, and writeError answers 500.
	return Link{}, fmt.Errorf("no free code after %d attempts", maxCodeAttempts)
}

// handleGetLink answers GET /links/{code} with the link. Reading it is not a hit.
func (s *Server) handleGetLink(w http.ResponseWriter, r *http.Request) {
	link, err := s.store.Get(r.Context(), r.PathValue("code"))
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, link)
}

// handleDeleteLink answers DELETE /links/{code} with 204 and no body.
func (s *Server) handleDeleteLink(w http.ResponseWriter, r *http.Request) {
	if err := s.store.Delete(r.Context(), r.PathValue("code")); err != nil {
		writeError(w, r, err)
		return
	}
	// No body, so no Content-Type either: there is nothing for it to describe.
	w.WriteHeader(http.StatusNoContent)
}

// handleRedirect answers GET /{code} with 302 Found to the link's URL, and counts one
// hit.
//
// The code in the path is not checked against the alias rules: a code that breaks them
// was never stored, and the store answers 404 link_not_found for it like for any other
// unknown code. r.PathValue gives the segment percent-decoded, so /rust%2Dbook is
// rust-book, as axum's Path extractor has it too.
//
// HEAD /{code} is served here too (a GET pattern matches HEAD), answers the same 302,
// and counts a hit as well: net/http only drops the body of a HEAD, and there is none.
// axum's get() routes HEAD to the same handler, so the Rust port counts it too.
func (s *Server) handleRedirect(w http.ResponseWriter, r *http.Request) {
	// One call that increments and returns: the count is right however many redirects
	// of this code run at the same moment (see Store).
	link, err := s.store.Hit(r.Context(), r.PathValue("code"))
	if err != nil {
		writeError(w, r, err) // an unknown code is a JSON 404, like every other error
		return
	}
	// Not http.Redirect(w, r, link.URL, http.StatusFound): for a GET it sets
	// Content-Type: text/html and writes a small HTML body (<a href="…">Found</a>), and
	// the contract wants no body. So the headers are set by hand. 302 rather than 301:
	// a browser caches a permanent redirect and stops asking, and the hits stop
	// counting. no-store tells every cache on the way not to keep the answer either.
	//
	// link.URL goes into Location exactly as the client gave it. checkURL made sure it
	// holds no control character, so it cannot break the header.
	h := w.Header()
	h.Set("Location", link.URL)
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusFound)
}

// decodeJSON reads the request body into dst, which must point to a struct. It sorts
// failures the way the contract does:
//
//   - Content-Type is not application/json → 415 unsupported_media_type;
//   - the body is not JSON (a syntax error, an empty or truncated body, data after the
//     value) → 400 malformed_json;
//   - it is JSON of the wrong shape (not an object, a field of the wrong type) → 400
//     invalid_body.
//
// Unknown fields are ignored. Missing and null fields are the caller's to refuse, and
// so are values that fit but break a rule (a relative url).
//
// One difference from the Rust port that no contract row tests: encoding/json matches
// keys to fields case-insensitively, so {"URL": "https://go.dev/"} is a link to go.dev
// here, while serde sees an unknown field and a missing url.
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
	// Decode stops after one value, and `{"url": "https://go.dev/"} x` is not a JSON
	// document.
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

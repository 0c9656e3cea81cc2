package main

import (
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"
)

// freshID is what a made-up id looks like: 128 bits in lowercase hexadecimal.
var freshID = regexp.MustCompile(`^[0-9a-f]{32}$`)

func TestValidRequestID(t *testing.T) {
	tests := []struct {
		id   string
		want bool
	}{
		{"a", true},
		{"abc-123_XYZ.v2:7", true},
		{"0123456789abcdef0123456789abcdef", true},
		{strings.Repeat("x", 128), true},
		{"", false},
		{strings.Repeat("x", 129), false},
		{"has space", false},
		{" leading", false},
		{"tab\there", false},
		{"new\nline", false},
		{"nul\x00", false},
		{"del\x7f", false},
		{"slash/", false},
		{"quote\"", false},
		{"comma,", false},
		{"équipe", false},
		{"emoji🙂", false},
	}
	for _, tt := range tests {
		if got := validRequestID(tt.id); got != tt.want {
			t.Errorf("validRequestID(%q) = %v, want %v", tt.id, got, tt.want)
		}
	}
}

func TestNewRequestID(t *testing.T) {
	seen := make(map[string]bool)
	for range 100 {
		id := newRequestID()
		if !freshID.MatchString(id) {
			t.Fatalf("newRequestID() = %q, want 32 lowercase hex digits", id)
		}
		if seen[id] {
			t.Fatalf("newRequestID() gave %q twice", id)
		}
		seen[id] = true
	}
}

// TestRequestIDForwarded: an id goes to the upstream and comes back on the answer; a
// valid one is kept, a missing or invalid one is replaced, in both places, with the
// same fresh id.
func TestRequestIDForwarded(t *testing.T) {
	tests := []struct {
		name   string
		sent   []string // the client's X-Request-Id headers; none when nil
		wantID string   // the id kept; "" when a fresh one is expected
	}{
		{name: "valid, kept", sent: []string{"trace-42:abc.DEF_9"}, wantID: "trace-42:abc.DEF_9"},
		{name: "128 characters, kept", sent: []string{strings.Repeat("a", 128)}, wantID: strings.Repeat("a", 128)},
		{name: "missing", sent: nil},
		{name: "empty", sent: []string{""}},
		{name: "129 characters", sent: []string{strings.Repeat("a", 129)}},
		{name: "a space", sent: []string{"two words"}},
		{name: "a control character", sent: []string{"line\r\nX-Evil: 1"}},
		{name: "not ASCII", sent: []string{"café"}},
		// Of two headers the first counts; the second never reaches the upstream.
		{name: "two, first valid", sent: []string{"first", "second"}, wantID: "first"},
		{name: "two, first invalid", sent: []string{"not valid", "second"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			upstream := newUpstream(t, nil)
			gw := newGateway(t, upstream.URL, time.Second)

			req := newRequest("GET", "/todos", "")
			req.Header[requestIDHeader] = tt.sent
			resp := do(gw, req)
			readBody(t, resp)

			answered := resp.Header.Values(requestIDHeader)
			if len(answered) != 1 {
				t.Fatalf("the answer has X-Request-Id %q, want one value", answered)
			}
			id := answered[0]
			if tt.wantID != "" && id != tt.wantID {
				t.Errorf("X-Request-Id = %q, want %q kept", id, tt.wantID)
			}
			if tt.wantID == "" && !freshID.MatchString(id) {
				t.Errorf("X-Request-Id = %q, want a fresh id", id)
			}
			if got := upstream.only(t).Header.Values(requestIDHeader); !reflect.DeepEqual(got, []string{id}) {
				t.Errorf("the upstream received X-Request-Id %q, want [%q]", got, id)
			}
		})
	}
}

// TestRequestIDOnEveryAnswer: the gateway's own answers, forwarded ones, and its 502
// and 504 all carry the id: the client's when valid, a fresh one otherwise.
func TestRequestIDOnEveryAnswer(t *testing.T) {
	release := make(chan struct{})
	upstream := newUpstream(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/slow" {
			select {
			case <-r.Context().Done():
			case <-release:
			}
			return
		}
		w.WriteHeader(http.StatusNoContent)
	})
	t.Cleanup(func() { close(release) })
	gw := newGateway(t, upstream.URL, 50*time.Millisecond)

	// The 502: a gateway whose upstream is closed.
	closed := newUpstream(t, nil)
	closed.Close()
	gwDown := newGateway(t, closed.URL, time.Second)

	tests := []struct {
		name       string
		gw         http.Handler
		method     string
		path       string
		wantStatus int
	}{
		{"health", gw, "GET", "/health", 200},
		{"own 200", gw, "GET", "/todos/1", 200},
		{"own 400", gw, "GET", "/todos/abc", 400},
		{"own 404", gw, "GET", "/todos/99", 404},
		{"forwarded 204", gw, "DELETE", "/todos/1", 204},
		{"504", gw, "GET", "/slow", 504},
		{"502", gwDown, "GET", "/todos", 502},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Sent with a valid id: that id comes back.
			req := newRequest(tt.method, tt.path, "")
			req.Header.Set(requestIDHeader, "mine-1")
			resp := do(tt.gw, req)
			if resp.StatusCode != tt.wantStatus {
				t.Errorf("status = %d, want %d", resp.StatusCode, tt.wantStatus)
			}
			if got := resp.Header.Values(requestIDHeader); !reflect.DeepEqual(got, []string{"mine-1"}) {
				t.Errorf("X-Request-Id = %q, want [mine-1]", got)
			}
			// Sent with an invalid one: a fresh id comes back instead.
			req = newRequest(tt.method, tt.path, "")
			req.Header.Set(requestIDHeader, "not valid")
			resp = do(tt.gw, req)
			if got := resp.Header.Values(requestIDHeader); len(got) != 1 || !freshID.MatchString(got[0]) {
				t.Errorf("X-Request-Id = %q, want one fresh id", got)
			}
		})
	}
}

// TestRequestIDOursWins: an upstream that sends an X-Request-Id of its own does not
// get a second value onto the answer, nor replace ours. (ReverseProxy adds the
// upstream's headers to the ones already set; the id is set again when the status is
// written.)
func TestRequestIDOursWins(t *testing.T) {
	upstream := newUpstream(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set(requestIDHeader, "the-upstreams-own")
		w.WriteHeader(http.StatusOK)
	})
	gw := newGateway(t, upstream.URL, time.Second)

	req := newRequest("GET", "/todos", "")
	req.Header.Set(requestIDHeader, "ours")
	resp := do(gw, req)
	if got := resp.Header.Values(requestIDHeader); !reflect.DeepEqual(got, []string{"ours"}) {
		t.Errorf("X-Request-Id = %q, want [ours]", got)
	}
}

// TestRequestIDNamedInConnection: a client that lists X-Request-Id in its Connection
// header makes it a hop-by-hop header, which ReverseProxy removes; the gateway's id
// goes to the upstream all the same.
func TestRequestIDNamedInConnection(t *testing.T) {
	upstream := newUpstream(t, nil)
	gw := newGateway(t, upstream.URL, time.Second)

	req := newRequest("GET", "/todos", "")
	req.Header.Set("Connection", "X-Request-Id")
	req.Header.Set(requestIDHeader, "mine-2")
	readBody(t, do(gw, req))
	if got := upstream.only(t).Header.Values(requestIDHeader); !reflect.DeepEqual(got, []string{"mine-2"}) {
		t.Errorf("the upstream received X-Request-Id %q, want [mine-2]", got)
	}
}

// TestRequestIDAfterEarlyHints: after passing on a 1xx answer, ReverseProxy clears the
// header map; the id is still on the final answer. Through real sockets, because a
// ResponseRecorder takes the 103 for the final status.
func TestRequestIDAfterEarlyHints(t *testing.T) {
	upstream := newUpstream(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Link", "</style.css>; rel=preload")
		w.WriteHeader(http.StatusEarlyHints)
		w.Header().Del("Link")
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusOK)
		io.WriteString(w, `{"upstream": true}`)
	})
	gateway := httptest.NewServer(newGateway(t, upstream.URL, time.Second))
	defer gateway.Close()

	req, err := http.NewRequest("GET", gateway.URL+"/todos", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set(requestIDHeader, "mine-3")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	assertJSONEqual(t, readBody(t, resp), `{"upstream": true}`)
	if got := resp.Header.Values(requestIDHeader); resp.StatusCode != 200 || !reflect.DeepEqual(got, []string{"mine-3"}) {
		t.Errorf("answer %d with X-Request-Id %q, want 200 with [mine-3]", resp.StatusCode, got)
	}
}

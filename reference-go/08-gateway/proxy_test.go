package main

import (
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestForwardRequest: the upstream gets the request as it came: method, path and query
// (byte for byte), headers, body. Host names the upstream, and the gateway adds no
// header of its own but X-Request-Id.
func TestForwardRequest(t *testing.T) {
	upstream := newUpstream(t, nil)
	gw := newGateway(t, upstream.URL, time.Second)

	// "a;b" and "%zz" are query parameters ReverseProxy would drop before Rewrite.
	const target = "/todos?limit=1&offset=0&q=a%20b&x=a;b&y=%zz"
	const body = `{"title": "Buy milk", "notes": null}`
	req := newRequest("POST", target, body)
	req.Header.Add("X-Custom", "one")
	req.Header.Add("X-Custom", "two")
	req.Header.Set("Accept", "application/json")
	req.Header.Set("X-Forwarded-For", "203.0.113.7") // a client's own: passed on, not extended
	req.Header.Set("X-Request-Id", "client-id-1")
	resp := do(gw, req)
	assertJSONEqual(t, readBody(t, resp), `{"upstream": true}`)

	got := upstream.only(t)
	if got.Method != "POST" || got.URI != target || got.Body != body {
		t.Errorf("the upstream received %s %s %q, want POST %s %q", got.Method, got.URI, got.Body, target, body)
	}
	if want := strings.TrimPrefix(upstream.URL, "http://"); got.Host != want {
		t.Errorf("Host = %q, want the upstream's %q", got.Host, want)
	}
	wantHeaders := http.Header{
		"Content-Type":    {"application/json"},
		"Accept":          {"application/json"},
		"X-Custom":        {"one", "two"},
		"X-Forwarded-For": {"203.0.113.7"},
		"X-Request-Id":    {"client-id-1"},
		// Added by the transport, and only describing the body:
		"Content-Length": {strconv.Itoa(len(body))},
	}
	// No Accept-Encoding (the transport's gzip), no User-Agent (Go's), no
	// X-Forwarded-Host or -Proto (ReverseProxy's, with SetXForwarded).
	if !reflect.DeepEqual(got.Header, wantHeaders) {
		t.Errorf("the upstream received the headers\n%v\nwant\n%v", got.Header, wantHeaders)
	}
}

// TestForwardAnswer: the upstream's answer comes back unchanged, whatever it is.
func TestForwardAnswer(t *testing.T) {
	tests := []struct {
		name    string
		status  int
		headers http.Header
		body    string
	}{
		{name: "201 created", status: 201, body: `{"id": 4, "title": "a", "notes": null, "done": false}`,
			headers: http.Header{"Content-Type": {"application/json"}, "Location": {"/todos/4"}}},
		{name: "204 no body", status: 204},
		{name: "400", status: 400, body: `{"error": {"code": "invalid_pagination", "message": "no"}}`,
			headers: http.Header{"Content-Type": {"application/json"}}},
		{name: "404", status: 404, body: `{"error": {"code": "not_found", "message": "no"}}`,
			headers: http.Header{"Content-Type": {"application/json"}}},
		{name: "405 with Allow", status: 405, body: `{"error": {"code": "method_not_allowed", "message": "no"}}`,
			headers: http.Header{"Content-Type": {"application/json"}, "Allow": {"DELETE, GET, HEAD, PATCH"}}},
		{name: "409", status: 409, body: `{"error": {"code": "title_taken", "message": "no"}}`,
			headers: http.Header{"Content-Type": {"application/json"}}},
		// Not JSON, not even the upstream's usual content: still passed on as it is.
		{name: "500 in plain text", status: 500, body: "it broke\n",
			headers: http.Header{"Content-Type": {"text/plain"}, "X-Custom": {"a", "b"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			upstream := newUpstream(t, func(w http.ResponseWriter, r *http.Request) {
				for name, values := range tt.headers {
					w.Header()[name] = values
				}
				w.WriteHeader(tt.status)
				io.WriteString(w, tt.body)
			})
			gw := newGateway(t, upstream.URL, time.Second)

			resp := do(gw, newRequest("PUT", "/todos/1", `{"title": "a"}`))
			if got := string(readBody(t, resp)); resp.StatusCode != tt.status || got != tt.body {
				t.Errorf("answer %d %q, want %d %q", resp.StatusCode, got, tt.status, tt.body)
			}
			for name, values := range tt.headers {
				if got := resp.Header.Values(name); !reflect.DeepEqual(got, values) {
					t.Errorf("%s = %q, want %q", name, got, values)
				}
			}
		})
	}
}

// TestHopByHopHeaders: the headers that describe one connection stay on it, both ways.
func TestHopByHopHeaders(t *testing.T) {
	upstream := newUpstream(t, func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Connection", "X-Upstream-Secret")
		h.Set("X-Upstream-Secret", "named in Connection")
		h.Set("Keep-Alive", "timeout=5")
		h.Set("Proxy-Authenticate", "Basic")
		h.Set("Upgrade", "h2c")
		h.Set("X-Kept", "yes")
		w.WriteHeader(http.StatusOK)
	})
	gw := newGateway(t, upstream.URL, time.Second)

	req := newRequest("POST", "/todos", `{"title": "a"}`)
	h := req.Header
	h.Set("Connection", "Upgrade, X-Client-Secret")
	h.Set("X-Client-Secret", "named in Connection")
	h.Set("Keep-Alive", "timeout=5")
	h.Set("Proxy-Authorization", "Basic Zm9vOmJhcg==")
	h.Set("Proxy-Connection", "keep-alive")
	h.Set("TE", "trailers")
	h.Set("Trailer", "X-Checksum")
	h.Set("Upgrade", "websocket")
	h.Set("X-Kept", "yes")
	resp := do(gw, req)
	readBody(t, resp)

	got := upstream.only(t)
	for _, name := range []string{"Connection", "X-Client-Secret", "Keep-Alive", "Proxy-Authorization",
		"Proxy-Connection", "Te", "Trailer", "Upgrade"} {
		if v, ok := got.Header[name]; ok {
			t.Errorf("the upstream received %s: %q", name, v)
		}
	}
	if got.Header.Get("X-Kept") != "yes" {
		t.Errorf("the upstream did not receive X-Kept")
	}
	for _, name := range []string{"Connection", "X-Upstream-Secret", "Keep-Alive", "Proxy-Authenticate", "Upgrade"} {
		if v, ok := resp.Header[name]; ok {
			t.Errorf("the answer has %s: %q", name, v)
		}
	}
	if resp.Header.Get("X-Kept") != "yes" {
		t.Errorf("the answer lost X-Kept")
	}
}

func TestUpstreamUnreachable(t *testing.T) {
	upstream := newUpstream(t, nil)
	gw := newGateway(t, upstream.URL, time.Second)
	upstream.Close() // connections are refused from now on

	for _, req := range []*http.Request{
		newRequest("GET", "/todos", ""),
		newRequest("POST", "/todos", `{"title": "a"}`),
		newRequest("DELETE", "/todos/1", ""),
	} {
		checkError(t, do(gw, req), 502, "upstream_unavailable")
	}
}

// TestUpstreamClosesWithoutAnswer: the upstream takes the request and hangs up. That
// is a 502, and the request is not sent again: the upstream may have acted on it.
func TestUpstreamClosesWithoutAnswer(t *testing.T) {
	upstream := newUpstream(t, func(w http.ResponseWriter, r *http.Request) {
		conn, _, err := http.NewResponseController(w).Hijack()
		if err != nil {
			t.Error(err)
			return
		}
		conn.Close()
	})
	gw := newGateway(t, upstream.URL, time.Second)

	checkError(t, do(gw, newRequest("POST", "/todos", `{"title": "a"}`)), 502, "upstream_unavailable")
	upstream.only(t) // once, not retried
}

// TestUpstreamTimeout: an upstream slower than UPSTREAM_TIMEOUT_MS is a 504, as soon as
// the time is up, and the request is not sent again.
func TestUpstreamTimeout(t *testing.T) {
	release := make(chan struct{})
	upstream := newUpstream(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/slow" {
			// Until the gateway hangs up, or the test ends.
			select {
			case <-r.Context().Done():
			case <-release:
			}
			return
		}
		w.WriteHeader(http.StatusOK)
	})
	// Runs before the upstream's Close, which waits for the handler (cleanups run last
	// first).
	t.Cleanup(func() { close(release) })
	const timeout = 50 * time.Millisecond
	gw := newGateway(t, upstream.URL, timeout)

	start := time.Now()
	checkError(t, do(gw, newRequest("POST", "/slow", `{"title": "a"}`)), 504, "upstream_timeout")
	if elapsed := time.Since(start); elapsed < timeout || elapsed > 2*time.Second {
		t.Errorf("the 504 came after %v, want about %v", elapsed, timeout)
	}
	upstream.only(t) // once, not retried

	// The next request does not suffer for it.
	if resp := do(gw, newRequest("GET", "/fast", "")); resp.StatusCode != 200 {
		t.Errorf("after a timeout: status %d, want 200", resp.StatusCode)
	}
}

// TestUpstreamComesBack: once the upstream is back, forwarding works again, on the
// same gateway.
func TestUpstreamComesBack(t *testing.T) {
	// Find a free port, and leave it free: the upstream is down to begin with.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	gw := newGateway(t, "http://"+addr, time.Second)

	checkError(t, do(gw, newRequest("GET", "/todos", "")), 502, "upstream_unavailable")

	ln, err = net.Listen("tcp", addr)
	if err != nil {
		t.Skipf("the port was taken in the meantime: %v", err)
	}
	upstream := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "back")
	}))
	upstream.Listener.Close()
	upstream.Listener = ln
	upstream.Start()
	defer upstream.Close()

	resp := do(gw, newRequest("GET", "/todos", ""))
	if body := readBody(t, resp); resp.StatusCode != 200 || string(body) != "back" {
		t.Errorf("with the upstream back: %d %q, want 200 \"back\"", resp.StatusCode, body)
	}
}

func TestUpstreamURLWithTrailingSlash(t *testing.T) {
	upstream := newUpstream(t, nil)
	gw := newGateway(t, upstream.URL+"/", time.Second)

	resp := do(gw, newRequest("GET", "/todos?limit=1", ""))
	readBody(t, resp)
	if got := upstream.only(t).URI; got != "/todos?limit=1" {
		t.Errorf("the upstream received %s, want /todos?limit=1", got)
	}
}

// TestThroughSockets runs the gateway as a real server, so that the hop-by-hop work of
// net/http on both sides is in the picture: a POST with its body and query, through
// two real connections.
func TestThroughSockets(t *testing.T) {
	upstream := newUpstream(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Location", "/todos/4")
		w.WriteHeader(http.StatusCreated)
		io.WriteString(w, `{"id": 4, "title": "a", "notes": null, "done": false}`)
	})
	gateway := httptest.NewServer(newGateway(t, upstream.URL, time.Second))
	defer gateway.Close()

	resp, err := http.Post(gateway.URL+"/todos?x=1", "application/json", strings.NewReader(`{"title": "a"}`))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body := readBody(t, resp)
	if resp.StatusCode != 201 || resp.Header.Get("Location") != "/todos/4" {
		t.Errorf("answer %d, Location %q, want 201 /todos/4", resp.StatusCode, resp.Header.Get("Location"))
	}
	assertJSONEqual(t, body, `{"id": 4, "title": "a", "notes": null, "done": false}`)
	got := upstream.only(t)
	if got.Method != "POST" || got.URI != "/todos?x=1" || got.Body != `{"title": "a"}` {
		t.Errorf("the upstream received %s %s %q", got.Method, got.URI, got.Body)
	}

	// And the migrated route, through the socket.
	resp, err = http.Get(gateway.URL + "/todos/2")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	checkJSON(t, resp, 200, ada)
}

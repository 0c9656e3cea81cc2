package main

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httputil"
	"net/url"
	"time"
)

// Proxy forwards a request to the upstream, the todos service, and passes its answer
// back: the status, the headers and the body as the upstream wrote them. Only when no
// answer comes does the gateway write one of its own, a 502 or a 504.
//
// The forwarding itself is the standard library's httputil.ReverseProxy. What this type
// adds is the deadline (ServeHTTP), the error answers (fail), and the few changes to
// the request the contract asks for (rewrite).
type Proxy struct {
	proxy   *httputil.ReverseProxy
	timeout time.Duration
}

// NewProxy returns a Proxy to upstream (scheme and host, such as
// http://127.0.0.1:9000) that waits at most timeout for each answer.
func NewProxy(upstream *url.URL, timeout time.Duration) *Proxy {
	p := &Proxy{timeout: timeout}

	// A Transport of our own, a copy of the default one (its connection pool, its dial
	// timeouts) with one change. By default a Transport adds "Accept-Encoding: gzip"
	// to a request that has no Accept-Encoding, and un-gzips the answer itself: the
	// upstream would see a header the client never sent, and the client would get a
	// body other than the one the upstream wrote. With compression off, the client's
	// Accept-Encoding (or its absence) goes through as it is, and so does the body.
	transport := http.DefaultTransport.(*http.Transport).Clone()
	transport.DisableCompression = true

	p.proxy = &httputil.ReverseProxy{
		// Rewrite, not Director. Both let us change the request before it goes out;
		// they differ in when, and in what they are given.
		//
		//   - Director is called first, on the outgoing request alone, and ReverseProxy
		//     then removes the hop-by-hop headers, including every header the client
		//     names in Connection. A client sending "Connection: X-Request-Id" would
		//     have our request id removed after we set it. Rewrite is called after that
		//     removal, so what it sets is what the upstream gets.
		//   - With Director, ReverseProxy adds X-Forwarded-For by itself; with Rewrite
		//     it adds nothing we do not ask for.
		//   - Rewrite is given the incoming request and the outgoing one side by side
		//     (pr.In, pr.Out), so it reads from one and writes to the other instead of
		//     editing the only copy in place.
		//
		// Director is the older API, kept for compatibility; Rewrite (Go 1.20) is the
		// one the documentation recommends.
		Rewrite:   func(pr *httputil.ProxyRequest) { rewrite(pr, upstream) },
		Transport: transport,
		// Called when no answer came back: the upstream could not be reached, the
		// connection broke, or the deadline passed. Without it ReverseProxy answers a
		// bare 502 with no body, whatever happened.
		ErrorHandler: p.fail,
		// ReverseProxy's own complaints (an answer whose body breaks off) go to the
		// same log as everything else.
		ErrorLog: slog.NewLogLogger(slog.Default().Handler(), slog.LevelWarn),
	}
	return p
}

// forwardedHeaders are the headers of earlier proxies, which a client may send.
// ReverseProxy removes them from the outgoing request before calling Rewrite.
var forwardedHeaders = []string{"Forwarded", "X-Forwarded-For", "X-Forwarded-Host", "X-Forwarded-Proto"}

// rewrite turns the incoming request into the one the upstream gets. The contract
// forwards the request "as it came": the method, the path and query, the headers and
// the body, except the hop-by-hop headers and Host. ReverseProxy has already copied
// the request and taken out the hop-by-hop headers when this runs.
func rewrite(pr *httputil.ProxyRequest, upstream *url.URL) {
	// Send it to the upstream's scheme and host. SetURL also joins the upstream's path
	// in front of the request's, but upstream has none (see upstreamURL in main.go), so
	// the path stays as it was. It empties Out.Host, so the Host header names the
	// upstream, as it must: Host is the one header that is not the client's to keep.
	pr.SetURL(upstream)

	// The query string exactly as it came. Before calling Rewrite, ReverseProxy drops
	// query parameters it cannot parse (such as "a;b", or a bad %-escape) for the sake
	// of servers that parse queries differently; the contract forwards the query
	// unchanged, and the upstream is the one to judge it.
	pr.Out.URL.RawQuery = pr.In.URL.RawQuery

	// With Rewrite, ReverseProxy removes the client's Forwarded and X-Forwarded-*
	// headers, meant for a proxy that sets its own (SetXForwarded) and must not pass on
	// a client's forged ones. This gateway sets none, and the contract forwards every
	// header that is not hop-by-hop, so the client's go through as they came.
	for _, name := range forwardedHeaders {
		if values, ok := pr.In.Header[name]; ok {
			pr.Out.Header[name] = values
		}
	}

	// ReverseProxy removes every hop-by-hop header, then puts two back: "TE: trailers"
	// when the client sent it (for gRPC), and Connection and Upgrade when the client
	// asked to switch protocols (for WebSocket). The contract forwards no hop-by-hop
	// header at all, and the todos service has no use for either.
	pr.Out.Header.Del("Te")
	pr.Out.Header.Del("Connection")
	pr.Out.Header.Del("Upgrade")

	// The request id, once more (withRequestID put it on the incoming request): if the
	// client listed X-Request-Id in its Connection header, ReverseProxy removed it as a
	// hop-by-hop header. Ours always goes upstream.
	pr.Out.Header.Set(requestIDHeader, pr.In.Header.Get(requestIDHeader))
}

// ServeHTTP forwards r under a deadline of p.timeout.
//
// The deadline is a context: context.WithTimeout derives from the request's context,
// which net/http cancels when the client goes away, a context that also ends when the
// time is up. ReverseProxy passes it to the Transport, which gives up on the dial, the
// sending and the wait for the answer when it ends, closes the connection to the
// upstream, and returns an error that errors.Is matches with
// context.DeadlineExceeded. One deadline covers every step, so a slow dial and a slow
// answer are the same 504. (A Client.Timeout would do the same for a client of our
// own; ReverseProxy has no client, only a Transport, so the context is the way.)
//
// The deadline runs until ServeHTTP returns, so it covers the upstream's body as well:
// an upstream that sends its status in time and then stalls mid-body is cut off.
// The status has gone out by then, so the client sees a connection that breaks
// rather than a 504.
func (p *Proxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), p.timeout)
	defer cancel() // frees the timer when the answer came in time
	p.proxy.ServeHTTP(w, r.WithContext(ctx))
}

// fail is the ReverseProxy's ErrorHandler: it answers a request that got no answer
// from the upstream. r is the outgoing request, under our deadline.
//
// A deadline that passed is a 504 upstream_timeout. Everything else is a 502
// upstream_unavailable: connection refused, connection reset, the upstream closing the
// connection without an answer, an answer that is not HTTP. (And a client that went
// away, context.Canceled: it gets a 502 it will never read.)
//
// Neither is retried. The gateway cannot know how far the upstream got: a POST that
// timed out may have created its todo all the same, and sending it again could create
// a second one. Only the client knows whether doing it twice is harmful, so the
// decision is the client's, and the 502 or 504 is how it learns it has one to make.
// (http.Transport itself resends a request in one narrow case, on a pooled
// connection that the upstream turned out to have closed already: when nothing of the
// request was written, or when the method is one that changes nothing, such as GET.)
func (p *Proxy) fail(w http.ResponseWriter, r *http.Request, err error) {
	slog.Warn("forwarding failed", "request_id", r.Header.Get(requestIDHeader),
		"method", r.Method, "path", r.URL.Path, "err", err)
	if errors.Is(err, context.DeadlineExceeded) {
		writeError(w, r, Errorf(ETIMEOUT, "upstream_timeout",
			"the upstream did not answer within %d ms", p.timeout.Milliseconds()))
		return
	}
	writeError(w, r, Errorf(EUNAVAILABLE, "upstream_unavailable", "the upstream cannot be reached"))
}

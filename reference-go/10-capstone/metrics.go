package main

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
)

// Metrics are the service's counters, exposed at GET /metrics in Prometheus's text
// format (version 0.0.4), written by hand: the format is a few lines of text, and the
// standard library has no Prometheus client (expvar's JSON is not what Prometheus
// reads). A bigger service would use github.com/prometheus/client_golang.
type Metrics struct {
	ordersCreated   atomic.Int64
	ordersCancelled atomic.Int64
	ordersShipped   atomic.Int64
	inFlight        atomic.Int64

	mu       sync.Mutex
	requests map[requestKey]int64 // http_requests_total, by its labels
}

// requestKey is the label set of one http_requests_total series. route is the pattern
// that matched ("/orders/{id}"), never the path ("/orders/17"): a label value per order
// would make a new series per order, and Prometheus keeps every series in memory.
type requestKey struct {
	method, route string
	status        int
}

// unmatchedRoute is the route label of a request no route answers (404, 405).
const unmatchedRoute = "unmatched"

// NewMetrics returns metrics at zero.
func NewMetrics() *Metrics {
	return &Metrics{requests: make(map[requestKey]int64)}
}

// observe counts one answered request.
func (m *Metrics) observe(method, route string, status int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.requests[requestKey{method, route, status}]++
}

// metricsContentType is the content type of the text format.
const metricsContentType = "text/plain; version=0.0.4; charset=utf-8"

// WriteTo writes every metric in the text format: for each, a # HELP and a # TYPE line,
// then its series, one per line.
func (m *Metrics) WriteTo(w io.Writer) (int64, error) {
	var b strings.Builder
	counter := func(name, help string, value int64) {
		fmt.Fprintf(&b, "# HELP %s %s\n# TYPE %s counter\n%s %d\n", name, help, name, name, value)
	}
	counter("orders_created_total", "Orders placed (a replayed idempotent request is not counted).", m.ordersCreated.Load())
	counter("orders_cancelled_total", "Orders cancelled.", m.ordersCancelled.Load())
	counter("orders_shipped_total", "Orders shipped.", m.ordersShipped.Load())

	b.WriteString("# HELP http_requests_total HTTP requests answered, by method, route pattern and status.\n")
	b.WriteString("# TYPE http_requests_total counter\n")
	m.mu.Lock()
	keys := make([]requestKey, 0, len(m.requests))
	for k := range m.requests {
		keys = append(keys, k)
	}
	// Sorted, so that two scrapes list the series in the same order (a map's order
	// changes from one range to the next).
	sort.Slice(keys, func(i, j int) bool {
		a, b := keys[i], keys[j]
		if a.route != b.route {
			return a.route < b.route
		}
		if a.method != b.method {
			return a.method < b.method
		}
		return a.status < b.status
	})
	for _, k := range keys {
		fmt.Fprintf(&b, "http_requests_total{method=%s,route=%s,status=\"%d\"} %d\n",
			labelValue(k.method), labelValue(k.route), k.status, m.requests[k])
	}
	m.mu.Unlock()

	b.WriteString("# HELP http_requests_in_flight HTTP requests being served, this one included.\n")
	b.WriteString("# TYPE http_requests_in_flight gauge\n")
	fmt.Fprintf(&b, "http_requests_in_flight %d\n", m.inFlight.Load())

	n, err := io.WriteString(w, b.String())
	return int64(n), err
}

// labelValue quotes a label value as the format wants: backslash, double quote and
// newline escaped. strconv.Quote would also escape non-ASCII characters as \u…, which
// the format does not know.
func labelValue(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`)
	return `"` + r.Replace(s) + `"`
}

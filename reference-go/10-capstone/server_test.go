package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestMain keeps the service's log lines out of the test output; the test that reads
// them installs a logger of its own.
func TestMain(m *testing.M) {
	slog.SetDefault(slog.New(slog.NewTextHandler(io.Discard, nil)))
	os.Exit(m.Run())
}

// newTestServer starts the service on a fresh database file, with the given settings,
// behind an httptest.Server, and returns its URL and the metrics.
func newTestServer(t *testing.T, cfg Config) (string, *Metrics) {
	t.Helper()
	store, err := OpenStore(context.Background(), filepath.Join(t.TempDir(), "orders.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	if cfg.MaxItems == 0 {
		cfg.MaxItems = defaultMaxItems
	}
	metrics := NewMetrics()
	srv := httptest.NewServer(NewServer(store, cfg, metrics))
	t.Cleanup(srv.Close)
	return srv.URL, metrics
}

type reply struct {
	status int
	header http.Header
	body   map[string]any
	text   string
}

func send(t *testing.T, method, url string, body string, header map[string]string) reply {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	r := reply{status: resp.StatusCode, header: resp.Header, text: string(raw)}
	json.Unmarshal(raw, &r.body) // nil for a body that is not a JSON object
	return r
}

func errorCode(r reply) string {
	e, _ := r.body["error"].(map[string]any)
	code, _ := e["code"].(string)
	return code
}

func TestCreateAndGet(t *testing.T) {
	url, _ := newTestServer(t, Config{})
	r := send(t, "POST", url+"/orders", `{"items":[{"sku":"tea","quantity":2},{"sku":"mug","quantity":1}]}`, nil)
	if r.status != http.StatusCreated {
		t.Fatalf("create: %d %s", r.status, r.text)
	}
	id := int64(r.body["id"].(float64))
	got := send(t, "GET", url+"/orders/"+itoa(id), "", nil)
	want := `{"id":` + itoa(id) + `,"status":"placed","items":[{"sku":"tea","quantity":2,"unit_price_cents":450},` +
		`{"sku":"mug","quantity":1,"unit_price_cents":1200}],"total_cents":2100,"note":null}`
	if strings.TrimSpace(got.text) != want {
		t.Errorf("get:\n got %s\nwant %s", got.text, want)
	}
}

func itoa(n int64) string {
	b, _ := json.Marshal(n)
	return string(b)
}

// TestRefusals is the statement's table of errors, row by row.
func TestRefusals(t *testing.T) {
	url, metrics := newTestServer(t, Config{MaxItems: 2})
	tests := []struct {
		name, method, path, body string
		header                   map[string]string
		status                   int
		code                     string
	}{
		{"bad limit", "GET", "/orders?limit=0", "", nil, 400, "invalid_pagination"},
		{"empty limit", "GET", "/orders?limit=", "", nil, 400, "invalid_pagination"},
		{"negative offset", "GET", "/orders?offset=-1", "", nil, 400, "invalid_pagination"},
		{"bad id", "GET", "/orders/abc", "", nil, 400, "invalid_id"},
		{"zero id", "POST", "/orders/0/ship", "", nil, 400, "invalid_id"},
		{"empty key", "POST", "/orders", `{"items":[{"sku":"tea","quantity":1}]}`, map[string]string{"Idempotency-Key": ""}, 400, "invalid_idempotency_key"},
		{"key with a space", "POST", "/orders", `{"items":[{"sku":"tea","quantity":1}]}`, map[string]string{"Idempotency-Key": "a b"}, 400, "invalid_idempotency_key"},
		{"text body", "POST", "/orders", `{}`, map[string]string{"Content-Type": "text/plain"}, 415, "unsupported_media_type"},
		{"truncated", "POST", "/orders", `{"items":[`, nil, 400, "malformed_json"},
		{"no items", "POST", "/orders", `{"note":"x"}`, nil, 400, "invalid_body"},
		{"null items", "POST", "/orders", `{"items":null}`, nil, 400, "invalid_body"},
		{"no quantity", "POST", "/orders", `{"items":[{"sku":"tea"}]}`, nil, 400, "invalid_body"},
		{"fractional quantity", "POST", "/orders", `{"items":[{"sku":"tea","quantity":1.5}]}`, nil, 400, "invalid_body"},
		{"array body", "POST", "/orders", `[]`, nil, 400, "invalid_body"},
		{"empty order", "POST", "/orders", `{"items":[]}`, nil, 422, "empty_order"},
		{"too many items", "POST", "/orders", `{"items":[{"sku":"tea","quantity":1},{"sku":"tea","quantity":1},{"sku":"tea","quantity":1}]}`, nil, 422, "too_many_items"},
		{"zero quantity", "POST", "/orders", `{"items":[{"sku":"tea","quantity":0}]}`, nil, 422, "invalid_quantity"},
		{"quantity over 1000", "POST", "/orders", `{"items":[{"sku":"tea","quantity":1001}]}`, nil, 422, "invalid_quantity"},
		{"unknown sku", "POST", "/orders", `{"items":[{"sku":"tea","quantity":1},{"sku":"samovar","quantity":1}]}`, nil, 422, "unknown_sku"},
		{"missing order", "GET", "/orders/99", "", nil, 404, "order_not_found"},
		{"cancel missing order", "POST", "/orders/99/cancel", "", nil, 404, "order_not_found"},
		{"unknown path", "GET", "/order", "", nil, 404, "not_found"},
		{"wrong method", "DELETE", "/orders", "", nil, 405, "method_not_allowed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := send(t, tt.method, url+tt.path, tt.body, tt.header)
			if r.status != tt.status || errorCode(r) != tt.code {
				t.Errorf("got %d %s, want %d %s", r.status, r.text, tt.status, tt.code)
			}
			if ct := r.header.Get("Content-Type"); ct != "application/json" {
				t.Errorf("Content-Type %q", ct)
			}
		})
	}
	// Nothing was placed, so nothing was counted: not even the unknown sku, which got
	// as far as the database.
	if n := metrics.ordersCreated.Load(); n != 0 {
		t.Errorf("orders_created_total = %d after refusals only", n)
	}
	if r := send(t, "GET", url+"/orders", "", nil); r.body["total"] != float64(0) {
		t.Errorf("orders stored by refused requests: %s", r.text)
	}
}

func TestTransitions(t *testing.T) {
	url, _ := newTestServer(t, Config{ShipDelay: time.Millisecond})
	place := func() string {
		r := send(t, "POST", url+"/orders", `{"items":[{"sku":"kettle","quantity":1}]}`, nil)
		return itoa(int64(r.body["id"].(float64)))
	}
	a, b := place(), place()
	steps := []struct{ path, status, code string }{
		{"/orders/" + a + "/cancel", "cancelled", ""},
		{"/orders/" + a + "/cancel", "", "invalid_transition"},
		{"/orders/" + a + "/ship", "", "invalid_transition"},
		{"/orders/" + b + "/ship", "shipped", ""},
		{"/orders/" + b + "/cancel", "", "invalid_transition"},
	}
	for _, s := range steps {
		r := send(t, "POST", url+s.path, "", nil)
		if r.body["status"] != nilIfEmpty(s.status) || errorCode(r) != s.code {
			t.Errorf("POST %s: %d %s", s.path, r.status, r.text)
		}
	}
}

func nilIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func TestIdempotencyKeys(t *testing.T) {
	url, metrics := newTestServer(t, Config{})
	key := map[string]string{"Idempotency-Key": "retry-1"}
	first := send(t, "POST", url+"/orders", `{"items":[{"sku":"tea","quantity":1}],"note":"x"}`, key)
	// The same request, spelled differently: a replay.
	again := send(t, "POST", url+"/orders", `{ "note": "x", "extra": true, "items": [ {"quantity": 1, "sku": "tea"} ] }`, key)
	if first.status != 201 || again.status != 201 || again.body["id"] != first.body["id"] {
		t.Fatalf("first %d %s, again %d %s", first.status, first.text, again.status, again.text)
	}
	if first.header.Get("Idempotent-Replayed") != "" || again.header.Get("Idempotent-Replayed") != "true" {
		t.Errorf("Idempotent-Replayed: first %q, again %q",
			first.header.Get("Idempotent-Replayed"), again.header.Get("Idempotent-Replayed"))
	}
	if r := send(t, "POST", url+"/orders", `{"items":[{"sku":"tea","quantity":2}],"note":"x"}`, key); errorCode(r) != "idempotency_key_reused" {
		t.Errorf("another body: %d %s", r.status, r.text)
	}
	if n := metrics.ordersCreated.Load(); n != 1 {
		t.Errorf("orders_created_total = %d, want 1", n)
	}
}

func TestIdempotencyKeysUnderConcurrency(t *testing.T) {
	url, metrics := newTestServer(t, Config{})
	var wg sync.WaitGroup
	ids := make([]any, 20)
	for i := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := send(t, "POST", url+"/orders", `{"items":[{"sku":"mug","quantity":3}]}`, map[string]string{"Idempotency-Key": "race"})
			ids[i] = r.body["id"]
		}()
	}
	wg.Wait()
	for _, id := range ids {
		if id != ids[0] || id == nil {
			t.Fatalf("ids %v: want one order", ids)
		}
	}
	if n := metrics.ordersCreated.Load(); n != 1 {
		t.Errorf("orders_created_total = %d, want 1", n)
	}
}

func TestRequestIDs(t *testing.T) {
	url, _ := newTestServer(t, Config{})
	hex32 := regexp.MustCompile(`^[0-9a-f]{32}$`)
	if got := send(t, "GET", url+"/health", "", map[string]string{"X-Request-Id": "abc-1"}).header.Get("X-Request-Id"); got != "abc-1" {
		t.Errorf("kept id: %q", got)
	}
	for _, sent := range []string{"", "not valid!", strings.Repeat("a", 129)} {
		h := map[string]string{}
		if sent != "" {
			h["X-Request-Id"] = sent
		}
		if got := send(t, "GET", url+"/nope", "", h).header.Get("X-Request-Id"); !hex32.MatchString(got) {
			t.Errorf("sent %q, got %q", sent, got)
		}
	}
}

// TestEveryLogLineHasTheRequestID swaps the default logger for one writing to a buffer:
// every line a request writes must carry its id.
func TestEveryLogLineHasTheRequestID(t *testing.T) {
	url, _ := newTestServer(t, Config{ShipDelay: time.Millisecond}) // its start-up lines have no id
	var buf bytes.Buffer
	old := slog.Default()
	slog.SetDefault(slog.New(requestIDHandler{slog.NewJSONHandler(&buf, nil)}))
	t.Cleanup(func() { slog.SetDefault(old) })
	h := map[string]string{"X-Request-Id": "log-1"}
	r := send(t, "POST", url+"/orders", `{"items":[{"sku":"tea","quantity":1}]}`, h)
	send(t, "POST", url+"/orders/"+itoa(int64(r.body["id"].(float64)))+"/ship", "", h)
	send(t, "POST", url+"/orders", `{"items":[]}`, h)

	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) < 6 {
		t.Fatalf("only %d lines:\n%s", len(lines), buf.String())
	}
	for _, line := range lines {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil || rec["request_id"] != "log-1" {
			t.Errorf("line without the request id: %s", line)
		}
	}
}

func TestMetricsText(t *testing.T) {
	url, _ := newTestServer(t, Config{})
	r := send(t, "POST", url+"/orders", `{"items":[{"sku":"tea","quantity":1}]}`, nil)
	send(t, "GET", url+"/orders/"+itoa(int64(r.body["id"].(float64))), "", nil)
	send(t, "GET", url+"/orders/424242", "", nil)
	send(t, "GET", url+"/no/such/route", "", nil)

	m := send(t, "GET", url+"/metrics", "", nil)
	if ct := m.header.Get("Content-Type"); !strings.HasPrefix(ct, "text/plain; version=0.0.4") {
		t.Errorf("Content-Type %q", ct)
	}
	for _, want := range []string{
		"# TYPE orders_created_total counter\norders_created_total 1\n",
		`http_requests_total{method="POST",route="/orders",status="201"} 1`,
		`http_requests_total{method="GET",route="/orders/{id}",status="200"} 1`,
		`http_requests_total{method="GET",route="/orders/{id}",status="404"} 1`,
		`http_requests_total{method="GET",route="unmatched",status="404"} 1`,
		"http_requests_in_flight 1\n",
	} {
		if !strings.Contains(m.text, want) {
			t.Errorf("missing %q in:\n%s", want, m.text)
		}
	}
	if strings.Contains(m.text, "/orders/424242") {
		t.Errorf("a raw path as a label:\n%s", m.text)
	}
}

func TestParseConfig(t *testing.T) {
	env := func(vars map[string]string) func(string) string {
		return func(name string) string { return vars[name] }
	}
	tests := []struct {
		name     string
		args     []string
		vars     map[string]string
		maxItems int
		wantErr  bool
	}{
		{"defaults", nil, nil, 10, false},
		{"from the environment", nil, map[string]string{"ORDERS_MAX_ITEMS": "3"}, 3, false},
		{"the flag wins", []string{"-max-items", "4"}, map[string]string{"ORDERS_MAX_ITEMS": "3"}, 4, false},
		{"not a number", nil, map[string]string{"ORDERS_MAX_ITEMS": "ten"}, 0, true},
		{"out of range", []string{"-max-items", "0"}, nil, 0, true},
		{"bad port", nil, map[string]string{"PORT": "http"}, 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := parseConfig(tt.args, env(tt.vars), io.Discard)
			if (err != nil) != tt.wantErr || (err == nil && cfg.MaxItems != tt.maxItems) {
				t.Errorf("got %+v, %v", cfg, err)
			}
		})
	}
}

func TestRestartKeepsOrdersAndKeys(t *testing.T) {
	path := filepath.Join(t.TempDir(), "orders.db")
	open := func() (string, func()) {
		store, err := OpenStore(context.Background(), path)
		if err != nil {
			t.Fatal(err)
		}
		srv := httptest.NewServer(NewServer(store, Config{MaxItems: 10}, NewMetrics()))
		return srv.URL, func() { srv.Close(); store.Close() }
	}
	url, stop := open()
	key := map[string]string{"Idempotency-Key": "survivor"}
	first := send(t, "POST", url+"/orders", `{"items":[{"sku":"coffee","quantity":2}],"note":""}`, key)
	stop()

	url, stop = open()
	defer stop()
	again := send(t, "POST", url+"/orders", `{"items":[{"sku":"coffee","quantity":2}],"note":""}`, key)
	if again.header.Get("Idempotent-Replayed") != "true" || again.text != first.text {
		t.Errorf("after a restart:\n got %s\nwant %s", again.text, first.text)
	}
}

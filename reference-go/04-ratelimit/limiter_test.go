package main

import (
	"errors"
	"fmt"
	"maps"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// snapshot copies every bucket, so a test can tell whether a call changed any.
func snapshot(l *Limiter) map[string]bucket {
	l.mu.Lock()
	defer l.mu.Unlock()
	buckets := make(map[string]bucket, len(l.clients))
	for name, b := range l.clients {
		buckets[name] = *b
	}
	return buckets
}

// newLimiterWith returns a limiter over a fake clock holding alice (burst 5, 60 a
// minute) and bob (burst 1, 1 a minute, empty).
func newLimiterWith(t *testing.T) (*Limiter, *fakeClock) {
	t.Helper()
	clock := newFakeClock()
	l := NewLimiter(clock.Now)
	if _, err := l.Create("alice", 5, 60); err != nil {
		t.Fatal(err)
	}
	if _, err := l.Create("bob", 1, 1); err != nil {
		t.Fatal(err)
	}
	if d, err := l.Take("bob"); err != nil || !d.Allowed {
		t.Fatalf("Take(bob) = %+v, %v", d, err)
	}
	return l, clock
}

// TestLimiterRefusals is the README's table of checks against the limiter itself. Each
// row fails with the sentinel the table gives, and leaves every bucket as it was.
func TestLimiterRefusals(t *testing.T) {
	create := func(name string, burst, perMinute int64) func(*Limiter) error {
		return func(l *Limiter) error { _, err := l.Create(name, burst, perMinute); return err }
	}
	get := func(name string) func(*Limiter) error {
		return func(l *Limiter) error { _, err := l.Client(name); return err }
	}
	take := func(name string) func(*Limiter) error {
		return func(l *Limiter) error { _, err := l.Take(name); return err }
	}
	del := func(name string) func(*Limiter) error {
		return func(l *Limiter) error { return l.Delete(name) }
	}
	tests := []struct {
		name string
		call func(*Limiter) error
		want error
	}{
		{"create: empty name", create("", 5, 60), ErrInvalidName},
		{"create: 65 characters", create(strings.Repeat("x", 65), 5, 60), ErrInvalidName},
		{"create: a space", create("a b", 5, 60), ErrInvalidName},
		{"create: a dot", create("a.b", 5, 60), ErrInvalidName},
		{"create: a NUL byte", create("a\x00b", 5, 60), ErrInvalidName},
		{"create: not ASCII", create("zoë", 5, 60), ErrInvalidName},
		{"create: 64 two-byte characters", create(strings.Repeat("é", 32), 5, 60), ErrInvalidName},
		{"create: burst 0", create("carol", 0, 60), ErrInvalidLimit},
		{"create: burst 1000001", create("carol", 1_000_001, 60), ErrInvalidLimit},
		{"create: per_minute 0", create("carol", 5, 0), ErrInvalidLimit},
		{"create: per_minute 60001", create("carol", 5, 60_001), ErrInvalidLimit},
		{"create: per_minute negative", create("carol", 5, -1), ErrInvalidLimit},
		{"create: exists", create("alice", 5, 60), ErrClientExists},
		{"get: unknown", get("carol"), ErrClientNotFound},
		{"get: empty", get(""), ErrClientNotFound},
		{"take: unknown", take("carol"), ErrClientNotFound},
		{"take: another case", take("Alice"), ErrClientNotFound},
		{"delete: unknown", del("carol"), ErrClientNotFound},

		// Two checks fail; the first in the README's table wins.
		{"order: name, then limit", create("", 0, 0), ErrInvalidName},
		{"order: limit, then exists", create("alice", 5, 0), ErrInvalidLimit},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, _ := newLimiterWith(t)
			before := snapshot(l)
			err := tt.call(l)
			if !errors.Is(err, tt.want) {
				t.Errorf("error = %v, want one that errors.Is %v", err, tt.want)
			}
			if after := snapshot(l); !maps.Equal(after, before) {
				t.Errorf("a refused call changed the limiter: %v, was %v", after, before)
			}
		})
	}
}

// Every sentinel, wrapped once more, answers with the README's status and code.
func TestEverySentinelHasAStatusAndCode(t *testing.T) {
	tests := []struct {
		err        error
		wantStatus int
		wantCode   string
	}{
		{ErrInvalidName, 422, "invalid_name"},
		{ErrInvalidLimit, 422, "invalid_limit"},
		{ErrClientExists, 409, "client_exists"},
		{ErrClientNotFound, 404, "client_not_found"},
	}
	for _, tt := range tests {
		t.Run(tt.wantCode, func(t *testing.T) {
			rec := httptest.NewRecorder()
			err := fmt.Errorf("outer: %w", fmt.Errorf("%w: detail", tt.err))
			writeError(rec, httptest.NewRequest("POST", "/clients", nil), err)
			check(t, rec, apiCase{wantStatus: tt.wantStatus, wantCode: tt.wantCode})
		})
	}
}

func TestRetryAfter(t *testing.T) {
	tests := []struct {
		tokens    float64
		perMinute int64
		want      int64
	}{
		{0, 60, 1},
		{0, 1, 60},
		{0, 7, 9},
		{0, 60000, 1},
		{0.5, 1, 30},
		{0.75, 1, 15},
		{0.5, 60, 1}, // half a second: rounded up, never 0
		{0.999999, 60000, 1},
		// 59 s into a minute-long wait. In float64 this is 0.9833333333333333 tokens, and
		// (1-tokens)*60 is 1.000000000000003: a plain Ceil would say 2.
		{59e9 / 6e10, 1, 1},
		{58e9 / 6e10, 1, 2},
	}
	for _, tt := range tests {
		if got := retryAfter(tt.tokens, tt.perMinute); got != tt.want {
			t.Errorf("retryAfter(%v, %d) = %d, want %d", tt.tokens, tt.perMinute, got, tt.want)
		}
	}
}

// Every whole number of tokens that should have flowed back has, exactly: no
// 0.9999999999999999 where 1 is due, whatever the rate.
func TestRefillIsExactOnWholeTokens(t *testing.T) {
	start := newFakeClock().Now()
	for perMinute := int64(1); perMinute <= maxPerMinute; perMinute++ {
		b := bucket{burst: maxBurst, perMinute: perMinute, last: start}
		// k tokens are due after k minutes / perMinute; check the k where that is a
		// whole number of nanoseconds.
		for _, k := range []int64{1, 2, 3, 7, perMinute, 1000} {
			d := time.Duration(k) * time.Minute
			if d%time.Duration(perMinute) != 0 {
				continue
			}
			if got := b.tokensAt(start.Add(d / time.Duration(perMinute))); got != float64(k) {
				t.Fatalf("per_minute %d: %d tokens due, got %v", perMinute, k, got)
			}
		}
	}
}

func TestTokensAtStopsAtBurstAndChangesNothing(t *testing.T) {
	start := newFakeClock().Now()
	b := bucket{burst: 3, perMinute: 60, tokens: 1, last: start}
	before := b
	for _, tt := range []struct {
		after time.Duration
		want  float64
	}{
		{0, 1},
		{500 * time.Millisecond, 1.5},
		{2 * time.Second, 3},
		{time.Hour, 3},
		{-time.Hour, 1}, // a clock gone backwards adds nothing, and takes nothing away
	} {
		if got := b.tokensAt(start.Add(tt.after)); got != tt.want {
			t.Errorf("tokensAt(+%v) = %v, want %v", tt.after, got, tt.want)
		}
	}
	if b != before {
		t.Errorf("tokensAt changed the bucket: %+v, was %+v", b, before)
	}
}

// A refused take counts itself and changes nothing else; an allowed one takes exactly
// one token and moves last.
func TestTakeChangesOnlyWhatItShould(t *testing.T) {
	l, clock := newLimiterWith(t)
	clock.Advance(30 * time.Second) // bob: half a token
	before := snapshot(l)["bob"]
	d, err := l.Take("bob")
	if err != nil || d != (Decision{Allowed: false, Remaining: 0, RetryAfter: 30}) {
		t.Fatalf("Take(bob) = %+v, %v", d, err)
	}
	want := before
	want.rejected++
	if got := snapshot(l)["bob"]; got != want {
		t.Errorf("after a refused take: %+v, want %+v", got, want)
	}

	d, err = l.Take("alice")
	if err != nil || d != (Decision{Allowed: true, Remaining: 4}) {
		t.Fatalf("Take(alice) = %+v, %v", d, err)
	}
	if got := snapshot(l)["alice"]; got.tokens != 4 || got.allowed != 1 || !got.last.Equal(clock.Now()) {
		t.Errorf("after an allowed take: %+v", got)
	}
}

// With a clock that goes backwards (time.Now's monotonic reading never does), a take
// spends what the bucket held and does not move last back, so no interval is refilled
// twice.
func TestClockGoingBackwards(t *testing.T) {
	clock := newFakeClock()
	l := NewLimiter(clock.Now)
	if _, err := l.Create("carol", 2, 60); err != nil {
		t.Fatal(err)
	}
	created := clock.Now()
	clock.Advance(-time.Minute)
	if d, _ := l.Take("carol"); d != (Decision{Allowed: true, Remaining: 1}) {
		t.Errorf("Take after the clock went back = %+v", d)
	}
	if got := snapshot(l)["carol"].last; !got.Equal(created) {
		t.Errorf("last = %v, want it left at %v", got, created)
	}
	clock.Advance(time.Minute + 500*time.Millisecond) // half a second after creation
	if c, _ := l.Client("carol"); c.Remaining != 1 {
		t.Errorf("remaining = %d, want 1 (1.5 tokens)", c.Remaining)
	}
}

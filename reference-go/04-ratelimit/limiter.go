package main

import (
	"errors"
	"fmt"
	"math"
	"sync"
	"time"
)

// The limiter's sentinel errors, one for each way it can refuse a request. As in
// 03-ledger, they are wrapped with %w to say which name or which limit, compared with
// errors.Is, and sorted into a status and a code in errors.go. This file knows nothing
// about HTTP.
var (
	ErrInvalidName    = errors.New("invalid name")
	ErrInvalidLimit   = errors.New("invalid limit")
	ErrClientExists   = errors.New("client exists")
	ErrClientNotFound = errors.New("client not found")
)

// The contract's limits on a client.
const (
	maxNameLen   = 64
	minBurst     = 1
	maxBurst     = 1_000_000
	minPerMinute = 1
	maxPerMinute = 60_000
)

// Client is the client resource, exactly as it is sent to clients of the API.
type Client struct {
	Name      string `json:"name"`
	Burst     int64  `json:"burst"`
	PerMinute int64  `json:"per_minute"`
	Remaining int64  `json:"remaining"` // whole tokens in the bucket now
	Allowed   int64  `json:"allowed"`
	Rejected  int64  `json:"rejected"`
}

// Decision is the answer to one take.
type Decision struct {
	Allowed    bool
	Remaining  int64 // whole tokens left, after the take when it was allowed
	RetryAfter int64 // when refused: whole seconds until one token is back, at least 1
}

// bucket is one client's token bucket and its counters. It has no lock of its own:
// every field is read and written only with Limiter.mu held.
type bucket struct {
	burst     int64
	perMinute int64
	tokens    float64   // what the bucket held at last: 0 ≤ tokens ≤ burst, fractions included
	last      time.Time // when tokens was last stored; the refill since is computed, not stored
	allowed   int64
	rejected  int64
}

// Limiter keeps every client's bucket in memory. It is safe for concurrent use.
//
// net/http runs every request in its own goroutine, so two takes by one client can run
// at the same moment. A take is a read-modify-write: refill, compare with 1, subtract,
// count. If two goroutines could interleave between the compare and the subtract, both
// would see the last token and both would be allowed; if they interleaved on the
// counter, one increment would be lost. So the rule of this file is: every method takes
// mu once, and does all of its reading and writing before it lets go.
//
// One Mutex for the whole map is the simplest thing that is correct. The map needs it
// anyway (a Go map written by one goroutine while another reads it is a data race,
// which the runtime may report as a fatal "concurrent map read and map write"), and
// each critical section is a few arithmetic operations long.
type Limiter struct {
	mu      sync.Mutex
	clients map[string]*bucket

	// now reads the clock. The service passes time.Now; tests pass a fake clock that
	// only moves when told to, so refills and Retry-After can be checked to the
	// second without sleeping.
	now func() time.Time
}

// NewLimiter returns a limiter with no clients that reads the time from now.
func NewLimiter(now func() time.Time) *Limiter {
	return &Limiter{clients: make(map[string]*bucket), now: now}
}

// Every method checks in the README's order and writes nothing until every check has
// passed, so a refused request changes nothing. Methods return copies (Client,
// Decision), never a *bucket: a pointer into the map would let a caller read a bucket
// without holding mu.

// Create adds a client with a full bucket.
func (l *Limiter) Create(name string, burst, perMinute int64) (Client, error) {
	// These checks need no lock: they read only the arguments.
	if err := checkName(name); err != nil {
		return Client{}, err
	}
	if burst < minBurst || burst > maxBurst {
		return Client{}, fmt.Errorf("%w: burst must be from %d to %d, not %d",
			ErrInvalidLimit, minBurst, maxBurst, burst)
	}
	if perMinute < minPerMinute || perMinute > maxPerMinute {
		return Client{}, fmt.Errorf("%w: per_minute must be from %d to %d, not %d",
			ErrInvalidLimit, minPerMinute, maxPerMinute, perMinute)
	}

	l.mu.Lock()
	defer l.mu.Unlock()
	// The lookup and the insert are one critical section. Were they two (a Client call
	// to see whether the name is free, then a separate insert), two creates of one name
	// could both find it free and both answer 201, the second one silently replacing
	// the first bucket.
	if _, ok := l.clients[name]; ok {
		return Client{}, fmt.Errorf("%w: a client named %q already exists", ErrClientExists, name)
	}
	b := &bucket{burst: burst, perMinute: perMinute, tokens: float64(burst), last: l.now()}
	l.clients[name] = b
	return b.client(name, b.last), nil
}

// Client returns the client with the given name, as it is now. It changes nothing.
func (l *Limiter) Client(name string) (Client, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	b, err := l.find(name)
	if err != nil {
		return Client{}, err
	}
	return b.client(name, l.now()), nil
}

// Take is one request by the client: it takes a token if there is a whole one, and
// counts the request as allowed or rejected either way. A refused take is not an error:
// the error is only for a client that does not exist.
func (l *Limiter) Take(name string) (Decision, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	b, err := l.find(name)
	if err != nil {
		return Decision{}, err
	}
	// Read the clock with mu held, as every method here does. Read before Lock, a
	// goroutine could get its time, be overtaken by one with a later time, and then
	// find the bucket last stored after its own "now".
	return b.take(l.now()), nil
}

// Delete removes the client. A new client of the same name starts afresh.
func (l *Limiter) Delete(name string) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if _, err := l.find(name); err != nil {
		return err
	}
	delete(l.clients, name)
	return nil
}

// find returns the stored bucket of the named client. The caller holds l.mu.
func (l *Limiter) find(name string) (*bucket, error) {
	b, ok := l.clients[name]
	if !ok {
		return nil, fmt.Errorf("%w: no client is named %q", ErrClientNotFound, name)
	}
	return b, nil
}

// The bucket's methods below are called with Limiter.mu held.

// take is one request at now: it takes a token if the bucket holds a whole one, and
// counts the request either way.
func (b *bucket) take(now time.Time) Decision {
	tokens := b.tokensAt(now)
	if tokens < 1 {
		b.rejected++ // and nothing else: a refused take leaves the tokens where they were
		return Decision{Allowed: false, Remaining: 0, RetryAfter: retryAfter(tokens, b.perMinute)}
	}
	// Store the refill only here, when it is spent, as golang.org/x/time/rate does.
	// Every stored refill is one more float64 rounding, and were every GET and every
	// refused take to store one, a token due after exactly 60 s could arrive a hair
	// late, as 0.9999999999999999 tokens.
	b.tokens = tokens - 1
	if now.After(b.last) { // never move last backwards, or the time in between would count twice
		b.last = now
	}
	b.allowed++
	return Decision{Allowed: true, Remaining: wholeTokens(b.tokens)}
}

// tokensAt is what the bucket holds at now: the stored tokens plus what flowed back
// since, up to burst. It changes nothing.
func (b *bucket) tokensAt(now time.Time) float64 {
	elapsed := now.Sub(b.last) // time.Now carries a monotonic reading: no wall-clock jumps
	if elapsed <= 0 {
		return b.tokens // a clock that stands still, or goes backwards, adds nothing
	}
	// perMinute tokens a minute is perMinute tokens per 60e9 ns. Multiply before
	// dividing: the product of two whole numbers is exact in a float64 (below 2^53),
	// so there is a single rounding, and a refill that should give exactly one token
	// gives exactly 1.0.
	added := float64(elapsed) * float64(b.perMinute) / float64(time.Minute)
	return min(b.tokens+added, float64(b.burst))
}

// client is the bucket at now as the resource the API sends.
func (b *bucket) client(name string, now time.Time) Client {
	return Client{
		Name:      name,
		Burst:     b.burst,
		PerMinute: b.perMinute,
		Remaining: wholeTokens(b.tokensAt(now)),
		Allowed:   b.allowed,
		Rejected:  b.rejected,
	}
}

// wholeTokens drops the fraction: 2.9 tokens are 2 whole ones.
func wholeTokens(tokens float64) int64 {
	return int64(math.Floor(tokens))
}

// retryAfter is the whole number of seconds, rounded up and at least 1, until a bucket
// holding tokens (less than 1) holds one again. Tokens flow back at perMinute/60 a
// second, and 1 - tokens are missing.
func retryAfter(tokens float64, perMinute int64) int64 {
	// The wait is first rounded to a whole nanosecond, the clock's resolution, and only
	// then up to whole seconds. A plain math.Ceil((1-tokens)*60/perMinute) would turn
	// float64 rounding into a whole extra second: 59 s after its last token went,
	// a bucket of per_minute 1 holds 0.98333... tokens, and the 1 s still to wait comes
	// out as 1.000000000000003 s, which Ceil makes 2.
	wait := time.Duration(math.Round((1 - tokens) * float64(time.Minute) / float64(perMinute)))
	seconds := (wait + time.Second - 1) / time.Second // integer division, rounded up
	return max(1, int64(seconds))
}

// checkName refuses names that are empty, longer than 64 characters, or hold anything
// but ASCII letters, digits, '-' and '_'.
func checkName(name string) error {
	if name == "" {
		return fmt.Errorf("%w: the name must not be empty", ErrInvalidName)
	}
	// len counts bytes, not characters; every character allowed is a single byte, and
	// a name with a longer one is refused by the loop anyway.
	if len(name) > maxNameLen {
		return fmt.Errorf("%w: a name has at most %d characters, not %d",
			ErrInvalidName, maxNameLen, len(name))
	}
	// Index bytes rather than range over runes: every byte of a multi-byte character
	// is 0x80 or above, never an ASCII letter, so such a character is refused too.
	for i := 0; i < len(name); i++ {
		if !isNameByte(name[i]) {
			return fmt.Errorf("%w: %q: a name has only ASCII letters, digits, - and _",
				ErrInvalidName, name)
		}
	}
	return nil
}

func isNameByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_'
}

// Command 08-gateway is the reference service for exercise 08-gateway: a gateway in
// front of the todos service of 05, whose lesson is the strangler fig. One route,
// GET /todos/{id}, has moved into the gateway and reads the todos service's SQLite file
// itself; every other request is forwarded with httputil.ReverseProxy, under a context
// deadline, and passed back unchanged. An X-Request-Id follows each request through.
//
// It listens on 127.0.0.1:$PORT (8080 when PORT is unset), forwards to $UPSTREAM_URL
// (required), waits $UPSTREAM_TIMEOUT_MS for each answer (1000), reads the file
// $DATABASE_URL names (sqlite://todos.db when unset) read-only, and stops on SIGTERM or
// SIGINT.
package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// shutdownTimeout bounds how long in-flight requests may run after a stop signal. A
// forwarded request ends within UPSTREAM_TIMEOUT_MS anyway.
const shutdownTimeout = 5 * time.Second

// The defaults of the configuration the environment may change.
const (
	defaultDatabaseURL     = "sqlite://todos.db" // todos.db in the working directory
	defaultUpstreamTimeout = 1000 * time.Millisecond
)

func main() {
	slog.SetDefault(slog.New(slog.NewTextHandler(os.Stderr, nil)))
	if err := run(); err != nil {
		slog.Error("gateway failed", "err", err)
		os.Exit(1)
	}
}

// run reads the configuration, opens the database, serves until a stop signal
// arrives, then shuts down gracefully and closes the database. Returning an error
// instead of calling os.Exit keeps every exit path through main.
func run() error {
	port := os.Getenv("PORT")
	if port == "" {
		port = "8080"
	}
	addr := net.JoinHostPort("127.0.0.1", port)

	// The whole configuration is checked before anything starts, so that a mistake in
	// it is the one line the gateway prints, not a failure at the first request.
	upstream, err := upstreamURL(os.Getenv("UPSTREAM_URL"))
	if err != nil {
		return err
	}
	timeout, err := millis("UPSTREAM_TIMEOUT_MS", os.Getenv("UPSTREAM_TIMEOUT_MS"), defaultUpstreamTimeout)
	if err != nil {
		return err
	}
	dbURL := os.Getenv("DATABASE_URL")
	if dbURL == "" {
		dbURL = defaultDatabaseURL
	}
	dbPath, err := databasePath(dbURL)
	if err != nil {
		return err
	}

	// ctx is cancelled by the first SIGTERM or SIGINT.
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()

	// Open the database before listening: once the port answers, the migrated route
	// works. The upstream is not asked at start-up: the gateway starts, and serves
	// GET /todos/{id}, whether the todos service is up or not.
	store, err := OpenStore(ctx, dbPath)
	if err != nil {
		return fmt.Errorf("opening %s read-only (the todos service creates it): %w", dbPath, err)
	}
	slog.Info("database ready", "path", dbPath, "mode", "read-only")

	slog.Info("forwarding", "upstream", upstream.String(), "timeout", timeout)

	serveErr := serve(ctx, stop, addr, NewServer(store, NewProxy(upstream, timeout)))
	// The server has stopped and its requests are over: nothing uses the database any
	// more. Close it whatever happened.
	closeErr := store.Close()
	return errors.Join(serveErr, closeErr) // nil when both are nil
}

// serve runs the HTTP server on addr until ctx is cancelled, then shuts it down,
// letting the requests in flight finish.
func serve(ctx context.Context, stop context.CancelFunc, addr string, handler http.Handler) error {
	srv := &http.Server{
		Addr:              addr,
		Handler:           handler,
		ReadHeaderTimeout: 5 * time.Second,
	}

	// Listen before logging, so the log line means "ready" and a port already in use is
	// reported here rather than from inside a goroutine.
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	slog.Info("listening", "addr", ln.Addr().String())

	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(ln) }()

	select {
	case err := <-serveErr:
		return err // Serve only returns early on a real failure.
	case <-ctx.Done():
	}

	// Restore default signal handling: a second Ctrl-C kills the process at once.
	stop()
	shutdownCtx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return err
	}
	// After Shutdown, Serve returns http.ErrServerClosed: that is the normal way out.
	if err := <-serveErr; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// upstreamURL reads UPSTREAM_URL: http://, a host and (usually) a port, and nothing
// else but an optional trailing "/", such as http://127.0.0.1:9000. It is required: a gateway
// without an upstream has nowhere to send almost every request.
//
// A path is refused rather than joined in front of every forwarded path (SetURL would
// do that): the contract forwards paths unchanged, and the todos service answers at
// its root. So are a query, a fragment and a user name, which have no meaning here.
// The result has an empty path, so the trailing "/" is gone.
func upstreamURL(value string) (*url.URL, error) {
	if value == "" {
		return nil, errors.New("UPSTREAM_URL is not set: it must be the URL of the todos service, such as http://127.0.0.1:9000")
	}
	u, err := url.Parse(value)
	if err != nil || u.Scheme != "http" || u.Hostname() == "" || (u.Path != "" && u.Path != "/") ||
		u.RawQuery != "" || u.ForceQuery || u.Fragment != "" || u.User != nil {
		return nil, fmt.Errorf("UPSTREAM_URL must be http:// and a host, such as http://127.0.0.1:9000, got %q", value)
	}
	u.Path = ""
	return u, nil
}

// maxMillis is the largest number of milliseconds a time.Duration holds (about 292
// years): a larger one would overflow in the multiplication below.
const maxMillis = math.MaxInt64 / int64(time.Millisecond)

// millis reads the setting name, a whole number of milliseconds from 1, from its value
// in the environment: def when it is unset or empty. 0 is refused: a gateway that waits
// 0 ms answers every forwarded request 504.
func millis(name, value string, def time.Duration) (time.Duration, error) {
	if value == "" {
		return def, nil
	}
	n, err := strconv.ParseInt(value, 10, 64)
	if err != nil || n < 1 || n > maxMillis {
		return 0, fmt.Errorf("%s must be a whole number of milliseconds from 1, got %q", name, value)
	}
	return time.Duration(n) * time.Millisecond, nil
}

// databasePath turns DATABASE_URL into the path of the SQLite file:
// "sqlite:///tmp/todos.db" is /tmp/todos.db, "sqlite://todos.db" is todos.db in the
// working directory. It is 05's, so that both read the same setting the same way.
//
// Query parameters are refused rather than ignored. sqlx reads some (?mode=ro), and
// the driver here would read the part after a "?" as its own options; either way the
// text after "?" would not be part of the file name, which is all the contract has.
func databasePath(value string) (string, error) {
	path, ok := strings.CutPrefix(value, "sqlite://")
	if !ok {
		return "", fmt.Errorf("DATABASE_URL must start with sqlite://, got %q", value)
	}
	if path == "" {
		return "", fmt.Errorf("DATABASE_URL names no file: %q", value)
	}
	if strings.Contains(path, "?") {
		return "", fmt.Errorf("DATABASE_URL may not have query parameters: %q", value)
	}
	return path, nil
}

// Command 06-shortener is the reference service for exercise 06-shortener: a URL
// shortener whose lesson is Go's interfaces. The handlers hold a Store, an interface
// with two implementations (a map under a mutex, and SQLite), and never know which one
// main gave them. Counting a hit is one method of the interface, atomic in each store,
// so that redirects arriving together each count once.
//
// It listens on 127.0.0.1:$PORT (8080 when PORT is unset), keeps its links in the
// SQLite file $DATABASE_URL names or, when DATABASE_URL is unset, in memory, and stops
// on SIGTERM or SIGINT.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"
)

// shutdownTimeout bounds how long in-flight requests may run after a stop signal.
const shutdownTimeout = 5 * time.Second

func main() {
	slog.SetDefault(slog.New(slog.NewTextHandler(os.Stderr, nil)))
	if err := run(); err != nil {
		slog.Error("server failed", "err", err)
		os.Exit(1)
	}
}

// run opens the store, serves until a stop signal arrives, then shuts down gracefully
// and closes the store. Returning an error instead of calling os.Exit keeps every exit
// path through main.
func run() error {
	port := os.Getenv("PORT")
	if port == "" {
		port = "8080"
	}
	addr := net.JoinHostPort("127.0.0.1", port)

	// ctx is cancelled by the first SIGTERM or SIGINT.
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()

	// Open (and migrate) before listening: once the port answers, the store is ready.
	// Set but empty counts as unset: os.Getenv cannot tell them apart, and an empty
	// DATABASE_URL names no file anyway.
	store, err := openStore(ctx, os.Getenv("DATABASE_URL"))
	if err != nil {
		return err
	}

	serveErr := serve(ctx, stop, addr, store)
	// The server has stopped and its requests are over: nothing uses the store any
	// more. Close it whatever happened, so that SQLite finishes with the file cleanly.
	closeErr := closeStore(store)
	return errors.Join(serveErr, closeErr) // nil when both are nil
}

// openStore is the one place that knows which Store there is: SQLite in the file
// databaseURL names, or, when it is empty, a map in memory whose links are gone when
// the process exits. Everything after this sees only the interface.
func openStore(ctx context.Context, databaseURL string) (Store, error) {
	if databaseURL == "" {
		slog.Info("DATABASE_URL is unset: links in memory, gone at exit")
		return newMemoryStore(), nil
	}
	path, err := databasePath(databaseURL)
	if err != nil {
		return nil, err
	}
	store, err := openSQLiteStore(ctx, path)
	if err != nil {
		return nil, fmt.Errorf("opening %s: %w", path, err)
	}
	slog.Info("links in SQLite", "path", path)
	return store, nil
}

// closeStore closes store if it has anything to close.
//
// Close is not a method of Store: the handlers have no business closing it, and the
// memory store has nothing to close. Go interfaces have no default methods (the Rust
// port's trait gives close an empty default body), so instead of an empty Close on
// memoryStore, main asks the value whether it is also an io.Closer: a type assertion to
// a second, optional interface, which is how net/http asks a ResponseWriter whether it
// is also an http.Flusher. The static check in store_sqlite.go makes sure the SQLite
// store does pass this test.
func closeStore(store Store) error {
	if c, ok := store.(io.Closer); ok {
		return c.Close()
	}
	return nil
}

// serve runs the HTTP server on addr until ctx is cancelled, then shuts it down,
// letting the requests in flight finish.
func serve(ctx context.Context, stop context.CancelFunc, addr string, store Store) error {
	srv := &http.Server{
		Addr:              addr,
		Handler:           NewServer(store),
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

// databasePath turns DATABASE_URL into the path of the SQLite file, as in 05:
// "sqlite:///tmp/links.db" is /tmp/links.db, "sqlite://links.db" is links.db in the
// working directory.
//
// Query parameters are refused rather than ignored. sqlx reads some (?mode=ro), and
// the driver here would read the part after a "?" as its own options; either way the
// text after "?" would not be part of the file name, which is all the contract has.
func databasePath(url string) (string, error) {
	path, ok := strings.CutPrefix(url, "sqlite://")
	if !ok {
		return "", fmt.Errorf("DATABASE_URL must start with sqlite://, got %q", url)
	}
	if path == "" {
		return "", fmt.Errorf("DATABASE_URL names no file: %q", url)
	}
	if strings.Contains(path, "?") {
		return "", fmt.Errorf("DATABASE_URL may not have query parameters: %q", url)
	}
	return path, nil
}

// Command 05-todos is the reference service for exercise 05-todos: todos kept in SQLite
// through database/sql, whose lesson is the database: rows.Scan into sql.NullString, a
// context on every query, embedded migrations, a transaction for the batch insert, and
// a NULL that stays null.
//
// It listens on 127.0.0.1:$PORT (8080 when PORT is unset), keeps its data in the file
// $DATABASE_URL names (sqlite://todos.db when unset), and stops on SIGTERM or SIGINT.
package main

import (
	"context"
	"errors"
	"fmt"
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

// defaultDatabaseURL is the database when DATABASE_URL is unset: todos.db in the
// working directory.
const defaultDatabaseURL = "sqlite://todos.db"

func main() {
	slog.SetDefault(slog.New(slog.NewTextHandler(os.Stderr, nil)))
	if err := run(); err != nil {
		slog.Error("server failed", "err", err)
		os.Exit(1)
	}
}

// run opens the database, serves until a stop signal arrives, then shuts down
// gracefully and closes the database. Returning an error instead of calling os.Exit
// keeps every exit path through main.
func run() error {
	port := os.Getenv("PORT")
	if port == "" {
		port = "8080"
	}
	addr := net.JoinHostPort("127.0.0.1", port)

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

	// Open and migrate before listening: once the port answers, the database is ready.
	store, err := OpenStore(ctx, dbPath)
	if err != nil {
		return fmt.Errorf("opening %s: %w", dbPath, err)
	}
	slog.Info("database ready", "path", dbPath)

	serveErr := serve(ctx, stop, addr, store)
	// The server has stopped and its requests are over: nothing uses the database any
	// more. Close it whatever happened, so that SQLite finishes with the file cleanly.
	closeErr := store.Close()
	return errors.Join(serveErr, closeErr) // nil when both are nil
}

// serve runs the HTTP server on addr until ctx is cancelled, then shuts it down,
// letting the requests in flight finish.
func serve(ctx context.Context, stop context.CancelFunc, addr string, store *Store) error {
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

// databasePath turns DATABASE_URL into the path of the SQLite file:
// "sqlite:///tmp/todos.db" is /tmp/todos.db, "sqlite://todos.db" is todos.db in the
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

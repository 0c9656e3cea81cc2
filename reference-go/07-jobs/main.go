// Command 07-jobs is the reference service for exercise 07-jobs: a sidecar that takes
// slow jobs off the request path, whose lesson is a worker pool that shuts down
// cleanly: a buffered channel of job ids, a fixed number of worker goroutines ranging
// over it, a context cancelled on SIGTERM, and a sync.WaitGroup to wait until every job
// accepted has run.
//
// It listens on 127.0.0.1:$PORT (8080 when PORT is unset), keeps its jobs in the file
// $DATABASE_URL names (sqlite://jobs.db when unset), runs $WORKERS jobs at once (2) with
// up to $QUEUE_CAPACITY more waiting (4), and stops on SIGTERM or SIGINT.
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
	"strconv"
	"strings"
	"syscall"
	"time"
)

// shutdownTimeout bounds how long in-flight requests may run after a stop signal. It
// does not bound the jobs: they all run to the end (see run).
const shutdownTimeout = 5 * time.Second

// The defaults of the configuration the environment may change.
const (
	defaultDatabaseURL   = "sqlite://jobs.db" // jobs.db in the working directory
	defaultWorkers       = 2
	defaultQueueCapacity = 4
)

func main() {
	slog.SetDefault(slog.New(slog.NewTextHandler(os.Stderr, nil)))
	if err := run(); err != nil {
		slog.Error("server failed", "err", err)
		os.Exit(1)
	}
}

// run opens the database, starts the workers, queues again the jobs an earlier run
// left unfinished, and serves until a stop signal arrives. Then it shuts down, in this
// order, each step waiting for the one before:
//
//  1. srv.Shutdown: stop accepting connections and let the requests in flight finish.
//     After it, nothing submits a job any more.
//  2. queue.Close: close the channel, so that the workers run every job still on it
//     and then return, and wait for them (the WaitGroup). Nothing cuts a job short:
//     the stop signal reaches the HTTP server, never the workers.
//  3. store.Close: every outcome is recorded; close the database.
//
// and returns nil, so the process exits with code 0. Returning an error instead of
// calling os.Exit keeps every exit path through main, past the deferred calls.
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
	workers, err := positiveInt("WORKERS", os.Getenv("WORKERS"), defaultWorkers)
	if err != nil {
		return err
	}
	capacity, err := positiveInt("QUEUE_CAPACITY", os.Getenv("QUEUE_CAPACITY"), defaultQueueCapacity)
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

	// Listen before starting the workers, so that a port already in use is reported at
	// once, before any job is taken up, and the log line below means "ready".
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return errors.Join(err, store.Close())
	}

	queue := NewQueue(store, workers, capacity)
	requeued, err := queue.Requeue(ctx)
	if err != nil {
		ln.Close()
		queue.Close()
		return errors.Join(fmt.Errorf("reading unfinished jobs: %w", err), store.Close())
	}
	slog.Info("workers started", "workers", workers, "queue_capacity", capacity, "requeued", requeued)
	slog.Info("listening", "addr", ln.Addr().String())

	serveErr := serve(ctx, stop, ln, NewServer(store, queue))

	// Whatever serve returned, the HTTP server is stopped: drain the queue, then close
	// the database, which the workers use to the last.
	slog.Info("finishing the jobs accepted")
	queue.Close()
	slog.Info("every job accepted has run")
	closeErr := store.Close()
	return errors.Join(serveErr, closeErr) // nil when both are nil
}

// serve runs the HTTP server on ln until ctx is cancelled, then shuts it down, letting
// the requests in flight finish.
func serve(ctx context.Context, stop context.CancelFunc, ln net.Listener, handler http.Handler) error {
	srv := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: 5 * time.Second,
	}

	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(ln) }()

	select {
	case err := <-serveErr:
		return err // Serve only returns early on a real failure.
	case <-ctx.Done():
	}

	// Restore default signal handling: a second SIGTERM or Ctrl-C kills the process at
	// once, for whoever cannot wait for the jobs. (What that kill cuts off is still in
	// the database, queued or running, and runs at the next start.)
	stop()
	shutdownCtx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		// Some request outlived the timeout. queue.Close still waits for any of them
		// caught inside Submit, and refuses the rest: see Queue.mu.
		return err
	}
	// After Shutdown, Serve returns http.ErrServerClosed: that is the normal way out.
	if err := <-serveErr; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// positiveInt reads the setting name from its value in the environment: def when it is
// unset or empty, else an integer from 1.
func positiveInt(name, value string, def int) (int, error) {
	if value == "" {
		return def, nil
	}
	n, err := strconv.Atoi(value)
	if err != nil || n < 1 {
		return 0, fmt.Errorf("%s must be a positive integer, got %q", name, value)
	}
	return n, nil
}

// databasePath turns DATABASE_URL into the path of the SQLite file:
// "sqlite:///tmp/jobs.db" is /tmp/jobs.db, "sqlite://jobs.db" is jobs.db in the
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

// Command 04-ratelimit is the reference service for exercise 04-ratelimit: a token
// bucket per client, in memory, whose lesson is shared state across concurrent
// requests: one map, one sync.Mutex, and every read-modify-write inside one critical
// section.
//
// It listens on 127.0.0.1:$PORT (8080 when PORT is unset) and stops on SIGTERM or SIGINT.
package main

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
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

// run serves until a stop signal arrives, then shuts down gracefully. Returning an error
// instead of calling os.Exit keeps every exit path through main.
func run() error {
	port := os.Getenv("PORT")
	if port == "" {
		port = "8080"
	}
	addr := net.JoinHostPort("127.0.0.1", port)

	// ctx is cancelled by the first SIGTERM or SIGINT.
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()

	srv := &http.Server{
		Addr:              addr,
		Handler:           NewServer(NewLimiter(time.Now)), // the real clock; tests pass a fake one
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

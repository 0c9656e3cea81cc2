// Command 09-hotpath is the reference service for exercise 09-hotpath: POST /stats takes
// a JSON array of request events and answers per-service statistics (counts, errors,
// latency percentiles, the busiest services). It keeps no state; all of its time goes
// to decoding JSON and sorting, which makes it the CPU-bound hot path the lesson
// profiles with pprof before porting it.
//
// It listens on 127.0.0.1:$PORT (8080 when PORT is unset) and stops on SIGTERM or SIGINT.
// With PPROF_ADDR set (localhost:6060), it also serves net/http/pprof there, on a
// listener of its own, so that the profiler is never reachable through the service's port.
package main

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	_ "net/http/pprof" // registers /debug/pprof/ on http.DefaultServeMux, served only on PPROF_ADDR
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

// run serves until a stop signal arrives, then shuts down gracefully.
func run() error {
	port := os.Getenv("PORT")
	if port == "" {
		port = "8080"
	}
	addr := net.JoinHostPort("127.0.0.1", port)

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()

	if pprofAddr := os.Getenv("PPROF_ADDR"); pprofAddr != "" {
		go func() {
			slog.Info("pprof listening", "addr", pprofAddr)
			// http.DefaultServeMux holds only what net/http/pprof registered.
			if err := http.ListenAndServe(pprofAddr, nil); err != nil {
				slog.Error("pprof server failed", "err", err)
			}
		}()
	}

	srv := &http.Server{
		Addr:              addr,
		Handler:           NewServer(),
		ReadHeaderTimeout: 5 * time.Second,
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	slog.Info("listening", "addr", ln.Addr().String())

	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(ln) }()

	select {
	case err := <-serveErr:
		return err
	case <-ctx.Done():
	}

	stop() // a second Ctrl-C kills the process at once
	shutdownCtx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return err
	}
	if err := <-serveErr; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

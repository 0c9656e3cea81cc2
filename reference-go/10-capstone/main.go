// Command 10-capstone is the reference service for exercise 10-capstone: an orders
// service as it would go to production. Its lesson is everything around the handlers:
// configuration from flags and the environment, structured logs (log/slog's JSON
// handler) with a request id on every line, Prometheus metrics written by hand, a
// graceful shutdown, and data in SQLite that survives it.
//
// It listens on 127.0.0.1:$PORT (8080 when PORT is unset), keeps its data in the file
// $DATABASE_URL names (sqlite://orders.db when unset), and stops on SIGTERM or SIGINT,
// finishing the requests in flight. Run it with -h for its flags.
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
	"syscall"
	"time"
)

// shutdownTimeout bounds how long in-flight requests may run after a stop signal: a
// shipment books its carrier in ORDERS_SHIP_DELAY_MS, well under this.
const shutdownTimeout = 10 * time.Second

func main() {
	// JSON lines on stderr: one object per line, which log collectors read without a
	// parser of their own. requestIDHandler adds the request id to every line logged
	// with a request's context.
	slog.SetDefault(slog.New(requestIDHandler{slog.NewJSONHandler(os.Stderr, nil)}))
	if err := run(); err != nil {
		slog.Error("server failed", "err", err)
		os.Exit(1)
	}
}

// run reads the configuration, opens the database, serves until a stop signal arrives,
// then shuts down gracefully and closes the database.
func run() error {
	cfg, err := parseConfig(os.Args[1:], os.Getenv, os.Stderr)
	if err != nil {
		return err
	}
	dbPath, err := databasePath(cfg.DatabaseURL)
	if err != nil {
		return err
	}

	// ctx is cancelled by the first SIGTERM or SIGINT.
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()

	store, err := OpenStore(ctx, dbPath)
	if err != nil {
		return fmt.Errorf("opening %s: %w", dbPath, err)
	}
	slog.Info("database ready", "path", dbPath,
		"max_items", cfg.MaxItems, "ship_delay_ms", cfg.ShipDelay.Milliseconds())

	serveErr := serve(ctx, stop, cfg.Addr, NewServer(store, cfg, NewMetrics()))
	// Every request is over: nothing uses the database any more.
	closeErr := store.Close()
	slog.Info("stopped")
	return errors.Join(serveErr, closeErr)
}

// serve runs the HTTP server on addr until ctx is cancelled, then shuts it down: no
// new connections, and the requests in flight run to their end.
func serve(ctx context.Context, stop context.CancelFunc, addr string, handler http.Handler) error {
	srv := &http.Server{
		Addr:              addr,
		Handler:           handler,
		ReadHeaderTimeout: 5 * time.Second,
		// net/http's own complaints (a bad TLS handshake, a panic) as JSON lines too.
		ErrorLog: slog.NewLogLogger(slog.Default().Handler(), slog.LevelWarn),
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
	slog.Info("shutting down: finishing the requests in flight")
	stop() // a second Ctrl-C kills at once
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

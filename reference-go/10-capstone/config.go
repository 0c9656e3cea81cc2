package main

import (
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// The documented defaults of the service's settings. The contract relies on them: it
// starts the service with PORT and DATABASE_URL only.
const (
	defaultPort        = "8080"
	defaultDatabaseURL = "sqlite://orders.db"
	defaultMaxItems    = 10
	defaultShipDelay   = 500 * time.Millisecond
	maxMaxItems        = 1000
)

// Config is everything the service can be told at start-up. Each setting comes from, in
// order of precedence: a command-line flag, an environment variable, the default.
type Config struct {
	Addr        string        // 127.0.0.1:$PORT
	DatabaseURL string        // DATABASE_URL, sqlite://PATH
	MaxItems    int           // -max-items, ORDERS_MAX_ITEMS: lines in one order
	ShipDelay   time.Duration // -ship-delay-ms, ORDERS_SHIP_DELAY_MS: the carrier's booking
}

// parseConfig reads the flags in args (os.Args[1:]) with getenv's variables as their
// defaults. A variable or a flag that is set but wrong is an error, never a silent
// fallback to the default: a typo in a deployment must stop the service, not change
// its behaviour.
//
// getenv and output are parameters so that tests can call it with a map and a buffer
// instead of the process's environment and stderr.
func parseConfig(args []string, getenv func(string) string, output io.Writer) (Config, error) {
	cfg := Config{DatabaseURL: getenv("DATABASE_URL")}
	if cfg.DatabaseURL == "" {
		cfg.DatabaseURL = defaultDatabaseURL
	}
	port := getenv("PORT")
	if port == "" {
		port = defaultPort
	}
	if n, err := strconv.ParseUint(port, 10, 16); err != nil || n == 0 {
		return Config{}, fmt.Errorf("PORT=%q is not a port number", port)
	}
	cfg.Addr = "127.0.0.1:" + port

	maxItems, err := envInt(getenv, "ORDERS_MAX_ITEMS", defaultMaxItems)
	if err != nil {
		return Config{}, err
	}
	shipDelayMS, err := envInt(getenv, "ORDERS_SHIP_DELAY_MS", int(defaultShipDelay/time.Millisecond))
	if err != nil {
		return Config{}, err
	}

	// A FlagSet of our own rather than the flag package's global one: the global set
	// exits the process on an error, and tests could not parse twice.
	fs := flag.NewFlagSet("10-capstone", flag.ContinueOnError)
	fs.SetOutput(output)
	// The variable's value is the flag's default, so a flag given wins over it.
	fs.IntVar(&cfg.MaxItems, "max-items", maxItems,
		"most lines in one order, 1 to 1000 (env ORDERS_MAX_ITEMS)")
	fs.IntVar(&shipDelayMS, "ship-delay-ms", shipDelayMS,
		"how long booking the carrier takes when an order ships, in ms (env ORDERS_SHIP_DELAY_MS)")
	if err := fs.Parse(args); err != nil {
		return Config{}, err
	}
	if fs.NArg() > 0 {
		return Config{}, fmt.Errorf("unexpected arguments: %s", strings.Join(fs.Args(), " "))
	}
	if cfg.MaxItems < 1 || cfg.MaxItems > maxMaxItems {
		return Config{}, fmt.Errorf("max-items must be from 1 to %d, not %d", maxMaxItems, cfg.MaxItems)
	}
	if shipDelayMS < 0 || shipDelayMS > 60_000 {
		return Config{}, fmt.Errorf("ship-delay-ms must be from 0 to 60000, not %d", shipDelayMS)
	}
	cfg.ShipDelay = time.Duration(shipDelayMS) * time.Millisecond
	return cfg, nil
}

// envInt is the integer in the variable name, or def when it is unset or empty.
func envInt(getenv func(string) string, name string, def int) (int, error) {
	s := getenv(name)
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, fmt.Errorf("%s=%q is not an integer", name, s)
	}
	return n, nil
}

// databasePath turns DATABASE_URL into the path of the SQLite file:
// "sqlite:///tmp/orders.db" is /tmp/orders.db, "sqlite://orders.db" is orders.db in the
// working directory. Query parameters are refused rather than silently made part of
// the file name.
func databasePath(url string) (string, error) {
	path, ok := strings.CutPrefix(url, "sqlite://")
	if !ok || path == "" {
		return "", fmt.Errorf("DATABASE_URL=%q is not sqlite:// followed by the path of a file", url)
	}
	if strings.Contains(path, "?") {
		return "", fmt.Errorf("DATABASE_URL may not have query parameters: %q", url)
	}
	return path, nil
}

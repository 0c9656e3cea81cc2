package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// ErrTodoNotFound is the store's one sentinel error. As in 05, callers compare with
// errors.Is, because the store wraps it with %w to say which todo; errors.go turns it
// into a status and a code. This file knows nothing about HTTP.
var ErrTodoNotFound = errors.New("todo not found")

// busyTimeoutMS is how long a read waits while the todos service is writing.
//
// SQLite lets readers and a writer take turns on the file: while the todos service
// commits a change, a reader is locked out for a moment, and by default SQLite answers
// SQLITE_BUSY ("database is locked") at once instead of waiting. The gateway is a
// second process on the same file, so this happens for real; with a busy timeout the
// read waits for the commit to end instead of failing with a 500.
const busyTimeoutMS = 5000

// Todo is the todo resource, exactly as 05 sends it to clients: the migrated route
// must answer byte for byte like the route it replaces.
//
// Notes is a *string, not the sql.NullString it is scanned into (see Get).
// sql.NullString has no JSON methods: encoding/json would write it as
// {"String": "", "Valid": false}. A nil *string encodes as null, and there is no
// omitempty, so "notes" is always present.
type Todo struct {
	ID    int64   `json:"id"`
	Title string  `json:"title"`
	Notes *string `json:"notes"`
	Done  bool    `json:"done"`
}

// Store reads the todos of the Go service's SQLite file. It only reads: the todos
// service owns the file and its tables, creates them, migrates them and writes every
// row. A *sql.DB is a pool of connections and is safe for concurrent use, so Store
// needs no mutex of its own.
type Store struct {
	db *sql.DB
}

// OpenStore opens the SQLite file at path, read-only. The file must exist: the todos
// service creates it, and the gateway never does. Nothing is created or migrated; if
// the todos table is missing, reads fail (a 500) until the todos service has made it.
func OpenStore(ctx context.Context, path string) (*Store, error) {
	// SQLite reports a missing file as "unable to open database file", and the driver
	// adds a misleading reason ("out of memory"). os.Stat says what is wrong: "stat
	// todos.db: no such file or directory".
	if _, err := os.Stat(path); err != nil {
		return nil, err
	}

	// Read-only is a property of the connection, not a promise in the code: with
	// mode=ro SQLite itself refuses every write ("attempt to write a readonly
	// database"), and a missing file is an error instead of a new, empty database.
	//
	// mode=ro is a parameter of SQLite's URI file names, so the path becomes a URI:
	// "file:" then the path, then "?" and the parameters. In a URI "%", "#" and "?"
	// mean something, so the path is percent-escaped first (SQLite decodes it again):
	// a file named "a#b.db" would otherwise open "a" instead. _pragma is read by the
	// driver, modernc.org/sqlite, which runs "PRAGMA busy_timeout(5000)" on every new
	// connection of the pool.
	dsn := "file:" + (&url.URL{Path: path}).EscapedPath() +
		fmt.Sprintf("?mode=ro&_pragma=busy_timeout(%d)", busyTimeoutMS)
	// sql.Open only checks its arguments; the file is opened by the first connection.
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, err
	}
	// No SetMaxOpenConns(1) here, unlike 05: that one-connection pool was the queue for
	// 05's writers. The gateway never writes, and SQLite lets any number of readers
	// read at once, so the default pool is fine.

	// Open a connection now, so that a missing file (or directory) is reported at
	// start-up rather than by the first GET /todos/{id}.
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return &Store{db: db}, nil
}

// Close closes the database. It waits for queries in progress, so call it after the
// HTTP server has finished its requests.
func (s *Store) Close() error {
	return s.db.Close()
}

// Get returns the todo with the given id, or an error wrapping ErrTodoNotFound.
//
// It takes the request's context and passes it to the query: when the client goes
// away, the query stops too, and so does a wait for a lock held by the todos service.
func (s *Store) Get(ctx context.Context, id int64) (Todo, error) {
	var t Todo
	// notes may be NULL. Scanning a NULL into a plain string fails ("converting NULL to
	// string is unsupported"), so it goes into a sql.NullString, whose Valid says
	// whether there was a value. done is stored as 0 or 1; database/sql converts that
	// to a bool.
	var notes sql.NullString
	err := s.db.QueryRowContext(ctx, `SELECT id, title, notes, done FROM todos WHERE id = ?`, id).
		Scan(&t.ID, &t.Title, &notes, &t.Done)
	// QueryRowContext never fails by itself: its error, sql.ErrNoRows for no row at
	// all, comes out of Scan.
	if errors.Is(err, sql.ErrNoRows) {
		return Todo{}, fmt.Errorf("%w: no todo has id %d", ErrTodoNotFound, id)
	}
	if err != nil {
		return Todo{}, err
	}
	if notes.Valid {
		t.Notes = &notes.String // "" stays "": only an invalid NullString is null
	}
	return t, nil
}

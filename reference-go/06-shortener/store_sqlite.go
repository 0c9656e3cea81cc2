package main

import (
	"context"
	"database/sql"
	"errors"
	"io"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// sqliteStore keeps the links in a SQLite file, through database/sql, as 05 did: the
// Store of a service started with DATABASE_URL, whose links survive a restart.
//
// Where memoryStore makes each operation atomic with its mutex, this one makes each a
// single SQL statement, which SQLite runs atomically: the INSERT's PRIMARY KEY check
// decides whether a code is free, and one UPDATE … RETURNING counts a hit.
type sqliteStore struct {
	db *sql.DB
}

// The compiler checks here that *sqliteStore has every method of Store, and Close
// besides, which main looks for (closeStore in main.go).
var (
	_ Store     = (*sqliteStore)(nil)
	_ io.Closer = (*sqliteStore)(nil)
)

// openSQLiteStore opens (creating it if missing) the SQLite file at path and brings its
// schema up to date. What is already in the file is kept.
func openSQLiteStore(ctx context.Context, path string) (*sqliteStore, error) {
	// "sqlite" is the driver name modernc.org/sqlite registers when it is imported: SQLite
	// compiled from C to pure Go, so the binary needs no cgo and no libsqlite3. sql.Open
	// only checks its arguments; the file is opened by the first query.
	db, err := sql.Open("sqlite", path)
	if err != nil {
		return nil, err
	}
	// One connection, and every query waits its turn for it (05's store.go explains
	// why at length). SQLite lets one connection write at a time; with a pool of
	// several and no busy timeout, the second of two writers fails at once with
	// SQLITE_BUSY. With one, database/sql's pool is the queue: 200 redirects at once are
	// 200 UPDATEs, one after the other, each waiting for the connection (and giving up
	// when its request's context ends) rather than failing. The Rust port gets the same
	// from WAL mode and a busy_timeout instead.
	db.SetMaxOpenConns(1)

	if err := db.PingContext(ctx); err != nil { // a missing directory shows up here
		db.Close()
		return nil, err
	}
	if err := migrate(ctx, db); err != nil {
		db.Close()
		return nil, err
	}
	return &sqliteStore{db: db}, nil
}

// Close closes the database. It waits for queries in progress, so call it after the
// HTTP server has finished its requests.
func (s *sqliteStore) Close() error {
	return s.db.Close()
}

// Every method passes ctx to its query: when the client goes away, the query stops, and
// a request still waiting for the connection stops waiting. Every value goes in through
// a placeholder, never fmt.Sprintf: the SQL text is constant.

// linkColumns is the column list every query returning links selects, in the order
// scanLink reads them.
const linkColumns = `code, url, hits`

// scanLink reads one row of linkColumns. QueryRowContext never fails by itself: its
// error, sql.ErrNoRows for no row at all, comes out of Scan.
func scanLink(row *sql.Row) (Link, error) {
	var l Link
	err := row.Scan(&l.Code, &l.URL, &l.Hits)
	return l, err
}

// Create inserts the link. There is no SELECT first to see whether the code is free:
// the PRIMARY KEY decides, inside the INSERT, and a code in use fails it. RETURNING
// (SQLite 3.35 and later) gives back the row as stored, in the same statement.
func (s *sqliteStore) Create(ctx context.Context, code, url string) (Link, error) {
	link, err := scanLink(s.db.QueryRowContext(ctx,
		`INSERT INTO links (code, url) VALUES (?, ?) RETURNING `+linkColumns, code, url))
	if isCodeTaken(err) {
		return Link{}, errAliasTaken(code)
	}
	return link, err
}

func (s *sqliteStore) Get(ctx context.Context, code string) (Link, error) {
	link, err := scanLink(s.db.QueryRowContext(ctx,
		`SELECT `+linkColumns+` FROM links WHERE code = ?`, code))
	if errors.Is(err, sql.ErrNoRows) {
		return Link{}, errNotFound(code)
	}
	return link, err
}

// Hit counts a hit in one statement. SQLite reads hits, adds one and writes it back
// under the file's write lock, so no other UPDATE can read the old count in between;
// RETURNING hands back the row as this UPDATE left it, where a SELECT afterwards could
// see another hit's count. An unknown code matches no row: sql.ErrNoRows.
func (s *sqliteStore) Hit(ctx context.Context, code string) (Link, error) {
	link, err := scanLink(s.db.QueryRowContext(ctx,
		`UPDATE links SET hits = hits + 1 WHERE code = ? RETURNING `+linkColumns, code))
	if errors.Is(err, sql.ErrNoRows) {
		return Link{}, errNotFound(code)
	}
	return link, err
}

func (s *sqliteStore) Delete(ctx context.Context, code string) error {
	res, err := s.db.ExecContext(ctx, `DELETE FROM links WHERE code = ?`, code)
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return errNotFound(code)
	}
	return nil
}

// isCodeTaken reports whether err is SQLite refusing a row because its code is already
// in the table.
//
// The driver's errors are *sqlite.Error values, whose Code is SQLite's result code, and
// modernc.org/sqlite turns on extended result codes, so a constraint failure says which
// constraint. code is the PRIMARY KEY, and a PRIMARY KEY is a uniqueness constraint
// that SQLite reports under a code of its own: SQLITE_CONSTRAINT_PRIMARYKEY (1555), not
// 05's SQLITE_CONSTRAINT_UNIQUE (2067). (sqlx's is_unique_violation, in the Rust port,
// accepts both.) Matching the code rather than the text ("UNIQUE constraint failed:
// links.code") survives a change of wording; errors.As rather than a type assertion
// still works on an error someone wrapped with %w on the way.
func isCodeTaken(err error) bool {
	var sqliteErr *sqlite.Error
	return errors.As(err, &sqliteErr) && sqliteErr.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
}

package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// The store's sentinel errors. As in 03-ledger, callers compare with errors.Is, because
// the store wraps them with %w to say which todo or which title; errors.go turns them
// into a status and a code. This file knows nothing about HTTP.
var (
	ErrTodoNotFound = errors.New("todo not found")
	ErrTitleTaken   = errors.New("title taken")
)

// Todo is the todo resource, exactly as it is sent to clients.
//
// Notes is a *string, not the sql.NullString it is scanned into (see scanTodo).
// sql.NullString is database/sql's type for a column that may be NULL, but it has no
// JSON methods: encoding/json would write it as {"String": "", "Valid": false}. A nil
// *string encodes as null, and there is no omitempty, so "notes" is always present.
// The Rust port needs one type for both jobs: Option<String> is what sqlx decodes a
// nullable column into and what serde writes as null.
type Todo struct {
	ID    int64   `json:"id"`
	Title string  `json:"title"`
	Notes *string `json:"notes"`
	Done  bool    `json:"done"`
}

// NewTodo is a todo to insert. Notes.Valid false stores NULL; Valid true stores
// Notes.String, which may be "".
type NewTodo struct {
	Title string
	Notes sql.NullString
	Done  bool
}

// TodoPatch is a change to a todo. A nil field leaves the column as it is. Notes has
// three states: nil (leave it), Valid false (set it to NULL), Valid true (set it).
type TodoPatch struct {
	Title *string
	Notes *sql.NullString
	Done  *bool
}

// Store keeps the todos in SQLite, through database/sql. A *sql.DB is a pool of
// connections and is safe for concurrent use, so Store needs no mutex of its own.
type Store struct {
	db *sql.DB
}

// OpenStore opens (creating it if missing) the SQLite file at path and brings its
// schema up to date. What is already in the file is kept.
func OpenStore(ctx context.Context, path string) (*Store, error) {
	// "sqlite" is the driver name modernc.org/sqlite registers when it is imported. It
	// is SQLite compiled from C to pure Go, so the binary needs no cgo and no libsqlite3.
	// sql.Open only checks its arguments; the file is opened by the first query.
	//
	// The path goes in as a URI file name ("file:" and the percent-escaped path) so that
	// it can carry a parameter: _pragma, which the driver runs on every connection it
	// opens. busy_timeout is for the other processes that open the file: while one of
	// them reads (08-gateway's gateway serves reads from this file), SQLite will not let
	// us commit a write, and with the default timeout of 0 the write fails at once with
	// SQLITE_BUSY. With 5000 ms it waits for the reader to finish instead.
	dsn := "file:" + (&url.URL{Path: path}).EscapedPath() + "?_pragma=busy_timeout(5000)"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, err
	}
	// One connection, and every query waits its turn for it.
	//
	// SQLite lets one connection write at a time. With a pool of several, two requests
	// writing at once would have the second fail at once with SQLITE_BUSY ("database is
	// locked"): the default busy timeout is 0. A busy_timeout makes it wait instead, but
	// not in every case: a transaction that reads before it writes can still fail,
	// because SQLite will not let two readers both upgrade to writers. With a single
	// connection, database/sql's pool is the queue: a request waits for the connection
	// (and gives up when its context ends) rather than failing, and SQLITE_BUSY cannot
	// happen between our own requests. The price is that reads wait for one another
	// too, which a service of this size does not notice. (A busier one would open the
	// file in WAL mode, with a busy_timeout, "_txlock=immediate" for writers and a
	// second pool for readers.)
	//
	// The catch of a one-connection pool: a transaction holds the connection until its
	// Commit or Rollback. A query through s.db instead of the tx would wait for itself
	// forever, and so would every later request after a return that forgot to end the
	// transaction. Hence, inside a transaction, every query goes through tx, and every
	// BeginTx is followed at once by a deferred Rollback.
	db.SetMaxOpenConns(1)

	if err := db.PingContext(ctx); err != nil { // a missing directory shows up here
		db.Close()
		return nil, err
	}
	if err := migrate(ctx, db); err != nil {
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

// Every method takes the request's context and passes it to every query
// (QueryRowContext, ExecContext, BeginTx): when the client goes away or the server
// gives up on the request, the query stops too, and a request waiting for the
// connection stops waiting.

// todoColumns is the column list every query returning todos selects, in the order
// scanTodo reads them.
const todoColumns = `id, title, notes, done`

// rowScanner is what *sql.Row and *sql.Rows have in common.
type rowScanner interface {
	Scan(dest ...any) error
}

// scanTodo reads one row of todoColumns.
func scanTodo(row rowScanner) (Todo, error) {
	var t Todo
	// notes may be NULL. Scanning a NULL into a plain string fails ("converting NULL to
	// string is unsupported"), so it goes into a sql.NullString, whose Valid says
	// whether there was a value. done is stored as 0 or 1; database/sql converts that
	// to a bool.
	var notes sql.NullString
	if err := row.Scan(&t.ID, &t.Title, &notes, &t.Done); err != nil {
		return Todo{}, err
	}
	if notes.Valid {
		t.Notes = &notes.String // "" stays "": only an invalid NullString is null
	}
	return t, nil
}

// Create inserts a todo and returns it with its new id.
func (s *Store) Create(ctx context.Context, t NewTodo) (Todo, error) {
	return insertTodo(ctx, s.db, t)
}

// CreateBatch inserts every todo in one transaction: all of them, or, when any insert
// fails, none.
func (s *Store) CreateBatch(ctx context.Context, todos []NewTodo) ([]Todo, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	// Every return before Commit rolls the inserts back. After a successful Commit,
	// Rollback does nothing but return sql.ErrTxDone, which is why its error is
	// ignored. (In Rust, a sqlx Transaction dropped without commit() rolls back by
	// itself, so there is no line to forget.)
	defer tx.Rollback()

	created := make([]Todo, 0, len(todos))
	for i, t := range todos {
		todo, err := insertTodo(ctx, tx, t) // tx, never s.db: see OpenStore
		if err != nil {
			return nil, fmt.Errorf("todos[%d]: %w", i, err)
		}
		created = append(created, todo)
	}
	if err := tx.Commit(); err != nil {
		return nil, err
	}
	return created, nil
}

// queryRower is what *sql.DB and *sql.Tx have in common for insertTodo, so that Create
// and CreateBatch share it.
type queryRower interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// insertTodo inserts one todo. RETURNING (SQLite 3.35 and later) gives back the row as
// stored, id included, in the same statement, so the answer is read from the database
// rather than assembled from the request.
func insertTodo(ctx context.Context, q queryRower, t NewTodo) (Todo, error) {
	// Always placeholders, never fmt.Sprintf: the driver sends the values apart from
	// the SQL text, so a title such as `'); DROP TABLE todos; --` is only a title.
	todo, err := scanTodo(q.QueryRowContext(ctx,
		`INSERT INTO todos (title, notes, done) VALUES (?, ?, ?) RETURNING `+todoColumns,
		t.Title, t.Notes, t.Done))
	if isUniqueViolation(err) {
		return Todo{}, errTitleTaken(t.Title)
	}
	return todo, err
}

// Get returns the todo with the given id.
func (s *Store) Get(ctx context.Context, id int64) (Todo, error) {
	todo, err := scanTodo(s.db.QueryRowContext(ctx,
		`SELECT `+todoColumns+` FROM todos WHERE id = ?`, id))
	// QueryRowContext never fails by itself: its error, sql.ErrNoRows for no row at
	// all, comes out of Scan.
	if errors.Is(err, sql.ErrNoRows) {
		return Todo{}, errTodoNotFound(id)
	}
	return todo, err
}

// Update applies p to the todo with the given id and returns the todo after it.
//
// One statement does it all, so there is no window between a check and a write: the
// row is changed and read back atomically, an unknown id matches no row
// (sql.ErrNoRows), and a taken title fails the UNIQUE constraint. A missing todo is
// never checked for its title, so "not found" comes before "title taken", as the
// contract orders them.
func (s *Store) Update(ctx context.Context, id int64, p TodoPatch) (Todo, error) {
	// A nil *string or *bool becomes NULL, and COALESCE(NULL, title) keeps the column:
	// that works for title and done, which are never NULL. notes can be NULL, and
	// "set it to NULL" must differ from "leave it", so it takes a flag of its own.
	var setNotes bool
	var notes sql.NullString
	if p.Notes != nil {
		setNotes, notes = true, *p.Notes
	}
	todo, err := scanTodo(s.db.QueryRowContext(ctx, `
		UPDATE todos
		SET title = COALESCE(:title, title),
		    notes = CASE WHEN :set_notes THEN :notes ELSE notes END,
		    done  = COALESCE(:done, done)
		WHERE id = :id
		RETURNING `+todoColumns,
		sql.Named("title", p.Title),
		sql.Named("set_notes", setNotes),
		sql.Named("notes", notes),
		sql.Named("done", p.Done),
		sql.Named("id", id),
	))
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return Todo{}, errTodoNotFound(id)
	case isUniqueViolation(err):
		return Todo{}, errTitleTaken(*p.Title) // only the title is UNIQUE
	}
	return todo, err
}

// Delete removes the todo with the given id. Its id is not handed out again
// (AUTOINCREMENT, see the migration).
func (s *Store) Delete(ctx context.Context, id int64) error {
	res, err := s.db.ExecContext(ctx, `DELETE FROM todos WHERE id = ?`, id)
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return errTodoNotFound(id)
	}
	return nil
}

// List returns one page of todos in id order, and how many todos there are in all.
func (s *Store) List(ctx context.Context, limit, offset int64) (items []Todo, total int64, err error) {
	// The count and the page are read in one transaction, so they describe the same
	// moment: otherwise a todo created between the two queries could be in the page but
	// not in the total. Nothing is written, so there is nothing to commit; the deferred
	// Rollback ends the transaction.
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, 0, err
	}
	defer tx.Rollback()

	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM todos`).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := tx.QueryContext(ctx,
		`SELECT `+todoColumns+` FROM todos ORDER BY id LIMIT ? OFFSET ?`, limit, offset)
	if err != nil {
		return nil, 0, err
	}
	// Close gives the connection back. Deferred calls run last-in first-out, so this
	// one runs before the Rollback above, as it must.
	defer rows.Close()

	// Not `var items []Todo`: a nil slice encodes as null, and an offset past the end
	// must give "items": [].
	items = make([]Todo, 0, limit)
	for rows.Next() {
		todo, err := scanTodo(rows)
		if err != nil {
			return nil, 0, err
		}
		items = append(items, todo)
	}
	// Next returns false both at the end and on an error; Err tells which.
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	return items, total, nil
}

// isUniqueViolation reports whether err is SQLite refusing a row because a UNIQUE
// column already holds its value. The only UNIQUE column is title (the primary key
// has a code of its own, SQLITE_CONSTRAINT_PRIMARYKEY).
//
// The driver's errors are *sqlite.Error values, whose Code is SQLite's result code.
// modernc.org/sqlite turns on extended result codes, so a constraint failure says
// which constraint: SQLITE_CONSTRAINT_UNIQUE (2067), not only SQLITE_CONSTRAINT (19).
// Matching the code rather than the text ("UNIQUE constraint failed: todos.title")
// survives a change of wording. errors.As, not a type assertion, so that it still
// works on an error someone wrapped with %w on the way.
func isUniqueViolation(err error) bool {
	var sqliteErr *sqlite.Error
	return errors.As(err, &sqliteErr) && sqliteErr.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE
}

func errTodoNotFound(id int64) error {
	return fmt.Errorf("%w: no todo has id %d", ErrTodoNotFound, id)
}

func errTitleTaken(title string) error {
	return fmt.Errorf("%w: another todo is already titled %q", ErrTitleTaken, title)
}

package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// The store's sentinel error. As in 05-todos, callers compare with errors.Is, because
// the store wraps it with %w to say which job; errors.go turns it into a status and a
// code. This file knows nothing about HTTP.
var ErrJobNotFound = errors.New("job not found")

// The tasks and the statuses, as stored and as sent to clients.
const (
	TaskSum  = "sum"
	TaskFail = "fail"

	StatusQueued  = "queued"  // accepted, waiting for a worker
	StatusRunning = "running" // a worker has it
	StatusDone    = "done"    // finished, with a result
	StatusFailed  = "failed"  // finished, with an error
)

// Job is the job resource, exactly as it is sent to clients. The input (numbers,
// message, delay_ms) is stored but not shown: the contract's resource has none of it.
type Job struct {
	ID     int64  `json:"id"`
	Task   string `json:"task"`
	Status string `json:"status"`
	// Result is already JSON, stored as text and sent as it is. A nil
	// json.RawMessage encodes as null, which is what every job that is not done has.
	Result json.RawMessage `json:"result"`
	// Error is the reason a failed job failed; nil, so null, for any other.
	Error *string `json:"error"`
}

// NewJob is a job's input: what POST /jobs asked for, once checked.
type NewJob struct {
	Task    string  // TaskSum or TaskFail
	Numbers []int64 // for TaskSum; nil for any other
	Message string  // for TaskFail
	DelayMS int64   // 0 to maxDelayMS
}

// Store keeps the jobs in SQLite, through database/sql. A *sql.DB is a pool of
// connections and is safe for concurrent use, so Store needs no mutex of its own: the
// HTTP handlers and the workers share it as it is.
type Store struct {
	db *sql.DB
}

// OpenStore opens (creating it if missing) the SQLite file at path and brings its
// schema up to date. What is already in the file is kept.
func OpenStore(ctx context.Context, path string) (*Store, error) {
	// "sqlite" is the driver name modernc.org/sqlite registers when it is imported: SQLite
	// compiled from C to pure Go. sql.Open only checks its arguments; the file is
	// opened by the first query.
	db, err := sql.Open("sqlite", path)
	if err != nil {
		return nil, err
	}
	// One connection, and every query waits its turn for it: as in 05-todos (where the
	// reasons are set out in full), so that two writers never meet SQLITE_BUSY. Here
	// the writers are the handlers, which insert jobs, and the workers, which update
	// them; each write is one statement, so no one holds the connection for long.
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
// HTTP server has finished its requests and the workers their jobs.
func (s *Store) Close() error {
	return s.db.Close()
}

// The handlers pass the request's context to their queries: when the client goes
// away, the query stops. The workers pass one that is never cancelled (see queue.go):
// a job's outcome is recorded even while the service is shutting down.

// Create stores a new job, status queued, and returns its id.
func (s *Store) Create(ctx context.Context, j NewJob) (int64, error) {
	// numbers is stored as a JSON array, or NULL for a task that has none.
	var numbers sql.NullString
	if j.Task == TaskSum {
		b, err := json.Marshal(j.Numbers)
		if err != nil {
			return 0, err
		}
		numbers = sql.NullString{String: string(b), Valid: true}
	}
	var message sql.NullString
	if j.Task == TaskFail {
		message = sql.NullString{String: j.Message, Valid: true}
	}
	var id int64
	err := s.db.QueryRowContext(ctx,
		`INSERT INTO jobs (task, numbers, message, delay_ms) VALUES (?, ?, ?, ?) RETURNING id`,
		j.Task, numbers, message, j.DelayMS).Scan(&id)
	return id, err
}

// Get returns the job with the given id.
func (s *Store) Get(ctx context.Context, id int64) (Job, error) {
	var j Job
	// result and error may be NULL; a sql.NullString says whether they are.
	var result, errText sql.NullString
	err := s.db.QueryRowContext(ctx,
		`SELECT id, task, status, result, error FROM jobs WHERE id = ?`, id).
		Scan(&j.ID, &j.Task, &j.Status, &result, &errText)
	if errors.Is(err, sql.ErrNoRows) {
		return Job{}, fmt.Errorf("%w: no job has id %d", ErrJobNotFound, id)
	}
	if err != nil {
		return Job{}, err
	}
	if result.Valid {
		j.Result = json.RawMessage(result.String)
	}
	if errText.Valid {
		j.Error = &errText.String
	}
	return j, nil
}

// Unfinished returns the ids of the jobs left queued or running, oldest first: after a
// crash, the jobs that were accepted and whose outcome was never recorded.
func (s *Store) Unfinished(ctx context.Context) ([]int64, error) {
	rows, err := s.db.QueryContext(ctx,
		`SELECT id FROM jobs WHERE status IN ('queued', 'running') ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// Start records that a worker has taken the job, and returns the job's input.
//
// A job left 'running' by a crash is started again: it stays 'running' rather than
// going back to 'queued' while it waits, because a status only ever moves forward. A
// job already finished is not started twice: Start then returns ErrJobNotFound.
func (s *Store) Start(ctx context.Context, id int64) (NewJob, error) {
	var j NewJob
	var numbers, message sql.NullString
	err := s.db.QueryRowContext(ctx, `
		UPDATE jobs SET status = 'running'
		WHERE id = ? AND status IN ('queued', 'running')
		RETURNING task, numbers, message, delay_ms`, id).
		Scan(&j.Task, &numbers, &message, &j.DelayMS)
	if errors.Is(err, sql.ErrNoRows) {
		return NewJob{}, fmt.Errorf("%w: no unfinished job has id %d", ErrJobNotFound, id)
	}
	if err != nil {
		return NewJob{}, err
	}
	if numbers.Valid {
		if err := json.Unmarshal([]byte(numbers.String), &j.Numbers); err != nil {
			return NewJob{}, fmt.Errorf("job %d: numbers: %w", id, err)
		}
	}
	j.Message = message.String
	return j, nil
}

// Finish records the outcome of a running job: done with result, or, when errText is
// not nil, failed with that error.
func (s *Store) Finish(ctx context.Context, id int64, result json.RawMessage, errText *string) error {
	status := StatusDone
	var res, e sql.NullString
	if errText != nil {
		status = StatusFailed
		e = sql.NullString{String: *errText, Valid: true}
	} else {
		res = sql.NullString{String: string(result), Valid: true}
	}
	r, err := s.db.ExecContext(ctx,
		`UPDATE jobs SET status = ?, result = ?, error = ? WHERE id = ? AND status = 'running'`,
		status, res, e, id)
	if err != nil {
		return err
	}
	if n, err := r.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return fmt.Errorf("%w: no running job has id %d", ErrJobNotFound, id)
	}
	return nil
}

package main

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
)

func TestLoadMigrations(t *testing.T) {
	migrations, err := loadMigrations()
	if err != nil {
		t.Fatal(err)
	}
	if len(migrations) == 0 {
		t.Fatal("no migrations embedded")
	}
	for i, m := range migrations {
		if m.version != i+1 || m.sql == "" {
			t.Errorf("migration %d: version %d, %d bytes of SQL", i, m.version, len(m.sql))
		}
	}
}

func userVersion(t *testing.T, s *Store) int {
	t.Helper()
	var v int
	if err := s.db.QueryRow(`PRAGMA user_version`).Scan(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

func reopen(t *testing.T, s *Store, path string) *Store {
	t.Helper()
	if err := s.Close(); err != nil {
		t.Fatalf("close: %v", err)
	}
	s2, err := OpenStore(context.Background(), path)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	return s2
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func TestOpenStoreCreatesFileAndSchema(t *testing.T) {
	store, _ := openTestStore(t)
	if v := userVersion(t, store); v != len(must(loadMigrations())) {
		t.Errorf("user_version = %d after the first open", v)
	}
	assertJobCount(t, store, 0)
}

func TestOpenStoreMissingDirectory(t *testing.T) {
	path := filepath.Join(t.TempDir(), "no-such-dir", "jobs.db")
	if store, err := OpenStore(context.Background(), path); err == nil {
		store.Close()
		t.Fatal("OpenStore in a missing directory: no error")
	}
}

func TestMigrateRefusesNewerDatabase(t *testing.T) {
	store, path := openTestStore(t)
	if _, err := store.db.Exec(`PRAGMA user_version = 99`); err != nil {
		t.Fatal(err)
	}
	if err := store.Close(); err != nil {
		t.Fatal(err)
	}
	s2, err := OpenStore(context.Background(), path)
	if err == nil {
		s2.Close()
		t.Fatal("OpenStore on a database from the future: no error")
	}
}

// TestMigrateRunsOnlyNewMigrations: migrate on an up-to-date database runs nothing. If
// it ran the first migration again, CREATE TABLE jobs would fail.
func TestMigrateRunsOnlyNewMigrations(t *testing.T) {
	store, _ := openTestStore(t)
	for range 2 {
		if err := migrate(context.Background(), store.db); err != nil {
			t.Fatalf("migrate on an up-to-date database: %v", err)
		}
	}
}

// TestJobsSurviveReopen is what ferry does in the contract: stop the service, start it
// again on the same file. Finished jobs keep their outcome, unfinished ones are found,
// and the ids go on from where they were.
func TestJobsSurviveReopen(t *testing.T) {
	store, path := openTestStore(t)
	leftovers(t, store)
	store = reopen(t, store, path)
	defer store.Close()

	if v, want := userVersion(t, store), len(must(loadMigrations())); v != want {
		t.Errorf("user_version = %d, want %d", v, want)
	}
	ctx := context.Background()
	ids, err := store.Unfinished(ctx)
	if err != nil || len(ids) != 5 || ids[0] != 1 || ids[1] != 2 || ids[4] != 6 {
		t.Errorf("Unfinished = %v, %v; want [1 2 3 4 6]", ids, err)
	}
	job, err := store.Get(ctx, 5)
	if err != nil || job.Status != StatusDone || string(job.Result) != `{"sum":5}` || job.Error != nil {
		t.Errorf("job 5 = %+v, %v; want done with {\"sum\":5}", job, err)
	}
	if id, err := store.Create(ctx, sumJob(7)); err != nil || id != 7 {
		t.Errorf("Create after reopen = %d, %v; want id 7", id, err)
	}
}

// TestStoreStartAndFinish: the input comes back as it went in, and a status only moves
// forward: a finished job is neither started nor finished again.
func TestStoreStartAndFinish(t *testing.T) {
	store, _ := openTestStore(t)
	ctx := context.Background()
	sum := NewJob{Task: TaskSum, Numbers: []int64{-1, 0, 9223372036854775807}, DelayMS: 60000}
	fail := NewJob{Task: TaskFail, Message: "", DelayMS: 0}
	empty := NewJob{Task: TaskSum, Numbers: []int64{}}
	for i, want := range []NewJob{sum, fail, empty} {
		id := must(store.Create(ctx, want))
		got, err := store.Start(ctx, id)
		if err != nil {
			t.Fatalf("Start(%d): %v", id, err)
		}
		if got.Task != want.Task || got.Message != want.Message || got.DelayMS != want.DelayMS ||
			len(got.Numbers) != len(want.Numbers) || (want.Numbers != nil) != (got.Numbers != nil) {
			t.Errorf("job %d: Start = %+v, want %+v", i, got, want)
		}
		for j := range want.Numbers {
			if got.Numbers[j] != want.Numbers[j] {
				t.Errorf("job %d: numbers %v, want %v", i, got.Numbers, want.Numbers)
			}
		}
		// Started twice (after a crash): still running, still its input.
		if _, err := store.Start(ctx, id); err != nil {
			t.Errorf("Start again: %v", err)
		}
	}

	msg := ""
	if err := store.Finish(ctx, 2, nil, &msg); err != nil {
		t.Fatal(err)
	}
	job := must(store.Get(ctx, 2))
	if job.Status != StatusFailed || job.Result != nil || job.Error == nil || *job.Error != "" {
		t.Errorf("job 2 = %+v, want failed with the error \"\"", job)
	}
	if _, err := store.Start(ctx, 2); !errors.Is(err, ErrJobNotFound) {
		t.Errorf("Start of a failed job: %v, want ErrJobNotFound", err)
	}
	if err := store.Finish(ctx, 2, []byte(`{"sum":1}`), nil); !errors.Is(err, ErrJobNotFound) {
		t.Errorf("Finish of a failed job: %v, want ErrJobNotFound", err)
	}
	if err := store.Finish(ctx, 99, []byte(`{"sum":1}`), nil); !errors.Is(err, ErrJobNotFound) {
		t.Errorf("Finish of a missing job: %v, want ErrJobNotFound", err)
	}
	if _, err := store.Get(ctx, 99); !errors.Is(err, ErrJobNotFound) {
		t.Errorf("Get of a missing job: %v, want ErrJobNotFound", err)
	}
	// A queued job cannot be finished without being started.
	id := must(store.Create(ctx, sum))
	if err := store.Finish(ctx, id, []byte(`{"sum":1}`), nil); !errors.Is(err, ErrJobNotFound) {
		t.Errorf("Finish of a queued job: %v, want ErrJobNotFound", err)
	}
}

// TestSchemaChecks: the table refuses rows that no code path should write.
func TestSchemaChecks(t *testing.T) {
	store, _ := openTestStore(t)
	for _, stmt := range []string{
		`INSERT INTO jobs (task, numbers, delay_ms) VALUES ('sleep', '[]', 0)`,
		`INSERT INTO jobs (task, delay_ms) VALUES ('sum', 0)`,
		`INSERT INTO jobs (task, message, delay_ms) VALUES ('sum', 'm', 0)`,
		`INSERT INTO jobs (task, numbers, message, delay_ms) VALUES ('fail', '[]', 'm', 0)`,
		`INSERT INTO jobs (task, numbers, delay_ms) VALUES ('sum', '[]', -1)`,
		`INSERT INTO jobs (task, numbers, delay_ms) VALUES ('sum', '[]', 60001)`,
		`INSERT INTO jobs (task, numbers, delay_ms, status) VALUES ('sum', '[]', 0, 'paused')`,
		`INSERT INTO jobs (task, numbers, delay_ms, status) VALUES ('sum', '[]', 0, 'done')`,
		`INSERT INTO jobs (task, numbers, delay_ms, status, error) VALUES ('sum', '[]', 0, 'done', 'x')`,
		`INSERT INTO jobs (task, numbers, delay_ms, status) VALUES ('sum', '[]', 0, 'failed')`,
		`INSERT INTO jobs (task, numbers, delay_ms, result) VALUES ('sum', '[]', 0, '{}')`,
	} {
		if _, err := store.db.Exec(stmt); err == nil {
			t.Errorf("the table took %s", stmt)
		}
	}
	assertJobCount(t, store, 0)
}

package main

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"sync"
	"testing"
)

// TestMemoryStore and TestSQLiteStore run one table of tests, testStore, against each
// implementation: whatever a handler can observe through Store must be the same.
func TestMemoryStore(t *testing.T) {
	testStore(t, func(*testing.T) Store { return newMemoryStore() })
}

func TestSQLiteStore(t *testing.T) {
	testStore(t, func(t *testing.T) Store { return openTestSQLiteStore(t) })
}

// testStore runs every store test against a new, empty store from open.
func testStore(t *testing.T, open func(t *testing.T) Store) {
	ctx := context.Background()
	tests := []struct {
		name string
		run  func(t *testing.T, s Store)
	}{
		{"Create returns the link with no hits", func(t *testing.T, s Store) {
			want := Link{Code: "abc", URL: "https://example.com/", Hits: 0}
			if got := mustCreate(t, s, "abc", "https://example.com/"); got != want {
				t.Errorf("Create = %+v, want %+v", got, want)
			}
			if got, err := s.Get(ctx, "abc"); err != nil || got != want {
				t.Errorf("Get = %+v, %v; want %+v", got, err, want)
			}
		}},
		{"Create of a taken code keeps the first link", func(t *testing.T, s Store) {
			mustCreate(t, s, "abc", "https://first.example/")
			mustHit(t, s, "abc")
			_, err := s.Create(ctx, "abc", "https://second.example/")
			if !errors.Is(err, ErrAliasTaken) {
				t.Errorf("Create of a taken code: %v, want ErrAliasTaken", err)
			}
			want := Link{Code: "abc", URL: "https://first.example/", Hits: 1}
			if got, err := s.Get(ctx, "abc"); err != nil || got != want {
				t.Errorf("Get = %+v, %v; want %+v", got, err, want)
			}
		}},
		{"codes are compared exactly", func(t *testing.T, s Store) {
			mustCreate(t, s, "abc", "https://lower.example/")
			mustCreate(t, s, "ABC", "https://upper.example/")
			mustCreate(t, s, "abc ", "https://space.example/")
			for code, url := range map[string]string{"abc": "https://lower.example/",
				"ABC": "https://upper.example/", "abc ": "https://space.example/"} {
				if got, err := s.Get(ctx, code); err != nil || got.URL != url {
					t.Errorf("Get(%q) = %+v, %v; want the link to %s", code, got, err, url)
				}
			}
			if _, err := s.Get(ctx, "Abc"); !errors.Is(err, ErrNotFound) {
				t.Errorf("Get(Abc): %v, want ErrNotFound", err)
			}
		}},
		{"the url is kept byte for byte", func(t *testing.T, s Store) {
			const url = "https://Example.com/ünï/%20?q=1&r=%2F#frag"
			mustCreate(t, s, "abc", url)
			if got, err := s.Get(ctx, "abc"); err != nil || got.URL != url {
				t.Errorf("Get = %+v, %v; want url %q", got, err, url)
			}
		}},
		{"Hit counts one and returns the new count", func(t *testing.T, s Store) {
			mustCreate(t, s, "abc", "https://example.com/")
			for want := int64(1); want <= 3; want++ {
				if got := mustHit(t, s, "abc"); got != (Link{Code: "abc", URL: "https://example.com/", Hits: want}) {
					t.Errorf("Hit = %+v, want hits %d", got, want)
				}
			}
		}},
		{"Get is not a hit", func(t *testing.T, s Store) {
			mustCreate(t, s, "abc", "https://example.com/")
			mustHit(t, s, "abc")
			for range 3 {
				if got, err := s.Get(ctx, "abc"); err != nil || got.Hits != 1 {
					t.Errorf("Get = %+v, %v; want hits 1", got, err)
				}
			}
		}},
		{"hits are per link", func(t *testing.T, s Store) {
			mustCreate(t, s, "abc", "https://example.com/")
			mustCreate(t, s, "def", "https://example.com/")
			mustHit(t, s, "abc")
			mustHit(t, s, "abc")
			if got := mustHit(t, s, "def"); got.Hits != 1 {
				t.Errorf("Hit(def) = %+v, want hits 1", got)
			}
		}},
		{"unknown codes are ErrNotFound and create nothing", func(t *testing.T, s Store) {
			if _, err := s.Get(ctx, "nope"); !errors.Is(err, ErrNotFound) {
				t.Errorf("Get: %v, want ErrNotFound", err)
			}
			if _, err := s.Hit(ctx, "nope"); !errors.Is(err, ErrNotFound) {
				t.Errorf("Hit: %v, want ErrNotFound", err)
			}
			if err := s.Delete(ctx, "nope"); !errors.Is(err, ErrNotFound) {
				t.Errorf("Delete: %v, want ErrNotFound", err)
			}
			// A Hit on an unknown code must not have made a link with one hit.
			if _, err := s.Get(ctx, "nope"); !errors.Is(err, ErrNotFound) {
				t.Errorf("Get after Hit: %v, want ErrNotFound", err)
			}
		}},
		{"Delete removes the link and frees its code", func(t *testing.T, s Store) {
			mustCreate(t, s, "abc", "https://old.example/")
			mustCreate(t, s, "def", "https://example.com/")
			mustHit(t, s, "abc")
			if err := s.Delete(ctx, "abc"); err != nil {
				t.Fatalf("Delete: %v", err)
			}
			if _, err := s.Get(ctx, "abc"); !errors.Is(err, ErrNotFound) {
				t.Errorf("Get after Delete: %v, want ErrNotFound", err)
			}
			if _, err := s.Hit(ctx, "abc"); !errors.Is(err, ErrNotFound) {
				t.Errorf("Hit after Delete: %v, want ErrNotFound", err)
			}
			if err := s.Delete(ctx, "abc"); !errors.Is(err, ErrNotFound) {
				t.Errorf("Delete twice: %v, want ErrNotFound", err)
			}
			// The code is free again, and the new link starts from 0.
			if got := mustCreate(t, s, "abc", "https://new.example/"); got.Hits != 0 || got.URL != "https://new.example/" {
				t.Errorf("Create after Delete = %+v", got)
			}
			// The other link was left alone.
			if got, err := s.Get(ctx, "def"); err != nil || got.URL != "https://example.com/" {
				t.Errorf("Get(def) = %+v, %v", got, err)
			}
		}},
		{"errors say which code", func(t *testing.T, s Store) {
			mustCreate(t, s, "abc", "https://example.com/")
			_, errTaken := s.Create(ctx, "abc", "https://example.com/")
			_, errMissing := s.Get(ctx, "nope")
			for _, tt := range []struct {
				err  error
				want string
			}{
				{errTaken, `alias taken: the code "abc" is already in use`},
				{errMissing, `link not found: no link has the code "nope"`},
			} {
				if tt.err == nil || tt.err.Error() != tt.want {
					t.Errorf("error %v, want %q", tt.err, tt.want)
				}
			}
		}},
		{"200 concurrent hits each count once", func(t *testing.T, s Store) {
			mustCreate(t, s, "hot", "https://example.com/")
			const n = 200
			counts := make([]int64, n)
			runTogether(n, func(i int) {
				link, err := s.Hit(ctx, "hot")
				if err != nil {
					t.Errorf("Hit: %v", err)
				}
				counts[i] = link.Hits
			})
			// Each Hit returns the count it wrote, so the counts are 1 to 200, each once.
			// A get-then-set store would return some twice, and end below 200.
			slices.Sort(counts)
			for i, c := range counts {
				if c != int64(i+1) {
					t.Fatalf("the counts Hit returned, sorted: %v; want 1 to %d", counts, n)
				}
			}
			if got, err := s.Get(ctx, "hot"); err != nil || got.Hits != n {
				t.Errorf("Get = %+v, %v; want hits %d", got, err, n)
			}
		}},
		{"200 concurrent creates of one code: one wins", func(t *testing.T, s Store) {
			const n = 200
			errs := make([]error, n)
			runTogether(n, func(i int) {
				_, errs[i] = s.Create(ctx, "race", fmt.Sprintf("https://example.com/%d", i))
			})
			winner := -1
			for i, err := range errs {
				switch {
				case err == nil && winner == -1:
					winner = i
				case err == nil:
					t.Errorf("Create %d and Create %d both succeeded", winner, i)
				case !errors.Is(err, ErrAliasTaken):
					t.Errorf("Create %d: %v, want nil or ErrAliasTaken", i, err)
				}
			}
			if winner == -1 {
				t.Fatal("no Create succeeded")
			}
			want := Link{Code: "race", URL: fmt.Sprintf("https://example.com/%d", winner)}
			if got, err := s.Get(ctx, "race"); err != nil || got != want {
				t.Errorf("Get = %+v, %v; want the winner's link %+v", got, err, want)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel() // each on a store of its own
			tt.run(t, open(t))
		})
	}
}

func mustCreate(t *testing.T, s Store, code, url string) Link {
	t.Helper()
	link, err := s.Create(context.Background(), code, url)
	if err != nil {
		t.Fatalf("Create(%q, %q): %v", code, url, err)
	}
	return link
}

func mustHit(t *testing.T, s Store, code string) Link {
	t.Helper()
	link, err := s.Hit(context.Background(), code)
	if err != nil {
		t.Fatalf("Hit(%q): %v", code, err)
	}
	return link
}

// runTogether runs f(0) … f(n-1), each in its own goroutine, and returns when all have
// returned. The goroutines all wait at one gate, closed once every one of them exists,
// so that as many as possible call f at the same moment. No sleep: the gate is a
// channel, and the race detector sees the happens-before edges it makes.
func runTogether(n int, f func(i int)) {
	gate := make(chan struct{})
	var ready, done sync.WaitGroup
	ready.Add(n)
	done.Add(n)
	for i := range n {
		go func() {
			defer done.Done()
			ready.Done()
			<-gate
			f(i)
		}()
	}
	ready.Wait()
	close(gate)
	done.Wait()
}

// What follows is SQLite's alone: the file, the schema, the driver's errors.

func userVersion(t *testing.T, s *sqliteStore) int {
	t.Helper()
	var v int
	if err := s.db.QueryRow(`PRAGMA user_version`).Scan(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// TestSQLiteDataSurvivesReopen is what ferry does in the contract: stop the service,
// start it again on the same file. Reopening runs migrate again, which must keep the
// links and their hits.
func TestSQLiteDataSurvivesReopen(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "links.db")
	store, err := openSQLiteStore(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	srv := NewServer(store)
	check(t, do(srv, "POST", "/links", "application/json", `{"url": "https://www.sqlite.org/", "alias": "sqlite"}`),
		apiCase{wantStatus: 201, wantBody: `{"code": "sqlite", "url": "https://www.sqlite.org/", "hits": 0}`})
	check(t, do(srv, "GET", "/sqlite", noContentType, ""), apiCase{wantStatus: 302, wantLocation: "https://www.sqlite.org/"})
	if err := store.Close(); err != nil {
		t.Fatal(err)
	}

	store = openTestSQLiteStoreAt(t, path)
	if v, want := userVersion(t, store), len(must(loadMigrations())); v != want {
		t.Errorf("user_version = %d, want %d", v, want)
	}
	srv = NewServer(store)
	check(t, do(srv, "GET", "/links/sqlite", noContentType, ""),
		apiCase{wantStatus: 200, wantBody: `{"code": "sqlite", "url": "https://www.sqlite.org/", "hits": 1}`})
	check(t, do(srv, "GET", "/sqlite", noContentType, ""), apiCase{wantStatus: 302, wantLocation: "https://www.sqlite.org/"})
	// And the key is still there.
	check(t, do(srv, "POST", "/links", "application/json", `{"url": "https://example.com/", "alias": "sqlite"}`),
		apiCase{wantStatus: 409, wantCode: "alias_taken"})
	assertLinks(t, store, `[{"code": "sqlite", "url": "https://www.sqlite.org/", "hits": 2}]`)
}

func openTestSQLiteStoreAt(t *testing.T, path string) *sqliteStore {
	t.Helper()
	store, err := openSQLiteStore(context.Background(), path)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	t.Cleanup(func() { store.Close() })
	return store
}

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

func TestSQLiteOpenCreatesFileAndSchema(t *testing.T) {
	store := openTestSQLiteStore(t)
	if v := userVersion(t, store); v != len(must(loadMigrations())) {
		t.Errorf("user_version = %d after the first open", v)
	}
	var n int
	if err := store.db.QueryRow(`SELECT COUNT(*) FROM links`).Scan(&n); err != nil || n != 0 {
		t.Errorf("a new database: %d links, %v", n, err)
	}
}

func TestSQLiteOpenMissingDirectory(t *testing.T) {
	path := filepath.Join(t.TempDir(), "no-such-dir", "links.db")
	if store, err := openSQLiteStore(context.Background(), path); err == nil {
		store.Close()
		t.Fatal("openSQLiteStore in a missing directory: no error")
	}
}

func TestMigrateRefusesNewerDatabase(t *testing.T) {
	path := filepath.Join(t.TempDir(), "links.db")
	store := openTestSQLiteStoreAt(t, path)
	if _, err := store.db.Exec(`PRAGMA user_version = 99`); err != nil {
		t.Fatal(err)
	}
	if err := store.Close(); err != nil {
		t.Fatal(err)
	}
	s2, err := openSQLiteStore(context.Background(), path)
	if err == nil {
		s2.Close()
		t.Fatal("openSQLiteStore on a database from the future: no error")
	}
}

// TestMigrateRunsOnlyNewMigrations: migrate on an up-to-date database runs nothing. If
// it ran the first migration again, CREATE TABLE links would fail.
func TestMigrateRunsOnlyNewMigrations(t *testing.T) {
	store := openTestSQLiteStore(t)
	for range 2 {
		if err := migrate(context.Background(), store.db); err != nil {
			t.Fatalf("migrate on an up-to-date database: %v", err)
		}
	}
}

func TestIsCodeTaken(t *testing.T) {
	store := openTestSQLiteStore(t)
	_, err := store.db.Exec(`INSERT INTO links (code, url) VALUES ('x', 'u'), ('x', 'v')`)
	if !isCodeTaken(err) {
		t.Errorf("duplicate code: isCodeTaken(%v) = false", err)
	}
	// Other constraints, and other errors, are not a taken code.
	_, err = store.db.Exec(`INSERT INTO links (code, url) VALUES ('y', NULL)`)
	if err == nil || isCodeTaken(err) {
		t.Errorf("NOT NULL constraint: isCodeTaken(%v) = true", err)
	}
	_, err = store.db.Exec(`INSERT INTO links (code, url) VALUES (NULL, 'u')`)
	if err == nil || isCodeTaken(err) {
		t.Errorf("a NULL code: isCodeTaken(%v) = true", err)
	}
	if isCodeTaken(nil) || isCodeTaken(ErrAliasTaken) || isCodeTaken(context.Canceled) {
		t.Error("isCodeTaken is true for an error that is not SQLite's")
	}
}

// TestSQLiteCancelledContext: a cancelled context stops the query before it starts,
// and the error is the context's, not a sentinel: a 500, not a 404.
func TestSQLiteCancelledContext(t *testing.T) {
	store := openTestSQLiteStore(t)
	mustCreate(t, store, "abc", "https://example.com/")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := store.Hit(ctx, "abc"); !errors.Is(err, context.Canceled) || errors.Is(err, ErrNotFound) {
		t.Errorf("Hit with a cancelled context: %v, want context.Canceled", err)
	}
	if got, err := store.Get(context.Background(), "abc"); err != nil || got.Hits != 0 {
		t.Errorf("after a cancelled Hit: %+v, %v; want hits 0", got, err)
	}
}

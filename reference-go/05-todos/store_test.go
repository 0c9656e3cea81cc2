package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/http"
	"path/filepath"
	"sync"
	"testing"
)

func TestDatabasePath(t *testing.T) {
	tests := []struct {
		url, want string
		wantErr   bool
	}{
		{url: "sqlite:///tmp/todos.db", want: "/tmp/todos.db"},
		{url: "sqlite://todos.db", want: "todos.db"},
		{url: "sqlite://data/todos.db", want: "data/todos.db"},
		{url: defaultDatabaseURL, want: "todos.db"},
		{url: "sqlite://", wantErr: true},
		{url: "todos.db", wantErr: true},
		{url: "/tmp/todos.db", wantErr: true},
		{url: "sqlite:todos.db", wantErr: true},
		{url: "postgres://localhost/todos", wantErr: true},
		{url: "sqlite://todos.db?mode=rwc", wantErr: true},
	}
	for _, tt := range tests {
		got, err := databasePath(tt.url)
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("databasePath(%q) = %q, %v; want %q, error %v", tt.url, got, err, tt.want, tt.wantErr)
		}
	}
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

// TestDataSurvivesReopen is what ferry does in the contract: stop the service, start it
// again on the same file. Reopening runs migrate again, which must keep the data, and
// null and "" must come back as they went in.
func TestDataSurvivesReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "todos.db")
	store, err := OpenStore(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	seed(t, NewServer(store))
	check(t, do(NewServer(store), "DELETE", "/todos/3", noContentType, ""), apiCase{wantStatus: 204})

	store = reopen(t, store, path)
	defer store.Close()
	if v, want := userVersion(t, store), len(must(loadMigrations())); v != want {
		t.Errorf("user_version = %d, want %d", v, want)
	}
	srv := NewServer(store)
	check(t, do(srv, "GET", "/todos", noContentType, ""), apiCase{wantStatus: 200,
		wantBody: `{"items": [` + milk + `, ` + ada + `], "total": 2, "limit": 20, "offset": 0}`})
	// The deleted todo's id stays used after a restart too: AUTOINCREMENT keeps its
	// high-water mark in the file.
	check(t, do(srv, "POST", "/todos", "application/json", `{"title": "Water plants"}`),
		apiCase{wantStatus: 201, wantBody: `{"id": 4, "title": "Water plants", "notes": null, "done": false}`})
	// And the UNIQUE constraint is still there.
	check(t, do(srv, "POST", "/todos", "application/json", `{"title": "Buy milk"}`),
		apiCase{wantStatus: 409, wantCode: "title_taken"})
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
	var n int
	if err := store.db.QueryRow(`SELECT COUNT(*) FROM todos`).Scan(&n); err != nil || n != 0 {
		t.Errorf("a new database: %d todos, %v", n, err)
	}
}

func TestOpenStoreMissingDirectory(t *testing.T) {
	path := filepath.Join(t.TempDir(), "no-such-dir", "todos.db")
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
	// openTestStore's cleanup closes store again, which is harmless.
}

// TestMigrateRunsOnlyNewMigrations: migrate on an up-to-date database runs nothing. If
// it ran the first migration again, CREATE TABLE todos would fail.
func TestMigrateRunsOnlyNewMigrations(t *testing.T) {
	store, _ := openTestStore(t)
	for range 2 {
		if err := migrate(context.Background(), store.db); err != nil {
			t.Fatalf("migrate on an up-to-date database: %v", err)
		}
	}
}

func TestStoreNullRoundTrip(t *testing.T) {
	store, _ := openTestStore(t)
	ctx := context.Background()
	null, err := store.Create(ctx, NewTodo{Title: "null"})
	if err != nil {
		t.Fatal(err)
	}
	empty, err := store.Create(ctx, NewTodo{Title: "empty", Notes: sql.NullString{Valid: true}})
	if err != nil {
		t.Fatal(err)
	}
	// Straight from the table: NULL and '' are different values in SQL too.
	var nulls, empties int
	err = store.db.QueryRow(`SELECT COUNT(*) FILTER (WHERE notes IS NULL), COUNT(*) FILTER (WHERE notes = '') FROM todos`).
		Scan(&nulls, &empties)
	if err != nil || nulls != 1 || empties != 1 {
		t.Errorf("NULL notes: %d, '' notes: %d, err %v; want 1 and 1", nulls, empties, err)
	}
	for _, want := range []Todo{null, empty} {
		got, err := store.Get(ctx, want.ID)
		if err != nil {
			t.Fatal(err)
		}
		if (got.Notes == nil) != (want.Notes == nil) || (got.Notes != nil && *got.Notes != *want.Notes) {
			t.Errorf("todo %q: notes %v, want %v", want.Title, got.Notes, want.Notes)
		}
	}
	if null.Notes != nil || empty.Notes == nil || *empty.Notes != "" {
		t.Errorf("created: null.Notes = %v, empty.Notes = %v", null.Notes, empty.Notes)
	}
}

func TestStoreErrors(t *testing.T) {
	store, _ := openTestStore(t)
	ctx := context.Background()
	if _, err := store.Create(ctx, NewTodo{Title: "a"}); err != nil {
		t.Fatal(err)
	}
	b, err := store.Create(ctx, NewTodo{Title: "b"})
	if err != nil {
		t.Fatal(err)
	}

	_, err = store.Create(ctx, NewTodo{Title: "a"})
	if !errors.Is(err, ErrTitleTaken) {
		t.Errorf("Create with a taken title: %v, want ErrTitleTaken", err)
	}
	_, err = store.Update(ctx, b.ID, TodoPatch{Title: ptr("a")})
	if !errors.Is(err, ErrTitleTaken) {
		t.Errorf("Update to a taken title: %v, want ErrTitleTaken", err)
	}
	_, err = store.Update(ctx, 999, TodoPatch{Title: ptr("a")})
	if !errors.Is(err, ErrTodoNotFound) {
		t.Errorf("Update of a missing todo: %v, want ErrTodoNotFound", err)
	}
	if _, err := store.Get(ctx, 999); !errors.Is(err, ErrTodoNotFound) {
		t.Errorf("Get of a missing todo: %v, want ErrTodoNotFound", err)
	}
	if err := store.Delete(ctx, 999); !errors.Is(err, ErrTodoNotFound) {
		t.Errorf("Delete of a missing todo: %v, want ErrTodoNotFound", err)
	}

	// The batch: the third insert fails, and the first two are rolled back with it.
	_, err = store.CreateBatch(ctx, []NewTodo{{Title: "c"}, {Title: "d"}, {Title: "c"}})
	if !errors.Is(err, ErrTitleTaken) {
		t.Errorf("CreateBatch with a repeated title: %v, want ErrTitleTaken", err)
	}
	if _, total, err := store.List(ctx, 100, 0); err != nil || total != 2 {
		t.Errorf("after a failed batch: %d todos, %v; want 2", total, err)
	}

	// A cancelled context stops the query before it starts.
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := store.Get(cancelled, b.ID); !errors.Is(err, context.Canceled) {
		t.Errorf("Get with a cancelled context: %v, want context.Canceled", err)
	}
}

func ptr[T any](v T) *T { return &v }

func TestIsUniqueViolation(t *testing.T) {
	store, _ := openTestStore(t)
	_, err := store.db.Exec(`INSERT INTO todos (title) VALUES ('x'), ('x')`)
	if !isUniqueViolation(err) {
		t.Errorf("duplicate title: isUniqueViolation(%v) = false", err)
	}
	// Other constraints, and other errors, are not a taken title.
	_, err = store.db.Exec(`INSERT INTO todos (title, done) VALUES ('y', 2)`)
	if err == nil || isUniqueViolation(err) {
		t.Errorf("CHECK constraint: isUniqueViolation(%v) = true", err)
	}
	_, err = store.db.Exec(`INSERT INTO todos (id, title) VALUES (1, 'z'), (1, 'w')`)
	if err == nil || isUniqueViolation(err) {
		t.Errorf("primary key: isUniqueViolation(%v) = true", err)
	}
	if isUniqueViolation(nil) || isUniqueViolation(sql.ErrNoRows) {
		t.Error("isUniqueViolation is true for an error that is not SQLite's")
	}
}

// TestConcurrentRequests sends requests from many goroutines at once. With a pool of
// several connections and no busy timeout, some would fail with SQLITE_BUSY and answer
// 500; with one connection they wait their turn. Run with -race.
func TestConcurrentRequests(t *testing.T) {
	srv := newServer(t)
	const n = 40
	var wg sync.WaitGroup
	codes := make([]int, 3*n)
	for i := range n {
		wg.Add(3)
		go func() {
			defer wg.Done()
			codes[3*i] = do(srv, "POST", "/todos", "application/json", fmt.Sprintf(`{"title": "t%d"}`, i)).Code
		}()
		go func() {
			defer wg.Done()
			body := fmt.Sprintf(`{"todos": [{"title": "b%d"}, {"title": "c%d"}]}`, i, i)
			codes[3*i+1] = do(srv, "POST", "/todos/batch", "application/json", body).Code
		}()
		go func() {
			defer wg.Done()
			codes[3*i+2] = do(srv, "GET", "/todos?limit=100", noContentType, "").Code
		}()
	}
	wg.Wait()
	for i, code := range codes {
		if want := []int{http.StatusCreated, http.StatusCreated, http.StatusOK}[i%3]; code != want {
			t.Errorf("request %d: status %d, want %d", i, code, want)
		}
	}
	check(t, do(srv, "GET", "/todos?limit=1", noContentType, ""), apiCase{wantStatus: 200,
		wantBody: `{"items": [{"id": 1, "title": "` + firstTitle(t, srv) + `", "notes": null, "done": false}], "total": 120, "limit": 1, "offset": 0}`})
}

// firstTitle reads the title of todo 1, whichever goroutine created it.
func firstTitle(t *testing.T, srv *Server) string {
	t.Helper()
	todo, err := srv.store.Get(context.Background(), 1)
	if err != nil {
		t.Fatal(err)
	}
	return todo.Title
}

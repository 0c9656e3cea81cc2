package main

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// TestStoreIsReadOnly: SQLite itself refuses the gateway's writes, whatever the code
// tries.
func TestStoreIsReadOnly(t *testing.T) {
	store, _ := openTestStore(t)
	for _, stmt := range []string{
		`INSERT INTO todos (title) VALUES ('x')`,
		`UPDATE todos SET done = 1`,
		`DELETE FROM todos`,
		`CREATE TABLE other (id INTEGER)`,
		`PRAGMA user_version = 2`,
	} {
		if _, err := store.db.Exec(stmt); err == nil {
			t.Errorf("%s: no error from a read-only database", stmt)
		}
	}
	var n int
	if err := store.db.QueryRow(`SELECT COUNT(*) FROM todos`).Scan(&n); err != nil || n != 3 {
		t.Errorf("after the refused writes: %d todos, %v; want 3", n, err)
	}
}

// TestOpenStoreMissingFile: the gateway does not create the database; it is the todos
// service's to create.
func TestOpenStoreMissingFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "todos.db")
	if store, err := OpenStore(context.Background(), path); err == nil {
		store.Close()
		t.Fatal("OpenStore on a missing file: no error")
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("OpenStore on a missing file created it (stat: %v)", err)
	}
}

// TestOpenStoreOddFileName: the path is escaped into the URI, so a name with "#" or
// "%" opens that file, not another one.
func TestOpenStoreOddFileName(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"to#dos.db", "100%.db", "my todos.db"} {
		path := filepath.Join(dir, name)
		db, err := sql.Open("sqlite", path)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Exec(schema); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		db.Close()

		store, err := OpenStore(context.Background(), path)
		if err != nil {
			t.Fatalf("OpenStore(%q): %v", name, err)
		}
		if _, err := store.Get(context.Background(), 1); err != nil {
			t.Errorf("%s: Get(1): %v", name, err)
		}
		store.Close()
	}
}

func TestStoreGet(t *testing.T) {
	store, _ := openTestStore(t)
	ctx := context.Background()

	// NULL and '' are different values, and stay different.
	ada, err := store.Get(ctx, 2)
	if err != nil || ada.Notes != nil {
		t.Errorf("Get(2) = %+v, %v; want notes nil", ada, err)
	}
	plants, err := store.Get(ctx, 3)
	if err != nil || plants.Notes == nil || *plants.Notes != "" || !plants.Done {
		t.Errorf("Get(3) = %+v, %v; want notes \"\" and done", plants, err)
	}
	if _, err := store.Get(ctx, 99); !errors.Is(err, ErrTodoNotFound) {
		t.Errorf("Get(99): %v, want ErrTodoNotFound", err)
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := store.Get(cancelled, 1); !errors.Is(err, context.Canceled) {
		t.Errorf("Get with a cancelled context: %v, want context.Canceled", err)
	}
}

package main

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"log/slog"
	"strconv"
	"strings"
)

// migrationFiles holds the schema, compiled into the binary: the service needs no
// files beside it, and a binary always carries the migrations it was written for. The
// Rust port's sqlx::migrate!() does the same at compile time.
//
//go:embed migrations/*.sql
var migrationFiles embed.FS

// migration is one file of migrations/, named NNNN_description.sql.
type migration struct {
	version int // NNNN: 1 for the first file, 2 for the second, and so on
	name    string
	sql     string
}

// loadMigrations reads the embedded migrations in version order. The versions must be
// 1, 2, 3… with no gap and no repeat; anything else is a mistake in this repository, and
// the service refuses to start rather than guess.
func loadMigrations() ([]migration, error) {
	entries, err := fs.ReadDir(migrationFiles, "migrations") // sorted by file name
	if err != nil {
		return nil, err
	}
	migrations := make([]migration, 0, len(entries))
	for i, e := range entries {
		prefix, _, _ := strings.Cut(e.Name(), "_")
		version, err := strconv.Atoi(prefix)
		if err != nil || version != i+1 {
			return nil, fmt.Errorf("migration %s: want a name starting with %04d_", e.Name(), i+1)
		}
		body, err := fs.ReadFile(migrationFiles, "migrations/"+e.Name())
		if err != nil {
			return nil, err
		}
		migrations = append(migrations, migration{version: version, name: e.Name(), sql: string(body)})
	}
	return migrations, nil
}

// migrate applies the migrations db has not had yet, in order, and leaves the rest
// alone, so running it on every start is safe.
//
// The database remembers its version in PRAGMA user_version, an integer SQLite keeps
// in the file's header for the application's use: 0 in a new file, then the version
// of the last migration applied. (sqlx keeps a _sqlx_migrations table instead, with a
// checksum of each file. So a file made by this service is not one the Rust port will
// take over, nor the other way round: each starts from its own empty file.)
func migrate(ctx context.Context, db *sql.DB) error {
	migrations, err := loadMigrations()
	if err != nil {
		return err
	}
	var current int
	if err := db.QueryRowContext(ctx, `PRAGMA user_version`).Scan(&current); err != nil {
		return err
	}
	if current > len(migrations) {
		return fmt.Errorf("the database is at schema version %d, but this service knows only %d",
			current, len(migrations))
	}
	for _, m := range migrations[current:] {
		if err := applyMigration(ctx, db, m); err != nil {
			return fmt.Errorf("migration %s: %w", m.name, err)
		}
		slog.Info("applied migration", "name", m.name)
	}
	return nil
}

// applyMigration runs one migration and records its version in one transaction. SQLite
// runs CREATE TABLE and the header's user_version inside transactions too, so a
// migration that fails half-way leaves neither a half-made schema nor a version that
// claims it is done.
func applyMigration(ctx context.Context, db *sql.DB, m migration) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	// A file may hold several statements; the driver runs them all.
	if _, err := tx.ExecContext(ctx, m.sql); err != nil {
		return err
	}
	// A PRAGMA takes no placeholders. m.version is an int from our own file names, so
	// formatting it into the SQL is safe here, as it would not be for client input.
	if _, err := tx.ExecContext(ctx, fmt.Sprintf(`PRAGMA user_version = %d`, m.version)); err != nil {
		return err
	}
	return tx.Commit()
}

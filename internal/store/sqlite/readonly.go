package sqlite

import (
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"strconv"
	"strings"
)

// schemaFiles are the migrations again, embedded here so that OpenReadOnly
// learns the newest schema version from the file names alone.
//
//go:embed migrations/*.sql
var schemaFiles embed.FS

// ErrOldSchema is returned by OpenReadOnly for a database whose schema is
// older than this binary's: a read-only open cannot migrate it.
var ErrOldSchema = errors.New("database schema is older than this version of storyline")

// OpenReadOnly opens the existing SQLite database at path for reading only:
// it never creates, migrates or writes the file, every write through it
// fails, and it works on a file or directory the user may not write. A
// database whose schema predates the newest migration is refused with
// ErrOldSchema (run "storyline migrate" to bring it up to date).
func OpenReadOnly(path string) (*Store, error) {
	return openReadOnly(path, "")
}

// OpenForServing is OpenReadOnly for a long-running server: a larger page
// cache, and up to 1 GiB of the file mapped into memory, so that searches
// that read thousands of scattered pages do not reread them from the file
// (servingPragmas). The mapped pages count in the process's resident memory
// (they are the file's, and the kernel can drop them), which is why the
// command line does neither.
func OpenForServing(path string) (*Store, error) {
	return openReadOnly(path, servingPragmas)
}

func openReadOnly(path, pragmas string) (*Store, error) {
	want, err := newestMigration()
	if err != nil {
		return nil, err
	}
	db, err := openRO(path, false, pragmas)
	if err != nil {
		// A WAL database needs its -shm file, which a reader creates when
		// it is missing; in a directory it may not write, that fails. The
		// file is then treated as immutable: with no one able to write
		// there, no one changes it under us.
		var err2 error
		if db, err2 = openRO(path, true, pragmas); err2 != nil {
			return nil, fmt.Errorf("open %s read-only: %w", path, err)
		}
	}
	var have int
	if err := db.QueryRow("PRAGMA user_version").Scan(&have); err != nil {
		db.Close()
		return nil, fmt.Errorf("open %s read-only: %w", path, err)
	}
	if have < want {
		db.Close()
		return nil, fmt.Errorf("%s: %w (schema %d, want %d): run \"storyline migrate --db %s\" first",
			path, ErrOldSchema, have, want, path)
	}
	db.SetMaxIdleConns(maxIdle)
	return &Store{db: db}, nil
}

// openRO opens path with mode=ro and query_only, checking that the schema
// can be read.
func openRO(path string, immutable bool, pragmas string) (*sql.DB, error) {
	dsn := "file:" + uriPath(path) + "?mode=ro&_pragma=busy_timeout(10000)&_pragma=query_only(1)" + pragmas
	if immutable {
		dsn += "&immutable=1"
	}
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, err
	}
	// Reading the schema is what needs the -shm file of a WAL database.
	var n int
	if err := db.QueryRow("SELECT count(*) FROM sqlite_master").Scan(&n); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// uriPath escapes the characters that would end or change the path part of
// a SQLite file: URI.
func uriPath(path string) string {
	return strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(path)
}

// newestMigration is the number of the last embedded migration.
func newestMigration() (int, error) {
	names, err := fs.Glob(schemaFiles, "migrations/*.sql")
	if err != nil {
		return 0, err
	}
	newest := 0
	for _, name := range names {
		base := strings.TrimPrefix(name, "migrations/")
		n, err := strconv.Atoi(strings.SplitN(base, "_", 2)[0])
		if err != nil {
			return 0, fmt.Errorf("migration %s: bad name", base)
		}
		newest = max(newest, n)
	}
	return newest, nil
}

package sqlite

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"

	"github.com/storyline-news/storyline/internal/store/rowcodec"
)

// TestMigrateKeepsRaw: a store made before events were stored (schema 3)
// keeps its articles and raw input through the migration that rebuilds
// the raw table.
func TestMigrateKeepsRaw(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.db")
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"001_init.sql", "002_analysis.sql", "003_entities.sql"} {
		body, err := migrations.ReadFile("migrations/" + name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Exec(string(body)); err != nil {
			t.Fatal(name, err)
		}
	}
	mustExec := func(q string, args ...any) {
		t.Helper()
		if _, err := db.Exec(q, args...); err != nil {
			t.Fatal(err)
		}
	}
	mustExec("PRAGMA user_version = 3")
	mustExec(`INSERT INTO articles (id, key, source_id, title, text, content_hash, ingested_at, updated_at)
		VALUES (1, 'url:http://x/a', 'a', 'T', 'body', 'h1', '2020-01-01T00:00:00Z', '2020-01-01T00:00:00Z')`)
	mustExec(`INSERT INTO raw (hash, article_id, revision, source_id, format, content, stored_at)
		VALUES ('h1', 1, 1, 'a', 'text', ?, '2020-01-01T00:00:00Z')`, rowcodec.Deflate("raw body"))
	db.Close()

	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	raw, err := s.Raw(context.Background(), 1)
	if err != nil || raw.Content != "raw body" || raw.StoredID != 1 {
		t.Errorf("raw after migration: %+v, %v", raw, err)
	}
	if v, err := s.DerivedVersion(context.Background()); err != nil || v != 0 {
		t.Errorf("derived version %d, %v", v, err)
	}
}

// TestOpenAtOnce opens one new file from several goroutines at once, as
// workers started together do: each must find the schema complete.
func TestOpenAtOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.db")
	errs := make(chan error, 4)
	for range 4 {
		go func() {
			s, err := Open(path)
			if err == nil {
				_, err = s.Count(context.Background())
				s.Close()
			}
			errs <- err
		}()
	}
	for range 4 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}
